"""Demo rate card, attendance and claims: a rate change last April (so older claims keep the older
rates), paid activities that have happened, and claims in every status, some with expenses and receipts.

Made through the services a coordinator, requester and finance would use. Idempotent: it does
nothing once the rate card has lines. Runs after the involvement demo (it uses its people and teams).
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from demo.involvement import avoiding_bank_holidays
from involvement.models import ActivityType, InvolvementRequest, Mode, Payment
from involvement.services import requests as request_services
from together_network.models import EarningsPeriod, ExpertByExperience, PaymentClaim, PaymentPreference, Rate
from together_network.selectors.matching import ranked_experts
from together_network.services import expenses as expense_services
from together_network.services import invitations
from together_network.services import payments as payment_services
from workforce.models import Team

# (activity type or None for any activity, level, unit, the rate before last April, the rate since)
RATE_CARD = [
    (None, "standard", "hour", "20.00", "22.00"),
    (None, "enhanced", "hour", "30.00", "33.00"),
    ("Interview panel", "standard", "half_day", "60.00", "66.00"),
    ("Interview panel", "standard", "day", "110.00", "120.00"),
    ("Interview panel", "enhanced", "half_day", "80.00", "88.00"),
    ("Interview panel", "enhanced", "day", "150.00", "165.00"),
]
RECEIPT = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def last_april(today: datetime.date) -> datetime.date:
    """1 April this year once it has come, else last year's."""
    this_year = datetime.date(today.year, 4, 1)
    return this_year if today >= this_year else datetime.date(today.year - 1, 4, 1)


