"""Importing training records: one completed course a row, for a peer support worker named by email.

Each record is added through `services.training_record_add`, so its expiry follows the
course's renewal exactly as when it is recorded on the person's profile.
"""

from django.db.models.functions import Lower
from django.utils import timezone

from peersupport.ui.imports.reading import (
    Column,
    ImportCheck,
    Importer,
    PreviewCell,
    check_each,
    day,
    missing_values,
    not_a_date,
    parse_date,
)

from .. import services
from ..models import PeerSupportWorker, TrainingCourse, TrainingRecord

TRAINING_COLUMNS = (
    Column("email", "Required", "The peer support worker's email, as on their record"),
    Column("course", "Required", "The course's name, as in the training catalogue"),
    Column(
        "completed_on",
        "Required",
        "The day they completed it: YYYY-MM-DD or DD/MM/YYYY, not in the future",
        label="date completed",
    ),
    Column("evidence_note", "Optional", "Certificate number, or where the evidence is kept"),
)


class _Lookups:
    """The people and courses the file names, and what they have already recorded, loaded once."""

    def __init__(self, rows: list[dict]):
        emails = {row["email"].strip().lower() for row in rows if row["email"].strip()}
        self.workers: dict[str, list[PeerSupportWorker]] = {}
        workers = PeerSupportWorker.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        for worker in workers:
            self.workers.setdefault(worker.email_lower, []).append(worker)
        self.courses = {course.name.strip().lower(): course for course in TrainingCourse.objects.all()}
        named = [worker for same_email in self.workers.values() for worker in same_email]
        records = TrainingRecord.objects.filter(peer_support_worker__in=named)
        self.recorded = set(records.values_list("peer_support_worker_id", "course_id", "completed_on"))

    def worker(self, email: str, reasons: list[str]) -> PeerSupportWorker | None:
        found = self.workers.get(email.lower(), [])
        if not found:
            reasons.append(f"There is no peer support worker with the email {email}")
            return None
        if len(found) > 1:
            reasons.append(f"More than one peer support worker has the email {email}: record this one on their profile")
            return None
        return found[0]


def check_rows(rows: list[dict]) -> ImportCheck:
    """Every row checked against the database and the rest of the file; nothing is written."""
    lookups = _Lookups(rows)
    today = timezone.localdate()
    first_line_of_record: dict[tuple, int] = {}

    def check_row(row: dict) -> tuple[dict | None, list[str]]:
        reasons = missing_values(row, TRAINING_COLUMNS)
        email, course_name = row["email"].strip(), row["course"].strip()
        worker = lookups.worker(email, reasons) if email else None
        course = lookups.courses.get(course_name.lower()) if course_name else None
        if course_name and course is None:
            reasons.append(f"There is no course called '{course_name}' in the training catalogue")
        completed_on = parse_date(row["completed_on"]) if row["completed_on"] else None
        if row["completed_on"] and completed_on is None:
            reasons.append(not_a_date("date completed", row["completed_on"]))
        if completed_on and completed_on > today:
            reasons.append(f"The date completed, {day(completed_on)}, is in the future")
        # A completion before their start date is allowed, as on the profile's form: training may be
        # carried over from a previous post.
        if worker and course and completed_on:
            key = (worker.pk, course.pk, completed_on)
            if key in first_line_of_record:
                line = first_line_of_record[key]
                reasons.append(f"The same course on the same day for {email} is also on line {line}")
            else:
                first_line_of_record[key] = row["line"]
            if key in lookups.recorded:
                reasons.append(f"{worker.full_name} already has {course.name} recorded on {day(completed_on)}")
        if reasons:
            return None, reasons
        return {
            "line": row["line"],
            "peer_support_worker": worker,
            "course": course,
            "completed_on": completed_on,
            "expires_on": services.training_expiry(course=course, completed_on=completed_on),
            "evidence_note": row["evidence_note"].strip(),
        }, []

    return check_each(rows, check_row)


def _create(*, valid: list[dict], by=None) -> list[TrainingRecord]:
    return [
        services.training_record_add(
            peer_support_worker=row["peer_support_worker"],
            course=row["course"],
            completed_on=row["completed_on"],
            evidence_note=row["evidence_note"],
            by=by,
        )
        for row in valid
    ]


def _preview(row: dict) -> list[PreviewCell]:
    worker = row["peer_support_worker"]
    return [
        PreviewCell(worker.full_name, worker.email),
        PreviewCell(row["course"].name),
        PreviewCell(day(row["completed_on"])),
        PreviewCell(day(row["expires_on"]) if row["expires_on"] else "Does not expire"),
        PreviewCell(row["evidence_note"]),
    ]


TRAINING = Importer(
    app="workforce",
    kind="training",
    title="Import training records",
    row_noun="completed course",
    noun="training record",
    noun_plural="training records",
    columns=TRAINING_COLUMNS,
    check=check_rows,
    create=_create,
    preview_headings=("Peer support worker", "Course", "Completed", "Expires", "Evidence"),
    preview=_preview,
    notes=("Each record's expiry is worked out from the course's renewal period in the training catalogue.",),
)


def training_records_import(*, rows: list[dict], by=None) -> list[TrainingRecord]:
    """Create every row or none; raises `ImportRefused` with the new check if any row is bad now."""
    return TRAINING.run(rows=rows, by=by)
