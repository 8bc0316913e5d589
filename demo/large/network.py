"""The large set's Together network history: invitations answered along their table's paths,
attendance for activities that happened, and claims worked out from the rate card.

Who is invited follows the pool's rules at the time: active after onboarding, consent current
on the day of the invitation, not left before the activity, able to come online or in person.
"""

import bisect
import datetime
import random
from decimal import Decimal

from involvement.models import Mode, Status
from together_network.models import (
    Attendance,
    ClaimStatus,
    ExpertStatus,
    Invitation,
    InvitationStatus,
    PaymentClaim,
    Rate,
)
from together_network.notification_types.common import portal_page
from together_network.selectors import fees

from .history import Planned
from .paths import CLAIM_PATHS, FILL, INVITE, invitation_path

CALLED_OFF_ENDINGS = {Status.EXPIRED, Status.CANCELLED, Status.WITHDRAWN}
ATTENDED_STATUSES = {Status.COMPLETED, Status.CLOSED}


class Pool:
    """The pool ordered by when each person became active, to pick who could be asked on a day."""

    def __init__(self, experts):
        self.experts = experts
        self.active_from = [expert.active_from for expert in experts]

    def askable(self, *, request, day: datetime.date, count: int, generator: random.Random) -> list:
        end = bisect.bisect_right(self.active_from, day)
        chosen, seen = [], set()
        for _ in range(count * 4):
            if len(chosen) == count or end == 0:
                break
            expert = self.experts[generator.randrange(end)]
            if expert.pk in seen or not self._may_ask(expert, request=request, day=day):
                continue
            seen.add(expert.pk)
            chosen.append(expert)
        return chosen

    @staticmethod
    def _may_ask(expert, *, request, day) -> bool:
        if not (expert.consent_given_on and day <= expert.consent_review_due):
            return False
        if expert.left_on is not None and expert.left_on <= request.activity_date:
            return False
        if request.activity_date > datetime.date.today() and expert.status != ExpertStatus.ACTIVE:
            return False
        return expert.available_in_person if request.mode == Mode.IN_PERSON else expert.available_online


def plan_invitations(item: Planned, *, pool: Pool, generator, coordinators, invited_per_request: float) -> None:
    """Invitations and answers for an opened request: the places taken in answer order (the last
    one fills it), later acceptances waiting, others declining or not answering."""
    request = item.request
    invited_at = item.time_of(INVITE)
    if invited_at is None:
        return
    count = max(request.places_needed + 1, int(generator.uniform(0.5, 1.5) * invited_per_request))
    experts = pool.askable(request=request, day=invited_at.date(), count=count, generator=generator)
    filled = item.path.filled
    places = request.places_needed if filled else generator.randint(0, request.places_needed - 1)
    if not filled:
        places = min(places, max(len(experts) - 1, 0))
    if filled and len(experts) < places:
        # Fewer people could be asked than the places wanted: the request asked for as many as came.
        places = request.places_needed = max(len(experts), 1)
    answers = ["accepted"] * places
    rest = len(experts) - places
    waiting = min(rest, generator.randint(0, 2)) if filled else 0
    answers += ["waiting"] * waiting
    rest -= waiting
    answers += [generator.choice(["declined", "declined", "invited"]) for _ in range(rest)]
    called_off = item.path.final in CALLED_OFF_ENDINGS
    answered_until = item.time_of(FILL) or min(
        datetime.datetime.combine(request.closing_date, datetime.time(17), tzinfo=datetime.UTC),
        item.times[-1] if called_off else datetime.datetime.now(datetime.UTC),
    )
    coordinator = coordinators[len(item.invitations) % len(coordinators)]
    for expert, answer in zip(experts, answers, strict=False):
        actions = invitation_path(answer, called_off=called_off)
        status = actions[-1][1] if actions else InvitationStatus.INVITED
        answered = None
        if answer != "invited":
            span = max(int((answered_until - invited_at).total_seconds()), 60)
            answered = invited_at + datetime.timedelta(seconds=generator.randint(30, span))
            if answer == "waiting" and item.time_of(FILL):
                answered = item.time_of(FILL) + datetime.timedelta(hours=generator.randint(1, 30))
        item.invitations.append(
            Invitation(
                request=request,
                expert=expert,
                status=status,
                activity_date=request.activity_date,
                invited_by=coordinator,
                invited_at=invited_at,
                answered_at=answered,
            )
        )


