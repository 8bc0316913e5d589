"""Forms for recording a peer support worker's training, supervision and role changes."""

from django import forms

from peersupport.ui.fields import PastDateField
from peersupport.ui.forms import NHSForm

from ..models import PathwayRole, SupervisionKind, SupervisionSession, TrainingCourse


class TrainingRecordForm(NHSForm):
    course = forms.ModelChoiceField(
        label="Which course?",
        queryset=TrainingCourse.objects.order_by("name"),
        empty_label="Choose a course",
        error_messages={"required": "Choose the course they completed"},
    )
    completed_on = PastDateField(
        label="Date completed",
        required_message="Enter the date they completed the course",
        future_message="The date completed must be today or in the past",
    )
    evidence_note = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the certificate number or where the certificate is kept.",
    )


class SupervisionSessionForm(NHSForm):
    date = PastDateField(
        label="Date of the supervision",
        required_message="Enter the date of the supervision",
        future_message="The date of the supervision must be today or in the past",
    )
    kind = forms.ChoiceField(
        label="What kind of supervision was it?",
        choices=SupervisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of supervision"},
    )
    given_by_me = forms.BooleanField(label="I gave this supervision", required=False)
    supervisor_name = forms.CharField(
        label="Supervisor's name",
        required=False,
        max_length=200,
        help_text="Leave empty if you gave the supervision yourself.",
    )
    duration_minutes = forms.IntegerField(
        label="How long was it, in minutes?",
        min_value=SupervisionSession.MIN_MINUTES,
        max_value=SupervisionSession.MAX_MINUTES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={
            "required": "Enter how long the supervision was, in minutes",
            "invalid": "Enter the length in whole minutes, for example 60",
            "min_value": "A supervision lasts at least 15 minutes",
            "max_value": "A supervision lasts at most 480 minutes (8 hours)",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("given_by_me") and not cleaned.get("supervisor_name", "").strip():
            self.add_error("supervisor_name", "Enter the supervisor's name, or tick 'I gave this supervision'")
        return cleaned


class RoleChangeForm(NHSForm):
    new_role = forms.ModelChoiceField(
        label="New role",
        queryset=PathwayRole.objects.order_by("order"),
        empty_label="Choose a role",
        error_messages={"required": "Choose the role they are moving to"},
    )
    on = PastDateField(
        label="Date they started in the new role",
        required_message="Enter the date they started in the new role",
        future_message="The date they started must be today or in the past",
    )
