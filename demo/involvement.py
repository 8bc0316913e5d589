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

    psw_ask = {"route": Route.PSW, "worker": psw}

    # The steps that bring a request to its state, as people would take them. An activity already
    # past is recorded after the event (allow_past_dates).
    def submit(request):
        past = request.activity_date < datetime.date.today()
        services.request_submit(request_id=request.pk, by=requester, allow_past_dates=past)

    def approve(request):
        past = request.activity_date < datetime.date.today()
        services.request_approve(request_id=request.pk, by=team_lead, allow_past_dates=past)

    def confirm(request):
        services.request_confirm(request_id=request.pk, by=peer_support_worker_user)

    def complete(request):
        services.request_complete(request_id=request.pk, by=requester)

    def redirect(request):
        services.request_redirect_to_network(request_id=request.pk, by=team_lead)

    def expire(request):
        services.request_expire(request_id=request.pk)

    def decline(reason):
        return lambda request: services.request_decline(request_id=request.pk, by=team_lead, reason=reason)

    def withdraw(reason):
        return lambda request: services.request_withdraw(request_id=request.pk, by=requester, reason=reason)

    def cancel(reason):
        return lambda request: services.request_cancel(request_id=request.pk, by=requester, reason=reason)

    def close(note):
        return lambda request: services.request_close(request_id=request.pk, by=requester, note=note)

    def create(title, *steps, **kwargs):
        request = services.request_create(
            by=requester, fields=_fields(title, team=team, **kwargs), lived_experience_areas=areas, skills=skills
        )
        for step in steps:
            step(request)
        return request

    create("Leaflet about the crisis line", kind="Document review", days_ahead=30)
    create("Focus group on the new crisis pathway", submit, kind="Focus group", days_ahead=21, places=6)
    create(
        "Peer support worker interview panel",
        submit,
        kind="Interview panel",
        days_ahead=18,
        **psw_ask,
        hours=Decimal("3"),
        reason="The panel is for a new peer support worker in this team; it needs someone who knows the role here.",
    )
    open_request = create(
        "Co-producing the ward welcome pack", submit, approve, kind="Co-production", days_ahead=25, places=3
    )
    create(
        "Talk at the team away day",
        submit,
        approve,
        confirm,
        kind="Event or talk",
        days_ahead=12,
        **psw_ask,
        hours=Decimal("1.5"),
        reason="The away day is about this team's own peer support work.",
    )
    redirected = create(
        "Research advisory group on restrictive practice",
        submit,
        redirect,
        kind="Research advisory group",
        days_ahead=40,
        **psw_ask,
        hours=Decimal("2"),
        reason="We would like a familiar face.",
    )
    create(
        "Quarterly newsletter review",
        submit,
        decline("Communications already review the newsletter with the network."),
        kind="Document review",
        days_ahead=15,
    )
    create("Stakeholder event", submit, withdraw("The event moved to next year."), kind="Event or talk", days_ahead=35)
    create(
        "Training session on discharge planning",
        submit,
        approve,
        cancel("The trainer is no longer available."),
        kind="Training delivery",
        days_ahead=28,
    )
    create(
        "Peer support stall at the wellbeing fair",
        submit,
        approve,
        confirm,
        complete,
        close("Went well: 40 visitors spoke with peer support."),
        kind="Event or talk",
        days_ahead=-20,
        **psw_ask,
        hours=Decimal("2"),
        reason="The fair showcases this team's peer support.",
    )
    create(
        "Welcome session for new starters",
        submit,
        approve,
        kind="Training delivery",
        days_ahead=14,
        **psw_ask,
        hours=Decimal("2"),
        reason="New starters in this team meet their own peer support worker.",
    )
    create(
        "Carers' group visit",
        submit,
        approve,
        confirm,
        complete,
        kind="Event or talk",
        days_ahead=-40,
        **psw_ask,
        hours=Decimal("1"),
        reason="The carers' group asked to hear from this team's peer support worker.",
    )
    create("Survey design workshop", submit, approve, expire, kind="Co-production", days_ahead=-3)

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
