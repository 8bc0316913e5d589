"""Demo involvement requests in each state, made through the services so each has a timeline."""

import datetime
from decimal import Decimal

from involvement.models import ActivityType, InvolvementRequest, LivedExperienceArea, Mode, Payment, Route, Skill
from involvement.services import requests as services
from peersupport.ui.dates import bank_holiday
from workforce.models import PeerSupportWorker, Team


def avoiding_bank_holidays(day: datetime.date, *, later: bool) -> datetime.date:
    """The day, or the nearest day that is not a bank holiday in England (later for the future, earlier
    for the past, so an activity never crosses today)."""
    step = datetime.timedelta(days=1 if later else -1)
    while bank_holiday(day):
        day += step
    return day


def _fields(title, *, kind, team, days_ahead, route=Route.NETWORK, worker=None, hours=None, places=2, reason=""):
    today = datetime.date.today()
    activity_date = avoiding_bank_holidays(today + datetime.timedelta(days=days_ahead), later=days_ahead >= 0)
    return {
        "title": title,
        "activity_type": ActivityType.objects.get(name=kind),
        "requesting_team": team,
        "description": f"{title}. We want people with lived experience to shape this from the start.",
        "content_notes": "We will talk about experiences of crisis care." if "crisis" in title.lower() else "",
        "activity_date": activity_date,
        "start_time": datetime.time(10, 0),
        "duration_minutes": 120,
        "mode": Mode.ONLINE if days_ahead % 2 else Mode.IN_PERSON,
        "location": "" if days_ahead % 2 else "Trust headquarters, meeting room 2",
        "places_needed": places,
        "payment": Payment.PAID,
        "closing_date": (
            max(today, activity_date - datetime.timedelta(days=3))
            if activity_date >= today
            else activity_date - datetime.timedelta(days=3)
        ),
        "route": route,
        "peer_support_worker": worker,
        "psw_reason": reason,
        "psw_hours": hours,
    }


