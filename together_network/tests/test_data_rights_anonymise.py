"""Anonymising a leaver: nothing personal is left anywhere in the database or in file storage, and
the pool's health and the payment figures are the same before and after."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from peersupport.accounts.models import User
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.roles import answers
from together_network.models import ApplicationLink, Expense, ExpertByExperience, PaymentClaim
from together_network.selectors import health
from together_network.selectors.payments import earnings_report
from together_network.services.data_rights import expert_anonymise
from together_network.tests.data_support import ROWAN, expert_with_everything
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db

# Everything personal about Rowan that the fixture wrote somewhere: none may survive.
TRACES = [
    "Ashby-Quill",
    "rowan.ashby",
    "900123",
    "900000",
    "they/them",
    "Large print",
    "No evening panels",
    "happy to be quoted",
    "care coordinator",
    "upsetting",
    "wrong form",
    "Taxi from",
    "taxi-receipt",
    "felt heard",
    "Shorter sessions",
]


def text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.FileField)
    ]


def traces_left(trace: str) -> list[str]:
    """Every row of every table (history tables included) with `trace` in a text column."""
    found = []
    for model in apps.get_models():
        names = text_fields(model)
        if not names:
            continue
        matching = Q()
        for name in names:
            matching |= Q(**{f"{name}__icontains": trace})
        found += [
            f"{model._meta.label} {pk}" for pk in model._default_manager.filter(matching).values_list("pk", flat=True)
        ]
    return found


def figures() -> dict:
    today = timezone.localdate()
    return {
        "months": health.pool_by_month(),
        "spread": health.opportunity_spread(),
        "answers": health.answers(),
        "gaps": health.recruitment_gaps(),
        "claims": PaymentClaim.objects.aggregate(fees=Sum("fee"), expenses=Sum("expenses_total")),
        "expenses": Expense.objects.aggregate(total=Sum("amount")),
        "earnings": sorted((person.pk, person.earned) for person in earnings_report(kind="year", day=today)),
    }


@pytest.fixture
def leaver():
    return expert_with_everything(status="left")


@pytest.fixture
def coordinator():
    return UserFactory(roles=[Role.NETWORK_COORDINATOR])


def test_nothing_personal_is_left_anywhere(leaver, coordinator, django_capture_on_commit_callbacks):
    receipt = Expense.objects.get(claim__expert=leaver).receipt
    storage, receipt_name = receipt.storage, receipt.name
    assert storage.exists(receipt_name)
    assert all(traces_left(trace) for trace in ["Ashby-Quill", "rowan.ashby", "900123", "Large print"])
    user_id = leaver.user_id

    with django_capture_on_commit_callbacks(execute=True):
        expert_anonymise(expert=leaver, by=coordinator)

    assert {trace: traces_left(trace) for trace in TRACES} == dict.fromkeys(TRACES, [])
    leaver.refresh_from_db()
    assert leaver.full_name == f"Former member {leaver.pk}"
    assert leaver.email == f"former-member-{leaver.pk}@anonymised.invalid"
    assert leaver.anonymised_at is not None and leaver.user is None
    assert (leaver.phone, leaver.pronouns, leaver.availability, leaver.earnings_limit) == ("", "", 0, None)
    assert not leaver.lived_experience_areas.exists() and not leaver.skills.exists()
    assert not storage.exists(receipt_name)
    assert not ApplicationLink.objects.filter(expert=leaver).exists()
    # The earlier link to their address that they never used goes too, and so does its email.
    assert not ApplicationLink.objects.filter(email__iexact=ROWAN["email"]).exists()
    assert not Notification.objects.filter(recipient_email__iexact=ROWAN["email"]).exists()
    login = User.objects.get(pk=user_id)
    assert (login.is_active, login.has_usable_password(), login.groups.exists()) == (False, False, False)
    assert login.email == f"former-member-{leaver.pk}@anonymised.invalid"
    assert not Notification.objects.filter(recipient=login).exists()
    # The coordinator's message about them keeps its meaning, without their name.
    assert Notification.objects.get(event="network_expert_paused").subject == (
        f"Former member {leaver.pk} has paused their involvement"
    )
    # Their history keeps only the status changes, with nothing personal in them.
    history = list(ExpertByExperience.history.filter(id=leaver.pk).order_by("history_date"))
    assert [row.status for row in history] == ["active", "left"]
    assert {row.full_name for row in history} == {f"Former member {leaver.pk}"}
    assert {row.phone for row in history} == {""}


def test_the_invite_to_apply_page_no_longer_lists_their_links(client, leaver, coordinator):
    client.force_login(coordinator)
    invite_page = reverse("together_network:invite_to_apply")
    assert ROWAN["email"].upper() in client.get(invite_page).content.decode()

    expert_anonymise(expert=leaver, by=coordinator)

    html = client.get(invite_page).content.decode()
    assert "rowan.ashby" not in html.lower() and "Ashby-Quill" not in html


def test_a_link_used_by_someone_else_with_the_same_address_is_theirs_and_stays(leaver, coordinator):
    """An address can pass to someone new once its owner has left: the link they used is their record."""
    newcomer = ExpertByExperienceFactory(email=ROWAN["email"])
    theirs = ApplicationLink.objects.create(email=ROWAN["email"], created_by=coordinator, expert=newcomer)

    expert_anonymise(expert=leaver, by=coordinator)

    assert ApplicationLink.objects.filter(pk=theirs.pk).exists()


def test_the_pool_health_and_payment_figures_are_the_same_before_and_after(leaver, coordinator):
    ExpertByExperienceFactory.create_batch(3)
    before = figures()
    assert before["claims"]["fees"] > 0 and before["expenses"]["total"] > 0
    expert_anonymise(expert=leaver, by=coordinator)
    assert figures() == before


def test_only_someone_who_has_left_can_be_anonymised(coordinator):
    active = expert_with_everything()
    with pytest.raises(ValidationError) as refused:
        expert_anonymise(expert=active, by=coordinator)
    assert "Only someone who has left" in str(refused.value)
    active.refresh_from_db()
    assert active.full_name == ROWAN["full_name"]


def test_a_record_is_anonymised_once(leaver, coordinator):
    expert_anonymise(expert=leaver, by=coordinator)
    with pytest.raises(ValidationError, match="was anonymised on"):
        expert_anonymise(expert=leaver, by=coordinator)


def test_the_service_refuses_anyone_but_a_coordinator(leaver):
    with pytest.raises(PermissionDenied):
        expert_anonymise(expert=leaver, by=UserFactory(roles=[Role.ADMIN]))


def test_the_confirmation_page_says_what_goes_and_what_stays_then_anonymises(client, login_as, leaver):
    login_as(Role.NETWORK_COORDINATOR)
    url = reverse("together_network:anonymise", args=[leaver.pk])
    html = client.get(url).content.decode()
    assert "What is removed" in html and "What stays" in html and "This cannot be undone" in html
    response = client.post(url)
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert leaver.is_anonymised


def test_the_confirmation_page_explains_why_an_active_person_cannot_be_anonymised(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    active = ExpertByExperienceFactory(full_name="Still Here")
    url = reverse("together_network:anonymise", args=[active.pk])
    response = client.post(url)
    assert response.status_code == 409
    assert "Only someone who has left the network can be anonymised" in response.content.decode()
    active.refresh_from_db()
    assert not active.is_anonymised


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_open_the_anonymise_page(client, login_as, role, status):
    expert = ExpertByExperienceFactory(status="left")
    login_as(role)
    assert client.get(reverse("together_network:anonymise", args=[expert.pk])).status_code == status
