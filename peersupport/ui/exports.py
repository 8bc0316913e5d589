"""Downloads of a list as CSV or Excel: one header, the same rows, text guarded against formulas.

Every list that exports (people, the pool, claims) builds its rows once and hands them here,
so the two formats never drift apart and no cell a person typed runs as a formula in a
spreadsheet (CSV injection). Every cell is also cleaned of the characters a workbook cannot hold
(control characters, lone surrogates), so one odd name saved long ago never breaks a download.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence

import openpyxl
from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = "=+-@\t\r"
# What XML 1.0, and so an Excel workbook, cannot hold: control characters other than tab and line
# breaks, lone surrogates (which UTF-8 cannot encode either, so CSV fails on them too) and U+FFFE/U+FFFF.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without the characters a workbook or a UTF-8 file cannot hold."""
    return UNWRITABLE.sub("", text)


def safe(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula: prefix a quote to text that starts like one."""
    text = clean(text)
    return f"'{text}" if text and text[0] in FORMULA_STARTS else text


def _cell(value):
    """A value ready for either format; text that only starts like a formula once cleaned is guarded too."""
    if not isinstance(value, str):
        return value
    cleaned = clean(value)
    return safe(cleaned) if cleaned != value else cleaned


def _row(values: Iterable) -> list:
    return [_cell(value) for value in values]


def _attachment(stem: str, extension: str) -> str:
    return f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"'


def csv_response(*, stem: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(stem, "csv")
    writer = csv.writer(response)
    writer.writerow(_row(header))
    writer.writerows(_row(values) for values in rows)
    return response


def xlsx_response(*, stem: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit for a sheet's name
    sheet.append(_row(header))
    for values in rows:
        sheet.append(_row(values))
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # openpyxl reads any text starting "=" as a formula: keep it text
                cell.data_type = "s"
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(stem, "xlsx")
    return response


def download(export_format: str, *, stem: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]):
    """The response for `?format=csv` or `?format=xlsx`; None for anything else (show the page)."""
    if export_format == "csv":
        return csv_response(stem=stem, header=header, rows=rows)
    if export_format == "xlsx":
        return xlsx_response(stem=stem, sheet_title=sheet_title, header=header, rows=rows)
    return None
