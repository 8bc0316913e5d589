"""Every personal field of an expert by experience, in one list, and what happens to each.

The "download my data" export and anonymisation both read this list, so they cannot drift:
a field listed here is in every export and is dealt with when a leaver is anonymised. A test
(together_network/tests/test_data_rights_personal_data.py) checks that every concrete field of the expert's
record and of each related record is either listed here or named in `not_personal`, so a field
added later cannot be forgotten.

What anonymisation does to a field:
- REPLACED: given a placeholder that names no one ("Former member 12"), where the record needs a value;
- CLEARED: emptied (blank text, no date, nothing ticked, no areas or skills);
- DELETED: the file, or the whole record, is deleted;
- KEPT: kept, because the pool's figures and the payment records need it, and once everything
  above has gone it no longer says who the person was (dates, statuses, amounts, ratings).

The person's change history (django-simple-history) holds old values of these fields: it is cut
down to their status changes (which the pool's figures need) and scrubbed the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.db.models import Q

from notifications.models import Notification
from peersupport.accounts.models import User

from ..models import (
    ActivityFeedback,
    ApplicationLink,
    Attendance,
    ConsentRecord,
    Expense,
    ExpertByExperience,
    Invitation,
    OnboardingRecord,
    PaymentClaim,
)


class OnAnonymise(StrEnum):
    REPLACED = "replaced with a placeholder"
    CLEARED = "cleared"
    DELETED = "deleted"
    KEPT = "kept for the figures"


@dataclass(frozen=True)
class PersonalField:
    name: str
    label: str  # how the export and the confirmation page name it
    on_anonymise: OnAnonymise
    # What a REPLACED or CLEARED field is set to; a callable is given the expert (for placeholders).
    anonymised: object = ""


@dataclass(frozen=True)
class PersonalRecord:
    """One kind of record about the person: the expert's own, or rows related to them."""

    model: type[models.Model]
    section: str  # its key in the JSON export
    label: str  # its heading in the readable export and on the confirmation page
    to_expert: str  # the lookup from this model to the expert ("" for the expert's own record)
    fields: tuple[PersonalField, ...]
    not_personal: frozenset[str]  # fields that say nothing about the person (ids, links, who recorded it)
    deleted_on_anonymise: bool = False  # the whole record goes
    # Rows about the person that `to_expert` does not reach (by their email address, say).
    also: Callable[[ExpertByExperience], Q] | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def field(self, name: str) -> PersonalField:
        return next(field for field in self.fields if field.name == name)


R, C, D, K = OnAnonymise.REPLACED, OnAnonymise.CLEARED, OnAnonymise.DELETED, OnAnonymise.KEPT


def former_member_name(expert: ExpertByExperience) -> str:
    return f"Former member {expert.pk}"


def former_member_email(expert: ExpertByExperience) -> str:
    """A unique address that names no one and can never be delivered (.invalid is reserved)."""
    return f"former-member-{expert.pk}@anonymised.invalid"


EXPERT = PersonalRecord(
    model=ExpertByExperience,
    section="person",
    label="Details",
    to_expert="",
    fields=(
        PersonalField("full_name", "Name", R, former_member_name),
        PersonalField("pronouns", "Pronouns", C, ""),
        PersonalField("email", "Email address", R, former_member_email),
        PersonalField("phone", "Phone number", C, ""),
        PersonalField("preferred_contact", "How they prefer to be contacted", C, "email"),
        PersonalField("lived_experience_areas", "Lived experience", C, None),  # the areas are removed
        PersonalField("skills", "Skills", C, None),
        PersonalField("availability", "When they are usually free", C, 0),
        PersonalField("available_online", "Can take part online", C, False),
        PersonalField("available_in_person", "Can take part in person", C, False),
        PersonalField("reasonable_adjustments", "Reasonable adjustments", C, ""),
        PersonalField("preferences", "What they would like to do and avoid", C, ""),
        PersonalField("payment_preference", "Payment preference", C, "paid"),
        PersonalField("earnings_limit", "Earnings limit", C, None),
        PersonalField("earnings_limit_period", "Earnings limit period", C, ""),
        PersonalField("user", "Login", C, None),  # the login is scrubbed and deactivated (see LOGIN)
        PersonalField("status", "Status", K),
        PersonalField("onboarding_complete", "Onboarding complete", K),
        PersonalField("consent_given_on", "Consent given on", K),
        PersonalField("consent_review_due", "Consent review due", K),
        PersonalField("joined_on", "Applied to join on", K),
        PersonalField("active_from", "Active from", K),
        PersonalField("left_on", "Left on", K),
    ),
    not_personal=frozenset({"id", "anonymised_at"}),
)

