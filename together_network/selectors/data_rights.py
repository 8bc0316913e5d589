"""Reads for data rights: everything held about one person (their download), and the retention review.

The export is built from `personal_data.RECORDS`, so every personal field listed there is in it,
with the records it belongs to and enough about each activity to recognise it. It is the same
data in two forms: `expert_data_export` for the JSON file, `expert_data_readable` for the page.
"""

import datetime
import os
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.formats import date_format

from together_network.models import Invitation, InvitationStatus

from ..models import ConsentRecord, ExpertByExperience, ExpertStatus, PartOfDay, Weekday
from . import personal_data
from .personal_data import PersonalRecord

EXPORT_FORMAT_VERSION = 1

# What each kind of related record brings with it, so a row can be recognised: the activity's
# title and date (or the claim's), and what to join to read them.
_CONTEXT = {
    "activities": (
        ("request__activity_type",),
        lambda row: {"activity": row.request.title, "activity_type": row.request.activity_type.name},
    ),
    "attendance": (("invitation__request",), lambda row: {"activity": row.invitation.request.title}),
    "claims": (("attendance__invitation__request",), lambda row: {"activity": row.attendance.invitation.request.title}),
    "expenses": (
        ("claim__attendance__invitation__request",),
        lambda row: {"claim": row.claim_id, "activity": row.claim.attendance.invitation.request.title},
    ),
    "feedback": (("invitation__request",), lambda row: {"activity": row.invitation.request.title}),
}


def _slot_names(availability: int) -> list[str]:
    return [
        f"{Weekday(day).label} {PartOfDay(part).label.lower()}"
        for day in Weekday.values
        for part in PartOfDay.values
        if availability & (1 << (day * 3 + part))
    ]


def field_value(instance: models.Model, name: str):
    """A field's value as the JSON export writes it: text, numbers, ISO dates, lists of names."""
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return [str(item) for item in getattr(instance, name).all()]
    value = getattr(instance, name)
    if name == "availability" and isinstance(instance, ExpertByExperience):
        return _slot_names(value)
    if isinstance(model_field, models.FileField):
        return os.path.basename(value.name) if value else ""
    if model_field.is_relation:
        return value.email if value is not None else None  # the login, by its email address
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def readable_value(instance: models.Model, name: str) -> str:
    """A field's value in words, for the readable page."""
    model_field = instance._meta.get_field(name)
    value = field_value(instance, name)
    if value in (None, "", []):
        return "Not recorded"
    if model_field.choices and not model_field.many_to_many:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(value)
    raw = getattr(instance, name)
    if isinstance(raw, datetime.datetime):
        return date_format(timezone.localtime(raw), "j F Y \\a\\t H:i")
    if isinstance(raw, datetime.date):
        return date_format(raw, "j F Y")
    if isinstance(raw, Decimal):
        return f"£{raw:,.2f}"
    return str(value)


def _rows(record: PersonalRecord, expert: ExpertByExperience) -> list[models.Model]:
    rows = personal_data.rows_of(record, expert)
    related, _describe = _CONTEXT.get(record.section, ((), None))
    if related:
        rows = rows.select_related(*related)
    if record is personal_data.EXPERT:
        rows = rows.prefetch_related("lived_experience_areas", "skills")
    return list(rows.order_by("pk"))


# Each list the history keeps with every row (simple-history's m2m history): its rows' accessor on a
# history row, and the field naming the area or skill on each.
def _history_list(name: str) -> str:
    rows = getattr(ExpertByExperience.history.model, name).model  # the list's history rows
    return rows._meta.get_field("history").remote_field.get_accessor_name()


_HISTORY_LISTS = {
    name: (_history_list(name), target)
    for name, target in (("lived_experience_areas", "livedexperiencearea"), ("skills", "skill"))
}


def _history(expert: ExpertByExperience, *, readable: bool) -> list[dict]:
    """Each change to the person's record: when, who, and which fields went from what to what.

    Four queries however long the history: the rows, their logins, and their areas and skills.
    """
    history = list(
        expert.history.select_related("history_user", "user")
        .prefetch_related(*(f"{accessor}__{target}" for accessor, target in _HISTORY_LISTS.values()))
        .order_by("history_date", "history_id")
    )
    names = [field.name for field in personal_data.EXPERT.fields]
    changes, previous = [], None
    for row in history:
        values = {}
        for name in names:
            if name in _HISTORY_LISTS:
                accessor, target = _HISTORY_LISTS[name]
                items = sorted(str(getattr(item, target)) for item in getattr(row, accessor).all())
                values[name] = ", ".join(items) if readable else items
            elif name == "user":
                values[name] = readable_value(row, "user") if readable else (row.user.email if row.user else None)
            else:
                values[name] = readable_value(row, name) if readable else field_value(row, name)
        changed = [
            {"field": personal_data.EXPERT.field(name).label if readable else name, "from": before, "to": values[name]}
            for name in names
            if previous is not None and (before := previous[name]) != values[name]
        ]
        who = row.history_user
        changes.append(
            {
                "changed_at": date_format(timezone.localtime(row.history_date), "j F Y \\a\\t H:i")
                if readable
                else timezone.localtime(row.history_date).isoformat(),
                "changed_by": "You" if who and who.pk == expert.user_id else (str(who) if who else "The system"),
                "what": {"+": "Record created", "~": "Record changed", "-": "Record deleted"}[row.history_type],
                "changes": changed,
            }
        )
        previous = values
    return changes


