"""Activities that have happened, with people booked, for the attendance and payment tests.

Places are taken through the invitation services while the activity is still ahead; then the
dates are moved back, as if time had passed, since nobody can be invited to an activity
whose answers have closed.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from involvement.models import FurtherSession, InvolvementRequest
from involvement.tests.factories import ActivityTypeFactory, approved_request
from together_network.models import (
    Attendance,
    ClaimStatus,
    ExpertByExperience,
    Invitation,
    InvitationStatus,
    PaymentClaim,
)
from together_network.services import invitations
from together_network.services import payments as services
from together_network.tests.factories import ExpertByExperienceFactory, RateFactory
from together_network.tests.portal_support import coordinator, days_ago, happened  # noqa: F401 (used by the payment tests)

TODAY = timezone.localdate()


def activity_with_places(*experts, on: datetime.date | None = None, places: int | None = None, **fields):
    """A network activity on `on` (a week ago unless given) where each of `experts` accepted a place."""
    request = approved_request(places_needed=places or max(len(experts), 1), **fields)
    by = coordinator()
    if experts:
        sent = invitations.invitations_send(request_id=request.pk, expert_ids=[e.pk for e in experts], by=by)
        by_expert = {invitation.expert_id: invitation for invitation in sent}
        for expert in experts:
            invitations.invitation_accept(invitation_id=by_expert[expert.pk].pk)
    return happened(request, on or days_ago(7))


def place_of(request: InvolvementRequest, expert) -> Invitation:
    return Invitation.objects.get(request=request, expert=expert)


def record(request: InvolvementRequest, minutes_by_expert: dict, *, by=None):
    """Record attendance: {expert: minutes, or None for did not attend}, by a coordinator unless `by`."""
    entries = [
        services.AttendanceEntry(place_of(request, expert).pk, minutes is not None, minutes)
        for expert, minutes in minutes_by_expert.items()
    ]
    return services.attendance_record(request=request, entries=entries, by=by or coordinator())


def attend(expert=None, *, minutes: int = 120, on: datetime.date | None = None, by=None, **fields) -> Attendance:
    """One person attended an activity for `minutes`; their attendance (and claim, when paid)."""
    expert = expert or ExpertByExperienceFactory()
    request = activity_with_places(expert, on=on, **fields)
    place = place_of(request, expert)
    services.attendance_record(
        request=request, entries=[services.AttendanceEntry(place.pk, True, minutes)], by=by or coordinator()
    )
    return Attendance.objects.select_related("invitation__request", "invitation__expert").get(invitation=place)


def claim_for(expert=None, *, minutes: int = 120, on: datetime.date | None = None, **fields) -> PaymentClaim:
    """A paid person's claim (waiting for approval) at the standard £25.00 an hour unless a rate exists."""
    from together_network.models import Rate

    if not Rate.objects.exists():
        RateFactory(effective_from=datetime.date(2020, 4, 1))
    attendance = attend(expert, minutes=minutes, on=on, **fields)
    return PaymentClaim.objects.get(attendance=attendance)


def focus_group():
    return ActivityTypeFactory(name="Focus group")


def bulk_claims(count: int, *, status: str = ClaimStatus.SUBMITTED, further: tuple = ()) -> None:
    """`count` claims in a handful of queries: one activity, `count` people with a place, attendance and a claim.

    `further`: (date, planned minutes) of further sessions the activity has.
    """
    request = activity_with_places(on=days_ago(3))
    FurtherSession.objects.bulk_create(
        FurtherSession(request=request, date=day, start_time=datetime.time(10), duration_minutes=minutes)
        for day, minutes in further
    )
    start = ExpertByExperience.objects.count()
    experts = ExpertByExperience.objects.bulk_create(
        ExpertByExperience(full_name=f"Bulk {start + n:05d}", email=f"bulk{start + n}@example.org", status="active")
        for n in range(count)
    )
    places = Invitation.objects.bulk_create(
        Invitation(
            request=request,
            expert=expert,
            status=InvitationStatus.ACCEPTED,
            activity_date=request.activity_date,
            invited_by=request.requester,
        )
        for expert in experts
    )
    attendances = Attendance.objects.bulk_create(
        Attendance(invitation=place, attended=True, actual_minutes=120) for place in places
    )
    PaymentClaim.objects.bulk_create(
        PaymentClaim(
            expert=expert,
            attendance=attendance,
            activity_date=request.activity_date,
            status=status,
            fee=Decimal("50.00"),
            fee_basis="2 hours at £25.00 an hour",
        )
        for expert, attendance in zip(experts, attendances, strict=True)
    )


def assert_constant_queries(client, url, grow, django_assert_num_queries):
    """The page at `url` makes as many queries after `grow()` as before; the response after."""
    client.get(url)  # warm up: sessions, content types and the like
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    return response
