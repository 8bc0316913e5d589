"""People with a portal login, their invitations, and activities that have happened, for the portal
and feedback tests.

Places are taken through the invitation services while the activity is still ahead; then the
dates are moved back, as if time had passed (nobody can be invited once answers have closed).
"""

import datetime
import html
import re

from django.utils import timezone

from involvement.models import InvolvementRequest
from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import Invitation
from together_network.services import invitations
from together_network.tests.factories import AttendanceFactory, ExpertByExperienceFactory


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def coordinator():
    return UserFactory(roles=[Role.NETWORK_COORDINATOR])


def expert_with_login(**fields):
    """An active expert by experience who can log in to their portal."""
    return ExpertByExperienceFactory(user=UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE]), **fields)


def invite(request: InvolvementRequest, *experts) -> list[Invitation]:
    """Invite the people to the request; their invitations, in the order given."""
    sent = invitations.invitations_send(request_id=request.pk, expert_ids=[e.pk for e in experts], by=coordinator())
    by_expert = {invitation.expert_id: invitation for invitation in sent}
    return [by_expert[expert.pk] for expert in experts]


def happened(request: InvolvementRequest, on: datetime.date) -> InvolvementRequest:
    """Move the activity (and its places) back to `on`, as if time had passed."""
    InvolvementRequest.objects.filter(pk=request.pk).update(
        activity_date=on, closing_date=on - datetime.timedelta(days=3)
    )
    Invitation.objects.filter(request=request).update(activity_date=on)
    request.refresh_from_db()
    return request


def past_place(expert, *, on: datetime.date | None = None, attended: bool | None = True, **fields) -> Invitation:
    """The person had a place at an activity that happened on `on` (a week ago), and came unless
    `attended` is False (None: no attendance recorded)."""
    request = approved_request(**{"places_needed": 1, **fields})
    [invitation] = invite(request, expert)
    invitations.invitation_accept(invitation_id=invitation.pk)
    happened(request, on or days_ago(7))
    if attended is not None:
        AttendanceFactory(invitation=invitation, attended=attended)
    return Invitation.objects.select_related("request", "expert").get(pk=invitation.pk)


def page_text(response) -> str:
    """The page's words, without tags, in single spaces."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))).strip()
