"""The NHS.UK pack's form helper: how `{% crispy form %}` draws a form on our pages.

Shaped like crispy-forms-gds's `helper.py`. A form that needs more than its fields one after
another (headings, a reveal, a grid, buttons) sets `self.helper = FormHelper(Layout(...))` with the
pack's layout objects (`peersupport/ui/layout.py`); every other form is drawn field by field.
The error summary is drawn at the top of the form, each link pointing at what takes focus
(ADR 0004), including the errors of any formset drawn inside the form (`layout.Formset`).
"""

from crispy_forms import helper as crispy_helper
from crispy_forms.layout import Layout


class FormHelper(crispy_helper.FormHelper):
    """A crispy helper for the NHS.UK pack.

    `FormHelper(Layout(...))` sets the layout at once. A list filter (`method="get"`) is drawn
    without CSRF token and with the filters' own styles; `error_summary=False` leaves the summary
    to the page (for a page that shows the form's errors somewhere else, such as at its top above
    a table). `form_tag=False` draws the fields and buttons inside a `<form>` the page writes, one
    that holds more than this form (the claims table's tick boxes), which carries the CSRF token.
    """

    def __init__(
        self,
        layout: Layout | None = None,
        *,
        method: str = "post",
        css_class: str = "",
        action: str = "",
        form_tag: bool = True,
        error_summary: bool = True,
    ):
        super().__init__()
        self.layout = layout
        self.form_method = method
        self.form_class = css_class
        self.form_action = action
        self.form_tag = form_tag
        self.disable_csrf = method == "get" or not form_tag
        self.error_summary = error_summary  # an instance attribute: crispy passes those to the templates
