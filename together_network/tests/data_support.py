"""Builders for the pool health, data rights and retention tests: requests, invitations at chosen
times, and pools of thousands made in a few `bulk_create`s (with their history)."""

import datetime
import itertools

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from involvement.models import InvolvementRequest, LivedExperienceArea, Route, Skill, Status
from involvement.tests.factories import InvolvementRequestFactory
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import ExpertByExperience, ExpertStatus, Invitation, InvitationStatus

TODAY = timezone.localdate()
_batch = itertools.count()


def queries_to_open(client, url: str) -> int:
    """How many queries a page takes to answer (200) once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def moment(days_back: int) -> datetime.datetime:
    """Midday, the trust's time, `days_back` days ago: the same calendar day whatever the hour the
    tests run (a time near midnight would fall on another day across a clock change)."""
    return timezone.make_aware(datetime.datetime.combine(days_ago(days_back), datetime.time(12)))


def network_request(*, on: datetime.date, status: str = Status.OPEN, areas=(), skills=(), approved=True, **fields):
    """A network request on `on`, past the team's approval unless `approved=False`."""
    request = InvolvementRequestFactory(route=Route.NETWORK, **fields)
    # Straight to the state wanted, as if its life had happened: the services refuse past dates.
    InvolvementRequest.objects.filter(pk=request.pk).update(
        activity_date=on,
        closing_date=on - datetime.timedelta(days=3),
        status=status,
        team_approved_at=timezone.now() if approved else None,
        submitted_at=timezone.now(),
    )
    request.refresh_from_db()
    request.lived_experience_areas.set([LivedExperienceArea.objects.get(name=name) for name in areas])
    request.skills.set([Skill.objects.get(name=name) for name in skills])
    return request


def invite(
    expert: ExpertByExperience,
    request: InvolvementRequest,
    *,
    status: str = InvitationStatus.INVITED,
    invited: datetime.datetime | None = None,
    wait: datetime.timedelta | None = None,
) -> Invitation:
    """An invitation sent at `invited` and answered `wait` later (unanswered without one)."""
    invited = invited or timezone.now()
    return Invitation.objects.create(
        request=request,
        expert=expert,
        status=status,
        activity_date=request.activity_date,
        invited_by=UserFactory(roles=[Role.NETWORK_COORDINATOR]),
        invited_at=invited,
        answered_at=invited + wait if wait is not None else None,
    )


def bulk_pool(count: int, *, areas=(), skills=()) -> list[ExpertByExperience]:
    """`count` people with their history: most active, some paused, some left, some applicants."""
    batch = next(_batch)
    statuses = [ExpertStatus.ACTIVE] * 6 + [ExpertStatus.PAUSED, ExpertStatus.LEFT, ExpertStatus.APPLICANT]
    people = []
    for index in range(count):
        status = statuses[index % len(statuses)]
        joined = days_ago(30 + index % 700)
        people.append(
            ExpertByExperience(
                full_name=f"Person {batch:03d}-{index:05d}",
                email=f"bulk{batch}-{index}@example.org",
                status=status,
                onboarding_complete=status != ExpertStatus.APPLICANT,
                consent_given_on=joined,
                consent_review_due=joined + datetime.timedelta(days=365 + index % 300),
                joined_on=joined,
                active_from=joined if status != ExpertStatus.APPLICANT else None,
                left_on=days_ago(index % 25) if status == ExpertStatus.LEFT else None,
            )
        )
    created = bulk_create_with_history(people, ExpertByExperience, batch_size=500)
    through_areas = ExpertByExperience.lived_experience_areas.through
    through_skills = ExpertByExperience.skills.through
    if areas:
        through_areas.objects.bulk_create(
            through_areas(expertbyexperience_id=expert.pk, livedexperiencearea_id=areas[i % len(areas)].pk)
            for i, expert in enumerate(created)
        )
    if skills:
        through_skills.objects.bulk_create(
            through_skills(expertbyexperience_id=expert.pk, skill_id=skills[i % len(skills)].pk)
            for i, expert in enumerate(created)
        )
    return created


