"""The papers as a screen reader user opens them (issue 19): each one read back for the
properties that make it accessible, not for its exact XML (the Word layout changes).

Word minutes, agenda and performance report: real heading styles (not bold Normal), real
list styles for lists, table header rows marked as such, alt text on every picture, a
document title and the document language. Excel tracker and attendance register: every
sheet's data in a named table with a header row, and nothing said by colour alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from csp_desktop.cli import main

BOARD = "Community Safety Partnership Board"
WP_NS = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def cli(db: Path, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *argv])
    assert code == 0, err.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("papers")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSP_DESKTOP_DATA_DIR", str(folder / "data"))
        db = folder / "csp.db"
        cli(db, "demo")
        meetings = json.loads(cli(db, "meetings", "--json"))
        # The fullest approved board meeting: minutes with lists, decisions and actions.
        done = [m for m in meetings if m["status"] != "draft" and BOARD in m.get("body", BOARD)]
        meeting = str(done[-1]["id"] if done else meetings[0]["id"])
        out = {
            "minutes": folder / "minutes.docx",
            "agenda": folder / "agenda.docx",
            "report": folder / "report.docx",
            "tracker": folder / "tracker.xlsx",
            "register": folder / "register.xlsx",
        }
        cli(db, "export", "minutes", meeting, "-o", str(out["minutes"]))
        cli(db, "export", "agenda", meeting, "-o", str(out["agenda"]))
        cli(db, "export", "report", "--body", BOARD, "-o", str(out["report"]))
        cli(db, "export", "actions", "-o", str(out["tracker"]))
        cli(db, "export", "attendance", "-o", str(out["register"]))
    return out


WORD = ("minutes", "agenda", "report")


def styles_used(document: Any) -> set[str]:
    return {p.style.name for p in document.paragraphs if p.style is not None}


@pytest.mark.parametrize("paper", WORD)
def test_word_papers_have_a_title_and_uk_english(papers: dict[str, Path], paper: str) -> None:
    document = Document(str(papers[paper]))
    assert document.core_properties.title.strip(), "no document title"
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    languages = [lang.get(qn("w:val"))] if lang is not None else []
    if defaults is not None:
        languages += [e.get(qn("w:val")) for e in defaults.iter(qn("w:lang"))]
    assert "en-GB" in languages, languages


@pytest.mark.parametrize("paper", WORD)
def test_word_papers_use_real_heading_styles(papers: dict[str, Path], paper: str) -> None:
    document = Document(str(papers[paper]))
    used = styles_used(document)
    assert any(re.fullmatch(r"Heading [1-3]", name) for name in used), used
    # A heading look made of bold Normal text is invisible to a screen reader's heading list.
    fake = [
        p.text
        for p in document.paragraphs
        if p.style.name == "Normal"
        and p.text.strip()
        and len(p.text) < 60
        and p.runs
        and all(r.bold for r in p.runs)
        and re.match(r"^\d+\.?\s+\S", p.text)
    ]
    assert fake == [], f"numbered headings in bold Normal text: {fake[:5]}"


def test_minutes_lists_are_real_lists(papers: dict[str, Path]) -> None:
    document = Document(str(papers["minutes"]))
    by_hand = [p.text for p in document.paragraphs if re.match(r"^\s*[•\-\*·]\s", p.text)]
    assert by_hand == [], f"bullets typed as characters: {by_hand[:5]}"
    listed = [p for p in document.paragraphs if p.style.name.startswith("List")]
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert listed or numbered, styles_used(document)


@pytest.mark.parametrize("paper", WORD)
def test_every_word_table_has_a_header_row(papers: dict[str, Path], paper: str) -> None:
    document = Document(str(papers[paper]))
    for number, table in enumerate(document.tables):
        if len(table.rows) < 2:
            continue  # a one-row layout table (the marking, a signature line)
        first = table.rows[0]._tr
        header = first.trPr.find(qn("w:tblHeader")) if first.trPr is not None else None
        assert header is not None, f"{paper} table {number + 1}: no header row"
        assert header.get(qn("w:val"), "true") in ("true", "1", "on")


@pytest.mark.parametrize("paper", WORD)
def test_every_picture_has_alt_text(papers: dict[str, Path], paper: str) -> None:
    document = Document(str(papers[paper]))
    pictures = list(document.element.body.iter(f"{WP_NS}docPr"))
    for part in (s.header for s in document.sections):
        pictures += list(part._element.iter(f"{WP_NS}docPr"))
    missing = [p.get("name") for p in pictures if not (p.get("descr") or "").strip()]
    assert missing == [], f"{paper}: pictures without alt text: {missing}"
    if paper == "report":
        assert pictures, "the performance report has its charts"


@pytest.mark.parametrize("paper", ["tracker", "register"])
def test_excel_data_is_in_named_tables_with_header_rows(
    papers: dict[str, Path], paper: str
) -> None:
    book = openpyxl.load_workbook(papers[paper])
    tables = [(sheet, table) for sheet in book.worksheets for table in sheet.tables.values()]
    assert tables, f"{paper}: no named tables"
    for sheet, table in tables:
        assert table.displayName and not re.fullmatch(r"Table\d+", table.displayName)
        assert (table.headerRowCount or 1) >= 1, table.displayName
        first_row = next(
            sheet.iter_rows(
                min_row=sheet[table.ref.split(":")[0]].row,
                max_row=sheet[table.ref.split(":")[0]].row,
                values_only=True,
            )
        )
        headers = [cell for cell in first_row if cell is not None]
        assert headers and all(isinstance(h, str) and h.strip() for h in headers), headers


def test_the_tracker_says_in_words_what_its_colours_show(papers: dict[str, Path]) -> None:
    """The tracker colours overdue and completed rows (conditional formatting); each row
    so coloured also says it in words: "Overdue" and "Completed"."""
    book = openpyxl.load_workbook(papers["tracker"])
    sheet = book["Actions"]
    headers = [cell.value for cell in sheet[1]]
    due, status, overdue = (headers.index(h) for h in ("Due", "Status", "Overdue at export"))
    rules = [r for rules in sheet.conditional_formatting._cf_rules.values() for r in rules]
    assert rules, "the tracker's colours moved: check this test still covers them"
    today = dt.date.today()
    coloured_overdue = coloured_done = 0
    for row in sheet.iter_rows(min_row=2, values_only=True):
        when, state = row[due], row[status]
        past_due = isinstance(when, dt.datetime) and when.date() < today
        if past_due and state not in ("Completed", "Dropped"):
            coloured_overdue += 1
            assert row[overdue] == "Overdue", row
        if state == "Completed":
            coloured_done += 1
    assert coloured_overdue and coloured_done, (coloured_overdue, coloured_done)
