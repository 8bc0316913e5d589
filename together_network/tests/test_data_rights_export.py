"""Download my data: the JSON and the readable page hold every personal field with its value, for
the person themself and for a coordinator on their behalf, and nobody else."""

import json
import os

import pytest
from django.urls import reverse

from involvement.models import LivedExperienceArea, Skill
from peersupport.accounts.roles import Role
from tests.support.roles import answers
from together_network.models import Expense
from together_network.selectors import personal_data
from together_network.tests.data_support import ROWAN, days_ago, expert_with_everything, queries_to_open
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import expert_with_login

pytestmark = pytest.mark.django_db

MY_DATA = reverse("together_network:my_data")
MY_JSON = reverse("together_network:my_data_json")
MY_HTML = reverse("together_network:my_data_html")


@pytest.fixture
def rowan():
    return expert_with_everything()


def exported(client, url=MY_JSON) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return json.loads(response.content)


def test_the_json_has_every_personal_field_with_its_value(client, rowan):
    client.force_login(rowan.user)
    data = exported(client)
    assert data["person"] == {
        "full_name": ROWAN["full_name"],
        "pronouns": "they/them",
        "email": ROWAN["email"],
        "phone": ROWAN["phone"],
        "preferred_contact": "text",
        "lived_experience_areas": ["Anxiety", "Psychosis"],
        "skills": ["Interviewing"],
        "availability": ["Monday morning", "Tuesday afternoon"],
        "available_online": True,
        "available_in_person": False,
        "reasonable_adjustments": "Large print papers, please",
        "preferences": "No evening panels",
        "payment_preference": "paid",
        "earnings_limit": "120.00",
        "earnings_limit_period": "week",
        "user": ROWAN["email"],
        "status": "active",
        "onboarding_complete": True,
        "consent_given_on": days_ago(200).isoformat(),
        "consent_review_due": days_ago(-165).isoformat(),
        "joined_on": days_ago(210).isoformat(),
        "active_from": days_ago(190).isoformat(),
        "left_on": None,
    }
    assert data["login"]["email"] == ROWAN["email"] and data["login"]["full_name"] == ROWAN["full_name"]
    assert "password" not in data["login"]
    assert data["consents"][0]["note"] == "Rowan Ashby-Quill is happy to be quoted"
    assert data["onboarding"][0]["note"] == "Referred by Rowan's care coordinator"
    assert data["application"][0]["email"] == ROWAN["email"]
    assert data["activities"][0]["activity"] == "Ward manager interviews"
    assert data["activities"][0]["status"] == "accepted"
    assert data["activities"][0]["activity_date"] == days_ago(20).isoformat()
    assert data["attendance"][0]["debrief_note"] == "Rowan found the panel upsetting; talked it through"
    assert data["attendance"][0]["actual_minutes"] == 120
    claim = data["claims"][0]
    assert (claim["status"], claim["fee"], claim["expenses_total"]) == ("submitted", "50.00", "0.00")
    assert claim["rejected_reason"] == "Rowan Ashby-Quill sent the wrong form"
    expense = data["expenses"][0]
    assert (expense["description"], expense["amount"], expense["receipt"]) == (
        "Taxi from Rowan's home",
        "12.50",
        os.path.basename(Expense.objects.get(claim__expert=rowan).receipt.name),  # the file's name, not the file
    )
    assert expense["receipt"].startswith("taxi-receipt")
    assert (data["feedback"][0]["rating"], data["feedback"][0]["went_well"]) == (4, "Rowan felt heard")
    # Links sent to their address, the one they used and an earlier one they did not.
    assert [link["used_at"] is not None for link in data["application"]] == [True, False]
    # What was sent to them, by their login or to their address; not what others were told about them.
    messages = {message["subject"]: message for message in data["notifications"]}
    assert {"Your claim", "Your link to apply to join the Together network"} <= set(messages)
    assert "Invitation: Ward manager interviews" in messages
    assert not [subject for subject in messages if "paused" in subject]  # the coordinator's message about them
    assert messages["Your claim"]["body_text"] == f"Dear {ROWAN['full_name']}"
    link_email = messages["Your link to apply to join the Together network"]
    assert link_email["recipient_email"] == ROWAN["email"].upper()
    assert link_email["link"].startswith("/network/apply/") and link_email["created_at"]
    phone_changes = [c for change in data["history"] for c in change["changes"] if c["field"] == "phone"]
    assert phone_changes == [{"field": "phone", "from": "07700 900000", "to": ROWAN["phone"]}]