def seed(*, requester, team_lead, peer_support_worker_user, coordinator=None, expert_user=None) -> None:
    if InvolvementRequest.objects.filter(requester=requester).exists():
        return
    team = Team.objects.get(name="North Community Team")
    psw = PeerSupportWorker.objects.get(user=peer_support_worker_user)
    areas = list(LivedExperienceArea.objects.filter(name__in=["Psychosis", "Trauma", "Carer experience"]))
    skills = list(Skill.objects.filter(name__in=["Interviewing", "Co-production"]))

    def create(title, **kwargs):
        return services.request_create(
            by=requester, fields=_fields(title, team=team, **kwargs), lived_experience_areas=areas, skills=skills
        )

    create("Leaflet about the crisis line", kind="Document review", days_ahead=30)

    waiting = create("Focus group on the new crisis pathway", kind="Focus group", days_ahead=21, places=6)
    services.request_submit(request_id=waiting.pk, by=requester)

    psw_ask = create(
        "Peer support worker interview panel",
        kind="Interview panel",
        days_ahead=18,
        route=Route.PSW,
        worker=psw,
        hours=Decimal("3"),
        reason="The panel is for a new peer support worker in this team; it needs someone who knows the role here.",
    )
    services.request_submit(request_id=psw_ask.pk, by=requester)

    open_request = create("Co-producing the ward welcome pack", kind="Co-production", days_ahead=25, places=3)
    services.request_submit(request_id=open_request.pk, by=requester)
    services.request_approve(request_id=open_request.pk, by=team_lead)

    confirmed = create(
        "Talk at the team away day",
        kind="Event or talk",
        days_ahead=12,
        route=Route.PSW,
        worker=psw,
        hours=Decimal("1.5"),
        reason="The away day is about this team's own peer support work.",
    )
    services.request_submit(request_id=confirmed.pk, by=requester)
    services.request_approve(request_id=confirmed.pk, by=team_lead)
    services.request_confirm(request_id=confirmed.pk, by=peer_support_worker_user)

    redirected = create(
        "Research advisory group on restrictive practice",
        kind="Research advisory group",
        days_ahead=40,
        route=Route.PSW,
        worker=psw,
        hours=Decimal("2"),
        reason="We would like a familiar face.",
    )
    services.request_submit(request_id=redirected.pk, by=requester)
    services.request_redirect_to_network(request_id=redirected.pk, by=team_lead)

    declined = create("Quarterly newsletter review", kind="Document review", days_ahead=15)
    services.request_submit(request_id=declined.pk, by=requester)
    services.request_decline(
        request_id=declined.pk, by=team_lead, reason="Communications already review the newsletter with the network."
    )

    withdrawn = create("Stakeholder event", kind="Event or talk", days_ahead=35)
    services.request_submit(request_id=withdrawn.pk, by=requester)
    services.request_withdraw(request_id=withdrawn.pk, by=requester, reason="The event moved to next year.")

    cancelled = create("Training session on discharge planning", kind="Training delivery", days_ahead=28)
    services.request_submit(request_id=cancelled.pk, by=requester)
    services.request_approve(request_id=cancelled.pk, by=team_lead)
    services.request_cancel(request_id=cancelled.pk, by=requester, reason="The trainer is no longer available.")

    done = create(
        "Peer support stall at the wellbeing fair",
        kind="Event or talk",
        days_ahead=-20,
        route=Route.PSW,
        worker=psw,
        hours=Decimal("2"),
        reason="The fair showcases this team's peer support.",
    )
    services.request_submit(request_id=done.pk, by=requester, allow_past_dates=True)
    services.request_approve(request_id=done.pk, by=team_lead, allow_past_dates=True)
    services.request_confirm(request_id=done.pk, by=peer_support_worker_user)
    services.request_complete(request_id=done.pk, by=requester)
    services.request_close(request_id=done.pk, by=requester, note="Went well: 40 visitors spoke with peer support.")

    awaiting_psw = create(
        "Welcome session for new starters",
        kind="Training delivery",
        days_ahead=14,
        route=Route.PSW,
        worker=psw,
        hours=Decimal("2"),
        reason="New starters in this team meet their own peer support worker.",
    )
    services.request_submit(request_id=awaiting_psw.pk, by=requester)
    services.request_approve(request_id=awaiting_psw.pk, by=team_lead)

    completed = create(
        "Carers' group visit",
        kind="Event or talk",
        days_ahead=-40,
        route=Route.PSW,
        worker=psw,
        hours=Decimal("1"),
        reason="The carers' group asked to hear from this team's peer support worker.",
    )
    services.request_submit(request_id=completed.pk, by=requester, allow_past_dates=True)
    services.request_approve(request_id=completed.pk, by=team_lead, allow_past_dates=True)
    services.request_confirm(request_id=completed.pk, by=peer_support_worker_user)
    services.request_complete(request_id=completed.pk, by=requester)

    lapsed = create("Survey design workshop", kind="Co-production", days_ahead=-3)
    services.request_submit(request_id=lapsed.pk, by=requester, allow_past_dates=True)
    services.request_approve(request_id=lapsed.pk, by=team_lead, allow_past_dates=True)
    services.request_expire(request_id=lapsed.pk)

    if coordinator is not None:
        _seed_invitations(open_request, redirected, coordinator=coordinator, expert_user=expert_user)


def _seed_invitations(filled_request, open_request, *, coordinator, expert_user) -> None:
    """One request filled with a waiting list; another with the demo expert's invitation to answer."""
    from together_network.models import ExpertByExperience
    from together_network.selectors.matching import ranked_experts
    from together_network.services import invitations

    best = [expert.pk for expert in ranked_experts(request=filled_request)[:5]]
    sent = invitations.invitations_send(request_id=filled_request.pk, expert_ids=best, by=coordinator)
    for invitation in sent[:4]:  # three places: the fourth joins the waiting list
        invitations.invitation_accept(invitation_id=invitation.pk)
    invitations.invitation_decline(invitation_id=sent[4].pk)

    demo_expert = ExpertByExperience.objects.filter(user=expert_user).first() if expert_user else None
    others = [expert.pk for expert in ranked_experts(request=open_request)[:3]]
    chosen = others + ([demo_expert.pk] if demo_expert else [])
    sent = invitations.invitations_send(request_id=open_request.pk, expert_ids=chosen, by=coordinator)
    someone_else = next(invitation for invitation in sent if invitation.expert_id != getattr(demo_expert, "pk", None))
    invitations.invitation_accept(invitation_id=someone_else.pk)
