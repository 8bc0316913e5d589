"""Rule 6: experts by experience answer from the portal or from signed links in the email.

Places fill in order of acceptance, later acceptances join a waiting list and are told so, and
a withdrawal promotes the first person waiting. The signed links are single use, stop working
after the closing date and change nothing until the person presses the button.
"""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRequest, RequestEvent, Status
from involvement.services import requests as services
from involvement.services.requests import TransitionNotAllowed
from involvement.tests.factories import approved_request, days_from_today, make_team_lead
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import Invitation, InvitationStatus
from together_network.services import invitations
from together_network.tests.factories import ConsentRecordFactory, ExpertByExperienceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(roles=[Role.NETWORK_COORDINATOR])


@pytest.fixture
def invite(coordinator):
    """Invite new experts with these names to the request; their invitations, in the order named.

    Each has agreed to their name being shared with the requester when booked.
    """

    def send(request: InvolvementRequest, *full_names: str) -> list[Invitation]:
        people = [ExpertByExperienceFactory(full_name=name) for name in full_names]
        for person in people:
            ConsentRecordFactory(expert=person, share_name_when_booked=True)
        sent = invitations.invitations_send(request_id=request.pk, expert_ids=[p.pk for p in people], by=coordinator)
        by_expert = {invitation.expert_id: invitation for invitation in sent}
        return [by_expert[person.pk] for person in people]

    return send


def accept(invitation: Invitation) -> Invitation:
    return invitations.invitation_accept(invitation_id=invitation.pk)


def fresh(thing):
    thing.refresh_from_db()
    return thing


def statuses(invitations_: list[Invitation]) -> list[str]:
    return [fresh(invitation).status for invitation in invitations_]


def notified(event: str, obj) -> list[Notification]:
    return list(Notification.objects.filter(event=event, object_key=f"{obj._meta.label_lower}:{obj.pk}"))


def told_filled(request) -> list[Notification]:
    """The requester's "filled" notifications about this request, newest first."""
    return list(
        Notification.objects.filter(event="filled", recipient=request.requester, subject=f"Filled: {request.title}")
    )


def filled_events(request) -> list[RequestEvent]:
    """The moves into "filled" (not the notes made while it stays filled, such as someone moving up)."""
    return list(
        RequestEvent.objects.filter(request=request, to_status=Status.FILLED).exclude(from_status=Status.FILLED)
    )


# --- Places, the waiting list and withdrawals -----------------------------------------------------------


def test_places_fill_in_the_order_people_accept(invite):
    request = approved_request(places_needed=2)
    aled, bea, cai, dee = invite(request, "Aled", "Bea", "Cai", "Dee")

    answers = [accept(cai).status, accept(aled).status, accept(dee).status]

    assert answers == [InvitationStatus.ACCEPTED, InvitationStatus.ACCEPTED, InvitationStatus.WAITING]
    assert statuses([aled, bea, cai, dee]) == [
        InvitationStatus.ACCEPTED,
        InvitationStatus.INVITED,
        InvitationStatus.ACCEPTED,
        InvitationStatus.WAITING,
    ]


def test_the_acceptance_that_fills_the_last_place_fills_the_request_and_tells_the_requester_who_is_coming(
    invite, django_capture_on_commit_callbacks
):
    request = approved_request(places_needed=2)
    aled, bea, cai = invite(request, "Aled Jones", "Bea Smith", "Cai Not Answering")

    accept(aled)
    assert fresh(request).status == Status.OPEN
    assert told_filled(request) == []

    with django_capture_on_commit_callbacks(execute=True):
        accept(bea)

    assert fresh(request).status == Status.FILLED
    [event] = filled_events(request)
    assert (event.from_status, event.actor) == (Status.OPEN, None)
    [told] = told_filled(request)
    assert told.recipient_email == request.requester.email
    assert "Aled Jones" in told.body_text
    assert "Bea Smith" in told.body_text
    assert "Cai Not Answering" not in told.body_text
    [email] = [message for message in mail.outbox if message.to == [request.requester.email]]
    assert "Aled Jones" in email.body
    assert "Bea Smith" in email.body
    assert [row.recipient_email for row in notified("accepted", bea)] == [bea.expert.email]


