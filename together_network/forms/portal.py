"""The expert by experience's own details and preferences, in plain words."""

import re

from django import forms
from django.utils.html import format_html

from peersupport.ui.forms import NHSForm
from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import HTML, Layout, Radios, Static

from ..models import (
    EarningsPeriod,
    ExpertByExperience,
    PartOfDay,
    PaymentPreference,
    PreferredContact,
    Weekday,
    availability_bit,
)

PAYMENT_HINTS = {
    PaymentPreference.PAID: "You are paid a fee for each paid activity, at the trust's rates.",
    PaymentPreference.VOLUNTARY: "You take part without a fee, because you would rather volunteer.",
    PaymentPreference.UNPAID_BENEFITS: (
        "You take part without a fee, because being paid could affect your benefits. If you would like to be "
        "paid up to a limit that keeps your benefits safe, talk to the coordinator."
    ),
}

PERIOD_WORDS = {
    EarningsPeriod.WEEK: "a week",
    EarningsPeriod.FOUR_WEEKS: "every four weeks",
    EarningsPeriod.MONTH: "a calendar month",
    EarningsPeriod.YEAR: "a tax year (6 April to 5 April)",
}


def earnings_limit_words(expert: ExpertByExperience) -> str:
    """ "£167.00 a week", or "" when no limit is agreed."""
    if expert.earnings_limit is None:
        return ""
    return f"£{expert.earnings_limit:,.2f} {PERIOD_WORDS.get(expert.earnings_limit_period, '')}".strip()


def _earnings_limit_shown(expert: ExpertByExperience) -> str:
    """The earnings limit, shown under the payment question: the coordinator agrees it, the person cannot change it."""
    return format_html(
        '<dl class="nhsuk-summary-list"><div class="nhsuk-summary-list__row">'
        '<dt class="nhsuk-summary-list__key">Earnings limit</dt>'
        '<dd class="nhsuk-summary-list__value">{}<br><span class="nhsuk-body-s">Agreed with the coordinator, to keep '
        "your benefits safe. Talk to the coordinator to change it.</span></dd></div></dl>",
        earnings_limit_words(expert) or "None agreed.",
    )


PHONE_CHARACTERS = re.compile(r"^[0-9 +()-]+$")


def _slot_field_name(day: Weekday) -> str:
    return f"available_{day.name.lower()}"


class DetailsForm(NHSForm):
    """Availability (a group of boxes per day), how they take part and want to hear from us, and
    what helps them. The earnings limit is the coordinator's and is only shown, never changed here."""

    ways = forms.MultipleChoiceField(
        label="How can you take part?",
        choices=[("online", "Online"), ("in_person", "In person")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose online, in person or both"},
    )
    preferred_contact = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=PreferredContact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like us to contact you"},
    )
    phone = forms.CharField(
        label="Phone number (optional if you choose email)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text="For example, 07700 900 982",
        error_messages={"max_length": "Enter a phone number of 30 characters or fewer"},
    )
    pronouns = forms.CharField(
        label="Your pronouns (optional)",
        required=False,
        max_length=50,
        help_text="For example, she/her, he/him or they/them",
        error_messages={"max_length": "Enter pronouns of 50 characters or fewer"},
    )
    reasonable_adjustments = forms.CharField(
        label="What helps you take part? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, step-free access, breaks, papers sent early, a quiet room or a British Sign "
        "Language interpreter. Only you and the Together network team see this.",
    )
    preferences = forms.CharField(
        label="What would you like to do, or avoid? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the kinds of activity you enjoy, or topics you would rather not be asked about.",
    )
    payment_preference = forms.ChoiceField(
        label="Would you like to be paid for your time?",
        choices=PaymentPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose paid, voluntary or unpaid for benefit reasons"},
    )

    def __init__(self, *args, expert: ExpertByExperience, **kwargs):
        initial = {
            "ways": [
                way
                for way, wanted in (("online", expert.available_online), ("in_person", expert.available_in_person))
                if wanted
            ],
            "preferred_contact": expert.preferred_contact,
            "phone": expert.phone,
            "pronouns": expert.pronouns,
            "reasonable_adjustments": expert.reasonable_adjustments,
            "preferences": expert.preferences,
            "payment_preference": expert.payment_preference,
        }
        for day in Weekday:
            initial[_slot_field_name(day)] = [str(part) for part in PartOfDay.values if expert.is_available(day, part)]
        super().__init__(*args, initial=initial, **kwargs)
        slots = {
            _slot_field_name(day): forms.MultipleChoiceField(
                label=day.label,
                choices=[(str(value), label) for value, label in PartOfDay.choices],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": f"Tick the times you are free on {day.label} from the list"},
            )
            for day in Weekday
        }
        # The days come first, in week order, as the page draws them.
        self.fields = {**slots, **self.fields}
        self.helper = FormHelper(
            Layout(
                HTML.h2("When are you usually free?"),
                HTML.p(
                    "Tick the times you are usually free to take part. We use this to choose whom to invite, and "
                    "you can always say no to an invitation.",
                    css_class="nhsuk-hint",
                ),
                *slots,
                HTML.h2("Taking part and contact"),
                "ways",
                "preferred_contact",
                "phone",
                "pronouns",
                HTML.h2("What helps you, and what you would like"),
                "reasonable_adjustments",
                "preferences",
                HTML.h2("Payment"),
                Radios("payment_preference", hints=PAYMENT_HINTS),
                Static(_earnings_limit_shown(expert)),
            )
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (not PHONE_CHARACTERS.match(phone) or sum(ch.isdigit() for ch in phone) < 10):
            raise forms.ValidationError("Enter a phone number, like 07700 900 982 or 0161 496 0000")
        return phone

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("preferred_contact")
        if (
            contact in {PreferredContact.PHONE, PreferredContact.TEXT}
            and not cleaned.get("phone")
            and not (self.has_error("phone"))
        ):
            how = "call" if contact == PreferredContact.PHONE else "text"
            self.add_error("phone", f"Enter a phone number we can {how} you on, or choose email")
        return cleaned

    def expert_fields(self) -> dict:
        """The form's answers as the record's fields, for `expert_update_own`."""
        data = self.cleaned_data
        availability = 0
        for day in Weekday:
            for part in data[_slot_field_name(day)]:
                availability |= availability_bit(day, int(part))
        return {
            "availability": availability,
            "available_online": "online" in data["ways"],
            "available_in_person": "in_person" in data["ways"],
            "preferred_contact": data["preferred_contact"],
            "phone": data["phone"],
            "pronouns": data["pronouns"],
            "reasonable_adjustments": data["reasonable_adjustments"],
            "preferences": data["preferences"],
            "payment_preference": data["payment_preference"],
        }
