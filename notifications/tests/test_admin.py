"""Operators see notifications by state with their errors, and can send failed ones again."""

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from notifications.models import DeliveryStatus, Notification
from notifications.services import Recipient, notify
from notifications.tasks import MAX_ATTEMPTS, deliver_notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/notifications/notification/"
BOUNCE = "SMTPRecipientsRefused: <gone@example.org>: 550 5.1.1 no such user " + "(the server's long explanation) " * 5


def notification(email: str, *, status=DeliveryStatus.PENDING, attempts=0, last_error="") -> Notification:
    """An invitation-like notification to `email` in the given state; its body holds a private link.
    What it is about does not matter here: a person stands in."""
    about = UserFactory()
    [row] = notify(
        event="network_application_link",
        obj=about,
        recipients=[Recipient(email=email, name=about.full_name)],
        subject="Your link to apply to join the Together network",
        context={"application_link": None, "expires_on": None, "coordinator": None},
        link="/network/apply/SECRET-TOKEN/",
    )
    Notification.objects.filter(pk=row.pk).update(status=status, attempts=attempts, last_error=last_error)
    row.refresh_from_db()
    return row


@pytest.fixture
def admin_client(client, make_person):
    """An operator who is also a network coordinator, so sees every recipient (the samples are applicants)."""
    operator = make_person(Role.ADMIN)
    operator.groups.add(*make_person(Role.NETWORK_COORDINATOR).groups.all())
    client.force_login(operator)
    return client


@pytest.fixture
def other_admin_client(client, make_person):
    client.force_login(make_person(Role.ADMIN))
    return client


def test_the_list_shows_each_state_with_counts_attempts_and_a_short_error(admin_client):
    notification("gone@example.org", status=DeliveryStatus.FAILED, attempts=1, last_error=BOUNCE)
    notification("busy@example.org", status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="TimeoutError")
    notification("ok@example.org", status=DeliveryStatus.SENT, attempts=1)

    page = admin_client.get(CHANGELIST, {"_facets": "True"}).content.decode()  # "Show counts"
    failed = admin_client.get(CHANGELIST, {"status__exact": "failed"}).content.decode()

    assert "Failed (2)" in page and "Sent (1)" in page and "Pending (0)" in page
    assert "SMTPRecipientsRefused: &lt;gone@example.org&gt;: 550 5.1.1 no such user" in failed
    assert BOUNCE not in failed  # shortened in the list
    assert "ok@example.org" not in failed and "busy@example.org" in failed


def test_the_record_shows_the_whole_error_but_never_the_email_or_its_link(admin_client):
    row = notification("gone@example.org", status=DeliveryStatus.FAILED, attempts=1, last_error=BOUNCE)

    page = admin_client.get(f"{CHANGELIST}{row.pk}/change/").content.decode()

    assert BOUNCE.strip().replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#x27;") in page
    assert "SECRET-TOKEN" not in page
    assert row.body_text.splitlines()[0] not in page


def test_retry_sends_failed_and_pending_notifications_afresh_and_leaves_sent_ones(admin_client):
    failed = notification("gone@example.org", status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS, last_error=BOUNCE)
    stranded = notification("late@example.org", status=DeliveryStatus.PENDING, attempts=2, last_error="TimeoutError")
    sent = notification("ok@example.org", status=DeliveryStatus.SENT, attempts=1)

    response = admin_client.post(
        CHANGELIST,
        {"action": "retry", "_selected_action": [failed.pk, stranded.pk, sent.pk]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["2 notification(s) queued to send again.", "1 already sent, left alone."]
    assert sorted(email.to[0] for email in mail.outbox) == ["gone@example.org", "late@example.org"]
    for row in (failed, stranded):
        row.refresh_from_db()
        assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.SENT, 1, "")  # a fresh chain


def test_retry_while_the_broker_is_down_leaves_them_for_the_sweeper(admin_client, monkeypatch):
    failed = notification("gone@example.org", status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS, last_error=BOUNCE)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver_notification, "delay", broker_down)

    response = admin_client.post(CHANGELIST, {"action": "retry", "_selected_action": [failed.pk]}, follow=True)

    assert response.status_code == 200
    [message] = [str(message) for message in response.context["messages"]]
    assert message.startswith("1 notification(s) could not be queued because the broker did not answer.")
    assert "the sweeper sends them" in message
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)  # what the sweeper looks for
    assert mail.outbox == []


def test_notifications_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_list_filters_by_kind_in_plain_words(admin_client):
    notification("sam@example.org")

    page = admin_client.get(CHANGELIST).content.decode()
    chosen = admin_client.get(CHANGELIST, {"event": "network_application_link"}).content.decode()
    other = admin_client.get(CHANGELIST, {"event": "weekly_digest"}).content.decode()

    assert "By kind" in page and "A link to apply to join the Together network" in page
    assert "Weekly summary for team leads" in page  # every registered type, not only those sent
    assert "sam@example.org" in chosen and "sam@example.org" not in other


def test_an_admin_who_is_not_a_coordinator_never_sees_or_finds_an_experts_email(other_admin_client, make_person):
    """Lived-experience people's details stay with coordinators: experts and applicants (no account) are
    hidden from other admins in the list, on the record and from the search; staff addresses are not."""
    expert = make_person(Role.EXPERT_BY_EXPERIENCE, email="eve.expert@example.org")
    staff = make_person(Role.REQUESTER, email="rebecca.staff@example.org")
    to_expert, to_staff = (
        notify(
            event="network_request_open",
            obj=person,
            recipients=[Recipient.of_user(person)],
            subject="About an activity",
            context={},
        )[0]
        for person in (expert, staff)
    )
    to_applicant = notification("applicant@example.org")

    page = other_admin_client.get(CHANGELIST).content.decode()
    record = other_admin_client.get(f"{CHANGELIST}{to_expert.pk}/change/").content.decode()
    staff_record = other_admin_client.get(f"{CHANGELIST}{to_staff.pk}/change/").content.decode()
    found = other_admin_client.get(CHANGELIST, {"q": "eve.expert"}).content.decode()
    found_applicant = other_admin_client.get(CHANGELIST, {"q": "applicant@"}).context["cl"].result_count
    found_staff = other_admin_client.get(CHANGELIST, {"q": "rebecca.staff"}).context["cl"].result_count

    assert "eve.expert@example.org" not in page and "applicant@example.org" not in page
    assert "rebecca.staff@example.org" in page
    assert "Hidden: a person in the network" in page
    assert "eve.expert@example.org" not in record and "Hidden: a person in the network" in record
    assert "rebecca.staff@example.org" in staff_record
    assert "eve.expert@example.org" not in found
    assert other_admin_client.get(CHANGELIST, {"q": "eve.expert"}).context["cl"].result_count == 0
    assert found_applicant == 0 and to_applicant.pk
    assert found_staff == 1


def test_a_coordinator_who_is_an_admin_sees_and_finds_experts_emails(client, make_person):
    coordinator = make_person(Role.ADMIN)
    coordinator.groups.add(*make_person(Role.NETWORK_COORDINATOR).groups.all())
    client.force_login(coordinator)
    expert = make_person(Role.EXPERT_BY_EXPERIENCE, email="eve.expert@example.org")
    notify(event="network_request_open", obj=expert, recipients=[Recipient.of_user(expert)], subject="S", context={})

    assert "eve.expert@example.org" in client.get(CHANGELIST).content.decode()
    assert client.get(CHANGELIST, {"q": "eve.expert"}).context["cl"].result_count == 1
