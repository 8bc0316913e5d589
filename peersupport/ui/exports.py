"""Downloads of a list as CSV or Excel: one header, the same rows, text guarded against formulas.

Every list that exports (people, the pool, claims) builds its rows once and hands them here,
so the two formats never drift apart and no cell a person typed runs as a formula in a
spreadsheet (CSV injection).
"""

import csv
import io
from collections.abc import Iterable, Sequence

import openpyxl
from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = "=+-@\t\r"


def safe(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula: prefix a quote to text that starts like one."""
    return f"'{text}" if text and text[0] in FORMULA_STARTS else text


def _attachment(stem: str, extension: str) -> str:
    return f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"'


def csv_response(*, stem: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(stem, "csv")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def xlsx_response(*, stem: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit for a sheet's name
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
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
