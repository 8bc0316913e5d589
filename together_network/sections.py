"""What the Together network adds to pages of the apps below it (peersupport/ui/slots.py).

A request's page belongs to `involvement`; who was invited and has a place, recording who took
part, the experts' feedback and debriefs belong to the network, so the network adds them here.
"""

from django.utils import timezone

from involvement.models import InvolvementRequest, Route
from peersupport.accounts.permissions import can
from peersupport.ui.slots import Section, register_section
from together_network.selectors.feedback import request_feedback
from together_network.selectors.invitations import people_booked
from together_network.services.payments import attendance_problem
from together_network.transitions import REQUEST_TRANSITIONS, RequestAction


def _match_action(request, *, involvement_request: InvolvementRequest) -> dict | None:
    """Offered exactly when the invitations table lets this person invite people to the request."""
    if not REQUEST_TRANSITIONS[RequestAction.INVITE].allows(involvement_request, request.user):
        return None
    return {}


def _people(request, *, involvement_request: InvolvementRequest) -> dict | None:
    user, obj = request.user, involvement_request
    can_match = can(user, "involvement.match_request", obj)
    # Names for coordinators; the requester sees only the names people agreed to share.
    shows_people = obj.route == Route.NETWORK and (obj.requester_id == user.pk or can_match)
    context = {
        "invitations": people_booked(request=obj, names=can_match) if shows_people else [],
        "can_record_attendance": attendance_problem(obj) is None
        and can(user, "together_network.record_attendance", obj),
    }
    return context if context["invitations"] or context["can_record_attendance"] else None


def _feedback(request, *, involvement_request: InvolvementRequest) -> dict | None:
    """The experts' feedback: names for coordinators only, never contact details."""
    user, obj = request.user, involvement_request
    if obj.route != Route.NETWORK:
        return None
    can_match = can(user, "involvement.match_request", obj)
    sees_feedback = obj.requester_id == user.pk or can_match or can(user, "together_network.view_feedback_summary")
    context = {
        # Coordinators read every comment; a requester only what people agreed may be quoted.
        "feedback": request_feedback(request=obj, everything=can_match) if sees_feedback else None,
        "feedback_names": can_match,
        "can_manage_debriefs": can_match
        and obj.activity_date <= timezone.localdate()
        and can(user, "together_network.manage_debriefs", obj),
    }
    return context if (context["feedback"] and context["feedback"].total) or context["can_manage_debriefs"] else None


def register() -> None:
    register_section(
        "involvement.request_actions",
        Section("match", "together_network/invitations/match_action.html", _match_action, order=10),
    )
    register_section(
        "involvement.request_people",
        Section("people_booked", "together_network/invitations/people_booked.html", _people),
    )
    register_section(
        "involvement.request_after",
        Section("feedback", "together_network/feedback/request_feedback.html", _feedback),
    )