def test_later_acceptances_join_the_waiting_list_and_are_told_so(invite):
    request = approved_request(places_needed=1)
    first, later = invite(request, "First", "Later")
    accept(first)

    answered = accept(later)

    assert answered.status == InvitationStatus.WAITING
    assert answered.answered_at is not None
    [told] = notified("waiting_list", later)
    assert told.recipient_email == later.expert.email
    assert "waiting list" in told.body_text
    assert notified("accepted", later) == []
    assert fresh(request).status == Status.FILLED
    assert len(filled_events(request)) == 1


def test_a_withdrawal_promotes_the_person_who_has_waited_longest_and_tells_them(invite):
    request = approved_request(places_needed=1)
    leaving, waiting_second, waiting_first = invite(request, "Leaving", "Waiting Second", "Waiting First")
    accept(leaving)
    # Invited before them, but answered after: the answer's time decides, not the invitation's.
    accept(waiting_first)
    accept(waiting_second)
    assert fresh(waiting_second).answered_at > fresh(waiting_first).answered_at

    invitations.invitation_withdraw(invitation_id=leaving.pk)

    assert statuses([leaving, waiting_first, waiting_second]) == [
        InvitationStatus.WITHDRAWN,
        InvitationStatus.ACCEPTED,
        InvitationStatus.WAITING,
    ]
    [told] = notified("accepted", waiting_first)
    assert told.subject == f"A place has come up: {request.title}"
    assert notified("accepted", waiting_second) == []
    assert fresh(request).status == Status.FILLED
    assert len(filled_events(request)) == 1


def test_giving_up_a_place_with_nobody_waiting_reopens_a_filled_request(invite):
    request = approved_request(places_needed=1)
    [leaving] = invite(request, "Leaving Person")
    accept(leaving)
    assert fresh(request).status == Status.FILLED

    invitations.invitation_withdraw(invitation_id=leaving.pk)

    assert fresh(leaving).status == InvitationStatus.WITHDRAWN
    assert fresh(request).status == Status.OPEN
    reopened = RequestEvent.objects.filter(request=request).last()
    assert (reopened.from_status, reopened.to_status, reopened.actor) == (Status.FILLED, Status.OPEN, None)
    # The timeline is read by the requesting team's leads as well, so it names nobody.
    assert reopened.note == "Someone gave up their place"


def test_stepping_off_the_waiting_list_changes_nobody_elses_place(invite):
    request = approved_request(places_needed=1)
    coming, waiting = invite(request, "Coming", "Waiting")
    accept(coming)
    accept(waiting)

    invitations.invitation_withdraw(invitation_id=waiting.pk)

    assert statuses([coming, waiting]) == [InvitationStatus.ACCEPTED, InvitationStatus.WITHDRAWN]
    assert fresh(request).status == Status.FILLED


def test_declining_needs_no_reason_and_changes_no_places(invite):
    request = approved_request(places_needed=1)
    [declining] = invite(request, "Declining")

    answered = invitations.invitation_decline(invitation_id=declining.pk)

    assert answered.status == InvitationStatus.DECLINED
    assert answered.answered_at is not None
    assert fresh(request).status == Status.OPEN


def test_an_answered_invitation_cannot_be_answered_again(invite):
    request = approved_request()
    [declined] = invite(request, "Declined")
    invitations.invitation_decline(invitation_id=declined.pk)

    with pytest.raises(TransitionNotAllowed):
        accept(declined)
    with pytest.raises(TransitionNotAllowed):
        invitations.invitation_withdraw(invitation_id=declined.pk)

    assert fresh(declined).status == InvitationStatus.DECLINED


