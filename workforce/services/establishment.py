"""Establishment (funded posts) and the Peer Support Strategy's growth targets."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    FundedPost,
    GrowthTarget,
    PathwayRole,
    Team,
)

# --- Establishment and growth targets ---------------------------------------------------------
# The peer support lead keeps these; the rules below are also asked by the forms, so a person
# sees every problem at once. Definitions: docs/adr/0013-establishment-and-growth.md.

MAX_POST_WTE = Decimal(10)
TWO_PLACES = Decimal("0.01")
MAX_TARGET_HEADCOUNT = 9999


def _wte_problem(value: Decimal, *, at_most: Decimal | None = None) -> str | None:
    if value <= 0:
        return "The whole-time equivalent must be more than 0"
    if at_most is not None and value > at_most:
        return f"The whole-time equivalent must be {at_most:f} or less"
    if value.normalize().as_tuple().exponent < -2:
        return "Enter the whole-time equivalent to at most 2 decimal places, like 0.75"
    return None


def funded_post_problems(
    *,
    whole_time_equivalent: Decimal | None,
    funded_from: datetime.date | None,
    funded_until: datetime.date | None,
) -> dict[str, str]:
    """Why a funded post's figures cannot stand, by field, checking what is given (None: not known yet)."""
    problems: dict[str, str] = {}
    wte_problem = whole_time_equivalent is not None and _wte_problem(whole_time_equivalent, at_most=MAX_POST_WTE)
    if wte_problem:
        problems["whole_time_equivalent"] = wte_problem
    if funded_from is not None and funded_until is not None and funded_until < funded_from:
        problems["funded_until"] = (
            f"The last day funded must be on or after the day the funding starts, {funded_from:%-d %B %Y}"
        )
    return problems


def _check_funded_post(*, team: Team, post: FundedPost | None, **figures) -> None:
    problems = funded_post_problems(**figures)
    if not team.is_active and (post is None or post.team_id != team.pk):
        problems["team"] = f"{team.name} is no longer active: choose an active team"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def funded_post_add(
    *,
    team: Team,
    whole_time_equivalent: Decimal,
    funded_from: datetime.date,
    funded_until: datetime.date | None = None,
    pathway_role: PathwayRole | None = None,
    note: str = "",
) -> FundedPost:
    """A post the team is funded for from `funded_from`; recurrent unless `funded_until` is given."""
    figures = {"whole_time_equivalent": whole_time_equivalent, "funded_from": funded_from, "funded_until": funded_until}
    _check_funded_post(team=team, post=None, **figures)
    figures["whole_time_equivalent"] = whole_time_equivalent.quantize(TWO_PLACES)
    return FundedPost.objects.create(team=team, pathway_role=pathway_role, note=note.strip(), **figures)


@transaction.atomic
def funded_post_update(
    *,
    post: FundedPost,
    team: Team,
    whole_time_equivalent: Decimal,
    funded_from: datetime.date,
    funded_until: datetime.date | None,
    pathway_role: PathwayRole | None,
    note: str = "",
) -> FundedPost:
    """Correct a funded post. A post that stays in a team that has closed may keep it."""
    post = FundedPost.objects.select_for_update().get(pk=post.pk)
    figures = {"whole_time_equivalent": whole_time_equivalent, "funded_from": funded_from, "funded_until": funded_until}
    _check_funded_post(team=team, post=post, **figures)
    post.team = team
    post.pathway_role = pathway_role
    post.whole_time_equivalent = whole_time_equivalent.quantize(TWO_PLACES)
    post.funded_from = funded_from
    post.funded_until = funded_until
    post.note = note.strip()
    post.save()
    return post


@transaction.atomic
def funded_post_end(*, post: FundedPost, funded_until: datetime.date) -> FundedPost:
    """End a post's funding: `funded_until` is the last day it is funded (it may be past or to come).

    A post whose funding has already ended is corrected with `funded_post_update` instead, so an
    end is never moved by accident.
    """
    post = FundedPost.objects.select_for_update().get(pk=post.pk)
    today = timezone.localdate()
    if post.funded_until is not None and post.funded_until < today:
        ended = f"{post.funded_until:%-d %B %Y}"
        raise ValidationError({"funded_until": f"The funding of this post already ended on {ended}: change the post"})
    problems = funded_post_problems(whole_time_equivalent=None, funded_from=post.funded_from, funded_until=funded_until)
    if problems:
        raise ValidationError(problems)
    post.funded_until = funded_until
    post.save(update_fields=["funded_until"])
    return post


def growth_target_problems(
    *,
    target_date: datetime.date | None,
    headcount: int | None,
    whole_time_equivalent: Decimal | None,
    today: datetime.date,
    current_date: datetime.date | None = None,
) -> dict[str, str]:
    """Why a growth target cannot stand, by field, checking what is given (None: not known yet).

    `current_date` is the date of the target being changed. A new target, or one moved to another
    date, must be in the future; a target whose date has passed can still have its figures corrected.
    """
    problems: dict[str, str] = {}
    if target_date is not None and target_date != current_date and target_date <= today:
        problems["target_date"] = "The target date must be in the future"
    if headcount is not None and headcount < 1:
        problems["headcount"] = "The headcount must be at least 1"
    elif headcount is not None and headcount > MAX_TARGET_HEADCOUNT:
        problems["headcount"] = f"The headcount must be {MAX_TARGET_HEADCOUNT:,} or fewer"
    wte_problem = whole_time_equivalent is not None and _wte_problem(whole_time_equivalent)
    if wte_problem:
        problems["whole_time_equivalent"] = wte_problem
    elif (
        None not in (whole_time_equivalent, headcount)
        and "headcount" not in problems
        and whole_time_equivalent > headcount
    ):
        problems["whole_time_equivalent"] = (
            "The whole-time equivalent cannot be more than the headcount: one person is at most 1 WTE"
        )
    return problems


@transaction.atomic
def growth_target_save(
    *,
    target: GrowthTarget | None = None,
    target_date: datetime.date,
    headcount: int,
    whole_time_equivalent: Decimal,
    note: str = "",
) -> GrowthTarget:
    """Add a target of the Peer Support Strategy (`target` None) or change one; one target per date."""
    if target is not None:
        target = GrowthTarget.objects.select_for_update().get(pk=target.pk)
    problems = growth_target_problems(
        target_date=target_date,
        headcount=headcount,
        whole_time_equivalent=whole_time_equivalent,
        today=timezone.localdate(),
        current_date=target.target_date if target is not None else None,
    )
    same_date = GrowthTarget.objects.filter(target_date=target_date)
    if target is not None:
        same_date = same_date.exclude(pk=target.pk)
    if "target_date" not in problems and same_date.exists():
        problems["target_date"] = f"There is already a target for {target_date:%-d %B %Y}: change that one instead"
    if problems:
        raise ValidationError(problems)
    target = target or GrowthTarget()
    target.target_date = target_date
    target.headcount = headcount
    target.whole_time_equivalent = whole_time_equivalent.quantize(TWO_PLACES)
    target.note = note.strip()
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as clash:  # another person saved a target for the same date at the same moment
        raise ValidationError(
            {"target_date": f"There is already a target for {target_date:%-d %B %Y}: change that one instead"}
        ) from clash
    return target


@transaction.atomic
def growth_target_delete(*, target: GrowthTarget) -> None:
    GrowthTarget.objects.filter(pk=target.pk).delete()
