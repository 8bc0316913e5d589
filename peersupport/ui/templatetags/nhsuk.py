"""Template helpers for the NHS.UK crispy-forms pack and the layout."""

import datetime
from decimal import Decimal

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


@register.simple_tag
def nhsuk_choices(field: BoundField, kind: str, hints=None, conditionals=None) -> list[dict]:
    """The options of a radios or checkboxes group, each with its input drawn, its hint and what it reveals.

    `hints` and `conditionals` (drawn HTML) are keyed by option value; an option with a hint names
    it in `aria-describedby`, one that reveals a question names it in `aria-controls`.
    """
    hints, conditionals = hints or {}, conditionals or {}
    choices = []
    for option in field:
        value = str(option.data["value"])
        attrs = {**option.data["attrs"], "class": f"nhsuk-{kind}__input"}
        hint, conditional = hints.get(value, ""), conditionals.get(value, "")
        if hint:
            attrs["aria-describedby"] = f"{option.id_for_label}-hint"
        if conditional:
            attrs["aria-controls"] = f"conditional-{option.id_for_label}"
        option.data["attrs"] = attrs
        choices.append(
            {
                "input": option.tag(wrap_label=False),
                "id": option.id_for_label,
                "label": option.choice_label,
                "checked": option.data["selected"],
                "hint": hint,
                "hint_id": attrs.get("aria-describedby", ""),
                "conditional": conditional,
                "conditional_id": attrs.get("aria-controls", ""),
            }
        )
    return choices


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
def nhsuk_error_items(form) -> list[dict]:
    """Every problem the error summary lists, in the order of the page, each with where its link goes.

    Errors that belong to no field link to the first visible field; a formset drawn inside the form
    (`layout.Formset`, which records itself on the form) adds its forms' errors under their names.
    """
    if not hasattr(form, "non_field_errors"):
        return []
    first = next(iter(form.visible_fields()), None)
    items = [{"text": error, "anchor": nhsuk_error_anchor(first) if first else ""} for error in form.non_field_errors()]
    items += [{"text": error, "anchor": nhsuk_error_anchor(field)} for field in form for error in field.errors]
    for formset, layout in getattr(form, "nhsuk_formsets", {}).values():
        items += [{"text": error, "anchor": layout.anchor} for error in formset.non_form_errors()]
        for number, each in enumerate(formset, start=layout.first_number):
            name = layout.legend.format(number=number)
            items += [
                {"text": f"{name}: {error}", "anchor": nhsuk_error_anchor(field)}
                for field in each
                for error in field.errors
            ]
    return items


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
def hours(value) -> str:
    """A number of hours in words, without a trailing ".0": 2 hours, 1 hour, 1.5 hours."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return f"{text} hour" if number == 1 else f"{text} hours"


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