def test_a_request_that_fills_again_after_a_withdrawal_tells_the_requester_who_is_now_coming(invite):
    request = approved_request(places_needed=1)
    leaving, replacement = invite(request, "Leaving Person", "Replacement Person")
    accept(leaving)
    invitations.invitation_withdraw(invitation_id=leaving.pk)

    accept(replacement)

    assert fresh(request).status == Status.FILLED
    assert len(filled_events(request)) == 2
    latest, first = told_filled(request)
    assert "Leaving Person" in first.body_text
    assert "Replacement Person" in latest.body_text
    assert "Leaving Person" not in latest.body_text


def test_cancelling_a_request_tells_the_experts_who_have_a_place(invite):
    request = approved_request(places_needed=1)
    coming, waiting = invite(request, "Coming", "Waiting")
    accept(coming)
    accept(waiting)

    services.request_cancel(request_id=request.pk, by=request.requester, reason="The panel has been postponed")

    told = set(Notification.objects.filter(event="cancelled").values_list("recipient_email", flat=True))
    assert {coming.expert.email, waiting.expert.email} <= told


def test_the_experts_told_of_a_cancellation_are_sent_to_their_portal_not_the_staff_request_page(invite, settings):
    settings.SITE_URL = "http://127.0.0.1:8100"
    request = approved_request(places_needed=1)
    (coming,) = invite(request, "Coming Person")
    accept(coming)

    services.request_cancel(request_id=request.pk, by=request.requester, reason="The panel has been postponed")

    told = Notification.objects.get(event="cancelled", recipient_email=coming.expert.email)
    assert "Your involvement: http://127.0.0.1:8100/network/my-involvement/" in told.body_text
    assert f"/involvement/{request.pk}/" not in told.body_text


# --- Signed links in the email ------------------------------------------------------------------------------


def link(invitation: Invitation, answer: str = "accept") -> str:
    return invitations.answer_link(invitation, answer)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def unchanged(invitation: Invitation) -> bool:
    before = (invitation.status, invitation.answered_at)
    invitation.refresh_from_db()
    return (invitation.status, invitation.answered_at) == before


@pytest.fixture
def invitation(invite):
    [invitation] = invite(approved_request(title="Leaflet review", places_needed=1), "Nia Evans")
    return invitation


def test_opening_an_accept_link_asks_for_confirmation_and_changes_nothing(client, invitation):
    """Email scanners open links: only pressing the button answers."""
    response = client.get(link(invitation))

    assert response.status_code == 200
    assert "Yes, I would like to take part" in text(response)
    assert "Leaflet review" in text(response)
    assert unchanged(invitation)
    assert invitation.status == InvitationStatus.INVITED
    assert notified("accepted", invitation) == []


def test_pressing_the_button_on_an_accept_link_accepts_without_logging_in(client, invitation):
    response = client.post(link(invitation))

    assert response.status_code == 200
    assert "You have a place" in text(response)
    assert "_auth_user_id" not in client.session
    assert fresh(invitation).status == InvitationStatus.ACCEPTED
    assert len(notified("accepted", invitation)) == 1
    assert fresh(invitation.request).status == Status.FILLED


def test_an_accept_link_used_again_says_already_answered_and_changes_nothing(client, invitation):
    client.post(link(invitation))
    accepted = fresh(invitation)
    notifications_before = Notification.objects.count()

    opened = client.get(link(invitation))
    pressed = client.post(link(invitation))

    assert opened.status_code == 200
    assert "You have already answered this invitation: you have a place. Nothing will change." in text(opened)
    assert "Yes, I would like to take part" not in text(opened)
    assert pressed.status_code == 409
    assert "You have already answered this invitation. Nothing has changed." in text(pressed)
    assert unchanged(accepted)
    assert accepted.status == InvitationStatus.ACCEPTED
    assert Notification.objects.count() == notifications_before


