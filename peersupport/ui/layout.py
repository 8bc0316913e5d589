"""The NHS.UK pack's layout objects: what a form's helper arranges its fields with.

Shaped like crispy-forms-gds's `layout/`: each object draws one NHS.UK component with a template
of its own under `templates/nhsuk/layout/`. A form says what it needs, the pack says how it looks:

    self.helper = FormHelper(Layout(
        HTML.h2("Who should we ask?"),
        Radios("route", ConditionalQuestion("psw", "peer_support_worker", "psw_reason"), hints={...}),
        Fieldset("When and where", "activity_date", "start_time"),
        Actions(Submit("Send for approval", name="submit", value="1"), Link("Cancel", url)),
    ))

Fields named as plain strings, or with `Field(name, css_class=..., wrapper_class=..., template=...)`,
are drawn by `nhsuk/field.html`, which picks the NHS.UK component from the widget (ADR 0004).
"""

from collections.abc import Callable

from crispy_forms import layout as crispy_layout
from crispy_forms.utils import TEMPLATE_PACK, render_field
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

Div = crispy_layout.Div
Field = crispy_layout.Field
Layout = crispy_layout.Layout


class Static:
    """Markup drawn as it is given (not read as a template): what `HTML.h2` and `HTML.p` make."""

    def __init__(self, html: str):
        self.html = html

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return self.html


class HTML(crispy_layout.HTML):
    """Markup read as a template with the page's context; the class methods draw the usual NHS.UK pieces."""

    @staticmethod
    def h2(text: str) -> Static:
        return Static(format_html('<h2 class="nhsuk-heading-m">{}</h2>', text))

    @staticmethod
    def p(text: str, *, css_class: str = "") -> Static:
        if css_class:
            return Static(format_html('<p class="{}">{}</p>', css_class, text))
        return Static(format_html("<p>{}</p>", text))

    @staticmethod
    def inset(*paragraphs: str) -> Static:
        """NHS.UK inset text: paragraphs of plain text (or markup made safe with `format_html`)."""
        return Static(
            format_html(
                '<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span>{}</div>',
                format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in paragraphs)),
            )
        )


class Fieldset(crispy_layout.Fieldset):
    """A group of fields under a legend: medium and a heading (`<h2>`) unless told otherwise."""

    def __init__(self, legend: str, *fields, size: str = "m", heading: bool = True, **kwargs):
        super().__init__(legend, *fields, **kwargs)
        self.size = size
        self.heading = heading


class ConditionalQuestion:
    """The fields a radio option reveals when it is chosen: `ConditionalQuestion("psw", "reason", ...)`."""

    def __init__(self, value: str, *fields):
        self.value = str(value)
        self.fields = list(fields)


class Radios(crispy_layout.LayoutObject):
    """NHS.UK radios: an option may have a hint, and may reveal further questions when chosen.

    A revealed question is drawn inside `nhsuk-radios__conditional` after its option, which
    names it with `aria-controls`; `data-module="nhsuk-radios"` lets NHS.UK frontend show and hide
    it (static/js/app.mjs keeps `aria-expanded` off the radio, where WAI-ARIA does not allow it).
    Without JavaScript every question stays visible.
    """

    template = "%s/field.html"

    def __init__(self, field: str, *questions: ConditionalQuestion, hints: dict | None = None):
        self.field = field
        self.questions = list(questions)
        self.hints = {str(value): hint for value, hint in (hints or {}).items()}
        # crispy finds the fields a layout names through `fields`: the radios and every revealed one
        self.fields = [field, *(name for question in self.questions for name in question.fields)]

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        conditionals = {
            question.value: SafeString(
                "".join(render_field(name, form, context, template_pack=template_pack) for name in question.fields)
            )
            for question in self.questions
        }
        return render_field(
            self.field,
            form,
            context,
            template=self.get_template_name(template_pack),
            template_pack=template_pack,
            extra_context={"choice_hints": self.hints, "choice_conditionals": conditionals},
        )


class Formset(crispy_layout.LayoutObject):
    """A formset drawn inside the form, from the page's context: each form a fieldset of its fields.

    `legend` names each form ("Session {number}", counting from `first_number`); the form's error
    summary lists the formset's errors with the same name, and links errors about the formset as a
    whole to `anchor`.
    """

    template = "%s/layout/formset.html"

    def __init__(self, name: str, *, legend: str, first_number: int = 1, anchor: str = ""):
        self.name = name
        self.legend = legend
        self.first_number = first_number
        self.anchor = anchor
        self.fields = []

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        formset = context[self.name]
        form.nhsuk_formsets = {**getattr(form, "nhsuk_formsets", {}), self.name: (formset, self)}
        field_template = f"{template_pack}/field.html"
        forms = [
            {
                "legend": self.legend.format(number=number),
                "fields": SafeString(
                    "".join(
                        render_field(name, each, context, template=field_template, template_pack=template_pack)
                        for name in each.fields
                    )
                ),
            }
            for number, each in enumerate(formset, start=self.first_number)
        ]
        return render_to_string(self.get_template_name(template_pack), {"formset": formset, "forms": forms})


class Details(crispy_layout.LayoutObject):
    """NHS.UK details: a summary that opens to show its fields. `open` may ask the page's context."""

    template = "%s/layout/details.html"

    def __init__(self, summary: str, *fields, css_id: str = "", open: bool | Callable = False):  # noqa: A002
        self.summary = summary
        self.fields = list(fields)
        self.css_id = css_id
        self.open = open

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        is_open = self.open(context) if callable(self.open) else self.open
        return render_to_string(
            self.get_template_name(template_pack), {"details": self, "fields": fields, "is_open": is_open}
        )


class Submit(crispy_layout.TemplateNameMixin):
    """An NHS.UK button that sends the form. `style`: "secondary", "warning" or none (the main action)."""

    template = "%s/layout/button.html"

    def __init__(
        self, label: str, *, name: str = "", value: str = "", style: str = "", css_class: str = "", css_id: str = ""
    ):
        self.label = label
        self.name = name
        self.value = value
        self.style = style
        self.css_class = css_class
        self.css_id = css_id  # for a link to the button, such as one from the page's error summary

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(self.get_template_name(template_pack), {"button": self})


class Link(crispy_layout.TemplateNameMixin):
    """A link beside the buttons, such as Cancel."""

    template = "%s/layout/link.html"

    def __init__(self, text: str, href: str):
        self.text = text
        self.href = href

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(self.get_template_name(template_pack), {"link": self})


class Actions(crispy_layout.ButtonHolder):
    """The form's buttons and links, side by side (NHS.UK button group)."""
