"""Applying to join through a link: a coordinator sends a signed, single-use link to someone's
email, and they fill in the application themselves.

The link carries only the ApplicationLink row's id, signed with this module's salt and good for
30 days; the row says whether it has been used. Submitting locks the row, so a double click or a
second tab makes one applicant, never two. The application's email address is the one the link
was sent to: the link proves only that the person can read that inbox. Someone whose address
is already in the pool is not made a second record: they are told kindly, and the coordinator
who sent the link hears about it.
"""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import ApplicationLink, ExpertByExperience, ExpertStatus
from ..notification_types import ApplicationFromAMember, ApplicationLinkSent, ApplicationReceived
from .common import add_years, require_coordinator
from .onboarding import AGREEMENTS, CONSENT_REVIEW_AFTER_YEARS, new_consent
from .pool import EXPERT_FIELDS, new_applicant, values_with_defaults

APPLICATION_SALT = "together_network.application_link"
LINK_LIFETIME = datetime.timedelta(days=30)
# What an applicant tells us about themselves (an earnings limit is agreed with the coordinator later).
APPLICANT_FIELDS = tuple(name for name in EXPERT_FIELDS if name not in {"earnings_limit", "earnings_limit_period"})


class ApplicationLinkProblem(Exception):
    """The link cannot be used; the message says why, kindly. `status` is the page's HTTP status."""

    def __init__(self, message: str, *, status: int = 400, heading: str = "This link cannot be used"):
        super().__init__(message)
        self.status = status
        self.heading = heading


BROKEN = "This link is not complete or has been changed, so it cannot be used. Please check you copied all of it."
USED = (
    "This link has already been used to apply, so it cannot be used again. Thank you: the coordinator "
    "has your application and will be in touch."
)
ALREADY_IN_THE_NETWORK = (
    "It looks like you are already in the Together network, so you do not need to apply again. "
    "Please contact the coordinator who sent you the link: we have let them know too."
)


def application_token(link: ApplicationLink) -> str:
    return signing.dumps(link.pk, salt=APPLICATION_SALT)


def application_path(link: ApplicationLink) -> str:
    return reverse("together_network:apply", args=[application_token(link)])


def link_expires_on(link: ApplicationLink) -> datetime.date:
    return timezone.localdate(link.created_at + LINK_LIFETIME)


def member_with_email(email: str) -> ExpertByExperience | None:
    """Someone in the pool (not left, not anonymised) with this email address."""
    return (
        ExpertByExperience.objects.filter(email__iexact=email.strip(), anonymised_at__isnull=True)
        .exclude(status=ExpertStatus.LEFT)
        .first()
    )


@transaction.atomic
def application_link_send(*, email: str, full_name: str = "", by) -> ApplicationLink:
    """Email someone a link to apply. Someone already in the pool does not need one."""
    require_coordinator(by)
    email = email.strip()
    if not email:
        raise ValidationError({"email": "Enter their email address"})
    member = member_with_email(email)
    if member is not None:
        raise ValidationError(
            {
                "email": f"{member.full_name} already has this email address in the Together network "
                f"({member.get_status_display().lower()})"
            }
        )
    link = ApplicationLink.objects.create(email=email, full_name=full_name.strip(), created_by=by)
    ApplicationLinkSent(
        application_link=link, apply_path=application_path(link), expires_on=link_expires_on(link), coordinator=by
    ).send(actor=by)
    return link


def application_link_read(token: str) -> ApplicationLink:
    """The link a token stands for, if it can still be used; ApplicationLinkProblem if not."""
    try:
        link_id = signing.loads(token, salt=APPLICATION_SALT, max_age=LINK_LIFETIME)
    except signing.SignatureExpired as expired:
        raise ApplicationLinkProblem(
            "This link has expired: links to apply work for 30 days. "
            "Please ask the Together network coordinator to send you a new one.",
            status=410,
        ) from expired
    except signing.BadSignature as broken:
        raise ApplicationLinkProblem(BROKEN) from broken
    link = (
        ApplicationLink.objects.select_related("created_by").filter(pk=link_id).first()
        if type(link_id) is int
        else None
    )
    if link is None:
        raise ApplicationLinkProblem(BROKEN)
    if link.used_at is not None:
        raise ApplicationLinkProblem(USED, status=410)
    return link


def application_submit(*, token: str, **answers) -> ExpertByExperience:
    """The person's own application: they become an applicant, with their consent recorded from today.

    `answers` holds APPLICANT_FIELDS and AGREEMENTS; the email address is always the link's. The
    coordinator who sent the link is told. When the address already belongs to someone in the pool,
    no record is made: ApplicationLinkProblem says so kindly, and the coordinator is told (once).
    """
    with transaction.atomic():
        link = application_link_read(token)
        link = ApplicationLink.objects.select_for_update().select_related("created_by").get(pk=link.pk)
        if link.used_at is not None:
            raise ApplicationLinkProblem(USED, status=410)  # the same link, sent twice at once
        unknown = set(answers) - set(APPLICANT_FIELDS) - set(AGREEMENTS)
        if unknown:
            raise TypeError(f"Not part of an application: {', '.join(sorted(unknown))}")
        member = member_with_email(link.email)
        if member is None:
            return _new_application(link, answers)
        ApplicationFromAMember(application_link=link, expert=member).send()
    # After the notification is saved: the refusal must not roll it back.
    raise ApplicationLinkProblem(ALREADY_IN_THE_NETWORK, status=409, heading="You are already in the network")


def _new_application(link: ApplicationLink, answers: dict) -> ExpertByExperience:
    today = timezone.localdate()
    given = {name: answers[name] for name in APPLICANT_FIELDS if name in answers}
    expert = new_applicant(
        values=values_with_defaults({**given, "email": link.email}),
        joined_on=today,
        by=None,
        reason="Applied through a link",
        note=f"Applied online, through a link from {link.created_by.get_full_name()}",
    )
    new_consent(
        expert,
        given_on=today,
        review_due=add_years(today, CONSENT_REVIEW_AFTER_YEARS),
        agreements={name: answers.get(name, False) for name in AGREEMENTS},
        note="Given in their application",
        by=None,
    )
    link.used_at = timezone.now()
    link.expert = expert
    link.save(update_fields=["used_at", "expert"])
    ApplicationReceived(application_link=link, expert=expert).send()
    return expert
