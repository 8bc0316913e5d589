"""What a person's current consent lets the network do, read in the same query as the page's rows.

A person's current consent is their latest ConsentRecord (by the day it was given, then the
latest recorded). Someone with no record has agreed to nothing: every agreement reads False.
"""

from collections.abc import Iterable

from django.db.models import BooleanField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import ConsentRecord

# What a person is called where their name is not shared: "Person 1 (name not shared)".
NOT_SHARED = "Person {number} (name not shared)"


def latest_consent(agreement: str, *, expert: str = "pk") -> Coalesce:
    """An annotation: the person's current answer to `agreement` (a ConsentRecord field).

    `expert` is the lookup from the annotated rows to the person: "pk" for the people themselves,
    "expert" for their invitations, "invitation__expert" for feedback.
    """
    answer = ConsentRecord.objects.filter(expert=OuterRef(expert)).order_by("-given_on", "-pk").values(agreement)[:1]
    return Coalesce(Subquery(answer, output_field=BooleanField()), Value(False))


def name_places(places: Iterable, *, names: bool) -> list:
    """Give each place (an invitation annotated with `shares_name`) the name to show: `shown_name`.

    With `names` (coordinators), the person's name. Otherwise their name only when their current
    consent shares it with the requester, and "Person 1 (name not shared)" and so on for the rest,
    numbered in the order of the places.
    """
    places = list(places)
    hidden = 0
    for place in places:
        if names or place.shares_name:
            place.shown_name = place.expert.full_name
        else:
            hidden += 1
            place.shown_name = NOT_SHARED.format(number=hidden)
    return places


def name_shared(expert) -> bool:
    """Whether the person's current consent shares their name with the requester (one query)."""
    latest = ConsentRecord.objects.filter(expert=expert).order_by("-given_on", "-pk").first()
    return latest is not None and latest.share_name_when_booked
