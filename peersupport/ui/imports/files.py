"""Reading an uploaded file, a CSV or an Excel workbook (.xlsx), into lines of text, within limits.

Whatever arrives (a damaged or renamed file, a workbook with no sheet, a cell no spreadsheet
program would write, an archive that unpacks to far more than it weighs) becomes an
`ImportFileError` whose message the person sees on the upload page: never an error page, never
a worker held for seconds. Each limit is checked before the work it guards: the archive's
declared sizes before anything is unpacked, each line's columns and cells as it is read, and the
reading stops at the first line over a limit. ADR 0020 gives the limits and why.
"""

import csv
import datetime
import io
import itertools
import zipfile
from collections.abc import Iterator

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter

# openpyxl's read-only worksheets read their rows through this parser. It is called directly so
# that each cell's column and each row's number are seen as written: the worksheet's own rows
# are padded out to the widest column and the furthest row, which a file can set to millions,
# after a first pass through the whole sheet to find its size.
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_COLUMNS = 50
MAX_CELL_CHARACTERS = 1000
# A workbook is a zip archive of XML parts; these bound what reading it may unpack.
MAX_UNPACKED_BYTES = 5 * 1024 * 1024
MAX_PACKING_RATIO = 100  # unpacked to packed, over the archive, once it unpacks to more than 1 MB
PACKING_CHECKED_FROM_BYTES = 1024 * 1024
MAX_PARTS = 200
# What reading the first sheet parses: its rows, empty ones too, and the texts its cells share.
MAX_SHEET_ROWS = 10_000
MAX_SHARED_STRINGS = 100_000

SHARED_STRING, TEXT, RUN = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))

NOT_A_WORKBOOK = "it is not a valid .xlsx file. Save it from Excel as an 'Excel Workbook (.xlsx)' and upload it again"
SAVE_AGAIN = "Open it in Excel, save it again as an 'Excel Workbook (.xlsx)' and upload it again"
COPY_ROWS = "Copy the rows into a new workbook, or save them as 'CSV UTF-8', and upload that"
SAVE_AS_CSV = "Save it as 'CSV UTF-8' and upload it again"


class ImportFileError(Exception):
    """The file as a whole cannot be read: its message is shown to the person who uploaded it."""


def _not_a_workbook(reason: str) -> ImportFileError:
    return ImportFileError(f"The file could not be read as an Excel workbook: {reason}")


def _not_a_csv(reason: str) -> ImportFileError:
    return ImportFileError(f"The file could not be read as a CSV: {reason}")


