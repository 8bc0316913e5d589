"""The person's choices about optional email: one checkbox per optional notification type."""

from django import forms

from peersupport.ui.forms import NHSForm
from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import HTML, Layout

from .types import NotificationType, optional_types

OPERATIONAL_MAIL = (
    "Emails about things you need to act on or know about always go, and cannot be switched off: "
    "approvals and decisions, invitations and answers, reminders before an activity, approvals waiting "
    "too long, and training and supervision falling due. They also show in your notifications."
)


def optional_emails_for(user) -> list[type[NotificationType]]:
    """The optional types this person can receive (by role), so nobody is offered one they never get."""
    return [kind for kind in optional_types() if user.has_role(kind.offered_to)]


class NotificationPreferencesForm(NHSForm):
    """One checkbox group: ticked emails are sent. Unticking all of them is a valid choice."""

    emails = forms.MultipleChoiceField(
        label="Which optional emails do you want?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, preference, **kwargs):
        super().__init__(*args, **kwargs)
        offered = optional_emails_for(user)
        self.fields["emails"].choices = [(kind.slug, kind.title) for kind in offered]
        self.fields["emails"].help_text = " ".join(kind.hint for kind in offered) + " Untick an email to stop it."
        # Each optional type is stored in the preference's field named like its slug.
        self.initial.setdefault("emails", [kind.slug for kind in offered if getattr(preference, kind.slug)])
        self.helper = FormHelper(Layout("emails", HTML.inset(OPERATIONAL_MAIL)))

    @property
    def offers_anything(self) -> bool:
        return bool(self.fields["emails"].choices)

    def choices_made(self) -> dict[str, bool]:
        """Each optional email offered, on or off, as the preference's fields."""
        ticked = set(self.cleaned_data["emails"])
        return {name: name in ticked for name, _ in self.fields["emails"].choices}
