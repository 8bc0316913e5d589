"""The pool: joining (applications, onboarding), consent reviews, and what a person changes themselves."""

import datetime
from dataclasses import dataclass, field

from notifications.services import Recipient
from notifications.types import NotificationType
from peersupport.accounts.selectors import coordinators

from ..models import ApplicationLink, ExpertByExperience, ExpertStatus, OnboardingRecord, OnboardingStep
from .common import COORDINATORS, expert_page, expert_recipient, portal_page

# --- Joining the network --------------------------------------------------------------------------------


@dataclass(kw_only=True)
class ApplicationLinkSent(NotificationType):
    slug = "network_application_link"
    title = "A link to apply to join the Together network"
    sent_to = "the person invited to apply (an email address)"
    application_link: ApplicationLink
    apply_path: str  # signed (services/applications.py owns the salt)
    expires_on: datetime.date
    coordinator: object

    def recipients(self) -> list:
        link = self.application_link
        return [Recipient(email=link.email, name=link.full_name or link.email)]

    def about(self) -> ApplicationLink:
        return self.application_link

    def subject(self) -> str:
        return "Your link to apply to join the Together network"

    def context(self) -> dict:
        return {
            "application_link": self.application_link,
            "expires_on": self.expires_on,
            "coordinator": self.coordinator,
        }

    def link(self) -> str:
        return self.apply_path


@dataclass(kw_only=True)
class AboutAnApplication(NotificationType):
    """To the coordinator who sent the link, or every coordinator once they have left."""

    sent_to = "the coordinator who sent the link (all coordinators if they have left)"
    application_link: ApplicationLink
    expert: ExpertByExperience

    def recipients(self) -> list:
        sender = self.application_link.created_by
        return [sender] if sender.is_active else list(coordinators())

    def about(self) -> ApplicationLink:
        return self.application_link

    def context(self) -> dict:
        return {"expert": self.expert, "application_link": self.application_link}

    def link(self) -> str:
        return expert_page(self.expert)


@dataclass(kw_only=True)
class ApplicationReceived(AboutAnApplication):
    slug = "network_application_received"
    title = "A new application to join"

    def subject(self) -> str:
        return f"New application to the Together network: {self.expert.full_name}"


@dataclass(kw_only=True)
class ApplicationFromAMember(AboutAnApplication):
    slug = "network_application_already_member"
    title = "Someone already in the network tried to apply"

    def subject(self) -> str:
        return f"{self.expert.full_name} tried to apply, but is already in the Together network"


@dataclass(kw_only=True)
class OnboardingStepRecorded(NotificationType):
    slug = "network_onboarding_step"
    title = "A step of joining was recorded"
    sent_to = "the expert by experience joining"
    expert: ExpertByExperience
    record: OnboardingRecord
    next_step: str = ""  # what comes next, explained (services/onboarding.py)
    still_to_do: list = field(default_factory=list)

    def recipients(self) -> list:
        return [expert_recipient(self.expert)]

    def about(self) -> OnboardingRecord:
        return self.record

    @property
    def step(self) -> OnboardingStep:
        return OnboardingStep(self.record.step)

    def subject(self) -> str:
        return f"Joining the Together network: {self.step.label.lower()} recorded"

    def context(self) -> dict:
        return {
            "expert": self.expert,
            "record": self.record,
            "step": self.step,
            "next_step": self.next_step,
            "still_to_do": self.still_to_do,
            "is_application": self.step == OnboardingStep.APPLICATION,
            "is_active": self.expert.status == ExpertStatus.ACTIVE,
        }

    def link(self) -> str:
        return portal_page() if self.expert.user_id else ""


@dataclass(kw_only=True)
class ConsentReminder(NotificationType):
    """Consent due for review, or lapsed (services/consent_reviews.py): the coordinators and the person
    each get their own words. The job names what it is about (`window`: the consent record)."""

    sent_to = "the network coordinators, and the expert by experience"
    expert: ExpertByExperience
    window: str
    for_coordinator: bool
    to: list = field(default_factory=list)  # the coordinators, read once by the job

    def recipients(self) -> list:
        return self.to if self.for_coordinator else [expert_recipient(self.expert)]

    def object_key(self) -> str:
        return self.window

    def context(self) -> dict:
        return {
            "expert": self.expert,
            "review_due": self.expert.consent_review_due,
            "for_coordinator": self.for_coordinator,
        }

    def link(self) -> str:
        if self.for_coordinator:
            return expert_page(self.expert)
        return portal_page() if self.expert.user_id else ""


@dataclass(kw_only=True)
class ConsentReviewDue(ConsentReminder):
    slug = "network_consent_review_due"
    title = "Consent due for review within 30 days"

    def subject(self) -> str:
        if self.for_coordinator:
            return f"Consent due for review: {self.expert.full_name}"
        return "Your Together network consent is due for review"


@dataclass(kw_only=True)
class ConsentLapsed(ConsentReminder):
    slug = "network_consent_lapsed"
    title = "Consent has lapsed"

    def subject(self) -> str:
        if self.for_coordinator:
            return f"Consent has lapsed: {self.expert.full_name}"
        return "Your Together network consent has lapsed"


# --- What a person changes themselves, for the coordinators -----------------------------------------------


@dataclass(kw_only=True)
class ToTheCoordinatorsAboutAnExpert(NotificationType):
    """Something a person did in their portal, for the coordinators. `window` says how often it may
    go (each time, once a day, once per change)."""

    sent_to = COORDINATORS
    expert: ExpertByExperience
    window: str

    def recipients(self) -> list:
        return list(coordinators())

    def object_key(self) -> str:
        return self.window

    def context(self) -> dict:
        return {"expert": self.expert}

    def link(self) -> str:
        return expert_page(self.expert)


@dataclass(kw_only=True)
class ExpertPaused(ToTheCoordinatorsAboutAnExpert):
    slug = "network_expert_paused"
    title = "Someone paused their involvement"
    reason: str = ""

    def subject(self) -> str:
        return f"{self.expert.full_name} has paused their involvement"

    def context(self) -> dict:
        return {"expert": self.expert, "reason": self.reason}


@dataclass(kw_only=True)
class ExpertReadyAgain(ToTheCoordinatorsAboutAnExpert):
    slug = "network_ready_again"
    title = "Someone paused is ready to be invited again"

    def subject(self) -> str:
        return f"{self.expert.full_name} is ready to be invited again"


@dataclass(kw_only=True)
class ExpertUnpaidForBenefits(ToTheCoordinatorsAboutAnExpert):
    slug = "network_unpaid_for_benefits"
    title = "Someone now takes part unpaid, for benefit reasons"

    def subject(self) -> str:
        return f"{self.expert.full_name} now takes part unpaid, for benefit reasons"
