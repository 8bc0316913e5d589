"""Every form of the site, for every role, answers hostile input with a page, never an error.

The forms are found by crawling the site as each demo role and as someone not logged in
(tests/hostile/site.py), not listed by hand, so a new form is covered the day it appears.
Each form is sent answers in which a few fields hold hostile values (tests/hostile/values.py)
and the rest plausible ones, sometimes to the address of someone else's record or of a
record that does not exist. For each answer:

- the site answers with a page or a redirect: never a server error (an exception in a view
  fails the test with its traceback);
- when it refuses the answer (a 4xx, or the form shown again with an error summary), not a
  row was added or removed anywhere: a refusal writes nothing, not even part of the answer.
"""

import datetime
import re
import traceback
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import example, given, note
from hypothesis import strategies as st

from demo.management.commands.seed_demo import DEMO_PEOPLE
from tests.hostile.conftest import example_rolled_back
from tests.hostile.database import as_postgresql_would, changes, fingerprint
from tests.hostile.site import Form, crawl, distinct
from tests.hostile.values import DATE_PARTS, IMPOSSIBLE_DATES, id_strategy, plausible, text_strategy, upload_strategy

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile")]

ROLES = [email for email, _name, _roles in DEMO_PEOPLE]
PUBLIC = "public"
START_PAGES = ["/", "/accounts/password/change/", "/accounts/2fa/", "/notifications/preferences/"]
# Enough that a crawl which stopped following links, or a page that lost its form, fails.
FEWEST_FORMS = 60
KNOWN_FORMS = [
    "POST /involvement/new/",
    "POST /network/people/add/",
    "POST /workforce/teams/import/",
    "POST /workforce/people/import/",
    "POST /workforce/training/import/",
    "POST /network/people/import/",
    "POST /network/claims/<id>/expenses/add/",
    "POST /accounts/login/",
    "POST /accounts/password/reset/",
    "POST /network/apply/<token>/",
    "POST /network/invitations/answer/<token>/",
]


def name_of(form: Form) -> str:
    """'POST /involvement/<id>/change/': the form's method and URL pattern, tokens in links hidden."""
    path = re.sub(r"/(apply|answer)/[^/]+/", r"/\1/<token>/", urlsplit(form.action).path)
    return f"{form.method.upper()} {re.sub(r'/\d+(?=/)', '/<id>', path)}"


@dataclass
class Discovery:
    found: dict[str, list[Form]]  # every form each role's crawl found
    tested: dict[str, list[Form]]  # each distinct form, under the first role that found it


@pytest.fixture(scope="package")
def discovery(seeded_site, django_db_blocker) -> Discovery:
    found: dict[str, list[Form]] = {}
    with django_db_blocker.unblock():
        for email in ROLES:
            client = Client()
            client.force_login(seeded_site.people[email])
            found[email] = crawl(client, START_PAGES, email).forms
        found[PUBLIC] = crawl(Client(), seeded_site.public_pages, PUBLIC).forms
    every = [form for role in [*ROLES, PUBLIC] for form in found[role]]
    forms = [form for form in distinct(every) if form.fields or form.method == "post"]
    return Discovery(found=found, tested={role: [form for form in forms if form.role == role] for role in found})


def test_the_crawl_finds_every_kind_of_form(discovery):
    forms = [form for role_forms in discovery.tested.values() for form in role_forms]
    names = {name_of(form) for form in forms}
    assert len(forms) >= FEWEST_FORMS, f"only {len(forms)} forms found: {sorted(names)}"
    assert [name for name in KNOWN_FORMS if name not in names] == []
    assert all(discovery.found.values()), {role: len(found) for role, found in discovery.found.items()}


def _date_groups(form: Form) -> dict[str, tuple[str, str, str]]:
    """Day, month and year fields that make one date: {"start_date": (day, month, year names)}."""
    groups = {}
    for name in form.fields:
        if name.endswith("_day"):
            prefix = name.removesuffix("_day")
            parts = tuple(prefix + part for part in DATE_PARTS)
            if all(part in form.fields for part in parts):
                groups[prefix] = parts
    return groups


def _good(field) -> st.SearchStrategy:
    """What the page offers, or what a sensible person would type."""
    if field.kind == "checkbox":
        return st.lists(st.sampled_from(field.values), unique=True) if field.values else st.just([])
    if field.offers_choices:
        return st.sampled_from(field.values) if field.values else st.just("")
    if field.kind == "file":
        return upload_strategy()
    return st.just(plausible(field.name, field.kind, field.chosen or field.values))


def _hostile(field, ids: list[int]) -> st.SearchStrategy:
    if field.kind == "file":
        return upload_strategy()
    single = st.one_of(text_strategy(), id_strategy(ids))
    # Left out altogether, one hostile value, or several where the form expects one.
    return st.one_of(st.none(), single, st.lists(single, min_size=2, max_size=3))


