"""The shape every form page shares: fields, the error summary, Save and Cancel, the service's refusals.

A view gives a form and a `save(cleaned_data)` that calls a service and returns (message, where
to go next). A service's `ValidationError` is shown on the form against its field, so nothing the
person typed is lost. The page draws the form with `{% crispy form helper %}`: the form's own
layout when it has a helper (`peersupport/ui/layout.py`), every field otherwise, then the page's
note and its Save and Cancel.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .helper import FormHelper
from .layout import HTML, Actions, Layout, Link, Submit


def home_crumbs(*extra: dict) -> list[dict]:
    """Breadcrumbs that start at the home page, then `extra` ({"label": ..., "url": ...}) in order."""
    return [{"label": "Home", "url": reverse("home")}, *extra]


def add_service_errors(form, refused: ValidationError) -> None:
    """A service's refusal shown on the form: against its field where there is one, else at the top."""
    for field, errors in refused.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def page_helper(form, *, cancel_url: str, save_label: str = "Save", note: str = "") -> FormHelper:
    """The form's own layout (or every field), the page's note, then Save and Cancel."""
    own = getattr(form, "helper", None)
    fields = list(own.layout.fields) if own is not None and own.layout is not None else list(form.fields)
    note_parts = [HTML.p(note, css_class="nhsuk-body-s")] if note else []
    return FormHelper(Layout(*fields, *note_parts, Actions(Submit(save_label), Link("Cancel", cancel_url))))


def form_page(
    request,
    form,
    *,
    heading: str,
    save,
    cancel_url: str,
    crumbs: list[dict],
    caption: str = "",
    note: str = "",
    save_label: str = "Save",
    template: str = "ui/form_page.html",
    extra_context: dict | None = None,
) -> HttpResponse:
    """Render the form; on a valid POST, save through the service and go on with its message."""
    if request.method == "POST" and form.is_valid():
        try:
            message, done_url = save(form.cleaned_data)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, message)
            return redirect(done_url)
    context = {
        "form": form,
        "helper": page_helper(form, cancel_url=cancel_url, save_label=save_label, note=note),
        "heading": heading,
        "caption": caption,
        "note": note,
        "cancel_url": cancel_url,
        "save_label": save_label,
        "breadcrumbs": crumbs,
        **(extra_context or {}),
    }
    return render(request, template, context)
