"""Matching and invitations: a request open for matching, invitations, places and who is coming."""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from involvement.models import InvolvementRequest, RequestEvent
from involvement.notification_types import request_page
from notifications.types import NotificationType
from peersupport.accounts.selectors import coordinators

from ..models import Invitation
from ..selectors.consent import name_shared
from ..selectors.payments import booked_places
from .common import COORDINATORS, expert_recipient, portal_page

# --- Matching (a request open for the network) --------------------------------------------------------


@dataclass(kw_only=True)
class RequestOpenForMatching(NotificationType):
    """Sent on involvement's `request_opened` (services/matching.py): a network request approved, or a
    peer support worker's request sent to the network and approved; and again each time a filled
    request opens once more because someone gave up their place and nobody was waiting
    (`reopened`, the timeline event, is then what it is about, so each reopening is told)."""

    slug = "network_request_open"
    title = "A request is open for matching"
    sent_to = COORDINATORS
    request: InvolvementRequest
    reopened: RequestEvent | None = None

    def recipients(self) -> list:
        return list(coordinators())

    def about(self) -> InvolvementRequest | RequestEvent:
        return self.reopened or self.request

    def subject(self) -> str:
        return f"{'Open again' if self.reopened else 'Open'} for matching: {self.request.title}"

    def context(self) -> dict:
        return {"request": self.request, "reopened": self.reopened}

    def link(self) -> str:
        return reverse("together_network:match", args=[self.request.pk])


# --- Invitations and places ---------------------------------------------------------------------------


@dataclass(kw_only=True)
class ToTheInvited(NotificationType):
    """A message to the expert by experience of an invitation, linking to their portal."""

    sent_to = "the expert by experience invited"
    invitation: Invitation

    def recipients(self) -> list:
        return [expert_recipient(self.invitation.expert)]

    def about(self) -> Invitation:
        return self.invitation

    def context(self) -> dict:
        return {"invitation": self.invitation, "request": self.invitation.request}

    def link(self) -> str:
        return portal_page()


@dataclass(kw_only=True)
class Invited(ToTheInvited):
    slug = "invited"
    title = "An invitation to take part"
    # Signed, single-use answer links (services/invitations.py owns their salt).
    accept_link: str
    decline_link: str
    earnings_warning: str = ""

    def subject(self) -> str:
        return f"Invitation: {self.invitation.request.title}"

    def context(self) -> dict:
        return {
            **super().context(),
            "accept_link": self.accept_link,
            "decline_link": self.decline_link,
            "earnings_warning": self.earnings_warning,
        }


@dataclass(kw_only=True)
class PlaceAccepted(ToTheInvited):
    """Their answer took a place (a receipt: it holds the details and how to give the place up, and
    many experts have no login), or a place came up from the waiting list (news)."""

    slug = "accepted"
    title = "You have a place"
    promoted: bool = False  # moved up from the waiting list

    @property
    def receipt(self) -> bool:
        return not self.promoted

    def subject(self) -> str:
        title = self.invitation.request.title
        return f"A place has come up: {title}" if self.promoted else f"You are coming: {title}"


@dataclass(kw_only=True)
class OnTheWaitingList(ToTheInvited):
    """A receipt of their answer: every place was taken, so they wait."""

    slug = "waiting_list"
    title = "You are on the waiting list"
    receipt = True

    def subject(self) -> str:
        return f"On the waiting list: {self.invitation.request.title}"


@dataclass(kw_only=True)
class PlacesForTheRequester(NotificationType):
    """Who is coming, for the requester: names only where the person's consent shares them."""

    sent_to = "the requester"
    request: InvolvementRequest

    def recipients(self) -> list:
        return [self.request.requester]

    @cached_property
    def coming(self) -> list[Invitation]:
        return booked_places(request=self.request)

    def link(self) -> str:
        return request_page(self.request)


@dataclass(kw_only=True)
class RequestFilled(PlacesForTheRequester):
    """About the filling (a timeline event), so a request that fills again tells the requester again."""

    slug = "filled"
    title = "Every place has been taken"
    filling: RequestEvent

    def about(self) -> RequestEvent:
        return self.filling

    def subject(self) -> str:
        return f"Filled: {self.request.title}"

    def context(self) -> dict:
        return {"request": self.request, "coming": self.coming}


@dataclass(kw_only=True)
class LineupChanged(PlacesForTheRequester):
    """Someone gave up their place and the first person waiting moved up: once per promotion."""

    slug = "lineup_changed"
    title = "Who is coming has changed"
    gave_up: Invitation
    moved_up: Invitation

    def about(self) -> Invitation:
        return self.moved_up

    def subject(self) -> str:
        return f"Who is coming has changed: {self.request.title}"

    def context(self) -> dict:
        return {
            "request": self.request,
            "coming": self.coming,
            "gave_up": self.gave_up.expert.full_name if name_shared(self.gave_up.expert) else "Someone",
            "moved_up": next(place.shown_name for place in self.coming if place.pk == self.moved_up.pk),
        }
