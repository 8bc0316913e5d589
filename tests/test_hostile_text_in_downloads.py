"""Every download opens, whatever odd text was saved long ago: control characters are left out, formulas stay text.

Records are saved straight through the database, as an import or an older version of the service may
have done, with names holding every control character, emoji, right-to-left marks and other odd
Unicode. Each Excel and CSV download in the service still answers, the workbook opens, and the
names are there without the characters a workbook cannot hold.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from peersupport.accounts.roles import Role
from peersupport.ui.exports import UNWRITABLE, clean, safe
from together_network.models import ClaimStatus, PaymentClaim
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.payments_support import claim_for
from workforce.tests.factories import PeerSupportWorkerFactory

pytestmark = pytest.mark.django_db

# Every control character a record could hold. PostgreSQL refuses NUL in text outright, so no stored
# record can hold it there; SQLite stores it, and the downloads must cope.
_NUL = [] if connection.vendor == "postgresql" else [0x00]
CONTROLS = "".join(chr(code) for code in [*_NUL, *range(0x01, 0x20), 0x7F, *range(0x80, 0xA0)])
ODD = "Zoë 😀👩🏽‍⚕️ \u200fشادي\u200e \u202eevil\u202c \u2028 \ufeff Ｆｕｌｌ \u0301x"
HOSTILE_NAME = f"Ada{CONTROLS}Lovelace {ODD}"
SHOWN_NAME = HOSTILE_NAME.replace(CONTROLS, "\t\n\r\x7f" + "".join(chr(code) for code in range(0x80, 0xA0)))
FORMULAS = {"\x07=SUM(A1)": "'=SUM(A1)", "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0"}
CLAIM_TITLE = f"Focus\x1bgroup {ODD}"


def _downloads():
    """(role, address) for every download in the service."""
    earnings = reverse("together_network:earnings")
    day = timezone.localdate()
    query = f"period=own&day_day={day.day}&day_month={day.month}&day_year={day.year}"
    return [
        (Role.ADMIN, reverse("workforce:people") + "?"),
        (Role.NETWORK_COORDINATOR, reverse("together_network:pool") + "?"),
        (Role.NETWORK_COORDINATOR, reverse("together_network:claims_export") + "?"),
        (Role.NETWORK_COORDINATOR, f"{earnings}?{query}&"),
    ]


@pytest.fixture
def odd_records():
    for name in [HOSTILE_NAME, *FORMULAS]:
        PeerSupportWorkerFactory(full_name=name)
        expert = ExpertByExperienceFactory(full_name=name)
        claim = claim_for(expert, on=timezone.localdate() - datetime.timedelta(days=1), title=CLAIM_TITLE)
        PaymentClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.APPROVED, approved_at=timezone.now())


def _csv_cells(response) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(response.content.decode(), newline="")) for cell in row]


def _xlsx_cells(response) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row]


@pytest.mark.parametrize(("role", "address"), _downloads(), ids=["people", "pool", "claims", "earnings"])
def test_every_download_holds_odd_names_without_the_characters_a_workbook_refuses(
    client, login_as, odd_records, role, address
):
    login_as(role)

    as_csv = client.get(address + "format=csv")
    as_excel = client.get(address + "format=xlsx")

    assert as_csv.status_code == 200
    assert as_excel.status_code == 200
    # A workbook is XML, which reads a carriage return as a line break.
    for cells, name in ((_csv_cells(as_csv), SHOWN_NAME), (_xlsx_cells(as_excel), SHOWN_NAME.replace("\r", "\n"))):
        assert name in cells
        for typed, shown in FORMULAS.items():
            assert shown in cells, typed
        assert not any(isinstance(cell, str) and cell.startswith("=") for cell in cells)
        assert not any(isinstance(cell, str) and UNWRITABLE.search(cell) for cell in cells)


def test_the_claims_download_shows_the_activity_s_odd_title_cleaned(client, login_as, odd_records):
    login_as(Role.NETWORK_COORDINATOR)

    cells = _xlsx_cells(client.get(reverse("together_network:claims_export") + "?format=xlsx"))

    assert f"Focusgroup {ODD}" in cells


def test_cleaning_leaves_out_everything_excel_refuses_and_lone_surrogates():
    every_character = "".join(chr(code) for code in range(0x10000))

    cleaned = clean(every_character)

    assert not ILLEGAL_CHARACTERS_RE.search(cleaned)
    assert "\ud800" not in cleaned and "\udfff" not in cleaned
    cleaned.encode("utf-8")  # a CSV download can be written
    assert "\t\n\r" in cleaned and "😀" in clean("😀")


def test_text_that_starts_like_a_formula_once_cleaned_stays_text():
    assert safe("\x07=SUM(A1)") == "'=SUM(A1)"
    assert safe("\x00\x08+1") == "'+1"
    assert safe("Ada\x07") == "Ada"
