"""The Word agenda read back: numbered items, presenters, timings, papers, marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from sqlalchemy.orm import Session

from csp_desktop.exports.agenda_docx import AGENDA_HEADERS, write_agenda
from csp_desktop.services.export_data import agenda_data
from tests.exports.scenario import RESTRICTED_SECRET, build_scenario
from tests.exports.test_minutes_docx import package_text

WHEN = dt.datetime(2022, 9, 28, 12, 0)


def export(session: Session, tmp_path: Path, *, public: bool = False) -> Path:
    scenario = build_scenario(session)
    data = agenda_data(
        session, scenario.meeting_id, public=public, generated_at=WHEN, author="CSP officer"
    )
    return write_agenda(data, tmp_path / "agenda.docx")


def test_agenda_table_has_items_times_presenters_and_papers(
    session: Session, tmp_path: Path
) -> None:
    document = Document(export(session, tmp_path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Community Safety Partnership Board"
    assert "Wednesday 5 October 2022, 10:00-13:00" in texts
    assert "Agenda" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]

    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == AGENDA_HEADERS
    assert rows[1] == ["1", "Introductions and Apologies", "", "10:00", "2 minutes", ""]
    assert rows[3][3] == "10:04"  # 10:00 + 2 + 2
    assert rows[4] == [
        "4",
        "RESTRICTED: Crime and Disorder Strategic Assessment",
        "Daniel James",
        "10:14",
        "30 minutes",
        "Strategic Assessment 2021-22 (PDF 117 KB)",
    ]
    assert rows[5][:4] == [
        "5",
        "Plan for Community Safety Partnership 2023-2026",
        "Chris Lyons",
        "10:44",
    ]
    assert rows[5][5] == "CSP Plan update (PDF 64 KB)"
    assert rows[7][0] == "7" and rows[7][3] == "11:19"

    # Accessible table: the header row is marked to repeat and be announced.
    header_row = table.rows[0]._tr
    assert header_row.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs)

    assert document.sections[0].header.paragraphs[0].text == "RESTRICTED"
    assert document.core_properties.title == (
        "Community Safety Partnership Board: agenda, Wednesday 5 October 2022"
    )
    assert document.core_properties.author == "CSP officer"


def test_public_agenda_withholds_restricted_papers(session: Session, tmp_path: Path) -> None:
    path = export(session, tmp_path, public=True)
    document = Document(path)
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[4][1] == "RESTRICTED: Crime and Disorder Strategic Assessment"
    assert rows[4][5] == "Withheld (restricted)"
    everything = package_text(path)
    assert "Strategic Assessment 2021-22" not in everything
    assert RESTRICTED_SECRET not in everything
    assert "RESTRICTED" not in [p.text for p in document.sections[0].header.paragraphs]
