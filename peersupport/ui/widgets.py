"""Widgets that NHS.UK frontend draws differently from Django's defaults."""

import datetime

from django import forms


class DateInput(forms.MultiWidget):
    """NHS.UK date input: three boxes (day, month, year) for one DateField.

    The parts are joined to YYYY-MM-DD for the DateField to parse, so an impossible date
    (31 February) gets the field's own "Enter a valid date" message, and what the person
    typed is kept in the boxes.
    """

    PARTS = ("day", "month", "year")

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric", **(attrs or {})}) for part in self.PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = (data.get(f"{name}_{part}", "").strip() for part in self.PARTS)
        if not (day or month or year):
            return None
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{part}" in data for part in self.PARTS)
