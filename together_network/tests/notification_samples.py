"""A sample of each of the Together network's notification types, for the test that renders every
registered type (notifications/tests/test_types.py). A new type in together_network/notification_types.py
needs one here. People have logins where the message links to their portal."""

from django.utils import timezone

from involvement.tests.factories import approved_request
from together_network.models import OnboardingRecord, OnboardingStep
from together_network.notification_types import (
    ActivityInTwoDays,
    ActivityToday,
    ApplicationFromAMember,
    ApplicationLinkSent,
    ApplicationReceived,
    ClaimApproved,
    ClaimPaid,
    ClaimRejected,
    ClaimsWaitingForApproval,
    ConsentLapsed,
    ConsentReviewDue,
    DebriefOffered,
    ExpertPaused,
    ExpertReadyAgain,
    ExpertUnpaidForBenefits,
    FeedbackRequested,
    Invited,
    LineupChanged,
    OnboardingStepRecorded,
    OnTheWaitingList,
    PlaceAccepted,
    RequestFilled,
    RequestOpenForMatching,
    expert_recipient,
)
from together_network.services import applications, invitations
from together_network.services.activity_reminders import sessions_of
from together_network.tests.payments_support import claim_for
from together_network.tests.portal_support import coordinator, expert_with_login, invite, past_place


def place():
    """An invitation to an open request, for someone with a portal."""
    [invitation] = invite(approved_request(), expert_with_login())
    return invitation


def _invited():
    invitation = place()
    return Invited(
        invitation=invitation,
        accept_link=invitations.answer_link(invitation, "accept"),
        decline_link=invitations.answer_link(invitation, "decline"),
        earnings_warning="This would take you over the earnings limit you agreed.",
    )


def _filled():
    invitation = place()
    invitations.invitation_accept(invitation_id=invitation.pk)
    request = invitation.request
    return RequestFilled(request=request, filling=request.events.order_by("pk").last())


def _lineup_changed():
    request = approved_request(places_needed=2)
    gave_up, moved_up = invite(request, expert_with_login(), expert_with_login())
    for invitation in (gave_up, moved_up):
        invitations.invitation_accept(invitation_id=invitation.pk)
    return LineupChanged(request=request, gave_up=gave_up, moved_up=moved_up)


def application_link():
    return applications.application_link_send(email="sam@example.org", full_name="Sam Taylor", by=coordinator())


def _link_sent():
    link = application_link()
    return ApplicationLinkSent(
        application_link=link,
        apply_path=applications.application_path(link),
        expires_on=applications.link_expires_on(link),
        coordinator=link.created_by,
    )


def _onboarding_step():
    expert = expert_with_login(onboarding_complete=False)
    record = OnboardingRecord.objects.create(
        expert=expert, step=OnboardingStep.CONVERSATION, completed_on=timezone.localdate()
    )
    return OnboardingStepRecorded(
        expert=expert, record=record, next_step="an induction", still_to_do=["Induction", "Training"]
    )


def _consent(kind):
    expert = expert_with_login()
    return kind(expert=expert, window=f"consent:{expert.pk}", for_coordinator=True, to=[coordinator()])


def _about_an_expert(kind, **extra):
    coordinator()
    expert = expert_with_login()
    return kind(expert=expert, window=f"together_network.expertbyexperience:{expert.pk}:sample", **extra)


def _claims_waiting():
    claim = claim_for(expert_with_login())
    coordinator()
    return ClaimsWaitingForApproval(request=claim.attendance.invitation.request, claims=[claim])


def _reminder(kind, audience):
    invitation = place()
    invitations.invitation_accept(invitation_id=invitation.pk)
    request = invitation.request
    people = [request.requester] if audience == "requester" else [expert_recipient(invitation.expert)]
    return kind(
        request=request,
        session=sessions_of(request)[0],
        audience=audience,
        to=people,
        window=f"involvement.involvementrequest:{request.pk}:session:{request.activity_date:%Y-%m-%d}",
        places_taken=1,
    )


def _open_for_matching():
    coordinator()
    return RequestOpenForMatching(request=approved_request())


SAMPLES = {
    "network_request_open": _open_for_matching,
    "invited": _invited,
    "accepted": lambda: PlaceAccepted(invitation=place()),
    "waiting_list": lambda: OnTheWaitingList(invitation=place()),
    "filled": _filled,
    "lineup_changed": _lineup_changed,
    "network_application_link": _link_sent,
    "network_application_received": lambda: ApplicationReceived(
        application_link=application_link(), expert=expert_with_login()
    ),
    "network_application_already_member": lambda: ApplicationFromAMember(
        application_link=application_link(), expert=expert_with_login()
    ),
    "network_onboarding_step": _onboarding_step,
    "network_consent_review_due": lambda: _consent(ConsentReviewDue),
    "network_consent_lapsed": lambda: _consent(ConsentLapsed),
    "network_expert_paused": lambda: _about_an_expert(ExpertPaused, reason="A busy month at work"),
    "network_ready_again": lambda: _about_an_expert(ExpertReadyAgain),
    "network_unpaid_for_benefits": lambda: _about_an_expert(ExpertUnpaidForBenefits),
    "network_feedback_requested": lambda: FeedbackRequested(invitation=past_place(expert_with_login())),
    "network_debrief_offered": lambda: DebriefOffered(
        attendance=past_place(expert_with_login()).attendance, coordinator=coordinator()
    ),
    "network_claims_waiting": _claims_waiting,
    "network_claim_approved": lambda: ClaimApproved(claim=claim_for(expert_with_login())),
    "network_claim_rejected": lambda: ClaimRejected(claim=claim_for(expert_with_login())),
    "network_claim_paid": lambda: ClaimPaid(claim=claim_for(expert_with_login())),
    "activity_in_two_days": lambda: _reminder(ActivityInTwoDays, "expert"),
    "activity_today": lambda: _reminder(ActivityToday, "requester"),
}