def bulk_invitations(people: list[ExpertByExperience], *, per_person: int = 2) -> None:
    """Invitations spread over a dozen past requests: accepted, declined, waiting and unanswered."""
    by = UserFactory(roles=[Role.NETWORK_COORDINATOR])
    requests = [
        network_request(on=days_ago(20 + 25 * month), status=Status.FILLED, places_needed=50) for month in range(12)
    ]
    statuses = [
        InvitationStatus.ACCEPTED,
        InvitationStatus.DECLINED,
        InvitationStatus.WAITING,
        InvitationStatus.INVITED,
    ]
    invitations = []
    for index, expert in enumerate(people):
        for turn in range(per_person):
            request = requests[(index + turn) % len(requests)]
            status = statuses[(index + turn) % len(statuses)]
            invited = timezone.now() - datetime.timedelta(days=40 + 25 * ((index + turn) % 12))
            invitations.append(
                Invitation(
                    request=request,
                    expert=expert,
                    status=status,
                    activity_date=request.activity_date,
                    invited_by=by,
                    invited_at=invited,
                    answered_at=None
                    if status == InvitationStatus.INVITED
                    else invited + datetime.timedelta(hours=1 + index % 50),
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=1000)


# --- One person with something in every record ---------------------------------------------------

ROWAN = {
    "full_name": "Rowan Ashby-Quill",
    "email": "rowan.ashby-quill@example.org",
    "phone": "07700 900123",
}


def expert_with_everything(*, status: str = ExpertStatus.ACTIVE):
    """Rowan, with a login and something personal in every kind of record about them, and a
    history of changes, messages to them and a message about them to a coordinator."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from notifications.models import Notification
    from together_network.models import (
        ActivityFeedback,
        ApplicationLink,
        ConsentRecord,
        Expense,
        OnboardingRecord,
        OnboardingStep,
        PartOfDay,
        Weekday,
    )
    from together_network.tests.factories import ExpertByExperienceFactory
    from together_network.tests.payments_support import claim_for

    user = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE], email=ROWAN["email"], full_name=ROWAN["full_name"])
    expert = ExpertByExperienceFactory(
        user=user,
        full_name=ROWAN["full_name"],
        email=ROWAN["email"],
        phone="07700 900000",
        pronouns="they/them",
        preferred_contact="text",
        available_online=True,
        available_in_person=False,
        reasonable_adjustments="Large print papers, please",
        preferences="No evening panels",
        payment_preference="paid",
        earnings_limit=Decimal("120.00"),
        earnings_limit_period="week",
        consent_given_on=days_ago(200),
        consent_review_due=days_ago(-165),
        joined_on=days_ago(210),
        active_from=days_ago(190),
        lived_experience_areas=[LivedExperienceArea.objects.get(name=name) for name in ("Psychosis", "Anxiety")],
        skills=[Skill.objects.get(name="Interviewing")],
    )
    expert.set_availability([(Weekday.MONDAY, PartOfDay.MORNING), (Weekday.TUESDAY, PartOfDay.AFTERNOON)])
    expert.phone = ROWAN["phone"]  # a change, for the history
    expert.save()
    coordinator = UserFactory(roles=[Role.NETWORK_COORDINATOR], full_name="Casey Coordinator")
    ConsentRecord.objects.create(
        expert=expert,
        given_on=days_ago(200),
        review_due=days_ago(-165),
        note="Rowan Ashby-Quill is happy to be quoted",
        recorded_by=coordinator,
    )
    OnboardingRecord.objects.create(
        expert=expert,
        step=OnboardingStep.APPLICATION,
        completed_on=days_ago(210),
        note="Referred by Rowan's care coordinator",
    )
    ApplicationLink.objects.create(
        email=ROWAN["email"], full_name=ROWAN["full_name"], created_by=coordinator, expert=expert, used_at=moment(210)
    )
    # An earlier link to the same address (typed in capitals) that was never used, and its email.
    earlier = ApplicationLink.objects.create(
        email=ROWAN["email"].upper(), full_name=ROWAN["full_name"], created_by=coordinator, created_at=moment(250)
    )
    Notification.objects.create(
        event="network_application_link",
        object_key=f"together_network.applicationlink:{earlier.pk}",
        recipient=None,
        recipient_email=earlier.email,
        subject="Your link to apply to join the Together network",
        body_text=f"Hello {ROWAN['full_name']}, here is your link.",
        body_html=f"<p>Hello {ROWAN['full_name']}, here is your link.</p>",
        link=f"/network/apply/{earlier.pk}/",
    )
    claim = claim_for(expert, minutes=120, on=days_ago(20), title="Ward manager interviews")
    attendance = claim.attendance
    attendance.debrief_note = "Rowan found the panel upsetting; talked it through"
    attendance.debrief_held_on = days_ago(18)
    attendance.save()
    claim.rejected_reason = "Rowan Ashby-Quill sent the wrong form"
    claim.save()
    Expense.objects.create(
        claim=claim,
        kind="travel",
        description="Taxi from Rowan's home",
        amount=Decimal("12.50"),
        receipt=SimpleUploadedFile("taxi-receipt.pdf", b"%PDF-1.4 receipt", content_type="application/pdf"),
    )
    ActivityFeedback.objects.create(
        invitation=attendance.invitation,
        rating=4,
        felt_listened_to=True,
        went_well="Rowan felt heard",
        could_be_better="Shorter sessions",
    )
    Notification.objects.create(
        event="network_expert_paused",
        object_key=f"together_network.expertbyexperience:{expert.pk}:paused",
        recipient=coordinator,
        recipient_email=coordinator.email,
        subject=f"{ROWAN['full_name']} has paused their involvement",
        body_text=f"{ROWAN['full_name']} has paused. Call them on {ROWAN['phone']}?",
        body_html=f"<p>{ROWAN['full_name']} has paused.</p>",
    )
    Notification.objects.create(
        event="claim_approved",
        object_key=f"together_network.paymentclaim:{claim.pk}",
        recipient=user,
        recipient_email=user.email,
        subject="Your claim",
        body_text=f"Dear {ROWAN['full_name']}",
        body_html=f"<p>Dear {ROWAN['full_name']}</p>",
    )
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(ExpertByExperience),
        object_id=str(expert.pk),
        object_repr=ROWAN["full_name"],
        action_flag=CHANGE,
        change_message=f"Changed phone for {ROWAN['full_name']}.",
    )
    if status == ExpertStatus.LEFT:
        expert.status, expert.left_on = ExpertStatus.LEFT, days_ago(5)
        expert.save()
    expert.refresh_from_db()
    return expert
