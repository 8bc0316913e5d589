"""Forms for the pool: a person's details (the coordinator's and the applicant's own), onboarding
steps, consent, status moves and application links. Rules across fields are the services'."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from involvement.models import LivedExperienceArea, Skill
from peersupport.ui.fields import MoneyField
from peersupport.ui.forms import NHSForm
from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import Field, Layout
from peersupport.ui.widgets import DateInput

from ..models import (
    ConsentRecord,
    EarningsPeriod,
    ExpertByExperience,
    OnboardingStep,
    PartOfDay,
    PaymentPreference,
    PreferredContact,
    Weekday,
)
from ..services.common import add_years
from ..services.onboarding import CONSENT_REVIEW_AFTER_YEARS
from ..services.pool import EXPERT_FIELDS

WAYS = [("online", "Online"), ("in_person", "In person")]
SLOTS = [(f"{day.value}-{part.value}", f"{day.label} {part.label.lower()}") for day in Weekday for part in PartOfDay]
REAL_DATE = "Enter a real date, like 27 3 2026"
AVAILABILITY_GRID = "together_network/pool/includes/availability_grid.html"


def _date(label: str, required: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput, error_messages={"required": required, "invalid": REAL_DATE}, **kwargs
    )


def _email(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3}))


class ExpertDetailsForm(NHSForm):
    """A person's details as a coordinator keeps them."""

    full_name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter their full name"})
    pronouns = forms.CharField(
        label="Pronouns (optional)",
        max_length=50,
        required=False,
        help_text="For example, she/her, he/him or they/them",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    email = _email("Email address")
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "nhsuk-input--width-20"}),
    )
    preferred_contact = forms.ChoiceField(
        label="How would they like to be contacted?",
        choices=PreferredContact.choices,
        widget=forms.RadioSelect,
        initial=PreferredContact.EMAIL,
        error_messages={"required": "Choose how they would like to be contacted"},
    )
    lived_experience_areas = forms.ModelMultipleChoiceField(
        label="Lived experience (optional)",
        queryset=LivedExperienceArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The areas they are happy to draw on in involvement work. Only coordinators and they see these.",
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills (optional)", queryset=Skill.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label="When are they usually free? (optional)",
        choices=SLOTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each part of the week that usually suits them.",
    )
    ways = forms.MultipleChoiceField(
        label="How can they take part?",
        choices=WAYS,
        widget=forms.CheckboxSelectMultiple,
        initial=["online", "in_person"],
        error_messages={"required": "Choose at least one way to take part: online, in person, or both"},
    )
    reasonable_adjustments = _text(
        "Reasonable adjustments (optional)",
        "Anything that helps them take part, like breaks, papers in advance, or a quiet room.",
    )
    preferences = _text(
        "What they would like to do, or avoid (optional)", "In their own words. Coordinators see this when matching."
    )
    payment_preference = forms.ChoiceField(
        label="How would they like to take part?",
        choices=PaymentPreference.choices,
        widget=forms.RadioSelect,
        initial=PaymentPreference.PAID,
        error_messages={"required": "Choose paid, voluntary, or unpaid for benefit reasons"},
    )
    earnings_limit = MoneyField(
        label="Earnings limit in pounds (optional)",
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        help_text="The most they can earn in a period without affecting their benefits, as agreed with them. "
        "For example, 183.00",
        error_messages={
            "invalid": "Enter the earnings limit as an amount in pounds, like 183.00",
            "min_value": "The earnings limit must be £0 or more",
            "max_decimal_places": "Enter the earnings limit in pounds and pence, like 183.00",
            "max_digits": "The earnings limit must be less than £1,000,000",
        },
    )
    earnings_limit_period = forms.ChoiceField(
        label="Period of the earnings limit (optional)",
        choices=[("", "No earnings limit"), *EarningsPeriod.choices],
        required=False,
    )

    def __init__(self, *args, expert: ExpertByExperience | None = None, **kwargs):
        if expert is not None:
            kwargs.setdefault("initial", initial_details(expert))
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(Layout(*(self.layout_item(name) for name in self.fields)))

    def layout_item(self, name: str):
        """How the page draws a field: the availability as a grid of boxes, the others as the pack draws them."""
        return Field(name, template=AVAILABILITY_GRID) if name == "availability" else name

    def clean_availability(self) -> list[tuple[int, int]]:
        return [tuple(int(part) for part in value.split("-")) for value in self.cleaned_data["availability"]]

    def service_values(self) -> dict:
        """The cleaned answers as the pool services take them."""
        data = self.cleaned_data
        values = {name: data[name] for name in EXPERT_FIELDS if name in self.fields}
        values["availability_slots"] = data["availability"]
        values["available_online"] = "online" in data["ways"]
        values["available_in_person"] = "in_person" in data["ways"]
        return values

    def availability_grid(self) -> list[dict]:
        """The availability boxes as a grid (weekdays down, parts of the day across), keeping what was ticked.

        Each box keeps the id Django would give it, so the error summary's link finds the first one.
        """
        field = self["availability"]
        chosen = {str(value) for value in (field.value() or [])}
        rows = []
        for day in Weekday:
            cells = []
            for part in PartOfDay:
                index = day.value * len(PartOfDay) + part.value
                value = f"{day.value}-{part.value}"
                cells.append(
                    {
                        "value": value,
                        "id": f"{field.auto_id}_{index}",
                        "label": f"{day.label} {part.label.lower()}",
                        "checked": value in chosen,
                    }
                )
            rows.append({"day": day.label, "cells": cells})
        return rows


