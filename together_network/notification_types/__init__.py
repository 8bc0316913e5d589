"""The Together network's notifications: matching and invitations, places, the pool, claims, activities.

Each class is one kind of message (notifications.types); its body is
together_network/templates/together_network/email/<slug>.txt. Services record them with
`Type(...).send(actor=by)`, which leaves out the person who acted. Experts by experience without
a login get the email at the address on their record (a Recipient), with no portal link.
Importing this package registers every type (the notifications app imports it at start-up).
"""

from .activities import ActivityInTwoDays, ActivityReminder, ActivityToday, DebriefOffered, FeedbackRequested
from .common import COORDINATORS, expert_page, expert_recipient, portal_page
from .invitations import (
    Invited,
    LineupChanged,
    OnTheWaitingList,
    PlaceAccepted,
    RequestFilled,
    RequestOpenForMatching,
    ToTheInvited,
)
from .payments import ClaimApproved, ClaimPaid, ClaimRejected, ClaimsWaitingForApproval, ToTheClaimant
from .pool import (
    ApplicationFromAMember,
    ApplicationLinkSent,
    ApplicationReceived,
    ConsentLapsed,
    ConsentReviewDue,
    ExpertPaused,
    ExpertReadyAgain,
    ExpertUnpaidForBenefits,
    OnboardingStepRecorded,
)

__all__ = [
    "COORDINATORS",
    "ActivityInTwoDays",
    "ActivityReminder",
    "ActivityToday",
    "ApplicationFromAMember",
    "ApplicationLinkSent",
    "ApplicationReceived",
    "ClaimApproved",
    "ClaimPaid",
    "ClaimRejected",
    "ClaimsWaitingForApproval",
    "ConsentLapsed",
    "ConsentReviewDue",
    "DebriefOffered",
    "ExpertPaused",
    "ExpertReadyAgain",
    "ExpertUnpaidForBenefits",
    "FeedbackRequested",
    "Invited",
    "LineupChanged",
    "OnTheWaitingList",
    "OnboardingStepRecorded",
    "PlaceAccepted",
    "RequestFilled",
    "RequestOpenForMatching",
    "ToTheClaimant",
    "ToTheInvited",
    "expert_page",
    "expert_recipient",
    "portal_page",
]
