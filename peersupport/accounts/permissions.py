"""Every permission in the product, in one place: role *and* object.

Views ask `can(user, "app.action", obj)` (or use `permission_required` below); the
predicates here decide. Templates and views never test group membership themselves.

`can` asks these predicates only, not Django's `user.has_perm`, which says yes to every
superuser: an admin sees what the predicates give admins (`is_admin`), and never acts in
someone else's name (answering an expert's invitation, say).
"""

from functools import wraps

import rules
from django.core.exceptions import PermissionDenied

from .roles import Role


def _role(role: Role):
    @rules.predicate(name=f"is_{role.value}")
    def has_role(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return has_role


is_requester = _role(Role.REQUESTER)
is_team_lead = _role(Role.TEAM_LEAD)
is_peer_support_lead = _role(Role.PEER_SUPPORT_LEAD)
is_network_coordinator = _role(Role.NETWORK_COORDINATOR)
is_peer_support_worker = _role(Role.PEER_SUPPORT_WORKER)
is_expert_by_experience = _role(Role.EXPERT_BY_EXPERIENCE)
is_admin = _role(Role.ADMIN)


@rules.predicate
def leads_the_team(user, team) -> bool:
    """The object is a team (or has one) and this person is one of its leads."""
    if team is None:
        return False
    return team.is_led_by(user)


@rules.predicate
def leads_the_workers_team(user, worker) -> bool:
    """The object is a peer support worker and this person leads their team."""
    return worker is not None and worker.team.is_led_by(user)


@rules.predicate
def is_the_worker(user, worker) -> bool:
    """The object is this person's own peer support worker record."""
    return worker is not None and worker.user_id is not None and worker.user_id == user.pk


@rules.predicate
def manages_the_worker(user, worker) -> bool:
    """The object is a peer support worker whose line manager or peer supervisor is this person."""
    return worker is not None and user.pk in (worker.line_manager_id, worker.supervisor_id)


@rules.predicate
def is_the_requester(user, request) -> bool:
    return request is not None and request.requester_id == user.pk


@rules.predicate
def leads_the_requesting_team(user, request) -> bool:
    return request is not None and request.requesting_team.is_led_by(user)


@rules.predicate
def leads_the_named_psw(user, request) -> bool:
    return (
        request is not None
        and request.is_psw_request
        and request.peer_support_worker is not None
        and request.peer_support_worker.team.is_led_by(user)
    )


@rules.predicate
def is_the_named_psw(user, request) -> bool:
    return (
        request is not None
        and request.is_psw_request
        and request.peer_support_worker is not None
        and request.peer_support_worker.user_id == user.pk
    )


@rules.predicate
def is_network_request_past_approval(user, request) -> bool:
    return request is not None and not request.is_psw_request and request.team_approved_at is not None


@rules.predicate
def is_submitted_once(user, request) -> bool:
    return request is not None and request.submitted_at is not None


@rules.predicate
def is_psw_request(user, request) -> bool:
    return request is not None and request.is_psw_request


@rules.predicate
def is_the_invited_expert(user, invitation) -> bool:
    return invitation is not None and invitation.expert.user_id == user.pk


@rules.predicate
def is_the_expert(user, expert) -> bool:
    """The object is this person's own expert by experience record."""
    return expert is not None and expert.user_id is not None and expert.user_id == user.pk


@rules.predicate
def is_the_claimant(user, claim) -> bool:
    """The object is a payment claim of this person's."""
    return claim is not None and claim.expert.user_id is not None and claim.expert.user_id == user.pk


staff_member = (
    is_requester | is_team_lead | is_peer_support_lead | is_network_coordinator | is_peer_support_worker | is_admin
)

PERMISSIONS = {
    # Django admin: staff accounts (admins).
    "accounts.use_admin": rules.predicate(lambda user: bool(user and user.is_active and user.is_staff)),
    # In-app notifications: everyone signed in sees their own.
    "notifications.view_own": rules.is_authenticated,
    # Involvement requests: every member of trust staff (not experts by experience).
    "involvement.view_involvement": staff_member,
    "involvement.raise_request": is_requester | is_team_lead | is_peer_support_lead | is_network_coordinator,
    # A draft is the requester's own until it is sent.
    "involvement.view_request": (
        is_the_requester
        | (
            is_submitted_once
            & (
                (is_team_lead & (leads_the_requesting_team | leads_the_named_psw))
                | is_the_named_psw
                | (is_network_coordinator & is_network_request_past_approval)
                | (is_peer_support_lead & is_psw_request)
                | is_admin
            )
        )
    ),
    "involvement.edit_request": is_the_requester,
    # Withdrawing a request, and marking the activity done and closing it: the person who raised it.
    "involvement.withdraw_request": is_the_requester,
    "involvement.complete_request": is_the_requester,
    # Calling off an approved activity: the requester or a lead of the requesting team.
    "involvement.manage_request": is_the_requester | (is_team_lead & leads_the_requesting_team),
    # Approval: a lead of the requesting team, or of the named PSW's team, who did not ask.
    "involvement.approve_request": is_team_lead & (leads_the_requesting_team | leads_the_named_psw) & ~is_the_requester,
    "involvement.view_approvals": is_team_lead,
    "involvement.confirm_request": is_the_named_psw,
    # Matching and inviting: coordinators, for network requests past approval.
    "involvement.match_request": is_network_coordinator & is_network_request_past_approval,
    # The peer support workforce: the peer support lead, and team leads for their teams.
    # (Named "see_", not "view_", so they never coincide with Django's model permissions.)
    "workforce.see_workforce": is_peer_support_lead | is_team_lead | is_admin,
    "workforce.see_team": is_peer_support_lead | is_admin | (is_team_lead & leads_the_team),
    "workforce.see_all_teams": is_peer_support_lead | is_admin,
    # The workforce dashboard (headcount, establishment, compliance across the trust).
    "workforce.see_dashboard": is_peer_support_lead | is_admin,
    # People: the list (and its CSV) for the leads; a profile for the leads of the person's
    # team, their line manager and peer supervisor, and the person themself.
    "workforce.see_people": is_peer_support_lead | is_admin | is_team_lead,
    "workforce.see_person": (
        is_peer_support_lead
        | is_admin
        | (is_team_lead & leads_the_workers_team)
        | (staff_member & manages_the_worker)
        | is_the_worker
    ),
    # Importing peer support workers from a file: the peer support lead and admins.
    "workforce.import_people": is_peer_support_lead | is_admin,
    # Recording training and supervision: the peer support lead, a lead of the person's team, or
    # their line manager or supervisor. Never their own: a lead who is also a peer support worker
    # has their development recorded by someone else.
    "workforce.record_development": (
        is_peer_support_lead | (is_team_lead & leads_the_workers_team) | (staff_member & manages_the_worker)
    )
    & ~is_the_worker,
    # A move along the career pathway (a change of band): the peer support lead only.
    "workforce.record_role_change": is_peer_support_lead & ~is_the_worker,
    # Signing off a competence: as for recording training, and never one's own.
    "workforce.sign_off_competence": (
        is_peer_support_lead | (is_team_lead & leads_the_workers_team) | (staff_member & manages_the_worker)
    )
    & ~is_the_worker,
    # Adding peer support workers and changing their details (team, hours, dates, allowance,
    # line manager): the peer support lead, who manages the records.
    "workforce.manage_people": is_peer_support_lead & ~is_the_worker,
    # The career pathway: its roles, what each needs, and who is ready to progress.
    "workforce.see_pathway": is_peer_support_lead | is_admin,
    # Changing the pathway's roles, the competence framework and the training catalogue: the
    # peer support lead (admins read them here, and change them in Django admin).
    "workforce.manage_pathway": is_peer_support_lead,
    # Establishment (funded posts) and the strategy's growth targets: the peer support lead keeps them.
    "workforce.see_establishment": is_peer_support_lead | is_admin,
    "workforce.manage_establishment": is_peer_support_lead,
    # Importing teams and training records from a file: the peer support lead and admins.
    "workforce.import_records": is_peer_support_lead | is_admin,
    # The Together network's pool holds special category data: coordinators only.
    "together_network.view_network": is_network_coordinator,
    # The expert by experience's own portal, and answering their own invitations.
    "together_network.view_portal": is_expert_by_experience,
    "together_network.answer_invitation": is_expert_by_experience & is_the_invited_expert,
    # --- Running the pool (special category data: coordinators only) ---
    # Adding and changing people, onboarding, consent, status, application links, importing.
    # Never one's own record: a coordinator who is also in the pool is managed by someone else.
    "together_network.manage_pool": is_network_coordinator & ~is_the_expert,
    # One person's record, their lived experience and contact details: coordinators and the person.
    "together_network.view_expert": is_network_coordinator | (is_expert_by_experience & is_the_expert),
    # Their data as a download: the person themself, or a coordinator on their behalf.
    "together_network.export_expert_data": is_network_coordinator | (is_expert_by_experience & is_the_expert),
    # Removing a leaver's personal details, keeping the figures; the retention review list. Never one's own.
    "together_network.anonymise_expert": is_network_coordinator & ~is_the_expert,
    # The pool's health: sizes, spread, response rates and gaps (figures only, no one named).
    "together_network.view_pool_health": is_network_coordinator | is_admin,
    # --- Attendance, payments and expenses ---
    # After an activity: the coordinator, or the member of staff who asked for it.
    "together_network.record_attendance": is_network_coordinator | is_the_requester,
    # The rate card and approving claims: coordinators.
    "together_network.manage_rates": is_network_coordinator,
    "together_network.approve_claims": is_network_coordinator,
    # Finance's export of approved claims and marking them paid: coordinators, and admins for finance.
    "together_network.pay_claims": is_network_coordinator | is_admin,
    # One claim (with its receipts): coordinators, and the person it pays.
    "together_network.view_claim": is_network_coordinator | (is_expert_by_experience & is_the_claimant),
    # Adding an expense to a claim not yet approved: the person, or a coordinator for them.
    "together_network.add_expense": is_network_coordinator | (is_expert_by_experience & is_the_claimant),
    # Earnings per period against benefit thresholds: coordinators.
    "together_network.view_earnings": is_network_coordinator,
    # --- Wellbeing and feedback ---
    # Offering a debrief after an activity and recording that it happened: coordinators.
    "together_network.manage_debriefs": is_network_coordinator,
    # Feedback on an activity they were booked on: the person.
    "together_network.give_feedback": is_expert_by_experience & is_the_invited_expert,
    # The network's feedback and "you said, we did" summary: coordinators and admins.
    "together_network.view_feedback_summary": is_network_coordinator | is_admin,
    # "You said, we did" on a request: its requester.
    "involvement.record_outcome": is_the_requester,
}

for name, predicate in PERMISSIONS.items():
    rules.add_perm(name, predicate)  # for Django's has_perm (admin, templates' perms)
    rules.add_rule(name, predicate)  # for `can`, which skips Django's superuser shortcut


def can(user, permission: str, obj=None) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}: add it to PERMISSIONS")
    return bool(user and user.is_active and rules.test_rule(permission, user, obj))


def permission_required(permission: str, get_object=None):
    """Decorate a view: 403 unless the person holds `permission` (for the object, if given).

    `get_object(request, **kwargs)` loads the object the permission is checked against;
    it is passed to the view as `obj`. Anonymous people never get here: login is
    required by middleware.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = get_object(request, **kwargs) if get_object else None
            if not can(request.user, permission, obj):
                raise PermissionDenied
            if get_object:
                kwargs["obj"] = obj
            return view(request, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator
