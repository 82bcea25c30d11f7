"""Safe text: XML-illegal characters go, everything else (and formulas as text) survives."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from csp_desktop.exports.safe_text import (
    EXCEL_CELL_LIMIT,
    TRUNCATION_NOTE,
    cell_text,
    clean_text,
    looks_like_formula,
    set_text_cell,
)

AWKWARD = [
    "=1+2",
    '=HYPERLINK("http://evil.example","click")',
    "+44 20 7946 0000",
    "-5% on last year",
    "@channel please update",
    "Curly “quotes” and ‘apostrophes’ – dashes — too",
    "Emoji 🚓👮🏽‍♀️ and accents: café, naïve, Łódź",
    "Right-to-left: مرحبا بالعالم and עברית",
    "tab\tand\nnew line",
]


def test_clean_text_removes_only_xml_illegal_characters() -> None:
    # Word's line breaks (vertical tab, form feed) become newlines, as in storage.
    assert (
        clean_text("bell\x07 null\x00 vt\x0b ff\x0c esc\x1b end\ufffe")
        == "bell null vt\n ff\n esc end"
    )
    assert clean_text("keep\ttab\nand newline") == "keep\ttab\nand newline"
    assert clean_text("windows\r\nline\rends") == "windows\nline\nends"
    assert clean_text(None) == ""


@pytest.mark.parametrize("text", AWKWARD)
def test_clean_text_leaves_ordinary_text_alone(text: str) -> None:
    assert clean_text(text) == text


def test_formula_detection() -> None:
    assert all(looks_like_formula(t) for t in ("=A1", "+1", "-1", "@x"))
    assert not looks_like_formula("ACTION: =not a formula")


def test_very_long_text_is_shortened_for_excel_with_a_note() -> None:
    text = "x" * (EXCEL_CELL_LIMIT + 10)
    result = cell_text(text)
    assert len(result) == EXCEL_CELL_LIMIT
    assert result.endswith(TRUNCATION_NOTE)
    assert cell_text("short") == "short"


def test_cells_read_back_identical_and_never_as_formulas(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    for row, text in enumerate([*AWKWARD, "bad\x07char"], start=1):
        set_text_cell(sheet.cell(row=row, column=1), text)
    path = tmp_path / "safe.xlsx"
    workbook.save(path)

    sheet = load_workbook(path).active
    for row, text in enumerate(AWKWARD, start=1):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == text
        assert cell.data_type == "s"
        assert bool(cell.quotePrefix) is looks_like_formula(text)
    assert sheet.cell(row=len(AWKWARD) + 1, column=1).value == "badchar"


def test_none_leaves_the_cell_empty() -> None:
    sheet = Workbook().active
    set_text_cell(sheet["A1"], None)
    assert sheet["A1"].value is None
