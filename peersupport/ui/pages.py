"""The shape every form page shares: fields, the error summary, Save and Cancel, the service's refusals.

A view gives a form and a `save(cleaned_data)` that calls a service and returns (message, where
to go next). A service's `ValidationError` is shown on the form against its field, so nothing the
person typed is lost.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render


def add_service_errors(form, refused: ValidationError) -> None:
    """A service's refusal shown on the form: against its field where there is one, else at the top."""
    for field, errors in refused.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


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
        "heading": heading,
        "caption": caption,
        "note": note,
        "cancel_url": cancel_url,
        "breadcrumbs": crumbs,
        **(extra_context or {}),
    }
    return render(request, template, context)
