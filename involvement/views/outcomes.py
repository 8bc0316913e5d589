"""The requester's "you said, we did" page: what changed because of the involvement."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from peersupport.accounts.permissions import permission_required
from peersupport.ui.forms import NHSForm
from peersupport.ui.pages import form_page, home_crumbs

from ..models import InvolvementRequest, RequestOutcome
from ..services import outcomes
from ..transitions import Action, why_not
from .requests import _load, _requests_crumb


class OutcomeForm(NHSForm):
    what_changed = forms.CharField(
        label="What changed because of the involvement?",
        max_length=outcomes.OUTCOME_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="You said, we did: in plain words, what you did or changed because of what people said. "
        "The people who took part and the Together network team will read it.",
        error_messages={
            "required": "Enter what changed because of the involvement",
            "max_length": f"What changed must be {outcomes.OUTCOME_LIMIT} characters or fewer",
        },
    )


@permission_required("involvement.record_outcome", get_object=lambda request, request_id: _load(request, request_id))
def record_outcome(request, request_id: int, obj: InvolvementRequest):
    if refused := why_not(Action.RECORD_OUTCOME, obj, request.user):
        messages.warning(request, refused)
        return redirect("involvement:detail", obj.pk)
    existing = RequestOutcome.objects.filter(request=obj).first()
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial={"what_changed": existing.what_changed if existing else ""},
    )

    def save(data):
        outcomes.outcome_record(request_id=obj.pk, by=request.user, what_changed=data["what_changed"])
        return "Thank you. What changed has been recorded.", reverse("involvement:detail", args=[obj.pk])

    return form_page(
        request,
        form,
        heading="What changed because of the involvement",
        caption=obj.title,
        save=save,
        cancel_url=reverse("involvement:detail", args=[obj.pk]),
        crumbs=home_crumbs(
            _requests_crumb(), {"label": obj.title, "url": reverse("involvement:detail", args=[obj.pk])}
        ),
    )
