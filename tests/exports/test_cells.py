"""Cells of exported spreadsheets: text that looks like a formula is stored as text, other
values keep their type."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exports.cells import SafeWorkbook, looks_like_formula, sheet_title
from tests.exports.conftest import DANGEROUS, NAME_ON_TWO_LINES


def saved(values, *, headers=("A",)):
    workbook = SafeWorkbook()
    workbook.sheet("Feuille", headers=headers, widths=[12] * len(headers)).append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer


def sheet_xml(buffer):
    with zipfile.ZipFile(buffer) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_text_that_looks_like_a_formula_comes_back_as_the_same_text():
    buffer = saved(DANGEROUS)

    cells = list(load_workbook(buffer).active.iter_rows(min_row=2))[0]
    assert [cell.value for cell in cells] == DANGEROUS
    assert [cell.data_type for cell in cells] == ["s"] * len(DANGEROUS)
    # The quote prefix keeps it text when someone edits the cell in Excel.
    assert [cell.quotePrefix for cell in cells] == [True] * len(DANGEROUS)


def test_no_formula_reaches_the_file_even_in_the_headers():
    xml = sheet_xml(saved(DANGEROUS, headers=["=1+1", "Nom"]))

    assert "<f>" not in xml
    assert "<f " not in xml
    assert "HYPERLINK" in xml


def test_numbers_dates_and_booleans_keep_their_type():
    moment = datetime.datetime(2026, 6, 1, 8, 30, tzinfo=datetime.UTC)
    values = [3, -2, 1.5, Decimal("12.75"), datetime.date(2026, 6, 1), moment, True, None, "x"]

    cells = list(load_workbook(saved(values)).active.iter_rows(min_row=2))[0]

    assert [cell.value for cell in cells[:4]] == [3, -2, 1.5, 12.75]
    assert [cell.data_type for cell in cells[:4]] == ["n"] * 4
    assert cells[4].value == datetime.datetime(2026, 6, 1)
    # Excel has no time zones: the moment is written as Morocco's clock showed it.
    assert cells[5].value == datetime.datetime(2026, 6, 1, 9, 30)
    assert cells[6].value is True
    assert cells[7].value is None
    assert cells[8].value == "x"
    assert cells[8].quotePrefix is False


def test_line_breaks_stay_and_forbidden_control_characters_are_dropped():
    cells = list(
        load_workbook(
            saved([NAME_ON_TWO_LINES, "bell\x07 and\x00 nul", "a\r\nb"])
        ).active.iter_rows(min_row=2)
    )[0]

    assert [cell.value for cell in cells] == [NAME_ON_TWO_LINES, "bell and nul", "a\nb"]
    # Shown on several lines in the spreadsheet, not only stored so.
    assert [cell.alignment.wrap_text for cell in cells] == [True, None, True]


def test_text_like_an_error_code_stays_text():
    cell = list(load_workbook(saved(["#N/A"])).active.iter_rows(min_row=2))[0][0]

    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_headers_are_bold_and_stay_in_view():
    sheet = load_workbook(saved(["x"], headers=["Nom", "Score"])).active

    assert [cell.font.bold for cell in sheet[1]] == [True, True]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1", True),
        ("+212 6 12 34 56 78", True),
        ("-", True),
        ("@here", True),
        ("  =1", True),
        ("\t=1", True),
        ("\n@x", True),
        ("Coopérative", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_what_looks_like_a_formula(text, expected):
    assert looks_like_formula(text) is expected


def test_sheet_titles_excel_refuses_are_made_acceptable():
    assert sheet_title("Classement: [final] 1/2") == "Classement- -final- 1-2"
    assert len(sheet_title("x" * 40)) == 31