def test_every_field_of_the_personal_data_list_is_in_the_json(client, rowan):
    """Driven by personal_data.py: a field added there is checked here without changing this test."""
    client.force_login(rowan.user)
    data = exported(client)
    for record in personal_data.RECORDS:
        rows = data[record.section]
        rows = [rows] if isinstance(rows, dict) else rows
        assert rows, f"{record.section} is empty: the fixture should fill every kind of record"
        for row in rows:
            missing = set(record.field_names) - set(row)
            assert missing == set(), f"{record.section} is missing {missing}"
            assert not set(record.not_personal) & (set(row) - {"claim"} - set(record.field_names))


def test_the_readable_page_is_a_download_with_every_field_label_and_value(client, rowan):
    client.force_login(rowan.user)
    response = client.get(MY_HTML)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="together-network-my-data-')
    html = response.content.decode()
    assert "nhsuk-summary-list" in html and ".nhsuk-summary-list" in html  # NHS.UK styles travel with it
    for record in personal_data.RECORDS:
        assert record.label in html
        for field in record.fields:
            assert field.label in html
    for value in ["they/them", "Anxiety, Psychosis", "Monday morning, Tuesday afternoon", "£120.00", "£12.50"]:
        assert value in html
    assert "Text message" in html and "Taxi from Rowan&#x27;s home" in html
    page = client.get(reverse("together_network:my_data_view"))
    assert page.status_code == 200 and "Large print papers, please" in page.content.decode()


def test_the_my_data_page_offers_both_downloads(client, rowan):
    client.force_login(rowan.user)
    html = client.get(MY_DATA).content.decode()
    assert f'href="{MY_JSON}"' in html and f'href="{MY_HTML}"' in html


def test_a_coordinator_downloads_a_persons_data_for_them(client, login_as, rowan):
    login_as(Role.NETWORK_COORDINATOR)
    page = client.get(reverse("together_network:expert_data", args=[rowan.pk]))
    assert page.status_code == 200
    data = exported(client, reverse("together_network:expert_data_json", args=[rowan.pk]))
    assert data["person"]["full_name"] == ROWAN["full_name"]
    html = client.get(reverse("together_network:expert_data_html", args=[rowan.pk]))
    assert html["Content-Disposition"].startswith(f'attachment; filename="together-network-person-{rowan.pk}-data-')


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_download_someone_elses_data(client, login_as, role, status):
    expert = ExpertByExperienceFactory()
    login_as(role)
    for name in ("expert_data", "expert_data_json", "expert_data_html", "expert_data_view"):
        assert client.get(reverse(f"together_network:{name}", args=[expert.pk])).status_code == status


def test_an_expert_only_ever_downloads_their_own_data(client, rowan):
    other = ExpertByExperienceFactory(full_name="Someone Else")
    client.force_login(rowan.user)
    assert client.get(reverse("together_network:expert_data_json", args=[other.pk])).status_code == 403
    assert client.get(reverse("together_network:expert_data_json", args=[rowan.pk])).status_code == 200  # their own
    assert "Someone Else" not in client.get(MY_JSON).content.decode()


@pytest.mark.parametrize(("role", "status"), answers(Role.EXPERT_BY_EXPERIENCE, Role.NETWORK_COORDINATOR))
def test_my_data_is_for_people_with_a_record(client, login_as, role, status):
    """Staff are refused; a coordinator with no record of their own finds nothing (404)."""
    login_as(role)
    expected = {Role.EXPERT_BY_EXPERIENCE: 403, Role.NETWORK_COORDINATOR: 404}.get(role, status)
    for url in (MY_DATA, MY_JSON, MY_HTML):
        assert client.get(url).status_code == expected


def test_the_download_makes_the_same_queries_for_a_short_or_a_long_history(client):
    """The history section reads every change's areas and skills together, not two queries a change."""
    areas = [LivedExperienceArea.objects.create(name=f"Area {number}") for number in range(3)]
    skills = [Skill.objects.create(name=f"Skill {number}") for number in range(3)]
    expert = expert_with_login()
    client.force_login(expert.user)

    def change(times: int) -> None:
        for number in range(times):
            expert.phone = f"07700 900{number:03d}"
            expert.save()
            expert.lived_experience_areas.set(areas[: number % 3 + 1])
            expert.skills.set(skills[number % 3 :])

    change(3)
    short = {url: queries_to_open(client, url) for url in (MY_JSON, MY_HTML)}
    change(40)
    assert expert.history.count() > 40
    assert {url: queries_to_open(client, url) for url in (MY_JSON, MY_HTML)} == short
