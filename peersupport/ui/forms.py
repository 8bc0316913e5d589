"""NHS.UK error wording for every form: messages that name the field and say what to do.

Django's own messages ("This field is required.", "Enter a whole number.") name nothing, so a page
with several problems lists the same line several times. Every product form derives from `NHSForm`
or `NHSModelForm` (formsets are made of them); just before a form is checked, each field's messages
that are still Django's defaults are replaced with ones made from its label, in the NHS.UK style:
"Enter your email address", "Select which team is asking", "Places must be 1 or more". A message
the form sets itself is kept, so the key forms write their own where the label reads badly.

The same step guards every form against input no person types: text holding hidden control
characters is refused with a message naming the field, and a list's choice that is not a real
record's id (too big for the database, negative, "1.5", "１") gets the list's own message.
"""

import re

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import pretty_name
from django.utils.deconstruct import deconstructible
from django.utils.encoding import punycode

# The codes a field's validators raise; a field's `error_messages` entry for one replaces it.
_VALIDATOR_DEFAULTS = {
    "min_value": validators.MinValueValidator.message,
    "max_value": validators.MaxValueValidator.message,
    "min_length": validators.MinLengthValidator.message,
    "max_length": validators.MaxLengthValidator.message,
    "step_size": validators.StepValueValidator.message,
    "max_digits": validators.DecimalValidator.messages["max_digits"],
    "max_decimal_places": validators.DecimalValidator.messages["max_decimal_places"],
    "max_whole_digits": validators.DecimalValidator.messages["max_whole_digits"],
}

# C0 controls, DEL, C1 controls, the two non-characters and lone surrogates: never typed, often harmful
# (spreadsheets refuse them, terminals act on them). Multi-line text keeps tab, newline and carriage return.
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_CONTROL_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

# The largest id a database's 64-bit integer column holds.
_MAX_ID = 2**63 - 1

_QUESTION = re.compile(r"^(what|which|who|where|when|how)(.*?) (is|are|was|were) (it|they|you|this)$", re.IGNORECASE)


def _defaults(field: forms.Field) -> dict:
    """The messages Django gives this kind of field when the form sets none."""
    messages = dict(_VALIDATOR_DEFAULTS)
    messages["null_characters_not_allowed"] = validators.ProhibitNullCharactersValidator.message
    messages["control_characters"] = ProhibitControlCharactersValidator.message
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _lower_first(text: str) -> str:
    """'Date of the activity' -> 'date of the activity'; 'NHS number' stays as it is."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _phrase(label: str) -> str:
    """A label as words inside a sentence: 'What kind of activity is it?' -> 'what kind of activity it is'."""
    label = re.sub(r"\s*\((optional|£)\)\s*$", "", label.strip()).rstrip("?:. ")
    if match := _QUESTION.match(label):
        wh, rest, verb, pronoun = match.groups()
        label = f"{wh}{rest} {pronoun} {verb}"
    elif re.match(r"^(is|are|do|does|did|can|will|has|have) ", label, re.IGNORECASE):
        verb, rest = label.split(" ", 1)
        label = f"whether {_swap(verb, rest)}"
    return _lower_first(label)


def _swap(verb: str, rest: str) -> str:
    """'Is' + 'it online or in person' -> 'it is online or in person'."""
    subject, _, remainder = rest.partition(" ")
    return f"{subject} {verb.lower()} {remainder}".strip()


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.BooleanField, forms.NullBooleanField)) or isinstance(
        field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxInput, forms.CheckboxSelectMultiple)
    )


def _is_question(label: str) -> bool:
    return label.rstrip().endswith("?")


@deconstructible
class ProhibitControlCharactersValidator:
    """Refuse text holding control characters; `multi_line` text may hold tabs and line breaks."""

    code = "control_characters"
    message = "Remove the hidden control characters and try again"

    def __init__(self, *, multi_line: bool = False):
        self.multi_line = multi_line

    def __call__(self, value):
        pattern = _CONTROL_MULTI_LINE if self.multi_line else _CONTROL_ONE_LINE
        if isinstance(value, str) and pattern.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ProhibitControlCharactersValidator) and other.multi_line == self.multi_line


def _guard_text(field: forms.CharField) -> None:
    """Swap Django's null-character check for one that refuses every control character."""
    if any(isinstance(each, ProhibitControlCharactersValidator) for each in field.validators):
        return
    field.validators = [
        each for each in field.validators if not isinstance(each, validators.ProhibitNullCharactersValidator)
    ]
    field.validators.append(ProhibitControlCharactersValidator(multi_line=isinstance(field.widget, forms.Textarea)))