def test_the_answer_page_names_the_pay_row_pay(client, invitation):
    opened = text(client.get(link(invitation)))

    assert '<dt class="nhsuk-summary-list__key">Pay</dt>' in opened
    assert '<dt class="nhsuk-summary-list__key">Paid</dt>' not in opened


def test_the_decline_link_of_an_accepted_invitation_changes_nothing(client, invitation):
    client.post(link(invitation, "accept"))
    accepted = fresh(invitation)

    response = client.post(link(invitation, "decline"))

    assert response.status_code == 409
    assert unchanged(accepted)
    assert accepted.status == InvitationStatus.ACCEPTED


def tampered(token: str, position: int) -> str:
    replacement = "A" if token[position] != "A" else "B"
    return token[:position] + replacement + token[position + 1 :]


@pytest.mark.parametrize("where", ["in the signature", "in the data", "at the end"])
def test_a_tampered_link_cannot_be_used_and_changes_nothing(client, invitation, where):
    token = invitations.answer_token(invitation, "accept")
    position = {"in the signature": len(token) - 10, "in the data": 3, "at the end": len(token) - 1}[where]
    url = reverse("together_network:answer_by_link", args=[tampered(token, position)])

    opened, pressed = client.get(url), client.post(url)

    for response in (opened, pressed):
        assert response.status_code == 400
        assert "This link cannot be used" in text(response)
        assert "has been changed, so it cannot be used" in text(response)
    assert unchanged(invitation)
    assert invitation.status == InvitationStatus.INVITED


@pytest.mark.parametrize("kind", ["no such invitation", "an unknown answer", "no invitation"])
def test_a_signed_link_that_does_not_stand_for_an_answer_cannot_be_used(client, invitation, kind):
    data = {
        "no such invitation": {"invitation": invitation.pk + 1000, "answer": "accept"},
        "an unknown answer": {"invitation": invitation.pk, "answer": "maybe"},
        "no invitation": {"answer": "accept"},
    }[kind]
    url = reverse("together_network:answer_by_link", args=[signing.dumps(data, salt=invitations.TOKEN_SALT)])

    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert unchanged(invitation)
    assert invitation.status == InvitationStatus.INVITED


def test_a_token_signed_for_something_else_cannot_be_used(client, invitation):
    token = signing.dumps({"invitation": invitation.pk, "answer": "accept"}, salt="some.other.purpose")

    assert client.post(reverse("together_network:answer_by_link", args=[token])).status_code == 400
    assert fresh(invitation).status == InvitationStatus.INVITED


def test_a_link_after_the_closing_date_changes_nothing(client, invitation):
    # Time has moved on: the last day to answer was yesterday.
    InvolvementRequest.objects.filter(pk=invitation.request_id).update(closing_date=days_from_today(-1))

    opened = client.get(link(invitation))
    pressed = client.post(link(invitation))

    assert opened.status_code == 200
    assert "The closing date for answers has passed, so this link no longer works." in text(opened)
    assert "Yes, I would like to take part" not in text(opened)
    assert pressed.status_code == 409
    assert "The closing date for answers has passed, so this link no longer works." in text(pressed)
    assert unchanged(invitation)
    assert invitation.status == InvitationStatus.INVITED
    assert notified("accepted", invitation) == []


def test_a_link_on_the_closing_date_still_works(client, invitation):
    InvolvementRequest.objects.filter(pk=invitation.request_id).update(closing_date=timezone.localdate())

    response = client.post(link(invitation))

    assert response.status_code == 200
    assert fresh(invitation).status == InvitationStatus.ACCEPTED


def test_an_accept_link_for_a_cancelled_activity_changes_nothing(client, invitation):
    request = invitation.request
    services.request_cancel(request_id=request.pk, by=request.requester, reason="The review is no longer needed")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CALLED_OFF

    response = client.post(link(invitation))

    assert response.status_code == 409
    assert "no longer looking for people" in text(response)
    assert unchanged(invitation)


