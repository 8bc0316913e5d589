"""The NHS.UK crispy-forms pack draws each widget as NHS.UK frontend does."""

import datetime
import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template import Context, Template

from peersupport.ui.widgets import DateInput


class EveryWidgetForm(forms.Form):
    title = forms.CharField(label="Title", help_text="A short name people will recognise")
    email = forms.EmailField(label="Email address")
    places = forms.IntegerField(label="Places needed", min_value=1)
    description = forms.CharField(label="Description", widget=forms.Textarea)
    kind = forms.ChoiceField(label="Type of activity", choices=[("", "Choose"), ("panel", "Interview panel")])
    route = forms.ChoiceField(
        label="Who should do this?",
        choices=[("network", "Together network"), ("psw", "A peer support worker")],
        widget=forms.RadioSelect,
    )
    areas = forms.MultipleChoiceField(
        label="Lived experience wanted",
        choices=[("psychosis", "Psychosis"), ("perinatal", "Perinatal")],
        widget=forms.CheckboxSelectMultiple,
    )
    paid = forms.BooleanField(label="This activity is paid", required=False)
    date = forms.DateField(label="Date of the activity", widget=DateInput, help_text="For example, 27 3 2027")
    attachment = forms.FileField(label="Supporting document", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save"))


def render(form, tag: str = "crispy") -> str:
    source = "{% load crispy_forms_tags %}" + ("{% crispy form %}" if tag == "crispy" else "{{ form|crispy }}")
    return Template(source).render(Context({"form": form}))


def test_an_unbound_form_draws_each_nhsuk_component():
    html = render(EveryWidgetForm())

    assert '<label class="nhsuk-label" for="id_title">Title</label>' in html
    assert '<div class="nhsuk-hint" id="id_title-hint">A short name people will recognise</div>' in html
    assert re.search(r'<input[^>]+class="nhsuk-input"[^>]+aria-describedby="id_title-hint"', html)
    assert '<input type="email" name="email" maxlength="320" class="nhsuk-input"' in html
    assert '<input type="number" name="places" min="1" class="nhsuk-input"' in html
    assert 'class="nhsuk-textarea"' in html
    assert 'class="nhsuk-select"' in html
    assert '<div class="nhsuk-radios" data-module="nhsuk-radios">' in html
    assert 'class="nhsuk-radios__input"' in html and 'id="id_route_0"' in html
    assert '<label class="nhsuk-label nhsuk-radios__label" for="id_route_0">Together network</label>' in html
    assert '<div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes">' in html
    assert (
        '<input type="checkbox" name="areas" value="psychosis" id="id_areas_0" class="nhsuk-checkboxes__input">' in html
    )
    assert 'name="areas"' in html and 'type="radio" name="areas"' not in html
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Lived experience wanted</legend>' in html
    assert '<div class="nhsuk-date-input" id="id_date">' in html
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert f'id="id_date_{part}" name="date_{part}"' in html
        assert f"nhsuk-input--width-{width}" in html
    assert 'class="nhsuk-file-upload__input"' in html
    assert '<button class="nhsuk-button"' in html
    assert "nhsuk-error-summary" not in html


BAD_INPUT = {
    "title": "",
    "email": "not-an-email",
    "places": "0",
    "description": "",
    "kind": "",
    "areas": [],
    "date_day": "31",
    "date_month": "2",
    "date_year": "2027",
}


def test_errors_are_summarised_with_links_to_each_field():
    html = render(EveryWidgetForm(data=BAD_INPUT))

    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == [
        "id_title",
        "id_email",
        "id_places",
        "id_description",
        "id_kind",
        "id_route_0",
        "id_areas_0",
        "id_date_day",
    ]
    assert 'role="alert"' in summary
    assert "There is a problem" in summary


def test_each_field_in_error_shows_its_message_and_error_styles():
    html = render(EveryWidgetForm(data=BAD_INPUT))

    assert html.count("nhsuk-form-group--error") == 8
    assert (
        '<span class="nhsuk-error-message" id="id_title-error"><span class="nhsuk-u-visually-hidden">Error: </span>'
        in html
    )
    assert re.search(
        r'<input[^>]+class="nhsuk-input nhsuk-input--error"[^>]+aria-describedby="id_title-hint id_title-error"', html
    )
    assert "nhsuk-select--error" in html
    assert "nhsuk-textarea--error" in html


def test_what_the_person_typed_is_kept_after_an_error():
    html = render(EveryWidgetForm(data={**BAD_INPUT, "title": "Interview panel", "email": "not-an-email"}))

    assert 'value="Interview panel"' in html
    assert 'value="not-an-email"' in html
    assert 'id="id_date_day" name="date_day" type="text" inputmode="numeric" value="31"' in html
    assert 'value="2027"' in html


def test_the_date_input_reads_three_boxes_as_one_date():
    form = EveryWidgetForm(
        data={
            **BAD_INPUT,
            "title": "x",
            "email": "a@example.org",
            "places": "2",
            "description": "d",
            "kind": "panel",
            "route": "network",
            "areas": ["perinatal"],
            "date_day": "7",
            "date_month": "3",
        }
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == datetime.date(2027, 3, 7)


@pytest.mark.parametrize(("day", "month", "year"), [("31", "2", "2027"), ("", "3", "2027"), ("x", "y", "z")])
def test_an_impossible_or_partial_date_is_refused(day, month, year):
    form = EveryWidgetForm(data={"date_day": day, "date_month": month, "date_year": year})

    assert not form.is_valid()
    assert "date" in form.errors


def test_the_crispy_filter_draws_the_same_error_summary():
    html = render(EveryWidgetForm(data=BAD_INPUT), tag="filter")

    assert '<a href="#id_route_0">' in html
    assert "<form" not in html


def test_non_field_errors_link_to_the_first_field():
    class Clashing(forms.Form):
        start = forms.CharField(label="Start")

        def clean(self):
            raise forms.ValidationError("The end must be after the start")

    html = render(Clashing(data={"start": "x"}))

    assert '<a href="#id_start">The end must be after the start</a>' in html


def test_placeholder_text_is_never_drawn():
    class WithPlaceholder(forms.Form):
        email = forms.EmailField(label="Email", widget=forms.EmailInput(attrs={"placeholder": "Email address"}))

    assert "placeholder" not in render(WithPlaceholder())


@pytest.mark.parametrize(
    ("hour", "minute", "written"),
    [(10, 0, "10am"), (14, 30, "2:30pm"), (12, 0, "midday"), (0, 0, "midnight"), (9, 5, "9:05am")],
)
def test_times_are_written_the_nhs_way(hour, minute, written):
    from peersupport.ui.templatetags.nhsuk import nhs_time

    assert nhs_time(datetime.time(hour, minute)) == written


@pytest.mark.parametrize(
    "value, written",
    [("2.0", "2 hours"), ("1.0", "1 hour"), ("1.5", "1.5 hours"), ("10", "10 hours"), ("0.5", "0.5 hours")],
)
def test_hours_are_written_without_a_trailing_nought(value, written):
    from decimal import Decimal

    from peersupport.ui.templatetags.nhsuk import hours

    assert hours(Decimal(value)) == written
    assert hours(float(value)) == written
