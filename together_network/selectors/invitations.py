"""Reads about who was invited to a request and who has a place."""

from involvement.models import InvolvementRequest
from together_network.models import Invitation, InvitationStatus
from together_network.selectors.consent import latest_consent, name_places


def people_booked(*, request: InvolvementRequest, names: bool) -> list[Invitation]:
    """The people with a place (in the order they took it), then those waiting, each with `shown_name`.

    `names` for coordinators. Anyone else (the requester) sees a person's name only when their
    current consent shares it with the requester: "Person 1 (name not shared)" otherwise. One query.
    """
    return name_places(
        Invitation.objects.filter(request=request, status__in=[InvitationStatus.ACCEPTED, InvitationStatus.WAITING])
        .select_related("expert")
        .annotate(shares_name=latest_consent("share_name_when_booked", expert="expert"))
        .order_by("status", "answered_at", "pk"),
        names=names,
    )
