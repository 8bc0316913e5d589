"""The demo shows feedback, "you said, we did" and debriefs, and gives the demo expert a past activity
to give feedback on and an invitation with content notes. Running it twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from demo.network_feedback import LISTENING, PANEL
from involvement.models import RequestOutcome
from together_network.models import ActivityFeedback, Attendance, ExpertByExperience
from together_network.selectors import portal_invitations

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_feedback_outcomes_and_debriefs():
    seed()

    assert ActivityFeedback.objects.count() >= 3
    assert RequestOutcome.objects.filter(request__route="network").exists()
    assert Attendance.objects.filter(debrief_offered_at__isnull=False, debrief_held_on__isnull=False).exists()
    assert Attendance.objects.filter(debrief_offered_at__isnull=False, debrief_held_on__isnull=True).exists()


def test_the_demo_expert_has_feedback_to_give_and_content_notes_to_read():
    seed()
    eve = ExpertByExperience.objects.get(email="expert@example.org")

    invitations = portal_invitations(expert=eve)

    assert PANEL in [invitation.request.title for invitation in invitations["feedback_due"]]
    listening = next(invitation for invitation in invitations["to_answer"] if invitation.request.title == LISTENING)
    assert listening.request.content_notes


def test_seeding_the_feedback_twice_adds_nothing():
    seed()
    counts = (ActivityFeedback.objects.count(), Attendance.objects.count(), RequestOutcome.objects.count())

    seed()

    assert (ActivityFeedback.objects.count(), Attendance.objects.count(), RequestOutcome.objects.count()) == counts
