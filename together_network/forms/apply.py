"""The application a person fills in themself, from the link a coordinator emailed them: the
coordinator's questions in the person's own words, and their consent."""

from django import forms

from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import HTML, Actions, Field, Layout, Submit

from .pool import ExpertDetailsForm

EMAIL_SHOWN = "together_network/pool/includes/email_shown.html"

# The same questions, asked of the person themself.
IN_THEIR_OWN_WORDS = {
    "full_name": ("Your full name", "", "Enter your full name"),
    "email": (
        "Your email address",
        "The address we sent your link to. We will only use it to contact you about the Together network.",
        "Enter your email address",
    ),
    "phone": ("Your phone number (optional)", "", None),
    "preferred_contact": ("How would you like us to contact you?", "", "Choose how you would like us to contact you"),
    "pronouns": ("Your pronouns (optional)", "For example, she/her, he/him or they/them", None),
    "lived_experience_areas": (
        "Which lived experience would you be happy to draw on? (optional)",
        "Tick any that apply. Only the network coordinators see this, to offer you activities that fit.",
        None,
    ),
    "skills": (
        "Which of these would you like to do? (optional)",
        "You do not need experience: we offer training.",
        None,
    ),
    "availability": (
        "When are you usually free? (optional)",
        "Tick each part of the week that usually suits you.",
        None,
    ),
    "ways": ("How can you take part?", "", "Choose at least one way to take part: online, in person, or both"),
    "reasonable_adjustments": (
        "Is there anything that would help you take part? (optional)",
        "For example, breaks, papers in advance, a quiet room, or someone to come with you.",
        None,
    ),
    "preferences": ("Is there anything you would like to do, or would rather avoid? (optional)", "", None),
    "payment_preference": (
        "How would you like to take part?",
        "You can choose to be paid for your time, to volunteer, or not to be paid because of your benefits. "
        "You can change this at any time.",
        "Choose paid, voluntary, or unpaid for benefit reasons",
    ),
}

CONSENT_STATEMENTS = {
    "contact_about_opportunities": "I agree to be contacted about involvement opportunities",
    "keep_lived_experience": "I agree to the network keeping the lived experience I have shared, to offer me "
    "activities that fit",
    "share_name_when_booked": "I agree to my name being shared with the member of staff who asked for an "
    "activity I am booked on",
    "quote_anonymously": "I agree to my feedback being quoted in reports, without my name (optional)",
}
ESSENTIAL_CONSENT = {
    "contact_about_opportunities": "To join the network, you need to agree to be contacted about opportunities",
    "keep_lived_experience": "To join the network, you need to agree to the network keeping your lived experience",
}


class ApplicationForm(ExpertDetailsForm):
    """What a person fills in from their link: their details, in their words, and their consent."""

    contact_about_opportunities = forms.BooleanField(label=CONSENT_STATEMENTS["contact_about_opportunities"])
    keep_lived_experience = forms.BooleanField(label=CONSENT_STATEMENTS["keep_lived_experience"])
    share_name_when_booked = forms.BooleanField(label=CONSENT_STATEMENTS["share_name_when_booked"], required=False)
    quote_anonymously = forms.BooleanField(label=CONSENT_STATEMENTS["quote_anonymously"], required=False)

    CONSENT_FIELDS = tuple(CONSENT_STATEMENTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["earnings_limit"]
        del self.fields["earnings_limit_period"]
        for name, (label, help_text, required) in IN_THEIR_OWN_WORDS.items():
            field = self.fields[name]
            field.label, field.help_text = label, help_text
            if required:
                field.error_messages["required"] = required
        # The address the link was sent to (the form's initial value), shown but not changed here:
        # the link proves only that they read that inbox. Whatever is posted for it is ignored.
        self.fields["email"].disabled = True
        for name, message in ESSENTIAL_CONSENT.items():
            self.fields[name].error_messages["required"] = message
        about_you = [name for name in self.fields if name not in self.CONSENT_FIELDS]
        self.helper = FormHelper(
            Layout(
                HTML.h2("About you"),
                *(
                    Field(name, template=EMAIL_SHOWN) if name == "email" else self.layout_item(name)
                    for name in about_you
                ),
                HTML.h2("What you agree to"),
                HTML.p(
                    "We need the first two to include you in the network. The others are up to you, and you can "
                    "change your mind at any time."
                ),
                *self.CONSENT_FIELDS,
                HTML.p("We will check with you from time to time that you are still happy with what you agreed to."),
                Actions(Submit("Send my application")),
            )
        )

    def _about_you(self, name: str):
        return Field(name, template=EMAIL_SHOWN) if name == "email" else self.layout_item(name)

    def answers(self) -> dict:
        return {**self.service_values(), **{name: self.cleaned_data[name] for name in self.CONSENT_FIELDS}}
