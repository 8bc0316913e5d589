"""Importing an existing pool of experts by experience from a CSV or Excel file.

The upload is a dry run that lists every bad row with its line and reason; confirming imports
every row or none (the shared machinery in peersupport/ui/imports/reading.py). Each row is held to the rules
of the pool's forms (services/pool.py): a unique email among people in the pool, a phone number
when that is how they want to be contacted, at least one way to take part, consent reviewed after
it is given and within three years of it, and consent recorded for anyone active or paused.

Each person is created with their history ("Imported"), their consent record when consent is
given, and the first step of their checklist (the application, on the day they joined). People
imported as active or paused were already in the pool, so every required onboarding step is
recorded for them on that day too, and their onboarding is complete; they are in the pool from
that day. Nobody is emailed: these are people the network already knows.

Availability is written as day and part of the day, separated by semicolons: "Mon AM; Tue PM;
Sat Eve". Days are Mon to Sun (or in full), parts AM, PM and Eve (or morning, afternoon, evening);
a day on its own means all of it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from involvement.models import LivedExperienceArea, Skill
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
    too_long,
)

from ..models import (
    REQUIRED_STEPS,
    ConsentRecord,
    ExpertByExperience,
    ExpertStatus,
    OnboardingRecord,
    OnboardingStep,
    PartOfDay,
    PaymentPreference,
    PreferredContact,
    Weekday,
    availability_bit,
)
from ..services.common import add_years
from ..services.onboarding import CONSENT_LONGEST_YEARS

LIST_SEPARATOR = ";"
ONBOARDED = (ExpertStatus.ACTIVE, ExpertStatus.PAUSED)
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
DAYS = {
    **{weekday.label[:3].lower(): weekday.value for weekday in Weekday},
    **{weekday.label.lower(): weekday.value for weekday in Weekday},
}
PARTS = {
    "am": PartOfDay.MORNING,
    "morning": PartOfDay.MORNING,
    "pm": PartOfDay.AFTERNOON,
    "afternoon": PartOfDay.AFTERNOON,
    "eve": PartOfDay.EVENING,
    "evening": PartOfDay.EVENING,
}
PAYMENT_WORDS = {**{value: value for value in PaymentPreference.values}, "unpaid": PaymentPreference.UNPAID_BENEFITS}

POOL_COLUMNS = (
    Column("full_name", "Required", "Their full name", label="full name"),
    Column("email", "Required", "Their email address; not already used by someone in the pool", label="email address"),
    Column("pronouns", "Optional", "For example she/her, they/them"),
    Column("phone", "When contacted by phone or text", "Their phone number"),
    Column("preferred_contact", "Optional", "email, phone or text; empty for email", label="preferred contact"),
    Column("status", "Optional", "applicant, active, paused or left; empty for applicant"),
    Column(
        "lived_experience_areas",
        "Optional",
        "Names from the network's list of lived experience, separated by semicolons: Anxiety; Psychosis",
        label="lived experience areas",
    ),
    Column("skills", "Optional", "Names from the network's list of skills, separated by semicolons"),
    Column(
        "availability",
        "Optional",
        "When they are usually free, separated by semicolons: Mon AM; Tue PM; Sat Eve. Days Mon to Sun, parts "
        "AM, PM and Eve; a day on its own means all day",
    ),
    Column("online", "Optional", "yes or no: can take part online; empty for yes"),
    Column("in_person", "Optional", "yes or no: can take part in person; empty for yes", label="in person"),
    Column(
        "payment_preference",
        "Optional",
        "paid, voluntary or unpaid_benefits (unpaid for benefit reasons); empty for paid",
        label="payment preference",
    ),
    Column(
        "consent_given_on",
        "For active or paused",
        "The date they gave consent: YYYY-MM-DD or DD/MM/YYYY",
        label="date consent was given",
    ),
    Column(
        "consent_review_due",
        "With consent",
        "When their consent is to be reviewed: after it was given, and within 3 years",
        label="consent review date",
    ),
    Column(
        "joined_on", "Optional", "When they applied to join; empty for the consent date, or today", label="date joined"
    ),
    Column("left_on", "For status left", "When they left the network", label="date they left"),
)
LIMITS = {"full_name": 200, "pronouns": 50, "email": 254, "phone": 30}


class _Lookups:
    """The managed lists and the emails already in the pool, loaded once for the whole file."""

    def __init__(self):
        self.areas = {area.name.strip().lower(): area for area in LivedExperienceArea.objects.all()}
        self.skills = {skill.name.strip().lower(): skill for skill in Skill.objects.all()}
        # The pool's own rule: an email is taken while its owner is in the network and not anonymised.
        self.emails = {
            email.lower()
            for email in ExpertByExperience.objects.filter(anonymised_at__isnull=True)
            .exclude(status=ExpertStatus.LEFT)
            .values_list("email", flat=True)
        }
        self.seen: dict[str, int] = {}


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(LIST_SEPARATOR) if name.strip()]


def _listed(text: str, known: dict, noun: str, reasons: list[str]) -> list:
    found, unknown = [], []
    for name in _names(text):
        item = known.get(name.lower())
        if item is None:
            unknown.append(name)
        elif item not in found:
            found.append(item)
    if unknown:
        reasons.append(f"Not on the network's list of {noun}: {', '.join(unknown)}")
    return found


def parse_availability(text: str) -> tuple[int, list[str]]:
    """The availability bits, and the parts that could not be read."""
    bits, unreadable = 0, []
    for slot in _names(text):
        words = slot.lower().split()
        weekday = DAYS.get(words[0]) if words else None
        parts = [PARTS.get(word) for word in words[1:]]
        if weekday is None or None in parts:
            unreadable.append(slot)
            continue
        for part in parts or list(PartOfDay):
            bits |= availability_bit(weekday, part)
    return bits, unreadable


def _yes_no(text: str, label: str, reasons: list[str]) -> bool:
    if not text:
        return True
    if text.lower() in YES | NO:
        return text.lower() in YES
    reasons.append(f"{label} must be yes or no (not '{text}')")
    return True


def _date(row: dict, name: str, label: str, reasons: list[str]) -> datetime.date | None:
    if not row[name]:
        return None
    parsed = parse_date(row[name])
    if parsed is None:
        reasons.append(not_a_date(label, row[name]))
    elif parsed > timezone.localdate() and name != "consent_review_due":
        reasons.append(f"The {label} must be today or in the past (not {day(parsed)})")
        return None
    return parsed


def _check_email(row: dict, lookups: _Lookups, reasons: list[str]) -> str:
    email = row["email"].strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        reasons.append(f"'{email}' is not an email address")
        return email
    key = email.lower()
    if key in lookups.emails:
        reasons.append(f"Someone in the Together network already has the email address {email}")
    elif key in lookups.seen:
        reasons.append(f"The email address {email} is also on line {lookups.seen[key]}")
    else:
        lookups.seen[key] = row["line"]
    return email


def _check_dates(row: dict, status: str, reasons: list[str]) -> dict:
    given = _date(row, "consent_given_on", "date consent was given", reasons)
    review = _date(row, "consent_review_due", "consent review date", reasons)
    joined = _date(row, "joined_on", "date joined", reasons)
    left = _date(row, "left_on", "date they left", reasons)
    today = timezone.localdate()
    if bool(row["consent_given_on"]) != bool(row["consent_review_due"]):
        reasons.append("Consent needs both the date it was given and its review date")
    if given and review:
        if review <= given:
            reasons.append("The consent review date must be after the date consent was given")
        elif review > add_years(given, CONSENT_LONGEST_YEARS):
            reasons.append(f"The consent review date must be within {CONSENT_LONGEST_YEARS} years of it being given")
    if status in ONBOARDED and not row["consent_given_on"]:
        reasons.append(f"Someone {status} needs their consent: the date it was given and its review date")
    joined = joined or given or today
    if given and given < joined:
        reasons.append(f"Consent cannot be given before they joined, on {day(joined)}")
    if status == ExpertStatus.LEFT and not row["left_on"]:
        reasons.append("Someone who has left needs the date they left")
    elif row["left_on"] and status != ExpertStatus.LEFT:
        reasons.append("Only someone who has left has a date they left: set their status to left, or clear the date")
    if left and left < joined:
        reasons.append(f"The date they left cannot be before they joined, on {day(joined)}")
    return {"consent_given_on": given, "consent_review_due": review, "joined_on": joined, "left_on": left}


def _check_row(row: dict, lookups: _Lookups) -> tuple[dict | None, list[str]]:
    reasons = missing_values(row, POOL_COLUMNS) + too_long(row, LIMITS)
    email = _check_email(row, lookups, reasons)
    status = row["status"].lower() or ExpertStatus.APPLICANT
    if status not in ExpertStatus.values:
        reasons.append(f"The status must be applicant, active, paused or left (not '{row['status']}')")
    contact = row["preferred_contact"].lower() or PreferredContact.EMAIL
    if contact not in PreferredContact.values:
        reasons.append(f"The preferred contact must be email, phone or text (not '{row['preferred_contact']}')")
    elif contact != PreferredContact.EMAIL and not row["phone"]:
        reasons.append(f"A phone number is needed to contact them by {PreferredContact(contact).label.lower()}")
    payment = PAYMENT_WORDS.get(row["payment_preference"].lower() or PaymentPreference.PAID)
    if payment is None:
        reasons.append(
            f"The payment preference must be paid, voluntary or unpaid_benefits (not '{row['payment_preference']}')"
        )
    areas = _listed(row["lived_experience_areas"], lookups.areas, "lived experience areas", reasons)
    skills = _listed(row["skills"], lookups.skills, "skills", reasons)
    availability, unreadable = parse_availability(row["availability"])
    if unreadable:
        reasons.append(f"Availability not understood: {', '.join(unreadable)} (write it like Mon AM; Tue PM; Sat Eve)")
    online = _yes_no(row["online"], "Online", reasons)
    in_person = _yes_no(row["in_person"], "In person", reasons)
    if not (online or in_person):
        reasons.append("They need at least one way to take part: online, in person, or both")
    dates = _check_dates(row, status, reasons)
    if reasons:
        return None, reasons
    valid = {
        "line": row["line"],
        "full_name": row["full_name"],
        "email": email,
        "pronouns": row["pronouns"],
        "phone": row["phone"],
        "preferred_contact": contact,
        "status": status,
        "areas": areas,
        "skills": skills,
        "availability": availability,
        "available_online": online,
        "available_in_person": in_person,
        "payment_preference": payment,
        **dates,
    }
    return valid, []


def check_rows(rows: list[dict]) -> ImportCheck:
    """Every row checked against the pool, the managed lists and the rest of the file; nothing is written."""
    lookups = _Lookups()
    return check_each(rows, lambda row: _check_row(row, lookups))


def _create(*, valid: list[dict], by=None) -> list[ExpertByExperience]:
    created = []
    for row in valid:
        onboarded = row["status"] in ONBOARDED
        expert = ExpertByExperience(
            full_name=row["full_name"],
            email=row["email"],
            pronouns=row["pronouns"],
            phone=row["phone"],
            preferred_contact=row["preferred_contact"],
            status=row["status"],
            availability=row["availability"],
            available_online=row["available_online"],
            available_in_person=row["available_in_person"],
            payment_preference=row["payment_preference"],
            consent_given_on=row["consent_given_on"],
            consent_review_due=row["consent_review_due"],
            joined_on=row["joined_on"],
            active_from=row["joined_on"] if row["status"] != ExpertStatus.APPLICANT else None,
            left_on=row["left_on"],
            onboarding_complete=onboarded,
        )
        expert._history_user = by
        expert._change_reason = "Imported"
        expert.save()
        expert.lived_experience_areas.set(row["areas"])
        expert.skills.set(row["skills"])
        if row["consent_given_on"]:
            ConsentRecord.objects.create(
                expert=expert,
                given_on=row["consent_given_on"],
                review_due=row["consent_review_due"],
                note="Imported",
                recorded_by=by,
            )
        steps = REQUIRED_STEPS if onboarded else (OnboardingStep.APPLICATION,)
        OnboardingRecord.objects.bulk_create(
            [
                OnboardingRecord(
                    expert=expert, step=step, completed_on=row["joined_on"], note="Imported", recorded_by=by
                )
                for step in steps
            ]
        )
        created.append(expert)
    return created


def _preview(row: dict) -> list[PreviewCell]:
    slots = bin(row["availability"]).count("1")
    consent = (
        PreviewCell(day(row["consent_given_on"]), f"review by {day(row['consent_review_due'])}")
        if row["consent_given_on"]
        else PreviewCell("None recorded")
    )
    return [
        PreviewCell(row["full_name"], row["pronouns"]),
        PreviewCell(row["email"], row["phone"]),
        PreviewCell(
            ExpertStatus(row["status"]).label, "with onboarding complete" if row["status"] in ONBOARDED else ""
        ),
        PreviewCell(", ".join(area.name for area in row["areas"]) or "None"),
        PreviewCell(", ".join(skill.name for skill in row["skills"]) or "None", f"free {slots} times a week"),
        consent,
    ]


POOL = Importer(
    app="together_network",
    kind="pool",
    title="Import experts by experience",
    row_noun="expert by experience",
    noun="person",
    noun_plural="people",
    columns=POOL_COLUMNS,
    check=check_rows,
    create=_create,
    preview_headings=("Name", "Contact", "Status", "Lived experience", "Skills", "Consent"),
    preview=_preview,
    notes=(
        "Each person gets their consent record, when consent is given, and the first step of their checklist "
        "(their application, on the day they joined). People imported as active or paused were already in the "
        "pool, so every required onboarding step is recorded for them on the day they joined, their onboarding "
        "is complete, and they count in the pool from that day. Nobody is emailed.",
        "Lived experience areas and skills must match the network's lists (capital letters do not matter).",
    ),
)