def _with_other_id(path: str, replacement: str) -> str:
    """The same address for another record: the last id in the path replaced."""
    numbers = list(re.finditer(r"/(\d+)(?=/)", path))
    if not numbers:
        return path
    last = numbers[-1]
    return f"{path[: last.start(1)]}{replacement}{path[last.end(1) :]}"


@st.composite
def answers(draw, form: Form, ids: list[int]) -> tuple[str, dict]:
    """An address and the answers sent to it: a few fields hostile, the rest plausible."""
    names = sorted(form.fields)
    hostile_names = draw(st.sets(st.sampled_from(names), max_size=3)) if names else set()
    data = {}
    for name in names:
        field = form.fields[name]
        value = draw(_hostile(field, ids) if name in hostile_names else _good(field))
        if value is not None:
            data[name] = value
    for parts in _date_groups(form).values():
        if not hostile_names & set(parts):
            # A date a month ago, today or in a month: some forms want the past, some the future.
            day = timezone.localdate() + datetime.timedelta(days=draw(st.sampled_from([-30, 0, 30])))
            data.update(zip(parts, (str(day.day), str(day.month), str(day.year)), strict=True))
        elif draw(st.booleans()):
            data.update(zip(parts, draw(st.sampled_from(IMPOSSIBLE_DATES)), strict=True))
    path = urlsplit(form.action).path
    if draw(st.integers(0, 4)) == 0:
        path = _with_other_id(path, draw(id_strategy(ids)).lstrip("-"))
    return path, data


# Every field at once holding one of these, besides the generated answers: numbers no column
# holds, and text no spreadsheet or database takes.
EVERY_FIELD_VALUES = ["NaN", str(2**64), "\x01\x08\x1b control characters", "nul\x00inside"]


def explicit_answers(form: Form) -> list[tuple[str, dict]]:
    """A sensible answer (each field as a person would fill it in), and every field holding each of
    EVERY_FIELD_VALUES: a form checks each field, so one answer reaches every field's checks."""
    path = urlsplit(form.action).path
    sensible = {}
    for name, field in form.fields.items():
        if field.kind == "file":
            continue
        if field.offers_choices:
            offered = field.chosen or field.values or [""]
            sensible[name] = offered[:1] if field.kind == "checkbox" else offered[0]
        else:
            sensible[name] = plausible(name, field.kind, field.chosen or field.values)
    everywhere = [
        {name: (sensible[name] if form.fields[name].kind == "submit" else value) for name in sensible}
        for value in EVERY_FIELD_VALUES
    ]
    return [(path, data) for data in [sensible, *everywhere]]


def _send(client: Client, form: Form, path: str, data: dict):
    if form.method == "post":
        return client.post(path, data)
    return client.get(path, {name: value for name, value in data.items() if not hasattr(value, "read")})


def _refused(response) -> bool:
    """The site said no: a 4xx, or the form again with its error summary."""
    if 400 <= response.status_code < 500:
        return True
    content_type = response.get("Content-Type", "")
    return response.status_code == 200 and "text/html" in content_type and b"nhsuk-error-summary" in response.content


def check_form(client: Client, form: Form, ids: list[int]) -> None:
    """Hypothesis's examples for one form; raises on the first that breaks a property."""
    cookies = SimpleCookie(client.cookies)

    def survives(sent):
        path, data = sent
        note(f"{form.method.upper()} {path} {data!r}")
        try:
            with example_rolled_back(), as_postgresql_would():
                cache.clear()  # no rate limit carried over from another example
                before = fingerprint()
                response = _send(client, form, path, data)
                assert response.status_code < 500, f"{response.status_code} from {path}"
                if _refused(response):
                    written = changes(before, fingerprint())
                    assert written == {}, f"refused with {response.status_code} but wrote {written}"
                elif response.status_code in {301, 302, 303}:
                    # Accepted: the page it leads to shows what was saved.
                    shown = client.get(response["Location"])
                    assert shown.status_code < 500, f"{shown.status_code} from {response['Location']} after {path}"
        finally:
            client.cookies = SimpleCookie(cookies)  # a password change or logout is rolled back too

    test = given(answers(form, ids))(survives)
    for sent in explicit_answers(form):
        test = example(sent)(test)
    test()


@pytest.mark.parametrize("role", [*ROLES, PUBLIC])
def test_every_form_answers_hostile_input_with_a_page_and_refusals_write_nothing(site, discovery, role):
    client = Client()
    if role != PUBLIC:
        client.force_login(site.people[role])
    failures = {}
    for form in discovery.tested[role]:
        try:
            check_form(client, form, site.ids)
        except Exception as failure:  # noqa: BLE001 -- every form is tried; all failures are reported
            details = "".join(traceback.format_exception(failure, limit=-6))
            failures[name_of(form)] = f"{form.label}\n{details}"
    assert failures == {}, "\n\n".join(failures.values())
