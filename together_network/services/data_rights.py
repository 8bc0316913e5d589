"""Anonymising a leaver: their personal details go, the pool's and the payments' figures stay.

What goes and what stays is `personal_data.RECORDS`, the same list the "download my data" export
reads. On top of the fields listed there, anonymising:
- scrubs and deactivates the person's login rather than deleting it: the house rule is that
  logins are deactivated, never deleted, so every record that names its author still can, and
  one path suits every login, whatever else refers to it. The login's email becomes a unique
  placeholder that can never be delivered, its name the placeholder name, its password unusable;
  its email addresses and two-step verification devices are deleted and it is unlinked;
- cuts the person's change history down to their status changes (the pool's figures read when
  someone was paused) and scrubs those rows like the record itself; the history of their lived
  experience areas and skills is deleted;
- deletes the notifications sent to them, and replaces their name, email and phone number in
  other people's notifications, in the timelines of requests they were invited to and in Django
  admin's log;
- deletes their receipt files from storage, once the transaction has committed.
Invitations, attendance, claim amounts and dates, and feedback ratings are kept, so pool health
and payment figures are the same before and after.
"""

import re

from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from involvement.models import RequestEvent
from notifications.models import Notification
from peersupport.accounts.permissions import can
from together_network.models import Invitation

from ..models import Expense, ExpertByExperience, ExpertStatus
from ..selectors import personal_data
from ..selectors.personal_data import OnAnonymise


def _require(by, permission: str, expert: ExpertByExperience) -> None:
    if not can(by, permission, expert):
        raise PermissionDenied("Only network coordinators can anonymise someone's record.")


def anonymise_problems(expert: ExpertByExperience) -> list[str]:
    """Why this record cannot be anonymised now, in words for the confirmation page."""
    if expert.is_anonymised:
        return [f"This record was anonymised on {timezone.localtime(expert.anonymised_at):%-d %B %Y}."]
    if expert.status != ExpertStatus.LEFT:
        return [
            f"{expert.full_name} is {expert.get_status_display().lower()}. Only someone who has left the network "
            "can be anonymised: record that they have left first."
        ]
    return []


def _scrub_login(expert: ExpertByExperience) -> None:
    user = expert.user
    if user is None:
        return
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    for field in personal_data.LOGIN.fields:
        if field.on_anonymise != OnAnonymise.KEPT:
            setattr(user, field.name, personal_data.anonymised_value(field, expert))
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()


def _scrub_related(expert: ExpertByExperience) -> list[str]:
    """Clear the personal fields of every related record; returns the receipt files to delete."""
    receipts = list(Expense.objects.filter(claim__expert=expert).exclude(receipt="").values_list("receipt", flat=True))
    for record in personal_data.RECORDS:
        if record in (personal_data.EXPERT, personal_data.LOGIN):
            continue
        rows = personal_data.rows_of(record, expert)
        if record.deleted_on_anonymise:
            rows.delete()
            continue
        cleared = {
            field.name: personal_data.anonymised_value(field, expert)
            for field in record.fields
            if field.on_anonymise != OnAnonymise.KEPT
        }
        if cleared:
            # Through the primary keys: an update cannot follow the joins some lookups take.
            record.model.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).update(**cleared)
    return receipts


def _scrub_expert(expert: ExpertByExperience, by) -> None:
    for field in personal_data.EXPERT.fields:
        if field.on_anonymise == OnAnonymise.KEPT:
            continue
        if field.name in ("lived_experience_areas", "skills"):
            getattr(expert, field.name).clear()
        else:
            setattr(expert, field.name, personal_data.anonymised_value(field, expert))
    expert.anonymised_at = timezone.now()
    expert._history_user = by
    expert.save()


def _history_fields_cleared(expert: ExpertByExperience) -> dict:
    cleared = {}
    for field in personal_data.EXPERT.fields:
        if field.on_anonymise == OnAnonymise.KEPT or field.name in ("lived_experience_areas", "skills"):
            continue
        cleared[field.name] = personal_data.anonymised_value(field, expert)
    return cleared


