"""What every list's filters share (peersupport/ui/filters.py): odd values ignored, always sorted, the
filters kept in the page's links, and the form drawn by the NHS.UK pack."""

import django_filters
import pytest
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.template import Context, Template

from peersupport.accounts.models import User
from peersupport.ui.filters import ANY, ListFilters, RecordFilter, SortFilter

pytestmark = pytest.mark.django_db


class PeopleFilters(ListFilters):
    search = "q"

    q = django_filters.CharFilter(field_name="full_name", lookup_expr="icontains", label="Search by name")
    active = django_filters.ChoiceFilter(
        field_name="is_active", choices=[("True", "Active"), ("False", "Not active")], label="Active", empty_label=ANY
    )
    group = RecordFilter(field_name="groups", queryset=Group.objects.order_by("name"), label="Group")
    sort = SortFilter(
        {"name": ("Name", ["full_name", "pk"]), "email": ("Email", ["email", "pk"]), "newest": ("Newest", ["-pk"])},
        shown=("name", "email"),
    )


@pytest.fixture
def people():
    leads = Group.objects.create(name="Leads")
    ada = User.objects.create(email="z.ada@example.org", full_name="Ada")
    ada.groups.add(leads)
    bea = User.objects.create(email="a.bea@example.org", full_name="Bea", is_active=False)
    return {"leads": leads, "ada": ada, "bea": bea}


def listed(filters) -> list[str]:
    return [person.full_name for person in filters.qs]


def test_filters_narrow_the_list_and_the_sort_orders_it(people):
    assert listed(PeopleFilters({"active": "True"}, User.objects.all())) == ["Ada"]
    assert listed(PeopleFilters({"group": str(people["leads"].pk)}, User.objects.all())) == ["Ada"]
    assert listed(PeopleFilters({"sort": "email"}, User.objects.all())) == ["Bea", "Ada"]
    assert listed(PeopleFilters({"sort": "newest"}, User.objects.all())) == ["Bea", "Ada"]  # not offered, still works


@pytest.mark.parametrize(
    "query",
    [
        "active=maybe",
        "group=%C2%B2",  # "²": a digit to str.isdigit(), not to int()
        "group=99999999999999999999999",  # too large for the database
        "group=-1",
        "group=12345",  # nothing has that id
        "sort=not-a-sort",
        "active=maybe&group=x&sort=",
    ],
)
def test_a_value_a_filter_does_not_know_is_ignored_not_an_error(people, query):
    filters = PeopleFilters(QueryDict(query), User.objects.all())

    assert listed(filters) == ["Ada", "Bea"]
    assert filters.form.is_valid() and not filters.form.errors
    assert filters.chosen() == {}
    assert filters.sort == "name"


def test_no_parameters_still_sorts_by_the_first_sort(people):
    assert listed(PeopleFilters(None, User.objects.all())) == ["Ada", "Bea"]


def test_the_links_keep_what_the_page_keeps_the_sort_and_the_filters_it_knows(people):
    filters = PeopleFilters(
        QueryDict(f"group={people['leads'].pk}&active=maybe&sort=email&page=3"), User.objects.all(), keep={"tab": "x"}
    )

    assert filters.links() == {
        "query": f"tab=x&sort=email&group={people['leads'].pk}",
        "csv_query": f"tab=x&sort=email&group={people['leads'].pk}&format=csv",
        "xlsx_query": f"tab=x&sort=email&group={people['leads'].pk}&format=xlsx",
    }
    assert filters.filtered


def test_the_form_is_drawn_by_the_pack_with_the_search_above_the_filters(people):
    filters = PeopleFilters(QueryDict("q=ad&group=oops"), User.objects.all(), keep={"tab": "x"})

    html = Template("{% load crispy_forms_tags %}{% crispy filters.form %}").render(Context({"filters": filters}))

    assert '<form method="get" novalidate>' in html and "csrfmiddlewaretoken" not in html
    assert '<input type="hidden" name="tab" value="x">' in html
    assert html.index('name="q"') < html.index('<div class="app-filters">') < html.index('name="group"')
    assert (
        '<div class="nhsuk-form-group app-filters__item"> <label class="nhsuk-label" for="id_group">Group</label>'
        in html
    )
    assert '<option value="" selected>Any</option>' in html
    assert '<option value="newest"' not in html  # a sort not offered
    assert "Apply filters</button>" in html
    assert "nhsuk-error-summary" not in html and "nhsuk-form-group--error" not in html
