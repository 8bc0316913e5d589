"""Forms for the rate card, attendance, expenses, decisions on claims and the earnings report.

Rules that need the database (overlapping rates, claims already approved) are the services';
their refusals show on these forms against the field they concern.
"""

from decimal import Decimal

from django import forms
from django.utils import timezone

from involvement.models import ActivityType
from peersupport.ui.fields import MoneyField
from peersupport.ui.forms import NHSForm
from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import HTML, Field, Fieldset, Layout, Submit
from peersupport.ui.widgets import DateInput
from together_network.models import Invitation

from ..models import ExpenseKind, RateLevel, RateUnit
from ..selectors.earnings import REPORT_PERIODS
from ..selectors.fees import money
from ..services.expenses import receipt_problem
from ..services.rates import RATE_MOST


def _money_field(
    *, label: str, help_text: str, required_message: str, most: Decimal | None = None, too_much: str = ""
) -> MoneyField:
    """Pounds and pence, more than £0, typed with or without "£" and commas; at most `most` when given."""
    too_big = too_much or "The amount must be less than £1,000,000"
    return MoneyField(
        label=label,
        help_text=help_text,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=most,
        error_messages={
            "required": required_message,
            "min_value": "The amount must be more than £0",
            "max_value": too_big,
            "max_decimal_places": "Enter an amount in pounds and pence, like 25.50",
            "max_digits": too_big,
            "max_whole_digits": too_big,
        },
    )


def _date_field(*, label: str, help_text: str, required: bool = True, required_message: str = "") -> forms.DateField:
    messages = {"invalid": f"{label} must be a real date"}
    if required_message:
        messages["required"] = required_message
    return forms.DateField(
        label=label, help_text=help_text, required=required, widget=DateInput, error_messages=messages
    )


class RateForm(NHSForm):
    activity_type = forms.ModelChoiceField(
        label="Activity",
        queryset=ActivityType.objects.all(),
        required=False,
        empty_label="Any activity",
        help_text="A line for one kind of activity is used instead of the 'any activity' lines for it.",
    )
    level = forms.ChoiceField(
        label="Level",
        choices=RateLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a level"},
    )
    unit = forms.ChoiceField(
        label="Paid",
        choices=RateUnit.choices,
        widget=forms.RadioSelect,
        help_text="An hourly rate is used whenever there is one; otherwise the half-day or day rate.",
        error_messages={"required": "Choose how the rate is paid"},
    )
    amount = _money_field(
        label="Amount (£)",
        help_text=f"For example, 25.00. At most {money(RATE_MOST)} an hour, half day or day.",
        required_message="Enter the amount",
        most=RATE_MOST,
        too_much=f"A rate must be {money(RATE_MOST)} or less",
    )
    effective_from = _date_field(
        label="From",
        help_text="The first day of activities paid at this rate. The rate it replaces ends the day before. "
        "For example, 1 4 2026",
        required_message="Enter the first day the rate applies",
    )
    effective_until = _date_field(
        label="Last day (optional)",
        help_text="Leave empty while the rate stands.",
        required=False,
    )


class RateEndForm(NHSForm):
    last_day = _date_field(
        label="Last day",
        help_text="The last day of activities paid at this rate. For example, 31 3 2027",
        required_message="Enter the last day the rate applies",
    )