def initial_details(expert: ExpertByExperience) -> dict:
    return {
        "full_name": expert.full_name,
        "pronouns": expert.pronouns,
        "email": expert.email,
        "phone": expert.phone,
        "preferred_contact": expert.preferred_contact,
        "lived_experience_areas": list(expert.lived_experience_areas.all()),
        "skills": list(expert.skills.all()),
        "availability": [f"{day}-{part}" for day, part in expert.availability_slots],
        "ways": [
            way for way, on in (("online", expert.available_online), ("in_person", expert.available_in_person)) if on
        ],
        "reasonable_adjustments": expert.reasonable_adjustments,
        "preferences": expert.preferences,
        "payment_preference": expert.payment_preference,
        "earnings_limit": expert.earnings_limit,
        "earnings_limit_period": expert.earnings_limit_period,
    }


class NewExpertForm(ExpertDetailsForm):
    """Adding an applicant: their details and the date they applied."""

    joined_on = _date(
        "Date they applied",
        "Enter the date they applied",
        help_text="For example, 27 3 2026",
        initial=timezone.localdate,
    )

    field_order = ["full_name", "pronouns", "email", "phone", "preferred_contact", "joined_on"]


# --- Onboarding, consent, status, links ----------------------------------------------------------


class OnboardingStepForm(NHSForm):
    step = forms.ChoiceField(
        label="Which step have they done?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the step they have done"},
    )
    completed_on = _date("Date done", "Enter the date they did this step", help_text="For example, 27 3 2026")
    note = forms.CharField(
        label="Note (optional)",
        max_length=300,
        required=False,
        help_text="For a DBS check, the certificate's date or number.",
    )

    def __init__(self, *args, done: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(step.value, step.label) for step in OnboardingStep if step.value not in done]


def _consent_label(name: str) -> str:
    verbose = str(ConsentRecord._meta.get_field(name).verbose_name)
    return f"They agree {verbose}"


class ConsentForm(NHSForm):
    given_on = _date("Date consent was given", "Enter the date consent was given", help_text="For example, 27 3 2026")
    review_due = _date(
        "Review by",
        "Enter the date to review their consent by",
        help_text="Usually a year after consent is given, and at most 3 years.",
    )
    contact_about_opportunities = forms.BooleanField(
        label=_consent_label("contact_about_opportunities"), required=False
    )
    keep_lived_experience = forms.BooleanField(label=_consent_label("keep_lived_experience"), required=False)
    share_name_when_booked = forms.BooleanField(label=_consent_label("share_name_when_booked"), required=False)
    quote_anonymously = forms.BooleanField(label=_consent_label("quote_anonymously"), required=False)
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "given_on": today,
                "review_due": add_years(today, CONSENT_REVIEW_AFTER_YEARS),
                "contact_about_opportunities": True,
                "keep_lived_experience": True,
                "share_name_when_booked": True,
            },
        )
        super().__init__(*args, **kwargs)


class ConfirmForm(NHSForm):
    """Activating or resuming: nothing to fill in; the button says what happens."""


class PauseForm(NHSForm):
    reason = forms.CharField(
        label="Why are they pausing? (optional)",
        max_length=90,
        required=False,
        help_text="Kept in their record's history. They never have to give a reason.",
    )


class LeaveForm(NHSForm):
    on = _date(
        "Date they left",
        "Enter the date they left",
        help_text="Their places at activities still to come will be given up, and the waiting lists will move.",
        initial=timezone.localdate,
    )


class ApplicationLinkForm(NHSForm):
    email = _email("Their email address")
    full_name = forms.CharField(
        label="Their name (optional)", max_length=200, required=False, help_text="We use it to greet them in the email."
    )