def expert_data_export(*, expert: ExpertByExperience) -> dict:
    """Everything held about the person, for the JSON download: every field of `personal_data`."""
    data = {
        "about": {
            "service": settings.SERVICE_NAME,
            "what_this_is": "Everything the Together network holds about you, as held when this file was made.",
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": timezone.localtime().isoformat(),
        }
    }
    for record in personal_data.RECORDS:
        _related, describe = _CONTEXT.get(record.section, ((), None))
        rows = [
            {**(describe(row) if describe else {}), **{name: field_value(row, name) for name in record.field_names}}
            for row in _rows(record, expert)
        ]
        if record in (personal_data.EXPERT, personal_data.LOGIN):
            data[record.section] = rows[0] if rows else None
        else:
            data[record.section] = rows
    data["history"] = _history(expert, readable=False)
    return data


def _heading(record: PersonalRecord, row: models.Model, describe) -> str:
    """What names one record on the readable page: its activity, or the record itself (a consent, a step)."""
    if describe:
        return describe(row)["activity"]
    if record in (personal_data.EXPERT, personal_data.LOGIN):
        return ""
    if record is personal_data.NOTIFICATIONS:
        return row.subject
    return str(row)


def expert_data_readable(*, expert: ExpertByExperience) -> dict:
    """The same data in words, for the readable page: sections of records of labelled values."""
    sections = []
    for record in personal_data.RECORDS:
        _related, describe = _CONTEXT.get(record.section, ((), None))
        rows = [
            {
                "heading": _heading(record, row, describe),
                "values": [(field.label, readable_value(row, field.name)) for field in record.fields],
            }
            for row in _rows(record, expert)
        ]
        sections.append({"key": record.section, "label": record.label, "rows": rows})
    return {
        "expert": expert,
        "sections": sections,
        "history": _history(expert, readable=True),
        "exported_at": timezone.localtime(),
    }


# --- Retention ------------------------------------------------------------------------------

REVIEWED_STATUSES = (ExpertStatus.LEFT, ExpertStatus.PAUSED, ExpertStatus.APPLICANT)


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The day `NETWORK_RETENTION_MONTHS` months ago (the same day of the month, or its last day)."""
    today = today or timezone.localdate()
    months = settings.NETWORK_RETENTION_MONTHS
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def retention_review(*, today: datetime.date | None = None) -> QuerySet[ExpertByExperience]:
    """People not active, with nothing happening on their record since the cutoff, oldest first.

    Last activity is the latest of: an activity they held a place on, a consent recorded, a change
    to their record (its history), their last login, and the day they applied. One query, with
    the date worked out in the database, whatever the pool's size.
    """
    floor = datetime.date(1900, 1, 1)

    def latest_date(queryset: QuerySet, expression) -> Coalesce:
        return Coalesce(
            Subquery(
                queryset.order_by().annotate(day=expression).values("day").order_by("-day")[:1],
                output_field=DateField(),
            ),
            Value(floor),
            output_field=DateField(),
        )

    history = ExpertByExperience.history.model.objects.filter(id=OuterRef("pk"))
    activities = Invitation.objects.filter(expert=OuterRef("pk"), status=InvitationStatus.ACCEPTED)
    consents = ConsentRecord.objects.filter(expert=OuterRef("pk"))
    return (
        ExpertByExperience.objects.filter(status__in=REVIEWED_STATUSES, anonymised_at__isnull=True)
        .select_related("user")
        .annotate(
            last_activity_on=Greatest(
                latest_date(activities, F("activity_date")),
                latest_date(consents, Greatest(F("given_on"), TruncDate("recorded_at"))),
                latest_date(history, TruncDate("history_date")),
                Coalesce(TruncDate("user__last_login"), Value(floor), output_field=DateField()),
                F("joined_on"),
                output_field=DateField(),
            )
        )
        .filter(last_activity_on__lt=retention_cutoff(today))
        .order_by("last_activity_on", "pk")
    )


def retention_counts(queryset: QuerySet[ExpertByExperience]) -> dict[str, int]:
    """How many are listed, and how many of them have left (and so can be anonymised now)."""
    return queryset.order_by().aggregate(total=Count("pk"), left=Count("pk", filter=Q(status=ExpertStatus.LEFT)))