class AttendanceForm(NHSForm):
    """For each person with a place: did they take part, and for how long (hours and minutes)."""

    ATTENDED = [("yes", "Yes, they took part"), ("no", "No, they did not take part")]

    def __init__(self, *args, places: list[Invitation], planned: int, **kwargs):
        """`planned`: the activity's planned minutes, offered until someone's time is recorded."""
        super().__init__(*args, **kwargs)
        self.places = places
        for place in places:
            name = place.expert.full_name
            attendance = getattr(place, "attendance", None)
            minutes = attendance.actual_minutes if attendance is not None and attendance.attended else planned
            self.fields[f"attended_{place.pk}"] = forms.ChoiceField(
                label=f"Did {name} take part?",
                choices=self.ATTENDED,
                widget=forms.RadioSelect,
                initial=None if attendance is None else ("yes" if attendance.attended else "no"),
                error_messages={"required": f"Say whether {name} took part"},
            )
            for part, most, start in (("hours", 99, minutes // 60), ("minutes", 59, minutes % 60)):
                self.fields[f"{part}_{place.pk}"] = forms.IntegerField(
                    label=part.capitalize(),
                    required=False,
                    min_value=0,
                    max_value=most,
                    initial=start,
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}),
                    error_messages={
                        "invalid": f"Enter {part} as a whole number",
                        "min_value": f"{part.capitalize()} cannot be less than 0",
                        "max_value": f"{part.capitalize()} must be {most} or fewer",
                    },
                )

    def rows(self):
        """(place, attended field, hours field, minutes field) for the template."""
        return [
            (place, self[f"attended_{place.pk}"], self[f"hours_{place.pk}"], self[f"minutes_{place.pk}"])
            for place in self.places
        ]

    def clean(self):
        cleaned = super().clean()
        self.entries = []
        for place in self.places:
            attended = cleaned.get(f"attended_{place.pk}")
            hours, minutes = cleaned.get(f"hours_{place.pk}"), cleaned.get(f"minutes_{place.pk}")
            if attended is None or f"hours_{place.pk}" in self.errors or f"minutes_{place.pk}" in self.errors:
                continue
            total = (hours or 0) * 60 + (minutes or 0)
            if attended == "yes" and total <= 0:
                self.add_error(f"hours_{place.pk}", f"Enter how long {place.expert.full_name} took part")
                continue
            self.entries.append((place.pk, attended == "yes", total if attended == "yes" else None))
        return cleaned

    def field_for(self, service_key: str) -> str | None:
        """The field a service's problem 'place-<id>' belongs on."""
        if service_key.startswith("place-"):
            return f"hours_{service_key.removeprefix('place-')}"
        return None


class ExpenseForm(NHSForm):
    kind = forms.ChoiceField(
        label="What kind of expense?",
        choices=ExpenseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of expense"},
    )
    description = forms.CharField(
        label="What was it for?",
        max_length=200,
        help_text="For example, return bus fare from home to the hospital",
        error_messages={"required": "Say what the expense was for", "max_length": "Keep it to 200 characters or fewer"},
    )
    amount = _money_field(label="Amount (£)", help_text="For example, 4.80", required_message="Enter the amount")
    receipt = forms.FileField(
        label="Receipt",
        required=False,
        help_text="A photo or scan: PDF, JPEG, PNG or HEIC, 5 MB or smaller. Needed for care costs and other "
        "expenses; for travel, if you have one.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.heic"}),
    )

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt and (problem := receipt_problem(receipt)):
            raise forms.ValidationError(problem)
        return receipt


class RejectForm(NHSForm):
    reason = forms.CharField(
        label="Why is the claim not approved?",
        help_text="The person will read this, so explain in plain words and say what they can do next.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the claim is not approved: the person will read it"},
    )


class MarkPaidForm(NHSForm):
    reference = forms.CharField(
        label="Payment reference",
        max_length=100,
        help_text="The reference finance gave the payment run.",
        error_messages={"required": "Enter the payment reference finance gave"},
    )
    paid_on = _date_field(
        label="Date paid", help_text="For example, 28 11 2026", required_message="Enter the date the claims were paid"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # Drawn inside the claims table's form (the claims ticked go with it); the page shows the
        # error summary at its top.
        self.helper = FormHelper(
            Layout(
                Fieldset(
                    "Mark selected as paid",
                    HTML.p(
                        "For finance, once the approved claims selected have been paid. "
                        "Claims not yet approved are left as they are."
                    ),
                    "reference",
                    "paid_on",
                    Submit("Mark selected as paid", name="action", value="pay", style="secondary"),
                )
            ),
            form_tag=False,
            error_summary=False,
        )


class EarningsFilterForm(NHSForm):
    FIRST_YEAR, LAST_YEAR = 2000, 2100

    period = forms.ChoiceField(label="Period", choices=REPORT_PERIODS, required=False)
    day = _date_field(
        label="Including the date", help_text="The period that holds this day. For example, 1 12 2026", required=False
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Everyone"), ("near", "Near or over their limit"), ("over", "Over their limit")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(
            Layout(
                Field("period", wrapper_class="app-filters__item"),
                Field("show", wrapper_class="app-filters__item"),
                "day",
                Submit("Show earnings", style="secondary", css_class="app-filters__button"),
            ),
            method="get",
            css_class="app-filters",
        )

    def clean_day(self):
        day = self.cleaned_data.get("day")
        if day and not self.FIRST_YEAR <= day.year <= self.LAST_YEAR:
            raise forms.ValidationError(f"The year must be between {self.FIRST_YEAR} and {self.LAST_YEAR}")
        return day
