"""No form in the product shows Django's own error wording: every message names the field and says what to do.

Every form class defined in our packages is found (its module imported, then `BaseForm`'s subclasses
walked), built with the constructor arguments it needs, and checked with empty answers, nonsense
answers and answers out of range. A form that shows "This field is required." or "Enter a whole
number." fails, as does a new form this test cannot build (add it to `KWARGS`).
"""

import datetime
import importlib
import pkgutil
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from peersupport.ui.widgets import DateInput

PACKAGES = ["peersupport", "workforce", "involvement", "together_network", "notifications"]
# allauth's forms need a live request and login state to build: peersupport/ui/tests/test_account_forms.py
# checks their wording through the login and password pages instead.
SKIP_MODULES = re.compile(r"\.(tests|migrations|admin|settings|account_forms)(\.|$)|\.management\.")

DJANGO_DEFAULTS = re.compile(
    r"^(This field is required\.|Enter a whole number\.|Enter a number\.|Select a valid choice\.|"
    r"Enter a valid (date|time|date/time|email address|URL|value)\.|Ensure |Enter a list of values\.|"
    r"No file was submitted|The submitted file is empty\.|\".*\" is not a valid value\.|"
    r"Null characters are not allowed\.)"
)


def _product_form_classes() -> list[type[forms.BaseForm]]:
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if not SKIP_MODULES.search(module.name):
                importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in PACKAGES and not SKIP_MODULES.search(sub.__module__):
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _worker():
    from workforce.models import PeerSupportWorker

    return PeerSupportWorker(pk=1)


def _user():
    return SimpleNamespace(has_role=lambda role: True)


def _request():
    from involvement.tests.factories import InvolvementRequestFactory

    return InvolvementRequestFactory()


def _expert():
    from together_network.models import ExpertByExperience

    return ExpertByExperience(pk=1)


class _Preference:
    """A preference with every optional email ticked."""

    def __getattr__(self, name):
        return True


def _importer():
    from peersupport.ui.imports import reading

    return SimpleNamespace(noun_plural="rows", MAX_ROWS=reading.MAX_ROWS)


# Constructor arguments for the forms that need them: each a function, so models are made inside the test.
KWARGS = {
    "FundedPostEndForm": lambda: {"post": SimpleNamespace(start_date=datetime.date(2020, 1, 1), pk=1)},
    "CompetenceSignOffForm": lambda: {"worker": _worker()},
    "OnboardingStepForm": lambda: {"done": set()},
    "DetailsForm": lambda: {"expert": _expert()},
    "AttendanceForm": lambda: {"places": [], "planned": 60},
    "WithdrawForm": lambda: {"detail_url": "/"},
    "ReasonForm": lambda: {"keep_url": "/"},
    "SendToNetworkForm": lambda: {"request": _request(), "keep_url": "/"},
    "NotificationPreferencesForm": lambda: {"user": _user(), "preference": _Preference()},
    "ImportForm": lambda: {"importer": _importer()},
    "ListFilterForm": lambda: {},
}
# Abstract bases that are never shown themselves.
NOT_SHOWN = {"NHSForm", "NHSModelForm"}


def _answers(form: forms.BaseForm, how: str) -> dict:
    """Answers for every field: 'nonsense' of the wrong kind, 'out_of_range' past each limit, or 'hidden'
    control characters in text."""
    data = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if how == "hidden":
            if not isinstance(field, forms.CharField):
                continue
            value = "Ada\x00\x1b"
        elif how == "nonsense":
            value = "not-an-answer"
            if isinstance(field, forms.MultipleChoiceField):
                value = ["not-an-answer"]
        else:
            value = None
            if getattr(field, "max_length", None):
                value = "x" * (field.max_length + 1)
            elif getattr(field, "min_value", None) is not None:
                value = str(field.min_value - 1)
            elif getattr(field, "max_value", None) is not None:
                value = str(field.max_value + 1)
            elif isinstance(field, forms.DateField):
                value = "2026-02-31"
            if value is None:
                continue
        if isinstance(field.widget, DateInput):
            day, month, year = ("31", "2", "2026") if how == "out_of_range" else ("x", "y", "z")
            data.update({f"{key}_day": day, f"{key}_month": month, f"{key}_year": year})
        else:
            data[key] = value
    return data


