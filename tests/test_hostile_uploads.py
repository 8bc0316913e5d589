"""Every import page answers a file it cannot read with a message in its error summary, never an error page.

The four pages share one reader (peersupport/ui/imports/files.py), so each hostile file goes
through each page, as the person who may use it.
"""

import re
import time

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.ui.tests.hostile_files import hostile_files, zip_bomb
from together_network.models import ExpertByExperience
from workforce.models import PeerSupportWorker, Service, Team, TrainingRecord

pytestmark = pytest.mark.django_db

PAGES = {
    "people": ("workforce:people_import", Role.PEER_SUPPORT_LEAD),
    "teams": ("workforce:teams_import", Role.PEER_SUPPORT_LEAD),
    "training": ("workforce:training_import", Role.PEER_SUPPORT_LEAD),
    "pool": ("together_network:people_import", Role.NETWORK_COORDINATOR),
}
HOSTILE = hostile_files()


def records() -> list[int]:
    return [model.objects.count() for model in (PeerSupportWorker, Service, Team, TrainingRecord, ExpertByExperience)]


def error_summary(page: str) -> str:
    found = re.search(r'<div class="nhsuk-error-summary".*?</ul>', page, flags=re.S)
    assert found, "the page has no error summary"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group()).split())


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("hostile", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_file_that_cannot_be_read_is_refused_with_its_reason_and_nothing_is_added(client, login_as, page, hostile):
    url_name, role = page
    login_as(role)
    before = records()

    response = client.post(reverse(url_name), {"file": hostile.upload()})

    assert response.status_code == 200
    assert hostile.says in error_summary(response.content.decode())
    assert "check" not in response.context  # no dry run, so nothing to confirm
    assert records() == before


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_a_zip_bomb_is_refused_at_once(client, login_as, page):
    url_name, role = page
    login_as(role)
    bomb = zip_bomb()
    assert len(bomb) < 100_000  # it weighs little and declares 30 MB

    started = time.monotonic()
    response = client.post(reverse(url_name), {"file": HOSTILE["zip bomb"].upload()})

    assert time.monotonic() - started < 2
    assert "it unpacks to more than 5 MB" in error_summary(response.content.decode())
