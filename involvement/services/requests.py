"""Writes for involvement requests: every status change goes through one of these functions.

Each is one transaction that checks who is acting and from which state, changes the request,
appends a RequestEvent to its timeline and records the notifications (outbox) the change
causes. Views, admin actions, tasks and commands all call these; nothing else sets a status.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from workforce.models import PeerSupportWorker

from ..models import InvolvementRequest, Payment, RequestEvent, Route, Status
from ..notification_types import (
    ApprovalNeeded,
    PeerSupportWorkerRequested,
    PeerSupportWorkerUnable,
    RequestCancelled,
    RequestConfirmed,
    RequestDecision,
    RequestExpired,
    RequestRedirected,
    RequestSubmitted,
    RequestWithdrawn,
)
from ..selectors import psw_hours_booked
from ..signals import request_ended, request_opened
from ..transitions import Action, TransitionNotAllowed, check


@dataclass
class AllowanceExceeded(Exception):
    """Approving would take a peer support worker over their monthly involvement allowance."""

    peer_support_worker: PeerSupportWorker
    allowance: Decimal
    booked: Decimal
    asked: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.allowance - self.booked, Decimal(0))

    def __str__(self) -> str:
        return (
            f"{self.peer_support_worker} has {self.left} of {self.allowance} hours left that month; "
            f"this request needs {self.asked}."
        )


# --- Helpers ------------------------------------------------------------------------------


def _locked(request_id: int) -> InvolvementRequest:
    return (
        InvolvementRequest.objects.select_for_update(of=("self",))
        .select_related("requesting_team", "peer_support_worker__team", "requester")
        .prefetch_related("further_sessions")
        .get(pk=request_id)
    )


def _move(request: InvolvementRequest, *, to: Status, by, note: str = "") -> RequestEvent:
    event = RequestEvent.objects.create(request=request, from_status=request.status, to_status=to, actor=by, note=note)
    request.status = to
    request.save()
    return event


def _require(condition: bool, message: str) -> None:
    """What the person gives (a reason, dates, someone to approve): checked once the table allows the action."""
    if not condition:
        raise TransitionNotAllowed(message)


# --- Transitions ----------------------------------------------------------------------------


def _set_further_sessions(request: InvolvementRequest, sessions) -> None:
    from ..models import FurtherSession

    request.further_sessions.all().delete()
    FurtherSession.objects.bulk_create([FurtherSession(request=request, **session) for session in sessions])


@transaction.atomic
def request_create(
    *, by, fields: dict, lived_experience_areas=(), skills=(), further_sessions=(), sending: bool = False
) -> InvolvementRequest:
    """A new draft. `sending`: the person chose "Send for approval", so its timeline starts with being
    sent (`request_submit`) rather than "Draft saved"; if the sending is refused, `request_draft_kept` says so."""
    request = InvolvementRequest(requester=by, status=Status.DRAFT, **fields)
    if request.route == Route.NETWORK:
        request.peer_support_worker, request.psw_reason, request.psw_hours = None, "", None
    request.save()
    request.lived_experience_areas.set(lived_experience_areas)
    request.skills.set(skills)
    _set_further_sessions(request, further_sessions)
    if not sending:
        _draft_saved(request, by=by)
    return request


def _draft_saved(request: InvolvementRequest, *, by) -> None:
    RequestEvent.objects.create(request=request, from_status="", to_status=Status.DRAFT, actor=by, note="Draft saved")


@transaction.atomic
def request_draft_kept(*, request_id: int, by) -> None:
    """A new request whose sending was refused stays a draft: its timeline starts with "Draft saved"."""
    request = _locked(request_id)
    if request.status == Status.DRAFT and not request.events.exists():
        _draft_saved(request, by=by)


@transaction.atomic
def request_update(
    *, request_id: int, by, fields: dict, lived_experience_areas=(), skills=(), further_sessions=()
) -> InvolvementRequest:
    request = _locked(request_id)
    check(Action.EDIT, request, by)
    for name, value in fields.items():
        setattr(request, name, value)
    if request.route == Route.NETWORK:
        request.peer_support_worker, request.psw_reason, request.psw_hours = None, "", None
    request.save()
    request.lived_experience_areas.set(lived_experience_areas)
    request.skills.set(skills)
    _set_further_sessions(request, further_sessions)
    return request


@transaction.atomic
def request_submit(*, request_id: int, by, allow_past_dates: bool = False) -> InvolvementRequest:
    """Send a draft for approval. Its dates must still be ahead, unless `allow_past_dates`
    (recording an activity that already happened: imports and demo history)."""
    request = _locked(request_id)
    check(Action.SUBMIT, request, by)
    today = timezone.localdate()
    _require(
        allow_past_dates or (request.activity_date >= today and request.closing_date >= today),
        "The dates of this draft have passed. Change them before you send it for approval.",
    )
    team_leads = {lead.pk for lead in request.requesting_team.leads.filter(is_active=True)} - {by.pk}
    _require(
        bool(team_leads), "Nobody else leads the requesting team, so nobody can approve the request. Ask an admin."
    )
    if request.is_psw_request:
        psw_leads = {lead.pk for lead in request.peer_support_worker.team.leads.filter(is_active=True)} - {by.pk}
        _require(
            bool(psw_leads),
            "Nobody else leads the peer support worker's team, so nobody can approve their time. Ask an admin.",
        )
    request.submitted_at = timezone.now()
    _move(request, to=Status.SUBMITTED, by=by, note="Sent for approval")
    ApprovalNeeded(request=request).send(actor=by)
    RequestSubmitted(request=request).send(actor=by)  # a receipt: whom it went to
    return request


@transaction.atomic
def request_approve(*, request_id: int, by, allow_past_dates: bool = False) -> InvolvementRequest:
    """Approve the parts of the request this lead may approve; fully approved moves it on.

    A lead of both the requesting team and the PSW's team approves both in one decision.
    The PSW's row is locked while their hours are counted, so two approvals at the same
    moment cannot take them over their allowance.
    """
    request = _locked(request_id)
    check(Action.APPROVE, request, by)
    today = timezone.localdate()
    _require(
        allow_past_dates
        or (request.activity_date >= today and (request.is_psw_request or request.closing_date >= today)),
        "The dates of this request have passed, so it can no longer be approved.",
    )
    approves_team = request.team_approved_at is None and request.requesting_team.is_led_by(by)
    approves_psw = (
        request.is_psw_request and request.psw_approved_at is None and request.peer_support_worker.team.is_led_by(by)
    )
    now = timezone.now()
    if approves_psw:
        worker = PeerSupportWorker.objects.select_for_update().get(pk=request.peer_support_worker_id)
        booked = psw_hours_booked(peer_support_worker=worker, month_of=request.activity_date)
        if booked + request.psw_hours > worker.monthly_allowance:
            raise AllowanceExceeded(worker, worker.monthly_allowance, booked, request.psw_hours)
        request.psw_approved_by, request.psw_approved_at = by, now
    if approves_team:
        request.team_approved_by, request.team_approved_at = by, now
    fully_approved = request.team_approved_at and (not request.is_psw_request or request.psw_approved_at)
    if not fully_approved:
        part = "the peer support worker's time" if approves_psw else "the requesting team"
        RequestEvent.objects.create(
            request=request, from_status=request.status, to_status=request.status, actor=by, note=f"Approved for {part}"
        )
        request.save()
        return request
    _move(request, to=Status.APPROVED, by=by)
    _tell_requester_of_decision(request, by=by)
    if request.is_psw_request:
        PeerSupportWorkerRequested(request=request).send(actor=by)
    else:
        _move(request, to=Status.OPEN, by=None, note="Open for the Together network to match and invite")
        request_opened.send(sender=InvolvementRequest, request=request, by=by)
    return request


def _tell_requester_of_decision(request: InvolvementRequest, *, by) -> None:
    RequestDecision(request=request).send(actor=by)


@transaction.atomic
def request_decline(*, request_id: int, by, reason: str) -> InvolvementRequest:
    request = _locked(request_id)
    check(Action.DECLINE, request, by)
    _require(bool(reason.strip()), "Give a reason for declining.")
    request.decision_reason = reason.strip()
    _move(request, to=Status.DECLINED, by=by, note=reason.strip())
    _tell_requester_of_decision(request, by=by)
    return request


@transaction.atomic
def request_redirect_to_network(
    *,
    request_id: int,
    by,
    note: str = "",
    places_needed: int | None = None,
    payment: str | None = None,
    lived_experience_areas=None,
) -> InvolvementRequest:
    """Send a PSW request to the Together network instead; the PSW's time is released.

    The lead may change what the network is asked for on the way (places, paid or voluntary, the
    lived experience wanted); the requester is told what changed. When the lead also leads the
    requesting team, their decision approves the network request.
    """
    request = _locked(request_id)
    check(Action.REDIRECT, request, by)
    _require(places_needed is None or places_needed >= 1, "Ask for at least one place.")
    changes = []
    if places_needed is not None and places_needed != request.places_needed:
        changes.append(f"Places: {request.places_needed} changed to {places_needed}")
        request.places_needed = places_needed
    if payment is not None and payment != request.payment:
        changes.append(
            f"Paid or voluntary: {Payment(request.payment).label.lower()} changed to {Payment(payment).label.lower()}"
        )
        request.payment = payment
    areas_before = sorted(area.name for area in request.lived_experience_areas.all())
    areas_after = areas_before
    if lived_experience_areas is not None:
        areas_after = sorted(area.name for area in lived_experience_areas)
        if areas_after != areas_before:
            before, after = ", ".join(areas_before) or "any", ", ".join(areas_after) or "any"
            changes.append(f"Lived experience wanted: {before} changed to {after}")
    worker = request.peer_support_worker
    request.route = Route.NETWORK
    request.psw_approved_by, request.psw_approved_at = None, None
    _move(request, to=Status.REDIRECTED, by=by, note=note or f"Sent to the Together network instead of {worker}")
    if lived_experience_areas is not None and areas_after != areas_before:
        request.lived_experience_areas.set(lived_experience_areas)
    if changes:
        RequestEvent.objects.create(
            request=request,
            from_status=request.status,
            to_status=request.status,
            actor=by,
            note="Changed for the Together network: " + "; ".join(changes),
        )
    if request.requesting_team.is_led_by(by) or request.team_approved_at:
        if request.team_approved_at is None:
            request.team_approved_by, request.team_approved_at = by, timezone.now()
        _move(request, to=Status.APPROVED, by=by, note="Approved for the Together network")
        _move(request, to=Status.OPEN, by=None, note="Open for the Together network to match and invite")
    else:
        _move(request, to=Status.SUBMITTED, by=by, note="Waiting for the requesting team's approval")
    RequestRedirected(request=request, worker=worker, changes=changes, areas=areas_after).send(actor=by)
    if request.status == Status.OPEN:
        request_opened.send(sender=InvolvementRequest, request=request, by=by)
    return request


@transaction.atomic
def request_withdraw(*, request_id: int, by, reason: str = "") -> InvolvementRequest:
    request = _locked(request_id)
    check(Action.WITHDRAW, request, by)
    was = request.status
    _move(request, to=Status.WITHDRAWN, by=by, note=reason)
    if was != Status.DRAFT:
        _tell_everyone_involved(RequestWithdrawn(request=request, reason=reason), by=by)
    return request


def _tell_everyone_involved(notification: RequestWithdrawn | RequestCancelled, *, by) -> None:
    """The requester, the PSW named (once their lead approved) and approvers still deciding, but not
    the person who acted; the Together network tells the experts by experience with a place or
    waiting (`request_ended`)."""
    notification.send(actor=by)
    request_ended.send(
        sender=InvolvementRequest,
        request=notification.request,
        event=notification.slug,
        subject=notification.subject(),
        reason=notification.reason,
        tell_booked=True,
        by=by,
    )


@transaction.atomic
def request_confirm(*, request_id: int, by) -> InvolvementRequest:
    request = _locked(request_id)
    check(Action.CONFIRM, request, by)
    _move(request, to=Status.CONFIRMED, by=by)
    RequestConfirmed(request=request).send(actor=by)
    return request


@transaction.atomic
def request_psw_decline(*, request_id: int, by, reason: str = "") -> InvolvementRequest:
    """The peer support worker named cannot take part; their hours are released."""
    request = _locked(request_id)
    check(Action.PSW_DECLINE, request, by)
    request.decision_reason = reason.strip()
    _move(request, to=Status.DECLINED, by=by, note=reason.strip() or f"{request.peer_support_worker} cannot take part")
    PeerSupportWorkerUnable(request=request, reason=reason).send(actor=by)
    return request


@transaction.atomic
def request_cancel(*, request_id: int, by, reason: str) -> InvolvementRequest:
    """Called off after approval: everyone booked is told (invitations are told in their turn)."""
    request = _locked(request_id)
    check(Action.CANCEL, request, by)
    _require(bool(reason.strip()), "Give a reason for cancelling.")
    _move(request, to=Status.CANCELLED, by=by, note=reason.strip())
    _tell_everyone_involved(RequestCancelled(request=request, reason=reason), by=by)
    return request


@transaction.atomic
def request_complete(*, request_id: int, by) -> InvolvementRequest:
    request = _locked(request_id)
    check(Action.COMPLETE, request, by)
    _move(request, to=Status.COMPLETED, by=by)
    return request


@transaction.atomic
def request_close(*, request_id: int, by, note: str = "") -> InvolvementRequest:
    request = _locked(request_id)
    check(Action.CLOSE, request, by)
    _move(request, to=Status.CLOSED, by=by, note=note)
    return request


@transaction.atomic
def request_expire(*, request_id: int) -> InvolvementRequest:
    """The closing date passed and places are unfilled (run by a scheduled job)."""
    request = _locked(request_id)
    check(Action.EXPIRE, request, None)
    _move(request, to=Status.EXPIRED, by=None, note="The closing date passed before the places were filled")
    request_ended.send(
        sender=InvolvementRequest,
        request=request,
        event="expired",
        subject=f"Expired: {request.title}",
        reason="",
        tell_booked=False,
    )
    RequestExpired(request=request).send()
    return request