LOGIN = PersonalRecord(
    model=User,
    section="login",
    label="Login",
    to_expert="expert_by_experience",
    fields=(
        PersonalField("email", "Login email address", R, former_member_email),
        PersonalField("full_name", "Name on the login", R, former_member_name),
        PersonalField("last_login", "Last logged in", C, None),
        PersonalField("date_joined", "Login created", K),
    ),
    # The password is never exported (and is made unusable on anonymising); the flags say what the
    # login may do, not who the person is.
    not_personal=frozenset({"id", "password", "is_superuser", "is_staff", "is_active"}),
)

CONSENTS = PersonalRecord(
    model=ConsentRecord,
    section="consents",
    label="Consent",
    to_expert="expert",
    fields=(
        PersonalField("given_on", "Given on", K),
        PersonalField("review_due", "Review due", K),
        PersonalField("contact_about_opportunities", "To be contacted about involvement opportunities", K),
        PersonalField("keep_lived_experience", "To the network keeping their lived experience areas", K),
        PersonalField("share_name_when_booked", "To their name being shared with the requester when booked", K),
        PersonalField("quote_anonymously", "To their feedback being quoted without their name", K),
        PersonalField("note", "Note", C, ""),
        PersonalField("recorded_at", "Recorded at", K),
    ),
    not_personal=frozenset({"id", "expert", "recorded_by"}),
)

ONBOARDING = PersonalRecord(
    model=OnboardingRecord,
    section="onboarding",
    label="Onboarding",
    to_expert="expert",
    fields=(
        PersonalField("step", "Step", K),
        PersonalField("completed_on", "Completed on", K),
        PersonalField("note", "Note", C, ""),
        PersonalField("recorded_at", "Recorded at", K),
    ),
    not_personal=frozenset({"id", "expert", "recorded_by"}),
)


def _unused_links_to_their_email(expert: ExpertByExperience) -> Q:
    """Links sent to their address that nobody has used: they hold the name and email they were sent to."""
    return Q(expert__isnull=True, email__iexact=expert.email)


APPLICATION = PersonalRecord(
    model=ApplicationLink,
    section="application",
    label="Application link",
    to_expert="expert",
    fields=(
        PersonalField("email", "Sent to", D),
        PersonalField("full_name", "Name given", D),
        PersonalField("created_at", "Sent at", D),
        PersonalField("used_at", "Used at", D),
    ),
    not_personal=frozenset({"id", "expert", "created_by"}),
    deleted_on_anonymise=True,
    also=_unused_links_to_their_email,
)

INVITATIONS = PersonalRecord(
    model=Invitation,
    section="activities",
    label="Invitations and activities",
    to_expert="expert",
    fields=(
        PersonalField("status", "Answer", K),
        PersonalField("activity_date", "Activity date", K),
        PersonalField("invited_at", "Invited at", K),
        PersonalField("answered_at", "Answered at", K),
    ),
    # The request is shown with the invitation (its title and type) but is not the person's data.
    not_personal=frozenset({"id", "request", "expert", "invited_by"}),
)

ATTENDANCE = PersonalRecord(
    model=Attendance,
    section="attendance",
    label="Attendance and debriefs",
    to_expert="invitation__expert",
    fields=(
        PersonalField("attended", "Attended", K),
        PersonalField("actual_minutes", "Minutes", K),
        PersonalField("recorded_at", "Recorded at", K),
        PersonalField("debrief_offered_at", "Debrief offered at", K),
        PersonalField("debrief_held_on", "Debrief held on", K),
        PersonalField("debrief_note", "Debrief notes", C, ""),
    ),
    not_personal=frozenset({"id", "invitation", "recorded_by"}),
)