def mailable_domain(value) -> None:
    """Refuse an address whose domain cannot be written in an email's header (Django's own check lets some by)."""
    try:
        validators.validate_email(value)
    except ValidationError:
        return  # the field's own check says so once
    if isinstance(value, str) and "@" in value:
        try:
            punycode(value.rpartition("@")[2])
        except UnicodeError:
            raise ValidationError("Enter a valid email address.", code="invalid") from None


def _guard_email(field: forms.EmailField) -> None:
    if mailable_domain not in field.validators:
        field.validators.append(mailable_domain)


def _id_field(queryset, to_field_name: str | None) -> models.Field:
    """The model field a choice's value is matched against, followed through to the column it stores."""
    meta = queryset.model._meta
    target = meta.get_field(to_field_name) if to_field_name else meta.pk
    while target.is_relation:
        target = target.target_field
    return target


def _is_real_id(value, target: models.Field) -> bool:
    """Whether `value` could be a stored id: for a whole-number id, 1 to 2**63 - 1 written in plain digits."""
    if not isinstance(target, models.IntegerField):
        return True  # text or UUID ids: the field's own lookup refuses what cannot match
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1 <= value <= _MAX_ID
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= len(str(_MAX_ID)):
        return 1 <= int(value) <= _MAX_ID  # the length first: Python refuses to read thousands of digits
    return False


class _RealIdChoice:
    """A list of records that refuses any answer that is not a real record's id, with the list's message."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if not _is_real_id(value, _id_field(self.queryset, self.to_field_name)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return super().to_python(value)

    def bound_data(self, data, initial):
        """Show the form again without an answer that cannot be an id: a widget that looks its choice up
        (admin's autocomplete) would otherwise fail on it."""
        if data in self.empty_values or _is_real_id(data, _id_field(self.queryset, self.to_field_name)):
            return super().bound_data(data, initial)
        return None


class _RealIdChoices:
    """Boxes for records that refuse any answer that is not a real record's id, with the list's message."""

    def _check_values(self, value):
        try:
            values = frozenset(value)
        except TypeError:
            return super()._check_values(value)  # the field's own "list" message
        target = _id_field(self.queryset, self.to_field_name)
        for each in values:
            if not isinstance(each, self.queryset.model) and not _is_real_id(each, target):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": each}
                )
        return super()._check_values(value)

    def bound_data(self, data, initial):
        """Show the form again with only the answers that can be ids (see `_RealIdChoice.bound_data`)."""
        if isinstance(data, (list, tuple)):
            target = _id_field(self.queryset, self.to_field_name)
            data = [each for each in data if _is_real_id(each, target)]
        return super().bound_data(data, initial)


_CHECKED_CLASSES: dict[type, type] = {}


def _guard_ids(field: forms.ModelChoiceField) -> None:
    """Give a record list the id check by making it an instance of a checked subclass of its own class."""
    if isinstance(field, (_RealIdChoice, _RealIdChoices)):
        return
    cls = type(field)
    if cls not in _CHECKED_CLASSES:
        guard = _RealIdChoices if isinstance(field, forms.ModelMultipleChoiceField) else _RealIdChoice
        _CHECKED_CLASSES[cls] = type(cls.__name__, (guard, cls), {"__module__": cls.__module__})
    field.__class__ = _CHECKED_CLASSES[cls]


