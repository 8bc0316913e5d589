"""Forms for the establishment: funded posts and the Peer Support Strategy's growth targets.

The rules across fields are the services' (`funded_post_problems`, `growth_target_problems`);
the forms ask them too, so every problem shows at once, with the same words.
"""

from django import forms
from django.utils import timezone

from peersupport.ui.forms import NHSForm
from peersupport.ui.widgets import DateInput

from .. import services
from ..models import FundedPost, GrowthTarget, PathwayRole, Team

NOTE_HELP = "For example, the funding source."


def _wte_field(*, label: str, help_text: str, required_message: str, example: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": required_message,
            "invalid": f"Enter the whole-time equivalent as a number, like {example}",
        },
    )


def _date_field(*, label: str, required: bool = True, help_text: str, required_message: str = "", name: str):
    messages = {"invalid": f"{name} must be a real date"}
    if required_message:
        messages["required"] = required_message
    return forms.DateField(
        label=label, required=required, widget=DateInput, help_text=help_text, error_messages=messages
    )


def _note_field() -> forms.CharField:
    return forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=200,
        help_text=NOTE_HELP,
        error_messages={"max_length": "The note must be 200 characters or fewer"},
    )


def add_problems(form: forms.Form, problems: dict[str, str]) -> None:
    """A service's list of problems shown on a form, each once, leaving what the form already said."""
    for field, message in problems.items():
        if field not in form.errors:
            form.add_error(field, message)


class FundedPostForm(NHSForm):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        error_messages={"required": "Choose the team the post is funded for"},
    )
    whole_time_equivalent = _wte_field(
        label="Whole-time equivalent (WTE)",
        help_text="1 is a full-time post (37.5 hours a week); 0.6 is 22.5 hours. A line can cover several posts, "
        "up to 10 WTE.",
        required_message="Enter the whole-time equivalent of the post",
        example="0.6",
    )
    pathway_role = forms.ModelChoiceField(
        label="Role on the career pathway (optional)",
        queryset=PathwayRole.objects.order_by("order"),
        required=False,
        empty_label="Not fixed",
        help_text="The step of the pathway the post is funded at, if it is fixed.",
    )
    funded_from = _date_field(
        label="Funded from",
        help_text="The first day the post is funded. For example, 1 4 2026",
        required_message="Enter the first day the post is funded",
        name="Funded from",
    )
    funded_until = _date_field(
        label="Last day funded (optional)",
        required=False,
        help_text="Leave empty when the funding is recurrent. For example, 31 3 2027",
        name="Last day funded",
    )
    note = _note_field()

    def __init__(self, *args, post: FundedPost | None = None, **kwargs):
        if post is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "team": post.team_id,
                "whole_time_equivalent": post.whole_time_equivalent,
                "pathway_role": post.pathway_role_id,
                "funded_from": post.funded_from,
                "funded_until": post.funded_until,
                "note": post.note,
            }
        super().__init__(*args, **kwargs)
        teams = Team.objects.select_related("service").order_by("service__name", "name")
        # A team that has closed stays on the list only for a post already in it.
        active = teams.filter(is_active=True)
        self.fields["team"].queryset = (teams.filter(pk=post.team_id) | active) if post else active

    def clean(self):
        cleaned = super().clean()
        problems = services.funded_post_problems(
            whole_time_equivalent=cleaned.get("whole_time_equivalent"),
            funded_from=cleaned.get("funded_from"),
            funded_until=cleaned.get("funded_until"),
        )
        add_problems(self, problems)
        return cleaned


class FundedPostEndForm(NHSForm):
    funded_until = _date_field(
        label="Last day funded",
        help_text="The post is funded up to and including this day. For example, 31 3 2027",
        required_message="Enter the last day the post is funded",
        name="Last day funded",
    )

    def __init__(self, *args, post: FundedPost, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_funded_until(self):
        until = self.cleaned_data["funded_until"]
        problems = services.funded_post_problems(
            whole_time_equivalent=None, funded_from=self.post.funded_from, funded_until=until
        )
        if "funded_until" in problems:
            raise forms.ValidationError(problems["funded_until"])
        return until


class GrowthTargetForm(NHSForm):
    target_date = _date_field(
        label="Target date",
        help_text="When the Peer Support Strategy means the workforce to reach these figures. For example, 31 3 2028",
        required_message="Enter the target date",
        name="Target date",
    )
    headcount = forms.IntegerField(
        label="Headcount",
        help_text="How many peer support workers in post by then.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the headcount to reach",
            "invalid": "Enter the headcount as a whole number, like 60",
        },
    )
    whole_time_equivalent = _wte_field(
        label="Whole-time equivalent (WTE)",
        help_text="Their contracted hours added up, over 37.5.",
        required_message="Enter the whole-time equivalent to reach",
        example="50",
    )
    note = _note_field()

    def __init__(self, *args, target: GrowthTarget | None = None, **kwargs):
        if target is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "target_date": target.target_date,
                "headcount": target.headcount,
                "whole_time_equivalent": target.whole_time_equivalent,
                "note": target.note,
            }
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["note"].help_text = "For example, the year of the strategy."

    def clean(self):
        cleaned = super().clean()
        problems = services.growth_target_problems(
            target_date=cleaned.get("target_date"),
            headcount=cleaned.get("headcount"),
            whole_time_equivalent=cleaned.get("whole_time_equivalent"),
            today=timezone.localdate(),
            current_date=self.target.target_date if self.target else None,
        )
        add_problems(self, problems)
        return cleaned