def _scrub_history(expert: ExpertByExperience) -> None:
    """Keep only the rows where the status changed, scrubbed; delete the rest."""
    history = ExpertByExperience.history.model
    rows = list(
        history.objects.filter(id=expert.pk).order_by("history_date", "history_id").values_list("history_id", "status")
    )
    kept, previous = set(), None
    for history_id, status in rows:
        if status != previous:
            kept.add(history_id)
        previous = status
    for related in history._meta.related_objects:  # the history of their areas and skills
        related.related_model.objects.filter(**{f"{related.field.name}__id": expert.pk}).delete()
    history.objects.filter(id=expert.pk).exclude(history_id__in=kept).delete()
    history.objects.filter(id=expert.pk).update(**_history_fields_cleared(expert), history_change_reason="")


def _replacer(replacements: dict[str, str]):
    """Replace whole mentions of each old value (as typed, or as HTML writes it) with its new one."""
    patterns = [
        (re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"), new)
        for old, new in replacements.items()
        if old.strip()
        for form in {old, escape(old)}
    ]

    def replace(text: str) -> str:
        for pattern, new in patterns:
            text = pattern.sub(new, text)
        return text

    return replace


def _mentioning(fields: tuple[str, ...], values) -> Q:
    found = Q(pk__in=[])
    for value in values:
        if value.strip():
            for form in {value, escape(value)}:
                for field in fields:
                    found |= Q(**{f"{field}__contains": form})
    return found


def _scrub_mentions(expert: ExpertByExperience, *, old: dict[str, str], user) -> None:
    """Their notifications go; their name, email and phone go from others' notifications and from
    the timelines of requests they were invited to."""
    to_them = Q(recipient_email__iexact=old["email"])
    if user is not None:
        to_them |= Q(recipient=user)
    Notification.objects.filter(to_them).delete()
    replacements = {
        old["full_name"]: personal_data.former_member_name(expert),
        old["email"]: personal_data.former_member_email(expert),
        old["phone"]: "(phone number removed)",
    }
    replace = _replacer(replacements)
    fields = ("subject", "body_text", "body_html")
    for notification in Notification.objects.filter(_mentioning(fields, replacements)):
        for field in fields:
            setattr(notification, field, replace(getattr(notification, field)))
        notification.save(update_fields=list(fields))
    requests = Invitation.objects.filter(expert=expert).values("request")
    for event in RequestEvent.objects.filter(_mentioning(("note",), replacements), request__in=requests):
        event.note = replace(event.note)
        event.save(update_fields=["note"])
    # Django admin's log names the records it changed ("Rowan Smith", "Feedback on Rowan Smith to ...").
    logged = ("object_repr", "change_message")
    for entry in LogEntry.objects.filter(_mentioning(logged, replacements)):
        for field in logged:
            setattr(entry, field, replace(getattr(entry, field)))
        entry.save(update_fields=list(logged))


def _delete_files(names: list[str]) -> None:
    storage = Expense._meta.get_field("receipt").storage
    for name in names:
        storage.delete(name)


@transaction.atomic
def expert_anonymise(*, expert: ExpertByExperience, by) -> ExpertByExperience:
    """Remove a leaver's personal details for good, keeping the figures. Cannot be undone."""
    _require(by, "together_network.anonymise_expert", expert)
    expert = ExpertByExperience.objects.select_for_update().get(pk=expert.pk)
    problems = anonymise_problems(expert)
    if problems:
        raise ValidationError({"expert": problems})
    old = {"full_name": expert.full_name, "email": expert.email, "phone": expert.phone}
    user = expert.user
    _scrub_login(expert)
    receipts = _scrub_related(expert)
    _scrub_expert(expert, by)
    _scrub_history(expert)
    _scrub_mentions(expert, old=old, user=user)
    if receipts:
        transaction.on_commit(lambda: _delete_files(receipts))
    return expert