def test_the_decline_link_declines_after_confirmation_without_logging_in(client, invitation):
    opened = client.get(link(invitation, "decline"))
    assert opened.status_code == 200
    assert "No, decline this invitation" in text(opened)
    assert fresh(invitation).status == InvitationStatus.INVITED

    pressed = client.post(link(invitation, "decline"))

    assert pressed.status_code == 200
    assert "You have declined" in text(pressed)
    assert fresh(invitation).status == InvitationStatus.DECLINED
    assert fresh(invitation.request).status == Status.OPEN


def test_accepting_by_link_when_the_places_are_taken_puts_the_person_on_the_waiting_list(client, invite):
    request = approved_request(places_needed=1)
    first, second = invite(request, "First", "Second")
    accept(first)

    response = client.post(link(second))

    assert response.status_code == 200
    assert "You are on the waiting list" in text(response)
    assert fresh(second).status == InvitationStatus.WAITING


def test_the_links_in_the_invitation_email_answer_the_invitation(client, invitation):
    [email] = notified("invited", invitation)
    paths = dict(re.findall(r"^(Accept|Decline): \S*?(/network/invitations/answer/\S+/)$", email.body_text, re.M))
    assert set(paths) == {"Accept", "Decline"}

    assert client.get(paths["Accept"]).status_code == 200
    assert fresh(invitation).status == InvitationStatus.INVITED
    assert client.post(paths["Accept"]).status_code == 200
    assert fresh(invitation).status == InvitationStatus.ACCEPTED
    assert client.post(paths["Decline"]).status_code == 409
    assert fresh(invitation).status == InvitationStatus.ACCEPTED


# --- The expert's portal ---------------------------------------------------------------------------------------


def answer_url(invitation: Invitation) -> str:
    return reverse("together_network:answer", args=[invitation.pk])


@pytest.fixture
def expert_logged_in(client, login_as):
    """An expert by experience with a login, logged in to the test client."""
    return ExpertByExperienceFactory(full_name="Nia Evans", user=login_as(Role.EXPERT_BY_EXPERIENCE))


@pytest.fixture
def portal_invitation(expert_logged_in, coordinator):
    request = approved_request(title="Leaflet review", places_needed=1)
    [invitation] = invitations.invitations_send(request_id=request.pk, expert_ids=[expert_logged_in.pk], by=coordinator)
    return invitation


def test_the_portal_lists_invitations_to_answer(client, portal_invitation):
    response = client.get(reverse("together_network:portal"))

    assert response.status_code == 200
    assert response.context["invitations"]["to_answer"] == [portal_invitation]
    assert "Leaflet review" in text(response)


def test_an_expert_accepts_in_their_portal(client, portal_invitation):
    response = client.post(answer_url(portal_invitation), {"action": "accept"})

    assert response.status_code == 302
    assert response.url == reverse("together_network:portal")
    assert fresh(portal_invitation).status == InvitationStatus.ACCEPTED
    portal = client.get(response.url)
    assert "Thank you for accepting." in text(portal)
    assert portal.context["invitations"]["upcoming"] == [portal_invitation]
    assert portal.context["invitations"]["to_answer"] == []


def test_an_expert_declines_in_their_portal_without_giving_a_reason(client, portal_invitation):
    response = client.post(answer_url(portal_invitation), {"action": "decline"}, follow=True)

    assert fresh(portal_invitation).status == InvitationStatus.DECLINED
    assert "You have declined. Thank you for letting us know." in text(response)


def test_an_expert_gives_up_their_place_in_their_portal(client, portal_invitation):
    accept(portal_invitation)
    assert fresh(portal_invitation.request).status == Status.FILLED

    response = client.post(answer_url(portal_invitation), {"action": "withdraw"}, follow=True)

    assert fresh(portal_invitation).status == InvitationStatus.WITHDRAWN
    assert fresh(portal_invitation.request).status == Status.OPEN
    assert "You have given up your place." in text(response)


