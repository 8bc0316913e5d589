"""Expenses with receipts: added while the claim waits, checked by name, stated type and contents,
kept in step with the claim's total, and served only to the person and coordinators, as a download."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import ClaimStatus, Expense, PaymentClaim
from together_network.services import expenses, payments
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.payments_support import claim_for, coordinator

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32


def upload(name="receipt.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add(claim, *, amount="4.80", kind="travel", receipt=None, by=None, description="Return bus fare"):
    return expenses.expense_add(
        claim=claim, kind=kind, description=description, amount=Decimal(amount), receipt=receipt, by=by or coordinator()
    )


@pytest.fixture
def expert_user():
    return UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])


@pytest.fixture
def own_claim(expert_user):
    return claim_for(ExpertByExperienceFactory(user=expert_user), minutes=120)  # £50.00


def test_expenses_keep_the_claim_s_total_in_step(own_claim, expert_user):
    bus = add(own_claim, amount="4.80", by=expert_user)
    add(own_claim, amount="12.35", kind="care", receipt=upload(), by=coordinator())

    own_claim.refresh_from_db()
    assert own_claim.expenses_total == Decimal("17.15")
    assert own_claim.total == Decimal("67.15")
    assert isinstance(own_claim.total, Decimal)

    expenses.expense_remove(expense=bus, by=expert_user)
    own_claim.refresh_from_db()
    assert own_claim.expenses_total == Decimal("12.35")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("receipt.pdf", PDF, "application/pdf"),
        ("Receipt.PNG", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("IMG_0001.HEIC", HEIC, "image/heic"),
        ("IMG_0002.heic", HEIC, "application/octet-stream"),  # phones often send HEIC with no type
    ],
)
def test_receipts_may_be_pdf_jpeg_png_or_heic(own_claim, name, content, content_type):
    expense = add(own_claim, kind="other", receipt=upload(name, content, content_type))

    folder, stored = expense.receipt.name.rsplit("/", 1)
    assert folder == f"receipts/{own_claim.pk}"
    assert name.split(".")[0] not in stored  # stored under a name nobody can guess
    assert stored.endswith(name.rsplit(".", 1)[1].lower())


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("receipt.exe", PDF, "application/pdf", "The receipt must be a PDF, JPEG, PNG or HEIC file"),
        ("receipt.pdf", PDF, "text/html", "The receipt must be a PDF, JPEG, PNG or HEIC file"),
        ("receipt.pdf", b"<html><script>", "application/pdf", "The receipt's contents are not a PDF"),
        ("receipt.png", JPEG, "image/png", "The receipt's contents are not a PDF"),
        ("receipt.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf", "The receipt must be 5 MB or smaller"),
    ],
)
def test_other_files_and_large_ones_are_refused(own_claim, name, content, content_type, message):
    with pytest.raises(ValidationError) as refused:
        add(own_claim, kind="other", receipt=upload(name, content, content_type))

    assert refused.value.message_dict["receipt"][0].startswith(message)
    assert not Expense.objects.exists()


def test_care_and_other_costs_need_a_receipt_travel_does_not(own_claim):
    with pytest.raises(ValidationError) as refused:
        add(own_claim, kind="care", receipt=None)

    assert refused.value.message_dict["receipt"] == ["Attach the receipt"]
    assert add(own_claim, kind="travel", receipt=None).receipt.name in ("", None)


def test_amounts_are_in_pounds_and_pence(own_claim):
    for amount in ("0", "-1", "4.805"):
        with pytest.raises(ValidationError):
            add(own_claim, amount=amount)


def test_expenses_change_only_while_the_claim_waits(own_claim, expert_user):
    expense = add(own_claim)
    payments.claims_approve(claims=[own_claim], by=coordinator())

    with pytest.raises(ValidationError):
        add(own_claim, by=expert_user)
    with pytest.raises(ValidationError):
        expenses.expense_remove(expense=expense, by=expert_user)


def test_nobody_else_adds_to_a_person_s_claim(own_claim):
    someone_else = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    ExpertByExperienceFactory(user=someone_else)

    for person in (someone_else, UserFactory(roles=[Role.REQUESTER]), UserFactory(roles=[Role.ADMIN])):
        with pytest.raises(PermissionDenied):
            add(own_claim, by=person)


# --- Receipts are served by a view that checks who asks ---------------------------------------------------


def receipt_url(expense) -> str:
    return reverse("together_network:receipt", args=[expense.claim_id, expense.pk])


def test_the_person_and_coordinators_download_a_receipt_as_an_attachment(client, own_claim, expert_user):
    expense = add(own_claim, kind="care", receipt=upload("childcare.pdf"))

    for person in (expert_user, coordinator()):
        client.force_login(person)
        response = client.get(receipt_url(expense))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"receipt-claim-{own_claim.pk}-expense-{expense.pk}.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    "role", [Role.REQUESTER, Role.TEAM_LEAD, Role.PEER_SUPPORT_LEAD, Role.PEER_SUPPORT_WORKER, Role.ADMIN]
)
def test_staff_other_than_coordinators_never_see_a_receipt(client, login_as, own_claim, role):
    expense = add(own_claim, kind="care", receipt=upload())
    login_as(role)

    assert client.get(receipt_url(expense)).status_code == 403


def test_another_expert_never_sees_a_receipt(client, own_claim):
    expense = add(own_claim, kind="care", receipt=upload())
    someone_else = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    ExpertByExperienceFactory(user=someone_else)
    client.force_login(someone_else)

    assert client.get(receipt_url(expense)).status_code == 403
    wrong_claim = reverse("together_network:receipt", args=[own_claim.pk + 1000, expense.pk])
    client.force_login(coordinator())
    assert client.get(wrong_claim).status_code == 404


def test_receipts_are_not_at_a_public_address(client, own_claim):
    expense = add(own_claim, kind="care", receipt=upload())

    assert client.get(f"/media/{expense.receipt.name}").status_code in {302, 404}


# --- Adding expenses in the portal ---------------------------------------------------------------------------


def test_the_person_adds_an_expense_with_a_receipt_in_their_portal(client, own_claim, expert_user):
    client.force_login(expert_user)
    url = reverse("together_network:portal_expense_add", args=[own_claim.pk])

    response = client.post(
        url,
        {
            "kind": "care",
            "description": "Childminder",
            "amount": "18.00",
            "receipt": upload("care.png", PNG, "image/png"),
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("together_network:portal_claim", args=[own_claim.pk])
    assert "Expense added: Childminder, £18.00." in response.content.decode()
    own_claim.refresh_from_db()
    assert own_claim.expenses_total == Decimal("18.00")


def test_a_bad_receipt_shows_on_the_form(client, own_claim, expert_user):
    client.force_login(expert_user)
    url = reverse("together_network:portal_expense_add", args=[own_claim.pk])

    response = client.post(
        url,
        {
            "kind": "care",
            "description": "Childminder",
            "amount": "18.00",
            "receipt": upload("care.txt", b"hi", "text/plain"),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["receipt"] == ["The receipt must be a PDF, JPEG, PNG or HEIC file"]
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.mark.parametrize(
    ("receipt", "message"),
    [
        (upload("care.pdf", b""), "The file for receipt is empty"),
        (upload("care", PDF), "The receipt must be a PDF, JPEG, PNG or HEIC file"),
        (upload(".pdf", PDF), "The receipt must be a PDF, JPEG, PNG or HEIC file"),
        (upload("care.pdf", PDF, "application/pdf\x00; charset=\u00e9"), "The receipt must be a PDF"),
        (upload("care.pdf", b"PK\x03\x04 a workbook renamed"), "The receipt's contents are not a PDF"),
        (upload("care.heic", b"\x00\x00\x00", "image/heic"), "The receipt's contents are not a PDF"),
        (upload("care.jpg", JPEG + bytes(5 * 1024 * 1024), "image/jpeg"), "The receipt must be 5 MB or smaller"),
        (upload("care.jpg", JPEG + bytes(11 * 1024 * 1024), "image/jpeg"), "The receipt must be 5 MB or smaller"),
    ],
    ids=["empty", "no extension", "only an extension", "garbled type", "renamed", "truncated", "too big", "huge"],
)
def test_a_malformed_receipt_is_a_problem_on_the_form_and_nothing_is_added(
    client, own_claim, expert_user, receipt, message
):
    client.force_login(expert_user)
    url = reverse("together_network:portal_expense_add", args=[own_claim.pk])

    response = client.post(url, {"kind": "care", "description": "Childminder", "amount": "18.00", "receipt": receipt})

    assert response.status_code == 200
    assert response.context["form"].errors["receipt"][0].startswith(message)
    assert not Expense.objects.exists()


def test_a_volunteer_claims_expenses_from_their_portal(client, expert_user):
    from together_network.models import PaymentPreference
    from together_network.tests.factories import RateFactory
    from together_network.tests.payments_support import attend

    RateFactory()
    expert = ExpertByExperienceFactory(user=expert_user, payment_preference=PaymentPreference.VOLUNTARY)
    attendance = attend(expert)
    client.force_login(expert_user)

    page = client.get(reverse("together_network:portal_payments")).content.decode()
    assert "Activities with no fee" in page
    response = client.post(reverse("together_network:claim_for_expenses", args=[attendance.pk]))

    claim = PaymentClaim.objects.get()
    assert response.url == reverse("together_network:portal_expense_add", args=[claim.pk])
    assert (claim.fee, claim.status) == (Decimal("0.00"), ClaimStatus.SUBMITTED)
    other = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    client.force_login(other)
    assert client.post(reverse("together_network:claim_for_expenses", args=[attendance.pk])).status_code == 403
