"""The expert by experience's portal: invitations with everything needed to decide (content notes
before the accept button), what is coming up with a way to give up a place without a reason, past
activities with feedback to give, and the way to their details, payments and pausing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from involvement.models import RequestOutcome, Status
from involvement.tests.factories import ActivityTypeFactory, approved_request
from peersupport.accounts.roles import Role
from together_network.models import ActivityFeedback, ExpertStatus, FeedbackRating, InvitationStatus, PaymentPreference
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import (
    expert_with_login,
    invite,
    page_text,
    past_place,
)

pytestmark = pytest.mark.django_db

PORTAL = reverse("together_network:portal")
CONTENT_NOTES = "We will talk about experiences of restraint on wards."


@pytest.fixture
def eve(client):
    expert = expert_with_login(full_name="Eve Morgan", payment_preference=PaymentPreference.PAID)
    client.force_login(expert.user)
    return expert


@pytest.fixture
def invitation(eve):
    request = approved_request(
        title="Restrictive practice focus group",
        activity_type=ActivityTypeFactory(name="Focus group"),
        content_notes=CONTENT_NOTES,
        duration_minutes=90,
        mode="in_person",
        location="Trust headquarters, room 2",
        places_needed=1,
    )
    [sent] = invite(request, eve)
    return sent


def test_an_invitation_says_what_when_where_how_long_and_the_pay(client, invitation):
    words = page_text(client.get(PORTAL))

    request = invitation.request
    assert "Restrictive practice focus group" in words
    assert "What Focus group" in words
    assert f"When {request.activity_date:%A %-d %B %Y} at 10am" in words
    assert "How long 1 hour 30 minutes" in words
    assert "Where In person: Trust headquarters, room 2" in words
    assert "Pay Paid, at the trust's standard rate" in words


def test_the_content_notes_come_before_the_accept_button(client, invitation):
    html = client.get(PORTAL).content.decode()

    assert CONTENT_NOTES in html
    assert html.index(CONTENT_NOTES) < html.index(reverse("together_network:accept", args=[invitation.pk]))
    assert "Before you answer" in html


def test_the_emailed_answer_page_shows_the_content_notes_before_its_button(client, invitation):
    client.logout()
    link = invitations.answer_link(invitation, "accept")

    html = client.get(link).content.decode()

    assert CONTENT_NOTES in html
    assert html.index(CONTENT_NOTES) < html.index("Yes, I would like to take part")
    assert "1 hour 30 minutes" in html


def test_accepting_asks_first_then_takes_the_place(client, invitation):
    page = reverse("together_network:accept", args=[invitation.pk])
    assert page in client.get(PORTAL).content.decode()

    confirm = client.get(page)

    assert confirm.status_code == 200
    words = page_text(confirm)
    assert "Accept this invitation?" in words
    assert f"take part in this focus group on {invitation.request.activity_date:%A %-d %B %Y} at 10am" in words
    assert CONTENT_NOTES in words
    assert "No, go back without answering" in words
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED  # opening the page changes nothing

    response = client.post(page, follow=True)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert "Thank you for accepting." in page_text(response)


def test_an_answered_invitation_cannot_be_accepted_again(client, invitation):
    invitations.invitation_decline(invitation_id=invitation.pk)

    response = client.get(reverse("together_network:accept", args=[invitation.pk]), follow=True)

    assert "This invitation has already been answered." in page_text(response)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_nobody_can_accept_someone_elses_invitation(client, invitation, login_as):
    other = ExpertByExperienceFactory()
    [theirs] = invite(invitation.request, other)

    assert client.get(reverse("together_network:accept", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("together_network:accept", args=[theirs.pk])).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == InvitationStatus.INVITED


def test_someone_who_chose_not_to_be_paid_is_told_so_on_a_paid_invitation(client, eve, invitation):
    eve.payment_preference = PaymentPreference.UNPAID_BENEFITS
    eve.save()

    assert "You have chosen to take part without a fee" in page_text(client.get(PORTAL))


def test_a_place_coming_up_offers_to_give_it_up_without_a_reason(client, invitation):
    invitations.invitation_accept(invitation_id=invitation.pk)

    response = client.get(PORTAL)

    assert response.context["invitations"]["upcoming"] == [invitation]
    words = page_text(response)
    assert "I can no longer come" in words
    assert "You do not need to give a reason. It will not count against you." in words
    assert reverse("together_network:give_up", args=[invitation.pk]) in response.content.decode()


def test_giving_up_a_place_asks_first_then_frees_it(client, invitation):
    invitations.invitation_accept(invitation_id=invitation.pk)
    page = reverse("together_network:give_up", args=[invitation.pk])

    confirm = client.get(page)
    assert confirm.status_code == 200
    assert "You do not need to give a reason. It will not count against you." in page_text(confirm)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED  # opening the page changes nothing

    response = client.post(page, follow=True)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    assert invitation.request.status == Status.OPEN
    assert "You have given up your place." in page_text(response)


def test_someone_on_the_waiting_list_can_come_off_it(client, invitation):
    other = ExpertByExperienceFactory()
    [theirs] = invite(invitation.request, other)
    invitations.invitation_accept(invitation_id=theirs.pk)
    invitations.invitation_accept(invitation_id=invitation.pk)  # the place is taken: waiting

    page = reverse("together_network:give_up", args=[invitation.pk])
    assert "Yes, take me off the waiting list" in page_text(client.get(page))
    client.post(page)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_there_is_nothing_to_give_up_without_a_place(client, invitation):
    response = client.get(reverse("together_network:give_up", args=[invitation.pk]), follow=True)

    assert "You do not have a place at this activity." in page_text(response)


def test_nobody_can_give_up_someone_elses_place(client, login_as):
    other = ExpertByExperienceFactory()
    [theirs] = invite(approved_request(), other)
    invitations.invitation_accept(invitation_id=theirs.pk)
    ExpertByExperienceFactory(user=login_as(Role.EXPERT_BY_EXPERIENCE))

    assert client.get(reverse("together_network:give_up", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("together_network:give_up", args=[theirs.pk])).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == InvitationStatus.ACCEPTED


@pytest.mark.parametrize("role", [role for role in Role if role != Role.EXPERT_BY_EXPERIENCE])
def test_other_roles_cannot_give_up_a_place(client, login_as, role):
    other = ExpertByExperienceFactory()
    [theirs] = invite(approved_request(), other)
    invitations.invitation_accept(invitation_id=theirs.pk)
    login_as(role)

    assert client.get(reverse("together_network:give_up", args=[theirs.pk])).status_code == 403


def test_past_activities_offer_feedback_until_it_is_given(client, eve):
    place = past_place(eve, title="Carers' leaflet review")

    response = client.get(PORTAL)
    feedback_page = reverse("together_network:give_feedback", args=[place.pk])
    assert response.context["invitations"]["past"] == [place]
    assert feedback_page in response.content.decode()

    ActivityFeedback.objects.create(invitation=place, rating=FeedbackRating.GOOD, felt_listened_to=True)
    response = client.get(PORTAL)

    assert feedback_page not in response.content.decode()
    assert "You gave feedback. Thank you." in page_text(response)


def test_past_activities_show_what_changed_because_of_them(client, eve):
    place = past_place(eve)
    RequestOutcome.objects.create(
        request=place.request, what_changed="We rewrote the leaflet's first page.", recorded_by=place.request.requester
    )

    assert "What changed because of it: We rewrote the leaflet's first page." in page_text(client.get(PORTAL))


def test_past_activities_are_only_those_they_had_a_place_at(client, eve):
    declined = invite(approved_request(title="Declined panel"), eve)[0]
    invitations.invitation_decline(invitation_id=declined.pk)
    from together_network.tests.portal_support import days_ago, happened

    happened(declined.request, days_ago(3))

    assert client.get(PORTAL).context["invitations"]["past"] == []


def test_the_portal_links_to_details_payments_and_pausing(client, eve):
    html = client.get(PORTAL).content.decode()

    assert reverse("together_network:details") in html
    assert reverse("together_network:portal_payments") in html
    assert reverse("together_network:pause") in html


def test_a_paused_person_sees_they_are_paused_and_how_to_come_back(client, eve):
    eve.status = ExpertStatus.PAUSED
    eve.save()

    response = client.get(PORTAL)

    assert "Your involvement is paused." in page_text(response)
    assert "I am ready to be invited again" in page_text(response)
    assert reverse("together_network:pause") not in response.content.decode()


def test_the_portal_reads_the_same_number_of_queries_however_many_activities(client, eve):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PORTAL).status_code == 200
        return len(captured)

    past_place(eve)
    invite(approved_request(content_notes="Notes"), eve)
    few = queries()
    for _ in range(8):
        past_place(eve)
        invite(approved_request(content_notes="Notes"), eve)

    assert queries() == few


def test_the_home_page_says_when_there_is_feedback_to_give(client, eve):
    past_place(eve)

    assert "You can give feedback on 1 past activity." in page_text(client.get(reverse("home")))