CLAIMS = PersonalRecord(
    model=PaymentClaim,
    section="claims",
    label="Payment claims",
    to_expert="expert",
    fields=(
        PersonalField("activity_date", "Activity date", K),
        PersonalField("status", "Status", K),
        PersonalField("fee_basis", "How the fee was worked out", K),
        PersonalField("fee", "Fee", K),
        PersonalField("expenses_total", "Expenses", K),
        PersonalField("submitted_at", "Submitted at", K),
        PersonalField("approved_at", "Approved at", K),
        PersonalField("paid_at", "Paid at", K),
        PersonalField("payment_reference", "Payment reference", K),
        PersonalField("rejected_reason", "Why it was not approved", C, ""),
    ),
    not_personal=frozenset({"id", "expert", "attendance", "rate", "approved_by", "paid_by"}),
)

EXPENSES = PersonalRecord(
    model=Expense,
    section="expenses",
    label="Expenses",
    to_expert="claim__expert",
    fields=(
        PersonalField("kind", "Kind", K),
        PersonalField("description", "Description", C, ""),
        PersonalField("amount", "Amount", K),
        PersonalField("receipt", "Receipt (file name)", D, ""),  # the file is deleted from storage
    ),
    not_personal=frozenset({"id", "claim"}),
)

FEEDBACK = PersonalRecord(
    model=ActivityFeedback,
    section="feedback",
    label="Feedback",
    to_expert="invitation__expert",
    fields=(
        PersonalField("rating", "Rating", K),
        PersonalField("felt_listened_to", "Felt listened to", K),
        PersonalField("went_well", "What went well", C, ""),
        PersonalField("could_be_better", "What could be better", C, ""),
        PersonalField("submitted_at", "Given at", K),
    ),
    not_personal=frozenset({"id", "invitation"}),
)


def _sent_to_their_email(expert: ExpertByExperience) -> Q:
    """Messages to their address, for those sent before they had a login (or without one)."""
    return Q(recipient_email__iexact=expert.email)


NOTIFICATIONS = PersonalRecord(
    model=Notification,
    section="notifications",
    label="Notifications and emails",
    to_expert="recipient__expert_by_experience",
    fields=(
        PersonalField("recipient_email", "Sent to", D),
        PersonalField("subject", "Subject", D),
        PersonalField("body_text", "Message", D),
        PersonalField("link", "Link", D),
        PersonalField("created_at", "Date", D),
        PersonalField("read_at", "Read at", D),
    ),
    # The same message as HTML, how and when the outbox delivered it, and whether it was a receipt.
    not_personal=frozenset(
        {
            "id",
            "event",
            "receipt",
            "object_key",
            "recipient",
            "body_html",
            "status",
            "attempts",
            "last_error",
            "sent_at",
            "last_attempt_at",
        }
    ),
    deleted_on_anonymise=True,
    also=_sent_to_their_email,
)

# Every kind of record about an expert by experience, the expert's own first.
RECORDS: tuple[PersonalRecord, ...] = (
    EXPERT,
    LOGIN,
    CONSENTS,
    ONBOARDING,
    APPLICATION,
    INVITATIONS,
    ATTENDANCE,
    CLAIMS,
    EXPENSES,
    FEEDBACK,
    NOTIFICATIONS,
)


def rows_of(record: PersonalRecord, expert: ExpertByExperience) -> models.QuerySet:
    """The expert's rows of one kind of record (read before anonymising changes their email)."""
    if not record.to_expert:
        return record.model.objects.filter(pk=expert.pk)
    about_them = Q(**{record.to_expert: expert})
    if record.also is not None:
        about_them |= record.also(expert)
    return record.model.objects.filter(about_them)


def anonymised_value(field: PersonalField, expert: ExpertByExperience):
    return field.anonymised(expert) if callable(field.anonymised) else field.anonymised


def what_goes() -> list[tuple[str, list[str]]]:
    """For the confirmation page: each kind of record, and what of it is removed."""
    described = []
    for record in RECORDS:
        if record.deleted_on_anonymise:
            described.append((record.label, ["the whole record"]))
            continue
        gone = [field.label for field in record.fields if field.on_anonymise != OnAnonymise.KEPT]
        if gone:
            described.append((record.label, gone))
    return described


def what_stays() -> list[tuple[str, list[str]]]:
    return [
        (record.label, kept)
        for record in RECORDS
        if not record.deleted_on_anonymise
        and (kept := [field.label for field in record.fields if field.on_anonymise == OnAnonymise.KEPT])
    ]
