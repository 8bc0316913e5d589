"""The network's summary of feedback and "you said, we did": ratings and feeling listened to over the
last 12 months, comments without names (only from people who agreed to be quoted), and what changed.
The same number of queries for 10 or 2,000 pieces of feedback."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from involvement.models import RequestOutcome
from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from tests.support.roles import answers
from together_network.models import (
    ActivityFeedback,
    ConsentRecord,
    ExpertByExperience,
    FeedbackRating,
    Invitation,
    InvitationStatus,
)
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import days_ago, page_text, past_place

pytestmark = pytest.mark.django_db

SUMMARY = reverse("together_network:feedback_summary")


def consent(expert, *, quote: bool) -> ConsentRecord:
    today = timezone.localdate()
    return ConsentRecord.objects.create(
        expert=expert, given_on=today - datetime.timedelta(days=30), review_due=today + datetime.timedelta(days=300),
        quote_anonymously=quote,
    )  # fmt: skip


def feedback(expert=None, *, on=None, rating=FeedbackRating.GOOD, listened=True, **comments) -> ActivityFeedback:
    place = past_place(
        expert or ExpertByExperienceFactory(), on=on or days_ago(7), title=comments.pop("title", "Panel")
    )
    return ActivityFeedback.objects.create(invitation=place, rating=rating, felt_listened_to=listened, **comments)


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR, Role.ADMIN))
def test_coordinators_and_admins_see_the_summary(client, login_as, role, status):
    login_as(role)

    assert client.get(SUMMARY).status_code == status


def test_ratings_and_feeling_listened_to_over_the_last_twelve_months(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    feedback(rating=FeedbackRating.VERY_GOOD, listened=True)
    feedback(rating=FeedbackRating.VERY_GOOD, listened=True)
    feedback(rating=FeedbackRating.GOOD, listened=None)
    feedback(rating=FeedbackRating.VERY_POOR, listened=False)
    feedback(rating=FeedbackRating.VERY_POOR, listened=False, on=days_ago(400))  # over a year ago: left out

    response = client.get(SUMMARY)

    assert response.context["total"] == 4
    assert [(rating["label"], rating["count"], rating["share"]) for rating in response.context["ratings"]] == [
        ("Very good", 2, 50),
        ("Good", 1, 25),
        ("Neither good nor poor", 0, 0),
        ("Poor", 0, 0),
        ("Very poor", 1, 25),
    ]
    assert [(answer["label"], answer["count"]) for answer in response.context["listened"]] == [
        ("Yes", 2),
        ("No", 1),
        ("Not sure", 1),
    ]
    words = page_text(response)
    assert "4 people gave feedback on activities in the last 12 months." in words
    assert "Bar chart of how experts by experience rated activities" in response.content.decode()


def test_comments_are_quoted_without_names_only_with_consent(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    agreed = ExpertByExperienceFactory(full_name="Quotable Person")
    consent(agreed, quote=True)
    refused = ExpertByExperienceFactory(full_name="Private Person")
    consent(refused, quote=False)
    changed_mind = ExpertByExperienceFactory(full_name="Changed Mind")
    consent(changed_mind, quote=True)  # an older consent ...
    ConsentRecord.objects.create(  # ... then a newer one that says no
        expert=changed_mind,
        given_on=timezone.localdate(),
        review_due=timezone.localdate() + datetime.timedelta(days=365),
    )
    feedback(agreed, went_well="The chair was kind.")
    feedback(refused, could_be_better="Private words.")
    feedback(changed_mind, went_well="Words they took back.")
    feedback(ExpertByExperienceFactory(), went_well="No consent recorded.")

    response = client.get(SUMMARY)

    words = page_text(response)
    assert "The chair was kind." in words
    for hidden in ("Private words.", "Words they took back.", "No consent recorded."):
        assert hidden not in words
    assert "3 other comments count in the figures only" in words
    for name in ("Quotable Person", "Private Person", "Changed Mind"):
        assert name not in words


def test_you_said_we_did_lists_what_changed(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    place = past_place(ExpertByExperienceFactory(), title="Ward welcome pack")
    RequestOutcome.objects.create(
        request=place.request,
        what_changed="The pack now starts with visiting times.",
        recorded_by=place.request.requester,
    )

    words = page_text(client.get(SUMMARY))

    assert "Ward welcome pack" in words
    assert "The pack now starts with visiting times." in words


def test_an_empty_summary_says_so(client, login_as):
    login_as(Role.ADMIN)

    words = page_text(client.get(SUMMARY))

    assert "Nobody has given feedback on an activity in the last 12 months yet." in words
    assert "No requester has recorded what changed yet." in words


def _many_feedback(count: int) -> None:
    """`count` pieces of feedback on one activity a week ago, each with a comment, half quotable."""
    request = approved_request(places_needed=1)
    coordinator = request.requester
    experts = ExpertByExperience.objects.bulk_create(
        ExpertByExperience(full_name=f"Person {n}", email=f"person{n}@example.net") for n in range(count)
    )
    today = timezone.localdate()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            expert=expert,
            given_on=today - datetime.timedelta(days=10),
            review_due=today + datetime.timedelta(days=300),
            quote_anonymously=n % 2 == 0,
        )
        for n, expert in enumerate(experts)
    )
    places = Invitation.objects.bulk_create(
        Invitation(
            request=request,
            expert=expert,
            status=InvitationStatus.ACCEPTED,
            activity_date=days_ago(7 + n % 200),
            invited_by=coordinator,
        )
        for n, expert in enumerate(experts)
    )
    ActivityFeedback.objects.bulk_create(
        ActivityFeedback(
            invitation=place,
            rating=FeedbackRating.values[n % 5],
            felt_listened_to=(True, False, None)[n % 3],
            went_well=f"Comment {n}",
        )
        for n, place in enumerate(places)
    )
    RequestOutcome.objects.get_or_create(
        request=request, defaults={"what_changed": "Changed", "recorded_by": coordinator}
    )


def test_the_summary_reads_the_same_number_of_queries_for_10_or_2000_pieces_of_feedback(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SUMMARY)
        assert response.status_code == 200
        return len(captured), response.context["total"]

    _many_feedback(10)
    few, total = queries()
    assert total == 10
    _many_feedback(1990)
    many, total = queries()

    assert total == 2000
    assert many == few
