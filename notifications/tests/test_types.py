"""Notification types: every registered type renders, optional types are wired to the preferences,
and the person who acted is never told (notifications.types)."""

import copy
import importlib

import pytest
from django.apps import apps
from django.conf import settings as django_settings

from notifications.models import Notification, NotificationPreference
from notifications.services import Recipient
from notifications.types import NotificationType, is_actor, notification_type, notification_types, optional_types
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVALID = "!!MISSING!!"


def sample_of(kind: type[NotificationType]) -> NotificationType:
    """The sample the declaring app's tests give for the type (<app>/tests/notification_samples.py)."""
    app = apps.get_app_config(kind.app_label()).name
    samples = importlib.import_module(f"{app}.tests.notification_samples").SAMPLES
    assert kind.slug in samples, f"No sample for {kind.slug!r}: add one to {app}/tests/notification_samples.py"
    return samples[kind.slug]()


@pytest.fixture
def strict_templates(settings):
    """A variable the template cannot resolve shows up, rather than rendering as nothing."""
    templates = copy.deepcopy(django_settings.TEMPLATES)
    for engine in templates:
        engine["OPTIONS"]["string_if_invalid"] = f"{INVALID}%s"
    settings.TEMPLATES = templates


@pytest.mark.parametrize("kind", notification_types(), ids=lambda kind: kind.slug)
def test_every_type_renders_its_subject_text_html_and_link(kind, strict_templates):
    sample = sample_of(kind)
    assert isinstance(sample, kind)

    recipients = sample.to_tell()
    email = sample.render()

    assert recipients, "the sample has someone to tell"
    assert email.subject.strip()
    assert email.body_text.startswith("Hello ")
    assert email.link.startswith("/")
    assert INVALID not in email.body_text, email.body_text
    assert django_settings.SERVICE_NAME in email.body_html
    assert email.subject.replace("'", "&#x27;") in email.body_html
    assert f'href="{django_settings.SITE_URL}{email.link}"' in email.body_html.replace("&amp;", "&")


@pytest.mark.parametrize("kind", notification_types(), ids=lambda kind: kind.slug)
def test_every_type_says_what_it_is_and_who_hears_of_it(kind):
    assert kind.title and kind.sent_to
    assert len(kind.slug) <= Notification._meta.get_field("event").max_length
    assert notification_type(kind.slug) is kind


def test_every_type_lives_in_its_own_app_with_its_template_there():
    for kind in notification_types():
        module = f"{apps.get_app_config(kind.app_label()).name}.notification_types"
        assert kind.__module__ == module or kind.__module__.startswith(f"{module}.")
        assert kind.template_name().startswith(f"{kind.app_label()}/email/")


def test_the_weekly_digest_is_the_only_optional_type_and_has_its_preference_field():
    assert [kind.slug for kind in optional_types()] == ["weekly_digest"]
    for kind in optional_types():
        assert NotificationPreference._meta.get_field(kind.slug).default is True
        assert kind.offered_to in list(Role)


def test_an_optional_type_leaves_out_people_who_switched_it_off():
    kind = notification_type("weekly_digest")
    sample = sample_of(kind)
    NotificationPreference.choose(user=sample.digest.lead, weekly_digest=False)

    assert sample.send() == []

    NotificationPreference.choose(user=sample.digest.lead, weekly_digest=True)
    assert [row.recipient for row in sample.send()] == [sample.digest.lead]


def test_the_actor_is_recognised_by_login_or_by_email_address():
    person = UserFactory(email="Alex.Lead@example.org")

    assert is_actor(Recipient.of_user(person), person)
    assert is_actor(Recipient(email="alex.lead@example.org", name="Alex"), person)  # an expert's record
    assert not is_actor(Recipient.of_user(UserFactory()), person)
    assert not is_actor(Recipient.of_user(person), None)  # a scheduled job acts for nobody


def test_sending_leaves_out_the_actor_and_tells_the_rest():
    sample = sample_of(notification_type("network_request_open"))
    acting, other = sample.to_tell()[0].user, UserFactory(roles=[Role.NETWORK_COORDINATOR])

    rows = sample.send(actor=acting)

    assert {row.recipient for row in rows} == {other}


def test_a_receipt_goes_to_the_actor_already_read():
    sample = sample_of(notification_type("submitted"))
    requester = sample.request.requester
    Notification.objects.filter(event="submitted").delete()  # the sample's own submission made one

    [row] = sample.send(actor=requester)

    assert row.recipient == requester and row.read_at is not None