def seed(*, requester, team_lead, coordinator, expert_user=None) -> None:
    if Rate.objects.exists():
        return
    today = timezone.localdate()
    change = last_april(today)
    _rate_card(change, by=coordinator)
    eve = ExpertByExperience.objects.filter(user=expert_user).first() if expert_user else None
    if eve is not None:
        # Paid, with a weekly limit agreed for her benefits: her invitation to answer warns her.
        ExpertByExperience.objects.filter(pk=eve.pk).update(
            payment_preference=PaymentPreference.PAID,
            earnings_limit=Decimal("40.00"),
            earnings_limit_period=EarningsPeriod.WEEK,
        )
        eve.refresh_from_db()
    team = Team.objects.get(name="North Community Team")

    def activity(title, *, kind, on, minutes, places, people, level="standard"):
        on = avoiding_bank_holidays(on, later=on >= today)
        request = request_services.request_create(
            by=requester,
            fields={
                "title": title,
                "activity_type": ActivityType.objects.get(name=kind),
                "requesting_team": team,
                "description": f"{title}. People with lived experience shape this from the start.",
                "activity_date": on,
                "start_time": datetime.time(10, 0),
                "duration_minutes": minutes,
                "mode": Mode.IN_PERSON if places > 2 else Mode.ONLINE,
                "location": "Trust headquarters, meeting room 2" if places > 2 else "",
                "places_needed": places,
                "payment": Payment.PAID,
                "rate_level": level,
                "closing_date": today,  # answers were open until the day it was run, as if in time
            },
        )
        request_services.request_submit(request_id=request.pk, by=requester, allow_past_dates=True)
        request_services.request_approve(request_id=request.pk, by=team_lead, allow_past_dates=True)
        chosen = _paid_people(request, places, include=people)
        sent = invitations.invitations_send(request_id=request.pk, expert_ids=[p.pk for p in chosen], by=coordinator)
        for invitation in sent:
            invitations.invitation_accept(invitation_id=invitation.pk)
        InvolvementRequest.objects.filter(pk=request.pk).update(closing_date=on - datetime.timedelta(days=3))
        request.refresh_from_db()
        return request, {invitation.expert_id: invitation for invitation in sent}

    def attended(request, places, minutes_by_place, *, done=True) -> dict[int, PaymentClaim]:
        """Attendance recorded (by the coordinator once the requester marked it done, else by the requester)."""
        if done:
            request_services.request_complete(request_id=request.pk, by=requester)
        payment_services.attendance_record(
            request=request,
            entries=[
                payment_services.AttendanceEntry(place.pk, minutes is not None, minutes)
                for place, minutes in minutes_by_place
            ],
            by=coordinator if done else requester,
        )
        return {
            claim.expert_id: claim
            for claim in PaymentClaim.objects.filter(attendance__invitation__in=[p for p, _m in minutes_by_place])
        }

    # 1. Before last April's change, at the old day rate: approved and paid.
    before = change - datetime.timedelta(days=24)
    panel, places = activity(
        "Recruitment panel for psychology posts", kind="Interview panel", on=before, minutes=300, places=3, people=[]
    )
    claims = attended(panel, places, [(place, 300) for place in places.values()])
    payment_services.claims_approve(claims=list(claims.values()), by=coordinator)
    payment_services.claims_mark_paid(
        claims=list(claims.values()),
        reference=f"BACS {before:%Y-%m}-A",
        paid_on=before + datetime.timedelta(days=14),
        by=coordinator,
    )

    # 2. Since the change, by the hour, with travel: approved and paid.
    focus_on = max(change, today - datetime.timedelta(days=75))
    focus, places = activity(
        "Focus group on the crisis line", kind="Focus group", on=focus_on, minutes=150, places=3, people=[eve]
    )
    claims = attended(focus, places, [(place, 150) for place in places.values()])
    for claim in list(claims.values())[:2]:
        expense_services.expense_add(
            claim=claim, kind="travel", description="Return bus fare", amount=Decimal("5.60"), by=coordinator
        )
    payment_services.claims_approve(claims=list(claims.values()), by=coordinator)
    paid_on = min(today, focus_on + datetime.timedelta(days=14))
    payment_services.claims_mark_paid(
        claims=list(claims.values()), reference=f"BACS {paid_on:%Y-%m}-B", paid_on=paid_on, by=coordinator
    )

    # 3. Three weeks ago, enhanced: one approved and waiting for finance, one turned down.
    review, places = activity(
        "Reviewing the carers' strategy", kind="Document review", on=today - datetime.timedelta(days=20),
        minutes=135, places=2, people=[eve], level="enhanced",
    )  # fmt: skip
    claims = attended(review, places, [(place, 135) for place in places.values()])
    waiting_for_finance, turned_down = _eve_first(list(claims.values()), eve)
    payment_services.claims_approve(claims=[waiting_for_finance], by=coordinator)
    payment_services.claim_reject(
        claim=turned_down,
        reason="This was claimed twice: the same activity is already on another claim, which has been approved.",
        by=coordinator,
    )

    # 4. Last week: claims waiting for approval, with expenses; one person did not come.
    workshop, places = activity(
        "Co-production workshop on discharge", kind="Co-production", on=today - datetime.timedelta(days=6),
        minutes=180, places=4, people=[eve],
    )  # fmt: skip
    absent = next(
        place
        for place in places.values()
        if place.expert_id != getattr(eve, "pk", None) and place.expert.payment_preference == PaymentPreference.PAID
    )
    minutes = [(place, None if place == absent else 170) for place in places.values()]
    claims = attended(workshop, places, minutes, done=False)
    for claim in _eve_first(list(claims.values()), eve)[:2]:
        expense_services.expense_add(
            claim=claim, kind="travel", description="Return train fare", amount=Decimal("12.40"), by=coordinator
        )
        expense_services.expense_add(
            claim=claim,
            kind="care",
            description="Childminder for the afternoon",
            amount=Decimal("24.00"),
            receipt=ContentFile(RECEIPT, name="childminder-receipt.pdf"),
            by=coordinator,
        )


def _rate_card(change: datetime.date, *, by) -> None:
    """Each line as it was from the April before last, then the new rate from last April (which ends the old)."""
    year_before = datetime.date(change.year - 1, 4, 1)
    for kind, level, unit, old, new in RATE_CARD:
        activity_type = ActivityType.objects.get(name=kind) if kind else None
        for since, amount in ((year_before, old), (change, new)):
            payment_services.rate_add(
                activity_type=activity_type, level=level, unit=unit, amount=Decimal(amount), effective_from=since, by=by
            )


def _paid_people(request: InvolvementRequest, count: int, *, include) -> list[ExpertByExperience]:
    """The demo's own people plus the best-ranked others without a login: mostly paid, one volunteer in four."""
    chosen = [person for person in include if person is not None]
    ranked = [person for person in ranked_experts(request=request) if person.user_id is None]
    paid = [person for person in ranked if person.payment_preference == PaymentPreference.PAID]
    volunteers = [person for person in ranked if person.payment_preference != PaymentPreference.PAID]
    if count >= 4 and volunteers:
        chosen.append(volunteers[0])
    return chosen + paid[: count - len(chosen)]


def _eve_first(claims: list[PaymentClaim], eve) -> list[PaymentClaim]:
    return sorted(claims, key=lambda claim: (claim.expert_id != getattr(eve, "pk", None), claim.pk))
