"""Joining the network through the services: adding applicants, the onboarding checklist, consent,
status moves (applicant → active → paused → left), history and the emails people get."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from involvement.models import Status
from involvement.tests.factories import approved_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import (
    ConsentRecord,
    ExpertStatus,
    InvitationStatus,
    OnboardingRecord,
    OnboardingStep,
    PartOfDay,
    PreferredContact,
    Weekday,
)
from together_network.services import invitations
from together_network.services import pool as services
from together_network.tests.factories import LivedExperienceAreaFactory, SkillFactory
from together_network.tests.pool_support import (
    TODAY,
    active_expert,
    applicant,
    days_ago,
    days_ahead,
    make_coordinator,
    ready_applicant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return make_coordinator()


def messages_of(refused: pytest.ExceptionInfo) -> dict:
    return refused.value.message_dict


# --- Adding and changing people ------------------------------------------------------------------


def test_a_new_applicant_has_their_application_recorded_as_the_first_step(coordinator):
    anxiety, writing = LivedExperienceAreaFactory(name="Anxiety"), SkillFactory(name="Writing")

    expert = services.expert_create(
        by=coordinator,
        full_name="Ayo Bello",
        email=" ayo@example.net ",
        lived_experience_areas=[anxiety],
        skills=[writing],
        availability_slots=[(Weekday.MONDAY, PartOfDay.MORNING)],
        joined_on=days_ago(3),
    )

    assert expert.status == ExpertStatus.APPLICANT
    assert expert.email == "ayo@example.net"
    assert list(expert.lived_experience_areas.all()) == [anxiety]
    assert expert.is_available(Weekday.MONDAY, PartOfDay.MORNING)
    [record] = OnboardingRecord.objects.filter(expert=expert)
    assert (record.step, record.completed_on, record.recorded_by) == (
        OnboardingStep.APPLICATION,
        days_ago(3),
        coordinator,
    )
    assert expert.history.earliest().history_user == coordinator
    assert not expert.onboarding_complete


def test_the_details_that_cannot_stand_are_refused_with_the_reason(coordinator):
    applicant(coordinator, email="taken@example.net")

    with pytest.raises(ValidationError) as refused:
        services.expert_create(
            by=coordinator,
            full_name=" ",
            email="TAKEN@example.net",
            preferred_contact=PreferredContact.TEXT,
            available_online=False,
            available_in_person=False,
            earnings_limit=Decimal("100.00"),
        )

    assert messages_of(refused) == {
        "full_name": ["Enter a full name"],
        "email": ["Someone in the Together network already has the email address TAKEN@example.net"],
        "phone": ["Enter a phone number, or choose email as the way to be contacted"],
        "available_online": ["Choose at least one way to take part: online, in person, or both"],
        "earnings_limit_period": ["Choose the period the earnings limit is for"],
    }


def test_an_application_cannot_be_dated_in_the_future(coordinator):
    with pytest.raises(ValidationError) as refused:
        applicant(coordinator, joined_on=days_ahead(1))

    assert messages_of(refused) == {"joined_on": ["The date they applied must be today or in the past"]}


def test_someone_who_left_can_apply_again_with_the_same_email(coordinator):
    former = active_expert(coordinator, email="back@example.net")
    services.expert_leave(expert=former, on=TODAY, by=coordinator)

    again = applicant(coordinator, email="back@example.net")

    assert again.pk != former.pk


def test_only_coordinators_add_or_change_people(coordinator):
    expert = applicant(coordinator)
    requester = UserFactory(roles=[Role.REQUESTER])

    with pytest.raises(PermissionDenied):
        services.expert_create(by=requester, full_name="A", email="a@example.net")
    with pytest.raises(PermissionDenied):
        services.expert_update(expert=expert, by=requester, phone="0123")


def test_a_change_keeps_the_other_details_and_records_who_made_it(coordinator):
    expert = applicant(coordinator, phone="01234 567890", pronouns="they/them")
    other = UserFactory(roles=[Role.NETWORK_COORDINATOR])

    changed = services.expert_update(expert=expert, by=other, pronouns="she/her")

    assert (changed.pronouns, changed.phone) == ("she/her", "01234 567890")
    latest = changed.history.latest()
    assert latest.history_user == other
    assert [change.field for change in latest.diff_against(latest.prev_record).changes] == ["pronouns"]


def test_an_earnings_limit_needs_its_period(coordinator):
    expert = applicant(coordinator)

    with pytest.raises(ValidationError) as refused:
        services.expert_update(expert=expert, by=coordinator, earnings_limit_period="week")
    changed = services.expert_update(
        expert=expert, by=coordinator, earnings_limit=Decimal("183.50"), earnings_limit_period="week"
    )

    assert messages_of(refused) == {"earnings_limit": ["Enter the earnings limit for the period, or choose no period"]}
    assert (changed.earnings_limit, changed.earnings_limit_period) == (Decimal("183.50"), "week")


# --- Onboarding ------------------------------------------------------------------------------------


def test_the_last_required_step_completes_onboarding_and_dbs_is_not_needed(coordinator):
    expert = applicant(coordinator)
    for step in (OnboardingStep.CONVERSATION, OnboardingStep.INDUCTION, OnboardingStep.AGREEMENT):
        services.onboarding_step_record(expert=expert, step=step, completed_on=days_ago(10), by=coordinator)
        expert.refresh_from_db()
        assert not expert.onboarding_complete

    services.onboarding_step_record(expert=expert, step=OnboardingStep.TRAINING, completed_on=TODAY, by=coordinator)

    expert.refresh_from_db()
    assert expert.onboarding_complete
    assert expert.history.latest().history_change_reason == "Onboarding complete"


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (days_ahead(1), {"completed_on": ["The date must be today or in the past"]}),
        (days_ago(61), {"completed_on": [f"The date cannot be before they applied, on {days_ago(60):%-d %B %Y}"]}),
    ],
)
def test_a_step_is_dated_between_the_application_and_today(coordinator, completed_on, message):
    expert = applicant(coordinator, joined_on=days_ago(60))

    with pytest.raises(ValidationError) as refused:
        services.onboarding_step_record(
            expert=expert, step=OnboardingStep.INDUCTION, completed_on=completed_on, by=coordinator
        )

    assert messages_of(refused) == message


def test_each_step_is_recorded_once(coordinator):
    expert = applicant(coordinator)
    services.onboarding_step_record(expert=expert, step=OnboardingStep.DBS, completed_on=days_ago(5), by=coordinator)

    with pytest.raises(ValidationError) as refused:
        services.onboarding_step_record(expert=expert, step=OnboardingStep.DBS, completed_on=TODAY, by=coordinator)

    assert messages_of(refused) == {
        "step": [f"DBS check is already recorded for {expert.full_name}, on {days_ago(5):%-d %B %Y}"]
    }


def test_the_person_is_emailed_each_step_and_what_comes_next_once(coordinator):
    expert = applicant(coordinator, full_name="Ayo Bello", email="ayo@example.net")
    record = services.onboarding_step_record(
        expert=expert, step=OnboardingStep.CONVERSATION, completed_on=TODAY, by=coordinator
    )

    emails = Notification.objects.filter(event="network_onboarding_step", recipient_email="ayo@example.net")
    assert emails.count() == 2  # the application, then the conversation
    latest = emails.get(object_key=f"together_network.onboardingrecord:{record.pk}")
    assert "welcome conversation" in latest.body_text
    assert "What comes next: an induction" in latest.body_text
    assert latest.recipient is None  # no login: an email to their address


# --- Consent ---------------------------------------------------------------------------------------


def test_consent_becomes_the_persons_current_consent(coordinator):
    expert = applicant(coordinator, joined_on=days_ago(400))
    services.consent_record(expert=expert, given_on=days_ago(380), review_due=days_ago(15), by=coordinator)

    record = services.consent_record(
        expert=expert, given_on=days_ago(10), review_due=days_ahead(355), quote_anonymously=True, by=coordinator
    )

    expert.refresh_from_db()
    assert (expert.consent_given_on, expert.consent_review_due) == (days_ago(10), days_ahead(355))
    assert expert.consent_current
    assert record.quote_anonymously and record.recorded_by == coordinator
    assert ConsentRecord.objects.filter(expert=expert).count() == 2


@pytest.mark.parametrize(
    ("given_on", "review_due", "field", "message"),
    [
        (days_ahead(1), days_ahead(300), "given_on", "The date consent was given must be today or in the past"),
        (days_ago(5), days_ago(5), "review_due", "The review date must be after the date consent was given"),
        (
            datetime.date(2024, 2, 29),
            datetime.date(2027, 3, 1),
            "review_due",
            "The review date must be within 3 years of the date consent was given",
        ),
    ],
)
def test_consent_dates_are_checked(coordinator, given_on, review_due, field, message):
    expert = applicant(coordinator, joined_on=datetime.date(2024, 1, 1))

    with pytest.raises(ValidationError) as refused:
        services.consent_record(expert=expert, given_on=given_on, review_due=review_due, by=coordinator)

    assert messages_of(refused) == {field: [message]}


def test_a_review_three_years_on_is_allowed(coordinator):
    expert = applicant(coordinator, joined_on=datetime.date(2024, 1, 1))

    services.consent_record(
        expert=expert, given_on=datetime.date(2024, 2, 29), review_due=datetime.date(2027, 2, 28), by=coordinator
    )


def test_consent_cannot_be_older_than_the_one_recorded_or_the_application(coordinator):
    expert = applicant(coordinator, joined_on=days_ago(100))
    services.consent_record(expert=expert, given_on=days_ago(20), review_due=days_ahead(300), by=coordinator)

    with pytest.raises(ValidationError) as older:
        services.consent_record(expert=expert, given_on=days_ago(30), review_due=days_ahead(300), by=coordinator)
    with pytest.raises(ValidationError) as before_applying:
        services.consent_record(expert=expert, given_on=days_ago(101), review_due=days_ahead(300), by=coordinator)

    assert messages_of(older) == {
        "given_on": [f"A later consent is already recorded, given on {days_ago(20):%-d %B %Y}"]
    }
    assert messages_of(before_applying) == {
        "given_on": [f"Consent cannot be given before they applied, on {days_ago(100):%-d %B %Y}"]
    }


def test_being_in_the_pool_needs_the_two_essential_agreements(coordinator):
    expert = applicant(coordinator)

    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            expert=expert,
            given_on=TODAY,
            review_due=days_ahead(365),
            contact_about_opportunities=False,
            keep_lived_experience=False,
            by=coordinator,
        )

    assert set(messages_of(refused)) == {"contact_about_opportunities", "keep_lived_experience"}
    assert "record that they have left" in messages_of(refused)["keep_lived_experience"][0]


# --- Status moves ----------------------------------------------------------------------------------


def test_an_applicant_becomes_active_once_onboarded_with_consent(coordinator):
    expert = ready_applicant(coordinator)

    active = services.expert_activate(expert=expert, by=coordinator)

    assert (active.status, active.active_from) == (ExpertStatus.ACTIVE, TODAY)
    assert active.history.latest().history_user == coordinator


def test_an_applicant_part_way_cannot_be_made_active_and_is_told_why(coordinator):
    expert = applicant(coordinator, full_name="Ayo Bello")

    with pytest.raises(ValidationError) as refused:
        services.expert_activate(expert=expert, by=coordinator)

    assert messages_of(refused) == {
        "status": [
            "Ayo Bello has not finished onboarding (still to do: welcome conversation, induction, "
            "involvement agreement signed, training)",
            "Ayo Bello's consent has not been recorded",
        ]
    }


def test_lapsed_consent_stops_a_resume_until_reviewed(coordinator):
    expert = active_expert(coordinator)
    services.expert_pause(expert=expert, by=coordinator)
    expert.__class__.objects.filter(pk=expert.pk).update(consent_review_due=days_ago(1))

    with pytest.raises(ValidationError) as refused:
        services.expert_resume(expert=expert, by=coordinator)
    services.consent_record(expert=expert, given_on=TODAY, review_due=days_ahead(365), by=coordinator)
    resumed = services.expert_resume(expert=expert, by=coordinator)

    assert "record their consent again first" in messages_of(refused)["status"][0]
    assert resumed.status == ExpertStatus.ACTIVE


@pytest.mark.parametrize(
    ("move", "from_status", "message"),
    [
        ("expert_activate", ExpertStatus.ACTIVE, "Only an applicant can be made active; {name} is active"),
        ("expert_pause", ExpertStatus.APPLICANT, "Only someone active can be paused; {name} is applicant"),
        ("expert_resume", ExpertStatus.ACTIVE, "Only someone paused can be resumed; {name} is active"),
    ],
)
def test_status_moves_only_from_their_state(coordinator, move, from_status, message):
    expert = active_expert(coordinator) if from_status == ExpertStatus.ACTIVE else applicant(coordinator)

    with pytest.raises(ValidationError) as refused:
        getattr(services, move)(expert=expert, by=coordinator)

    assert messages_of(refused) == {"status": [message.format(name=expert.full_name)]}


def test_a_person_may_pause_themself_and_the_coordinators_are_told(coordinator):
    login = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    expert = active_expert(coordinator, full_name="Ayo Bello")
    expert.user = login
    expert.save()

    paused = services.expert_pause(expert=expert, by=login, reason="A busy month")

    assert paused.status == ExpertStatus.PAUSED
    assert paused.history.latest().history_user == login
    assert paused.history.latest().history_change_reason == "Paused: A busy month"
    [told] = Notification.objects.filter(event="network_expert_paused")
    assert told.recipient == coordinator
    assert "A busy month" in told.body_text


def test_nobody_else_pauses_a_person(coordinator):
    expert = active_expert(coordinator)
    someone_else = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])

    with pytest.raises(PermissionDenied):
        services.expert_pause(expert=expert, by=someone_else)


def test_a_person_who_leaves_gives_up_their_places_and_the_waiting_list_moves(coordinator):
    leaving, waiting, answering_later = (active_expert(coordinator) for _ in range(3))
    activity = approved_request(places_needed=1)
    sent = invitations.invitations_send(
        request_id=activity.pk, expert_ids=[leaving.pk, waiting.pk, answering_later.pk], by=coordinator
    )
    by_person = {invitation.expert_id: invitation for invitation in sent}
    invitations.invitation_accept(invitation_id=by_person[leaving.pk].pk)
    invitations.invitation_accept(invitation_id=by_person[waiting.pk].pk)

    left = services.expert_leave(expert=leaving, on=TODAY, by=coordinator)

    assert (left.status, left.left_on) == (ExpertStatus.LEFT, TODAY)
    statuses = {invitation.expert_id: invitation.status for invitation in activity.invitations.all()}
    assert statuses == {
        leaving.pk: InvitationStatus.WITHDRAWN,
        waiting.pk: InvitationStatus.ACCEPTED,
        answering_later.pk: InvitationStatus.INVITED,
    }
    activity.refresh_from_db()
    assert activity.status == Status.FILLED


def test_a_leaver_s_unanswered_invitations_are_declined(coordinator):
    leaving = active_expert(coordinator)
    activity = approved_request(places_needed=2)
    [invitation] = invitations.invitations_send(request_id=activity.pk, expert_ids=[leaving.pk], by=coordinator)

    services.expert_leave(expert=leaving, on=TODAY, by=coordinator)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (days_ahead(1), "The date they left must be today or in the past"),
        (days_ago(61), f"The date they left cannot be before they applied, on {days_ago(60):%-d %B %Y}"),
    ],
)
def test_a_leaving_date_is_between_applying_and_today(coordinator, on, message):
    expert = applicant(coordinator, joined_on=days_ago(60))

    with pytest.raises(ValidationError) as refused:
        services.expert_leave(expert=expert, on=on, by=coordinator)

    assert messages_of(refused) == {"on": [message]}


def test_nobody_leaves_twice_and_leavers_get_no_more_steps(coordinator):
    expert = applicant(coordinator)
    services.expert_leave(expert=expert, on=TODAY, by=coordinator)

    with pytest.raises(ValidationError) as again:
        services.expert_leave(expert=expert, on=TODAY, by=coordinator)
    with pytest.raises(ValidationError) as step:
        services.onboarding_step_record(
            expert=expert, step=OnboardingStep.INDUCTION, completed_on=TODAY, by=coordinator
        )

    assert messages_of(again) == {"on": [f"{expert.full_name} has already left, on {TODAY:%-d %B %Y}"]}
    assert messages_of(step) == {"step": [f"{expert.full_name} has left the network"]}