def _build(cls, data=None, files=None):
    kwargs = KWARGS.get(cls.__name__, dict)()
    if issubclass(cls, forms.ModelForm) and cls._meta.model is None:
        pytest.skip("a model form without a model")
    return cls(data=data, files=files, **kwargs)


FORM_CLASSES = [cls for cls in _product_form_classes() if cls.__name__ not in NOT_SHOWN]


def test_every_product_form_is_found():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"InvolvementRequestForm", "ExpenseForm", "FurtherSessionForm", "TrainingRecordForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
@pytest.mark.parametrize("how", ["empty", "nonsense", "out_of_range", "hidden"])
def test_no_form_shows_djangos_wording(cls, how):
    form = _build(cls)  # unbound, to see the fields
    data = {} if how == "empty" else _answers(form, how)
    files = {}
    if how == "empty" and any(isinstance(field, forms.FileField) for field in form.fields.values()):
        files = {
            form.add_prefix(n): SimpleUploadedFile("x.csv", b"")
            for n, f in form.fields.items()
            if isinstance(f, forms.FileField)
        }
    bound = _build(cls, data=data, files=files)
    bound.is_valid()
    messages = [str(message) for errors in bound.errors.values() for message in errors]
    defaults = [message for message in messages if DJANGO_DEFAULTS.match(message)]
    assert not defaults, f"{cls.__name__} shows Django's wording: {defaults}"


def test_the_wording_is_made_from_the_label():
    from peersupport.ui.forms import NHSForm

    class Example(NHSForm):
        title = forms.CharField(label="Title", max_length=5)
        team = forms.ChoiceField(label="Which team is asking?", choices=[("a", "A")])
        places = forms.IntegerField(label="Places", min_value=1, max_value=9)
        day = forms.DateField(label="Date of the activity")
        kind = forms.ChoiceField(label="Kind", choices=[("a", "A")], error_messages={"required": "Pick one"})

    empty = Example(data={})
    assert empty.errors == {
        "title": ["Enter title"],
        "team": ["Select which team is asking"],
        "places": ["Enter places"],
        "day": ["Enter date of the activity"],
        "kind": ["Pick one"],
    }
    wrong = Example(data={"title": "toolong", "team": "b", "places": "0", "day": "soon", "kind": "a"})
    assert wrong.errors == {
        "title": ["Title must be 5 characters or fewer"],
        "team": ["Select which team is asking from the list"],
        "places": ["Places must be 1 or more"],
        "day": ["Date of the activity must be a real date"],
    }
    assert Example(data={"places": "x"}).errors["places"] == ["Places must be a number"]
    assert Example(data={"places": "10"}).errors["places"] == ["Places must be 9 or less"]


@pytest.mark.parametrize(
    ("typed", "amount"), [("£15", "15"), ("15.50", "15.50"), ("£1,200", "1200"), (" £ 4.80 ", "4.80")]
)
def test_money_is_typed_the_way_people_write_it(typed, amount):
    from peersupport.ui.fields import MoneyField

    assert MoneyField().clean(typed) == Decimal(amount)


@pytest.mark.django_db
def test_an_expense_of_15_pounds_is_accepted():
    from together_network.forms.payments import ExpenseForm
    from together_network.models import ExpenseKind

    form = ExpenseForm(data={"kind": ExpenseKind.values[0], "description": "Bus fare", "amount": "£15"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(15)


def test_money_that_is_not_an_amount_says_what_to_enter():
    from peersupport.ui.fields import MoneyField

    with pytest.raises(forms.ValidationError) as refused:
        MoneyField().clean("fifteen")
    assert refused.value.messages == ["Enter an amount in pounds, like 15.50"]
