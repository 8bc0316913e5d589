"""Every import page offers a template file: a CSV with the import's header row."""

import csv
import io

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from together_network.views.imports import PAGE as POOL
from workforce.views.imports import PEOPLE, TEAMS, TRAINING

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "page, role",
    [
        (PEOPLE, Role.PEER_SUPPORT_LEAD),
        (TEAMS, Role.PEER_SUPPORT_LEAD),
        (TRAINING, Role.PEER_SUPPORT_LEAD),
        (POOL, Role.NETWORK_COORDINATOR),
    ],
)
def test_each_upload_page_links_to_a_template_file_with_its_header_row(client, login_as, page, role):
    login_as(role)
    url = reverse(page.upload_url)

    upload = client.get(url).content.decode()
    template = client.get(url, {"template": ""})

    assert f'href="{url}?template"' in upload
    assert template["Content-Type"].startswith("text/csv")
    assert "attachment" in template["Content-Disposition"]
    assert next(csv.reader(io.StringIO(template.content.decode()))) == list(page.importer.column_names)