def rate_history(history_start: datetime.date) -> list[Rate]:
    """The rate card's earlier lines: each kind of line as it stood before the card's first, so every
    claim in the history is worked out from a line in force on its day. Rows are added once."""
    lines = {}
    for rate in Rate.objects.order_by("effective_from"):
        lines.setdefault((rate.activity_type_id, rate.level, rate.unit), rate)
    earlier = [
        Rate(
            activity_type_id=rate.activity_type_id,
            level=rate.level,
            unit=rate.unit,
            amount=(rate.amount * Decimal("0.95")).quantize(Decimal("0.01")),
            effective_from=history_start - datetime.timedelta(days=400),
            effective_until=rate.effective_from - datetime.timedelta(days=1),
        )
        for rate in lines.values()
        if rate.effective_from > history_start - datetime.timedelta(days=400)
    ]
    Rate.objects.bulk_create(earlier)
    return list(Rate.objects.all())


def attendance_and_claims(item: Planned, *, rates, generator, today, coordinators):
    """For an activity that happened: who came (from those with a place) and their claims."""
    request = item.request
    if item.path.final not in ATTENDED_STATUSES:
        return []
    done_at = datetime.datetime.combine(
        request.activity_date + datetime.timedelta(days=1), datetime.time(10), tzinfo=datetime.UTC
    )
    out = []
    for invitation in item.invitations:
        if invitation.status != InvitationStatus.ACCEPTED:
            continue
        attended = generator.random() < 0.93
        attendance = Attendance(
            invitation=invitation,
            attended=attended,
            actual_minutes=request.duration_minutes if attended else None,
            recorded_by=request.requester,
            recorded_at=done_at,
        )
        claim = None
        if attended:
            claim = _claim(attendance, rates=rates, generator=generator, today=today, coordinators=coordinators)
        out.append((attendance, claim))
    return out


def _claim(attendance, *, rates, generator, today, coordinators) -> PaymentClaim:
    invitation = attendance.invitation
    request, expert = invitation.request, invitation.expert
    reason = fees.no_fee_reason(request_payment=request.payment, payment_preference=expert.payment_preference)
    if reason:
        fee = fees.Fee(amount=Decimal("0.00"), basis=reason)
    else:
        fee = fees.fee_for_sessions(
            minutes=attendance.actual_minutes,
            sessions=[fees.Session(request.activity_date, request.duration_minutes)],
            rates=rates,
            activity_type_id=request.activity_type_id,
            level=request.rate_level,
        )
    age = (today - request.activity_date).days
    if age > 60:
        status = generator.choices([ClaimStatus.PAID, ClaimStatus.REJECTED, ClaimStatus.APPROVED], [95, 2, 3])[0]
    else:
        status = generator.choice([ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID])
    coordinator = coordinators[expert.pk % len(coordinators)]
    submitted = attendance.recorded_at
    claim = PaymentClaim(
        expert=expert,
        attendance=attendance,
        activity_date=request.activity_date,
        status=status,
        rate=fee.rate,
        fee_basis=fee.basis[: fees.BASIS_LENGTH],
        fee=fee.amount,
        submitted_at=submitted,
    )
    for action, _to in CLAIM_PATHS[status]:
        if action == "approve":
            claim.approved_by, claim.approved_at = (
                coordinator,
                submitted + datetime.timedelta(days=generator.randint(1, 7)),
            )
        elif action == "mark_paid":
            claim.paid_by, claim.paid_at = (
                coordinator,
                claim.approved_at + datetime.timedelta(days=generator.randint(7, 30)),
            )
            claim.payment_reference = f"FIN-{request.activity_date:%Y%m}-{generator.randint(1000, 9999)}"
        elif action == "reject":
            claim.rejected_reason = "We have no record of this session. Contact the network coordinator."
    return claim


def notify_invitations(item: Planned, *, notices, expert_users: dict) -> None:
    """What experts with a login were told: their invitations (receipts of their answers left out, as for staff)."""
    link = portal_page()
    for invitation in item.invitations:
        user = expert_users.get(invitation.expert_id)
        if user is None:
            continue
        key = f"together_network.invitation:{invitation.pk}"
        title = item.request.title
        notices.add(
            event="invited", key=key, user=user, subject=f"Invitation: {title}", link=link, at=invitation.invited_at
        )
