"""The notifications list is worth reading: each message's gist, "Mark all as read", and no
receipts of the reader's own actions (those are emails they keep, not news)."""

import pytest
from django.urls import reverse

from notifications.models import Notification, summary_of
from notifications.services import notifications_settle_history, notify
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/notifications/"
MARK_ALL = "/notifications/mark-all-read/"


def tell(person, about, *, event="cancelled", already_read=False):
    return notify(
        event=event,
        obj=about,
        recipients=[person],
        subject="Cancelled: Ward manager interview panel",
        context={"request": {"title": "Ward manager interview panel"}, "reason": "The post was withdrawn"},
        already_read=already_read,
    )


def test_the_addresses():
    assert reverse("notifications:index") == INDEX
    assert reverse("notifications:mark_all_read") == MARK_ALL


def test_each_notification_shows_what_it_says_not_only_its_subject(client):
    person = UserFactory(roles=[Role.REQUESTER])
    tell(person, UserFactory())
    client.force_login(person)

    shown = client.get(INDEX).content.decode()

    assert "Cancelled: Ward manager interview panel" in shown
    assert "&quot;Ward manager interview panel&quot; on" in shown and "has been cancelled." in shown
    assert "Hello " not in shown  # the greeting is not the gist


def test_the_summary_skips_the_greeting_and_cuts_long_paragraphs():
    assert summary_of("Hello Jo Bloggs,\n\nYour request was approved.\n\nSee it: http://x") == (
        "Your request was approved."
    )
    long = " ".join(["word"] * 60)
    assert summary_of(f"Hello Jo,\n\n{long}") == " ".join(["word"] * 40) + "…"
    assert summary_of("") == ""


def test_receipts_of_the_readers_own_actions_are_not_listed(client):
    person = UserFactory(roles=[Role.REQUESTER])
    (receipt,) = tell(person, UserFactory(), event="submitted", already_read=True)
    tell(person, UserFactory(), event="decision")
    client.force_login(person)

    listed = client.get(INDEX).context["page"].object_list

    assert receipt.receipt and receipt.read_at is not None  # still recorded, and emailed
    assert [row.event for row in listed] == ["decision"]


def test_mark_all_as_read_marks_every_page_and_says_so(client):
    person, someone_else = UserFactory(roles=[Role.REQUESTER]), UserFactory(roles=[Role.REQUESTER])
    for _ in range(30):
        tell(person, UserFactory())
    tell(someone_else, UserFactory())
    client.force_login(person)

    assert 'action="/notifications/mark-all-read/"' in client.get(INDEX).content.decode()  # 5 left unread
    response = client.post(MARK_ALL, follow=True)

    assert response.redirect_chain == [(INDEX, 302)]
    assert "5 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=someone_else).read_at is None


def test_mark_all_as_read_is_a_post_and_needs_a_login(client):
    assert client.post(MARK_ALL)["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory(roles=[Role.REQUESTER]))
    assert client.get(MARK_ALL).status_code == 405
    response = client.post(MARK_ALL, follow=True)
    assert "All your notifications were already read." in response.content.decode()


def test_no_button_when_nothing_is_unread(client):
    person = UserFactory(roles=[Role.REQUESTER])
    client.force_login(person)

    assert "Mark all as read" not in client.get(INDEX).content.decode()


def test_settling_a_history_leaves_each_person_their_newest_few_unread():
    person, other = UserFactory(), UserFactory()
    for _ in range(6):
        tell(person, UserFactory())
    tell(other, UserFactory())

    notifications_settle_history(keep_unread=3)

    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    newest = Notification.objects.filter(recipient=person).order_by("-created_at", "-pk")[:3]
    assert set(unread) == set(newest)
    assert Notification.objects.get(recipient=other).read_at is None
