"""Involvement's panels on the home page: what needs the person now."""

from django.utils import timezone

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role
from workforce.selectors.people import peer_support_worker_of

from . import selectors
from .selectors import psw_hours_booked


def _approvals(user) -> dict:
    waiting = selectors.waiting_for_approval_by(user=user)
    return {"requests": list(waiting[:5]), "total": waiting.count()}


MY_REQUESTS_SHOWN = 5


def _my_requests(user) -> dict:
    """Their latest requests, and a link to all of them when there are more than the panel shows."""
    mine = selectors.requests_for_list(user=user, scope="mine")
    shown = list(mine[: MY_REQUESTS_SHOWN + 1])
    total = mine.count() if len(shown) > MY_REQUESTS_SHOWN else len(shown)
    return {"requests": shown[:MY_REQUESTS_SHOWN], "total": total, "more": total > MY_REQUESTS_SHOWN}


register_panel(
    Role.TEAM_LEAD,
    Panel(
        key="approvals",
        title="Requests waiting for your approval",
        template="involvement/panels/approvals.html",
        order=10,
        context=_approvals,
    ),
)
register_panel(
    Role.REQUESTER,
    Panel(
        key="my_requests",
        title="Your involvement requests",
        template="involvement/panels/my_requests.html",
        order=10,
        context=_my_requests,
    ),
)


def _protected_time(user) -> dict:
    """A peer support worker's involvement hours left this month, and the requests waiting for them to confirm."""
    worker = peer_support_worker_of(user=user)
    if worker is None:
        return {"worker": None}
    booked = psw_hours_booked(peer_support_worker=worker, month_of=timezone.localdate())
    to_confirm = list(selectors.requests_for_list(user=user, scope="named", status="approved")[:5])
    return {
        "worker": worker,
        "allowance": worker.monthly_allowance,
        "booked": booked,
        "left": max(worker.monthly_allowance - booked, 0),
        "to_confirm": to_confirm,
    }


register_panel(
    Role.PEER_SUPPORT_WORKER,
    Panel(
        key="protected_time",
        title="Your protected time",
        template="involvement/panels/protected_time.html",
        order=20,
        context=_protected_time,
    ),
)
