"""The Together network's records, a module per concept."""

from .experts import (
    EarningsPeriod,
    ExpertByExperience,
    ExpertStatus,
    PartOfDay,
    PaymentPreference,
    PreferredContact,
    Weekday,
    availability_bit,
)
from .feedback import ActivityFeedback, FeedbackRating
from .invitations import INVITATION_TAG_COLOURS, Invitation, InvitationStatus
from .onboarding import REQUIRED_STEPS, ApplicationLink, ConsentRecord, OnboardingRecord, OnboardingStep
from .payments import (
    CLAIM_TAG_COLOURS,
    Attendance,
    ClaimStatus,
    Expense,
    ExpenseKind,
    PaymentClaim,
    Rate,
    RateLevel,
    RateUnit,
    receipt_path,
)

__all__ = [
    "CLAIM_TAG_COLOURS",
    "REQUIRED_STEPS",
    "ActivityFeedback",
    "ApplicationLink",
    "Attendance",
    "ClaimStatus",
    "ConsentRecord",
    "EarningsPeriod",
    "Expense",
    "ExpenseKind",
    "ExpertByExperience",
    "ExpertStatus",
    "FeedbackRating",
    "INVITATION_TAG_COLOURS",
    "Invitation",
    "InvitationStatus",
    "OnboardingRecord",
    "OnboardingStep",
    "PartOfDay",
    "PaymentClaim",
    "PaymentPreference",
    "PreferredContact",
    "Rate",
    "RateLevel",
    "RateUnit",
    "Weekday",
    "availability_bit",
    "receipt_path",
]