def test_an_expert_accepting_in_the_portal_when_the_places_are_taken_hears_they_are_waiting(
    client, portal_invitation, invite
):
    [someone_else] = invite(portal_invitation.request, "Someone Else")
    accept(someone_else)

    response = client.post(answer_url(portal_invitation), {"action": "accept"}, follow=True)

    assert fresh(portal_invitation).status == InvitationStatus.WAITING
    assert "you are on the waiting list" in text(response)


def test_answering_twice_in_the_portal_explains_and_changes_nothing(client, portal_invitation):
    client.post(answer_url(portal_invitation), {"action": "decline"})
    declined = fresh(portal_invitation)

    response = client.post(answer_url(portal_invitation), {"action": "accept"}, follow=True)

    assert "This invitation has already been answered." in text(response)
    assert unchanged(declined)
    assert declined.status == InvitationStatus.DECLINED


def test_an_unknown_portal_answer_changes_nothing(client, portal_invitation):
    response = client.post(answer_url(portal_invitation), {"action": "maybe"}, follow=True)

    assert "Choose whether to accept, decline or give up your place." in text(response)
    assert fresh(portal_invitation).status == InvitationStatus.INVITED


def test_the_portal_answer_only_takes_posts(client, portal_invitation):
    assert client.get(answer_url(portal_invitation)).status_code == 405


def test_answering_a_missing_invitation_is_not_found(client, expert_logged_in):
    assert client.post(reverse("together_network:answer", args=[999999]), {"action": "accept"}).status_code == 404


@pytest.mark.parametrize("action", ["accept", "decline", "withdraw"])
def test_an_expert_cannot_answer_someone_elses_invitation(client, login_as, coordinator, action):
    someone_else = ExpertByExperienceFactory(full_name="Someone Else")
    request = approved_request(places_needed=2)
    [theirs] = invitations.invitations_send(request_id=request.pk, expert_ids=[someone_else.pk], by=coordinator)
    if action == "withdraw":
        accept(theirs)
    theirs = fresh(theirs)
    ExpertByExperienceFactory(full_name="Nosy Expert", user=login_as(Role.EXPERT_BY_EXPERIENCE))

    response = client.post(answer_url(theirs), {"action": action})

    assert response.status_code == 403
    assert unchanged(theirs)


@pytest.mark.parametrize(
    "who", ["network coordinator", "requester", "team lead", "Django admin staff account without a role"]
)
def test_staff_cannot_answer_an_invitation_in_the_portal(client, invitation, who):
    person = {
        "network coordinator": lambda: UserFactory(roles=[Role.NETWORK_COORDINATOR]),
        "requester": lambda: invitation.request.requester,
        "team lead": make_team_lead,
        "Django admin staff account without a role": lambda: UserFactory(is_staff=True),
    }[who]()
    client.force_login(person)

    response = client.post(answer_url(invitation), {"action": "accept"})

    assert response.status_code == 403
    assert unchanged(invitation)
    assert invitation.status == InvitationStatus.INVITED


def test_an_admin_cannot_answer_an_invitation_in_the_portal_on_the_experts_behalf(client, invitation):
    client.force_login(UserFactory(roles=[Role.ADMIN]))

    response = client.post(answer_url(invitation), {"action": "accept"})

    assert response.status_code == 403
    assert unchanged(invitation)
    assert invitation.status == InvitationStatus.INVITED


def test_when_someone_moves_up_the_requester_is_told_who_is_coming_now(invite):
    request = approved_request(places_needed=1)
    leaving, waiting = invite(request, "Leaving Person", "Moving Up")
    accept(leaving)
    accept(waiting)

    invitations.invitation_withdraw(invitation_id=leaving.pk)

    [told] = notified("lineup_changed", waiting)
    assert told.recipient_email == request.requester.email
    assert "Leaving Person can no longer come" in told.body_text
    assert "- Moving Up" in told.body_text
