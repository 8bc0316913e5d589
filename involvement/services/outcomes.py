"""Writes for "you said, we did": what changed because of the involvement, recorded by the requester.

The requester records it once the activity is done (completed or closed) and can correct it
later (who and when: the `record_outcome` row of involvement/transitions.py). Each recording is a
line on the request's timeline, so the history says who wrote it when.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import InvolvementRequest, RequestEvent, RequestOutcome
from ..transitions import Action, TransitionNotAllowed, check

OUTCOME_LIMIT = 2000


@transaction.atomic
def outcome_record(*, request_id: int, by, what_changed: str) -> RequestOutcome:
    request = InvolvementRequest.objects.select_for_update().get(pk=request_id)
    what_changed = (what_changed or "").strip()
    try:
        check(Action.RECORD_OUTCOME, request, by)
    except TransitionNotAllowed as refused:
        raise ValidationError({"__all__": str(refused)}) from refused
    if not what_changed:
        raise ValidationError({"what_changed": "Enter what changed because of the involvement"})
    if len(what_changed) > OUTCOME_LIMIT:
        raise ValidationError({"what_changed": f"What changed must be {OUTCOME_LIMIT} characters or fewer"})
    outcome = RequestOutcome.objects.filter(request=request).first()
    if outcome is None:
        outcome = RequestOutcome.objects.create(request=request, what_changed=what_changed, recorded_by=by)
        note = "Recorded what changed (you said, we did)"
    else:
        outcome.what_changed = what_changed
        outcome.recorded_by = by
        outcome.save(update_fields=["what_changed", "recorded_by", "updated_at"])
        note = "Changed what changed (you said, we did)"
    RequestEvent.objects.create(
        request=request, from_status=request.status, to_status=request.status, actor=by, at=timezone.now(), note=note
    )
    return outcome