def nhs_messages(field: forms.Field, name: str) -> dict[str, str]:
    """The NHS.UK messages for a field, made from its label."""
    label = str(field.label or pretty_name(name))
    words = _phrase(label)
    # "How many people do you need must be 1 or more" reads badly, so a question's answer is 'the answer'.
    subject = "The answer" if _is_question(label) else words[:1].upper() + words[1:]
    safe = subject.replace("%", "%%")  # validators' messages are formatted with their limits
    from_list = f"Select {words} from the list"  # noqa: S608  words, not a query
    messages = {
        "required": f"Select {words}" if _is_choice(field) else f"Enter {words}",
        "invalid_choice": from_list,
        "invalid_list": from_list,
        "invalid_pk_value": from_list,
        "invalid": f"Enter {words}",
        "max_length": f"{safe} must be {getattr(field, 'max_length', '')} characters or fewer",
        "min_length": f"{safe} must be {getattr(field, 'min_length', '')} characters or more",
        "min_value": f"{safe} must be {getattr(field, 'min_value', '')} or more",
        "max_value": f"{safe} must be {getattr(field, 'max_value', '')} or less",
        "step_size": f"{safe} must be a multiple of {getattr(field, 'step_size', '')}",
        "max_digits": f"{safe} must be {getattr(field, 'max_digits', '')} digits or fewer",
        "max_decimal_places": f"{safe} must have {getattr(field, 'decimal_places', '')} decimal places or fewer",
        "max_whole_digits": f"{safe} is too big",
        "overflow": f"{subject} must be a real date",
        "missing": f"Select {words}",
        "empty": f"The file for {words} is empty",
        "contradiction": f"Either choose a file for {words} or tick to clear it, not both",
        "invalid_image": f"{subject} must be a picture: a JPEG, PNG or GIF",
        "control_characters": f"{subject} must not contain hidden control characters: remove them and try again",
        "null_characters_not_allowed": f"{subject} must not contain hidden control characters: remove them and "
        "try again",
    }
    if isinstance(field, forms.IntegerField):  # FloatField and DecimalField are kinds of IntegerField
        messages["invalid"] = f"{subject} must be a number"
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        messages["invalid"] = f"{subject} must be a real date"
    if isinstance(field, forms.TimeField):
        messages["invalid"] = f"{subject} must be a real time, like 14:30"
    if isinstance(field, forms.EmailField):
        messages["invalid"] = f"Enter {words} in the correct format, like name@example.com"
    if isinstance(field, forms.URLField):
        messages["invalid"] = f"Enter {words} in the correct format, like https://www.example.com"
    if isinstance(field, forms.FileField):
        messages["invalid"] = f"Select a file for {words}"
        messages["required"] = f"Select a file for {words}"
        messages["max_length"] = f"The name of the file for {words} is too long"
    if isinstance(field, forms.MultiValueField):
        messages["incomplete"] = f"Enter {words}"
    return messages


def guard_fields(form: forms.BaseForm) -> None:
    """The input guards alone: no hidden control characters in text, mailable email domains, real ids."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            _guard_text(field)
        if isinstance(field, forms.EmailField):
            _guard_email(field)
        if isinstance(field, forms.ModelChoiceField):
            _guard_ids(field)


def apply_nhs_messages(form: forms.BaseForm) -> None:
    """Give every field of `form` NHS.UK messages wherever it still has Django's own, and the input guards."""
    guard_fields(form)
    for name, field in form.fields.items():
        defaults = _defaults(field)
        for code, message in nhs_messages(field, name).items():
            current = field.error_messages.get(code)
            if current is None or current == defaults.get(code):
                field.error_messages[code] = message


class NHSFormMixin:
    """Applies the NHS.UK wording just before the form is checked, after `__init__` has added its fields."""

    def full_clean(self):
        apply_nhs_messages(self)
        super().full_clean()


class GuardedFormMixin:
    """The input guards without the NHS.UK wording: for Django admin's forms, which keep Django's own."""

    def full_clean(self):
        guard_fields(self)
        super().full_clean()


def guarded(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """`form_class` with the input guards (once, however often it is asked for)."""
    if issubclass(form_class, (GuardedFormMixin, NHSFormMixin)):
        return form_class
    return type(form_class.__name__, (GuardedFormMixin, form_class), {"__module__": form_class.__module__})


class NHSForm(NHSFormMixin, forms.Form):
    """A form whose errors follow the NHS.UK style."""


class NHSModelForm(NHSFormMixin, forms.ModelForm):
    """A model form whose errors follow the NHS.UK style."""
