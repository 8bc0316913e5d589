"""NHS.UK error wording for every form: messages that name the field and say what to do.

Django's own messages ("This field is required.", "Enter a whole number.") name nothing, so a page
with several problems lists the same line several times. Every product form derives from `NHSForm`
or `NHSModelForm` (formsets are made of them); just before a form is checked, each field's messages
that are still Django's defaults are replaced with ones made from its label, in the NHS.UK style:
"Enter your email address", "Select which team is asking", "Places must be 1 or more". A message
the form sets itself is kept, so the key forms write their own where the label reads badly.
"""

import re

from django import forms
from django.core import validators
from django.forms.utils import pretty_name

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

_QUESTION = re.compile(r"^(what|which|who|where|when|how)(.*?) (is|are|was|were) (it|they|you|this)$", re.IGNORECASE)


def _defaults(field: forms.Field) -> dict:
    """The messages Django gives this kind of field when the form sets none."""
    messages = dict(_VALIDATOR_DEFAULTS)
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


def apply_nhs_messages(form: forms.BaseForm) -> None:
    """Give every field of `form` NHS.UK messages wherever it still has Django's own."""
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


class NHSForm(NHSFormMixin, forms.Form):
    """A form whose errors follow the NHS.UK style."""


class NHSModelForm(NHSFormMixin, forms.ModelForm):
    """A model form whose errors follow the NHS.UK style."""
