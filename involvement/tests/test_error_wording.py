"""The request form, sent empty, lists one message a field in the error summary, each naming its field."""

import re

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_an_empty_request_lists_distinct_messages_that_link_to_their_fields(client, login_as):
    login_as(Role.REQUESTER)

    response = client.post(reverse("involvement:create"), {"submit": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.DOTALL).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    messages = [text for _, text in links]
    assert len(messages) >= 7
    assert len(set(messages)) == len(messages), messages
    assert "This field is required." not in html
    for expected in [
        "Enter a title for the activity",
        "Select what kind of activity it is",
        "Select which team is asking",
        "Describe the activity",
        "Enter the date of the activity",
        "Enter a start time",
        "Select how long the activity is",
        "Enter the date answers are needed by",
    ]:
        assert expected in messages
    for anchor, text in links:
        assert f'id="{anchor}"' in html, f"{text} links to #{anchor}, which is not on the page"


def test_places_out_of_range_and_nonsense_say_what_to_do(client, login_as):
    login_as(Role.REQUESTER)

    for places, message in [("0", "Number of places must be 1 or more"), ("lots", "Number of places must be")]:
        response = client.post(reverse("involvement:create"), {"submit": "1", "places_needed": places})
        assert any(error.startswith(message) for error in response.context["form"].errors["places_needed"])
