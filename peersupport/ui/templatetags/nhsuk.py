"""Template helpers for the NHS.UK crispy-forms pack and the layout."""

import datetime

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils import timezone

from peersupport.ui.widgets import DateInput

register = template.Library()


@register.filter
def nhsuk_kind(field: BoundField) -> str:
    """Which NHS.UK component draws this field."""
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return "hidden"
    if isinstance(widget, DateInput):
        return "date"
    # CheckboxSelectMultiple is a RadioSelect subclass in Django: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def _described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def nhsuk_described_by(field: BoundField) -> str:
    return _described_by(field)


@register.simple_tag
def nhsuk_widget(field: BoundField, css_class: str, error_class: str = "") -> str:
    """Render the field's own widget with NHS.UK classes and aria-describedby."""
    classes = [css_class]
    existing = field.field.widget.attrs.get("class")
    if existing:
        classes.append(existing)
    if field.errors and error_class:
        classes.append(error_class)
    # NHS.UK asks for labels and hints, never placeholder text (it vanishes as people type).
    attrs = {"class": " ".join(classes), "placeholder": False}
    described_by = _described_by(field)
    if described_by:
        attrs["aria-describedby"] = described_by
    return field.as_widget(attrs=attrs)


@register.simple_tag
def nhsuk_choice_input(field: BoundField, option, kind: str) -> str:
    """One radio or checkbox of a group ("radios" or "checkboxes"), with the NHS.UK input class."""
    option.data["attrs"] = {**option.data["attrs"], "class": f"nhsuk-{kind}__input"}
    return option.tag(wrap_label=False)


@register.filter
def nhsuk_error_anchor(field: BoundField) -> str:
    """The id the error summary links to: the first box of a group, not the group."""
    kind = nhsuk_kind(field)
    if kind in {"radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    if kind == "date":
        return f"{field.auto_id}_day"
    return field.id_for_label or field.auto_id


@register.filter
def nhsuk_date_parts(field: BoundField) -> list[dict]:
    """The day, month and year boxes of a DateInput, with their values and widths."""
    widget = field.field.widget
    day, month, year = widget.decompress(field.value())
    values = {"day": day, "month": month, "year": year}
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "id": f"{field.auto_id}_{part}",
            "name": f"{field.html_name}_{part}",
            "value": "" if values[part] is None else values[part],
            "width": 4 if part == "year" else 2,
        }
        for part in DateInput.PARTS
    ]


@register.filter
def nhsuk_message_kind(message) -> str:
    return "success" if "success" in message.tags else "info"


@register.filter
def nhs_time(value) -> str:
    """Times as the NHS writes them: 10am, 2:30pm, midday, midnight."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.simple_tag(takes_context=True)
def slot(context, name: str, **objects) -> str:
    """The sections higher apps add to this place on the page (peersupport/ui/slots.py)."""
    from peersupport.ui.slots import render_slot

    return render_slot(name, context.get("request"), **objects)
