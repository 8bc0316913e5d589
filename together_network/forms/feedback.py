"""Feedback from an expert by experience on an activity, and a coordinator's record of a debrief."""

from django import forms

from peersupport.ui.fields import PastDateField  # a date in the NHS.UK boxes, today or before
from peersupport.ui.forms import NHSForm

from ..models import FeedbackRating
from ..selectors.feedback import LISTENED_CHOICES, LISTENED_VALUES

COMMENT_LIMIT = 2000


class FeedbackForm(NHSForm):
    rating = forms.TypedChoiceField(
        label="Overall, how was the activity for you?",
        choices=FeedbackRating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the activity was for you"},
    )
    felt_listened_to = forms.ChoiceField(
        label="Did you feel listened to?",
        choices=LISTENED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you felt listened to"},
    )
    went_well = forms.CharField(
        label="What went well? (optional)",
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"What went well must be {COMMENT_LIMIT} characters or fewer"},
    )
    could_be_better = forms.CharField(
        label="What could have been better? (optional)",
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"What could have been better must be {COMMENT_LIMIT} characters or fewer"},
    )

    def feedback_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "rating": data["rating"],
            "felt_listened_to": LISTENED_VALUES[data["felt_listened_to"]],
            "went_well": data["went_well"],
            "could_be_better": data["could_be_better"],
        }


class DebriefRecordForm(NHSForm):
    held_on = PastDateField(
        label="When was the debrief?",
        required_message="Enter the date of the debrief",
        future_message="The date of the debrief must be today or in the past",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only what the person agreed to have recorded. Leave it empty if they would rather not.",
        error_messages={"max_length": "The note must be 500 characters or fewer"},
    )
