"""Spreadsheet cells that are safe to open: text that looks like a formula stays text.

Applicants type names and answers that end up in organizers' spreadsheets. A value such
as `=HYPERLINK("http://evil")` must never run in Excel, nor become a formula when
someone edits the cell later: such text is stored as a string cell (never `<f>`) with
the quote-prefix style, the way Excel itself keeps text typed after an apostrophe.
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_TITLE_MAX = 31
PASSTHROUGH = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)

HEADER_FONT = Font(bold=True)
# Text on several lines shows them, rather than one line with the breaks hidden.
WRAPPED = Alignment(wrap_text=True, vertical="top")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula: it starts with one of
    `= + - @`, or with a tab, a line break or spaces before one."""
    return text.lstrip().startswith(FORMULA_STARTS)


def cell_text(value) -> str:
    """`value` as text a worksheet accepts: control characters that openpyxl refuses are
    dropped, tabs stay, and every line break is a line feed (a carriage return would come
    back from the file as one anyway)."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_cell(ws: WriteOnlyWorksheet, value):
    """What to append to `ws` for `value`: numbers, dates and booleans as they are (an aware
    datetime in local time, as Excel has no time zones), anything else as a text cell."""
    if value is None or isinstance(value, PASSTHROUGH):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    cell = WriteOnlyCell(ws, cell_text(value))
    # openpyxl turns text starting with "=" into a formula and "#N/A" into an error.
    cell.data_type = "s"
    if looks_like_formula(cell.value):
        cell.quotePrefix = True
    if "\n" in cell.value:
        cell.alignment = WRAPPED
    return cell


def header_row(ws: WriteOnlyWorksheet, labels: Iterable) -> None:
    """Append the column titles in bold."""
    cells = []
    for label in labels:
        cell = safe_cell(ws, label)
        cell.font = HEADER_FONT
        cells.append(cell)
    ws.append(cells)


def set_column_widths(ws: WriteOnlyWorksheet, widths: Iterable[float]) -> None:
    """Column widths in characters; on a write-only sheet, before the first row."""
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def sheet_title(title) -> str:
    """A title Excel accepts: no `\\ / * ? : [ ]`, at most 31 characters."""
    return SHEET_TITLE_FORBIDDEN.sub("-", cell_text(title)).strip()[:SHEET_TITLE_MAX] or "-"


class SafeSheet:
    """A write-only worksheet whose every value goes through `safe_cell`."""

    def __init__(self, ws: WriteOnlyWorksheet):
        self.ws = ws

    def append(self, values: Iterable) -> None:
        self.ws.append([safe_cell(self.ws, value) for value in values])


class SafeWorkbook:
    """The workbook an export builder fills: write-only (rows go to disk as they come),
    with sheets that store text that looks like a formula as text."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)

    def sheet(self, title, *, headers: Iterable, widths: Iterable[float] = ()) -> SafeSheet:
        """A new sheet with its column titles in bold, kept in view while scrolling."""
        ws = self.workbook.create_sheet(sheet_title(title))
        set_column_widths(ws, widths)
        ws.freeze_panes = "A2"
        header_row(ws, headers)
        return SafeSheet(ws)

    def save(self, file) -> None:
        if not self.workbook.worksheets:
            self.workbook.create_sheet()
        self.workbook.save(file)