def cell_text(value) -> str:
    """A cell as the text a person would have typed: Excel gives dates and numbers, CSV gives text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _within_limits(line: int, cells: dict[int, str]) -> list[str]:
    """A line's texts from column A to its last value (none for an empty line), once it has no value
    past `MAX_COLUMNS` and no cell too long."""
    filled = {column: text for column, text in cells.items() if text}
    if filled and max(filled) > MAX_COLUMNS:
        raise ImportFileError(
            f"The file has more than {MAX_COLUMNS} columns: line {line} has a value in column "
            f"{get_column_letter(min(max(filled), 18278))}. Keep only the columns this import reads "
            "and upload it again"
        )
    for column, text in filled.items():
        if len(text) > MAX_CELL_CHARACTERS:
            raise _cell_too_long(line, get_column_letter(column))
    width = max(filled, default=0)
    return [filled.get(column, "") for column in range(1, width + 1)]


def _cell_too_long(line: int, column: str = "") -> ImportFileError:
    where = f"line {line}, column {column}" if column else f"line {line}"
    return ImportFileError(
        f"A cell on {where} has more than {MAX_CELL_CHARACTERS:,} characters: no value in an import is "
        "that long. Check the file and upload it again"
    )


# --- CSV ----------------------------------------------------------------------------------------


def _csv_lines(uploaded) -> Iterator[tuple[int, list[str]]]:
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError as undecodable:
        raise _not_a_csv(f"it is not saved as UTF-8 text. {SAVE_AS_CSV}") from undecodable
    if "\x00" in text:
        raise _not_a_csv(f"it has NUL characters, so it may be another kind of file renamed .csv. {SAVE_AS_CSV}")
    reader = csv.reader(io.StringIO(text))
    line = 0
    try:
        for line, values in enumerate(reader, start=1):
            if texts := _within_limits(line, {column: cell_text(value) for column, value in enumerate(values, 1)}):
                yield line, texts
    except csv.Error as malformed:
        if "field larger than field limit" in str(malformed):
            raise _cell_too_long(line + 1) from malformed
        raise _not_a_csv(SAVE_AS_CSV) from malformed


# --- Excel --------------------------------------------------------------------------------------


def _check_archive(uploaded) -> None:
    """Refuse a workbook by what its archive declares, before any part of it is unpacked.

    A part can never unpack to more than its declared size (the zip reader stops there and
    the checksum then fails), so the declared sizes bound the work.
    """
    try:
        with zipfile.ZipFile(uploaded) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as unreadable:
        raise _not_a_workbook(NOT_A_WORKBOOK) from unreadable
    finally:
        uploaded.seek(0)
    if len(parts) > MAX_PARTS:
        raise _not_a_workbook(f"it has more than {MAX_PARTS} parts (sheets, pictures and the like). {COPY_ROWS}")
    unpacked = sum(part.file_size for part in parts)
    packed = sum(part.compress_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        raise _not_a_workbook(f"it unpacks to more than {limit} MB, more than a spreadsheet to import. {COPY_ROWS}")
    if unpacked > PACKING_CHECKED_FROM_BYTES and unpacked > packed * MAX_PACKING_RATIO:
        raise _not_a_workbook(
            f"it unpacks to more than {MAX_PACKING_RATIO} times its size, which a spreadsheet never does. {COPY_ROWS}"
        )


def _shared_strings(source) -> list[str]:
    """The workbook's shared strings, as openpyxl reads them (the text and its runs, not the phonetic
    guide), at a tenth of the cost: openpyxl builds an object for each string first."""
    strings = []
    for _event, element in iterparse(source):
        if element.tag == SHARED_STRING:
            texts = [element.findtext(TEXT) or "", *(run.findtext(TEXT) or "" for run in element.iterfind(RUN))]
            strings.append("".join(texts).replace("x005F_", ""))
            element.clear()
            if len(strings) > MAX_SHARED_STRINGS:
                raise _not_a_workbook(
                    f"its cells hold more than {MAX_SHARED_STRINGS:,} different texts, more than a spreadsheet "
                    f"to import. {COPY_ROWS}"
                )
    return strings


class _FirstSheetReader(ExcelReader):
    """openpyxl's reader of a workbook, doing only what reading the first sheet's values needs:
    the shared strings (ours, faster), the workbook (its sheets and date system) and the styles
    (which number formats are dates). The sheet itself is read line by line in `_xlsx_lines`."""

    def read(self) -> None:
        self.read_manifest()
        strings = self.package.find(SHARED_STRINGS)
        if strings is not None:
            with self.archive.open(strings.PartName[1:]) as source:
                self.shared_strings = _shared_strings(source)
        self.read_workbook()
        apply_stylesheet(self.archive, self.wb)
        worksheets = (
            rel.target
            for _sheet, rel in self.parser.find_sheets()
            if rel.target in self.valid_files and "chartsheet" not in rel.Type
        )
        self.first_sheet = next(worksheets, None)


def _next_row(rows: Iterator, parser: WorkSheetParser) -> tuple[int, dict[int, str]] | None:
    """The sheet's next row as written (its number, its texts by column), or None after the last."""
    try:
        line, cells = next(rows)
        return line, {cell["column"]: cell_text(cell["value"]) for cell in cells}
    except StopIteration:
        return None
    except Exception as unreadable:  # a cell or part no spreadsheet program writes
        where = f"on line {parser.row_counter} " if parser.row_counter else ""
        raise _not_a_workbook(f"a cell {where}holds a value Excel would not write. {SAVE_AGAIN}") from unreadable


def _xlsx_lines(uploaded) -> Iterator[tuple[int, list[str]]]:
    _check_archive(uploaded)
    try:
        reader = _FirstSheetReader(uploaded, read_only=True, data_only=True)
    except Exception as unreadable:  # not a workbook at all
        raise _not_a_workbook(f"it is damaged or not a valid .xlsx file. {SAVE_AGAIN}") from unreadable
    try:
        try:
            reader.read()
        except ImportFileError:
            raise
        except Exception as unreadable:  # openpyxl raises many kinds for a damaged workbook
            raise _not_a_workbook(f"it is damaged or not a valid .xlsx file. {SAVE_AGAIN}") from unreadable
        if reader.first_sheet is None:
            raise _not_a_workbook("it has no sheets. Put the rows on the first sheet and upload it again")
        workbook = reader.wb
        parser = WorkSheetParser(
            reader.archive.open(reader.first_sheet),
            reader.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        rows = parser.parse()
        for count in itertools.count(1):
            row = _next_row(rows, parser)
            if row is None:
                break
            if count > MAX_SHEET_ROWS:
                raise _not_a_workbook(
                    f"its first sheet has more than {MAX_SHEET_ROWS:,} rows, counting empty ones. Delete the "
                    "empty rows below the last one, or copy the rows into a new workbook, and upload it again"
                )
            line, cells = row
            if texts := _within_limits(line, cells):
                yield line, texts
    finally:
        reader.archive.close()


def read_lines(uploaded) -> Iterator[tuple[int, list[str]]]:
    """Each line of the file that has a value, as (its number as a spreadsheet shows it, its texts from column A).

    Lazy: the reading stops where the caller stops, so a file with too many rows is not read to its end.
    """
    if uploaded.size > MAX_FILE_BYTES:
        raise ImportFileError("The file must be smaller than 2 MB")
    name = (uploaded.name or "").lower()
    if name.endswith(".csv"):
        lines = _csv_lines(uploaded)
    elif name.endswith(".xlsx"):
        lines = _xlsx_lines(uploaded)
    else:
        raise ImportFileError("The file must be a CSV (.csv) or an Excel workbook (.xlsx)")
    return lines
