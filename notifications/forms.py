"""The person's choices about optional email."""

from django import forms

from peersupport.accounts.roles import Role
from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import HTML, Layout

# Optional emails: (NotificationPreference field, label, hint, the role that receives it).
OPTIONAL_EMAILS = [
    (
        "weekly_digest",
        "Weekly summary for team leads",
        "On Monday mornings: approvals waiting for you, and the involvement hours your teams' peer "
        "support workers have used this month against their allowance.",
        Role.TEAM_LEAD,
    ),
]


OPERATIONAL_MAIL = (
    "Emails about things you need to act on or know about always go, and cannot be switched off: "
    "approvals and decisions, invitations and answers, reminders before an activity, approvals waiting "
    "too long, and training and supervision falling due. They also show in your notifications."
)


def optional_emails_for(user) -> list[tuple[str, str, str, Role]]:
    """The optional emails this person can receive, so nobody is offered one they never get."""
    return [email for email in OPTIONAL_EMAILS if user.has_role(email[3])]


class NotificationPreferencesForm(forms.Form):
    """One checkbox group: ticked emails are sent. Unticking all of them is a valid choice."""

    emails = forms.MultipleChoiceField(
        label="Which optional emails do you want?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, preference, **kwargs):
        super().__init__(*args, **kwargs)
        offered = optional_emails_for(user)
        self.fields["emails"].choices = [(name, label) for name, label, _, _ in offered]
        self.fields["emails"].help_text = " ".join(hint for _, _, hint, _ in offered) + " Untick an email to stop it."
        self.initial.setdefault("emails", [name for name, *_ in offered if getattr(preference, name)])
        self.helper = FormHelper(Layout("emails", HTML.inset(OPERATIONAL_MAIL)))

    @property
    def offers_anything(self) -> bool:
        return bool(self.fields["emails"].choices)

    def choices_made(self) -> dict[str, bool]:
        """Each optional email offered, on or off, as the preference's fields."""
        ticked = set(self.cleaned_data["emails"])
        return {name: name in ticked for name, _ in self.fields["emails"].choices}
