"""Forms for a peer support worker's record and for signing off their competences."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from peersupport.accounts.roles import Role
from peersupport.ui.fields import PastDateField
from peersupport.ui.forms import NHSForm
from peersupport.ui.widgets import DateInput

from ..models import (
    FULL_TIME_HOURS,
    Competence,
    CompetenceDomain,
    PathwayRole,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    Team,
)

# Line managers and supervisors are trust staff who lead, manage or are themselves peer support workers.
MANAGING_ROLES = (Role.TEAM_LEAD, Role.PEER_SUPPORT_LEAD, Role.PEER_SUPPORT_WORKER)


def managers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in MANAGING_ROLES])
        .distinct()
        .order_by("full_name", "email")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.full_name} ({user.email})" if user.full_name else user.email


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team) -> str:
        return f"{team.name} ({team.service.name})"


def _hours_field(label: str, *, places: int, required: bool, help_text: str, messages: dict) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=places,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
        error_messages=messages,
    )


class PeerSupportWorkerForm(NHSForm):
    """A person's record as the peer support lead keeps it; the rules across fields are the service's."""

    full_name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter their full name"})
    email = forms.EmailField(
        label="Work email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    team = TeamChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        error_messages={"required": "Choose their team", "invalid_choice": "Select a team that is open from the list"},
    )
    contracted_hours = _hours_field(
        "Contracted hours a week",
        places=2,
        required=True,
        help_text="Full time is 37.5 hours.",
        messages={
            "required": "Enter their contracted hours a week",
            "invalid": "Enter contracted hours as a number, like 22.5",
            "min_value": "Contracted hours must be more than 0 and at most 37.5 a week",
            "max_decimal_places": "Enter contracted hours to at most 2 decimal places",
            "max_digits": "Contracted hours must be more than 0 and at most 37.5 a week",
        },
    )
    start_date = forms.DateField(
        label="Start date",
        widget=DateInput,
        help_text="When they started as a peer support worker in the trust. For example, 4 9 2023",
        error_messages={"required": "Enter their start date", "invalid": "Start date must be a real date"},
    )
    end_date = forms.DateField(
        label="End date (optional)",
        required=False,
        widget=DateInput,
        help_text="The last day of their contract, if they have left or their contract is fixed-term.",
        error_messages={"invalid": "End date must be a real date"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=PeerSupportWorkerStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their status"},
    )
    allowance_hours = _hours_field(
        "Monthly involvement allowance in hours (optional)",
        places=1,
        required=False,
        help_text="",
        messages={
            "invalid": "Enter the allowance as a number of hours, like 4",
            "min_value": "The allowance cannot be less than 0 hours",
            "max_decimal_places": "Enter the allowance to at most 1 decimal place",
            "max_digits": "The allowance is too large",
        },
    )
    line_manager = StaffChoiceField(
        label="Line manager (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Not recorded",
        help_text="Reminders about their training and supervision go to their line manager, "
        "or to their team's leads when none is recorded.",
    )
    supervisor = StaffChoiceField(
        label="Peer supervisor (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Not recorded",
    )

    def __init__(self, *args, worker: PeerSupportWorker | None = None, **kwargs):
        if worker is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(worker, name)
                for name in ("full_name", "email", "contracted_hours", "start_date", "end_date", "status")
            } | {
                "team": worker.team_id,
                "allowance_hours": worker.allowance_hours,
                "line_manager": worker.line_manager_id,
                "supervisor": worker.supervisor_id,
            }
        super().__init__(*args, **kwargs)
        teams = Team.objects.select_related("service").order_by("service__name", "name")
        # An inactive team stays on the list only for someone already in it.
        active = teams.filter(is_active=True)
        self.fields["team"].queryset = teams.filter(pk=worker.team_id) | active if worker else active
        self.fields["line_manager"].queryset = managers()
        self.fields["supervisor"].queryset = managers()
        default = Decimal(str(settings.PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS)).normalize()
        self.fields[
            "allowance_hours"
        ].help_text = f"Leave empty for the trust-wide default of {default:f} hours. Enter 0 for no involvement work."
        if worker is None:
            self.fields["status"].initial = PeerSupportWorkerStatus.ACTIVE

    def clean_contracted_hours(self):
        hours = self.cleaned_data["contracted_hours"]
        if hours is not None and not Decimal(0) < hours <= FULL_TIME_HOURS:
            raise forms.ValidationError("Contracted hours must be more than 0 and at most 37.5 a week")
        return hours

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        return cleaned


class NewPeerSupportWorkerForm(PeerSupportWorkerForm):
    pathway_role = forms.ModelChoiceField(
        label="Role on the career pathway",
        queryset=PathwayRole.objects.order_by("order"),
        empty_label="Choose a role",
        error_messages={"required": "Choose their role on the career pathway"},
    )
    field_order = ["full_name", "email", "team", "pathway_role"]


class CompetenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, competence) -> str:
        return competence.name


class CompetenceSignOffForm(NHSForm):
    competence = CompetenceChoiceField(
        label="Competence",
        queryset=Competence.objects.none(),
        empty_label="Choose a competence",
        help_text="Competences are grouped by the domains of the national peer support worker competence framework.",
        error_messages={"required": "Choose the competence they have shown"},
    )
    achieved_on = PastDateField(
        label="Date achieved",
        required_message="Enter the date they achieved the competence",
        future_message="The date achieved must be today or in the past",
    )

    def __init__(self, *args, worker: PeerSupportWorker, **kwargs):
        super().__init__(*args, **kwargs)
        achieved = worker.competence_achievements.values_list("competence_id", flat=True)
        remaining = Competence.objects.exclude(pk__in=achieved).select_related("domain")
        field = self.fields["competence"]
        field.queryset = remaining
        by_domain: dict[CompetenceDomain, list] = {}
        for competence in remaining:
            by_domain.setdefault(competence.domain, []).append((competence.pk, competence.name))
        field.choices = [("", field.empty_label), *((domain.name, options) for domain, options in by_domain.items())]
