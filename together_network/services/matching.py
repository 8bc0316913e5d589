"""A request open for matching: the coordinators hear of it as soon as it is.

Involvement sends `request_opened` (in the transaction that opens the request) when a network
request is approved, or a peer support worker's request is sent to the network and approved.
Involvement cannot name the match page or the network's types (it sits below the network,
docs/adr/0017-app-boundaries.md), so the network listens and records the notification: the
coordinators are told, with a link to the match page, but not the lead who approved it.
"""

from involvement.models import InvolvementRequest

from ..notification_types import RequestOpenForMatching


def request_open_for_matching(*, request: InvolvementRequest, by=None) -> None:
    RequestOpenForMatching(request=request).send(actor=by)


def _on_request_opened(sender, **kwargs) -> None:
    request_open_for_matching(request=kwargs["request"], by=kwargs.get("by"))


def connect() -> None:
    from involvement.signals import request_opened

    request_opened.connect(_on_request_opened, dispatch_uid="together_network.tell_coordinators_request_open")
