"""Form fields shared by every app's forms, drawn with the NHS.UK widgets."""

from django import forms
from django.utils import timezone

from .widgets import DateInput


class PastDateField(forms.DateField):
    """A date in the NHS.UK day, month and year boxes that may be today but not later."""

    widget = DateInput

    def __init__(self, *, required_message: str, future_message: str, **kwargs):
        kwargs.setdefault("help_text", "For example, 27 3 2026")
        super().__init__(error_messages={"required": required_message, "invalid": "Enter a real date"}, **kwargs)
        self.future_message = future_message

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError(self.future_message)


class MoneyField(forms.DecimalField):
    """Pounds and pence typed the way people write them: "15", "15.50", "£15" or "£1,200"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-5"})
    default_error_messages = {"invalid": "Enter an amount in pounds, like 15.50"}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
        return super().to_python(value)
