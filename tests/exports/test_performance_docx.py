"""The Word performance report: pictures with alt text, tables of the figures, plan RAG."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from sqlalchemy.orm import Session

from csp_desktop.services import plans
from csp_desktop.services.dashboard import Period
from csp_desktop.usecases.performance_report import (
    export_performance_report,
    suggested_file_name,
)
from tests.services.dashboard_archive import build_archive

YEAR = Period(dt.date(2022, 4, 1), dt.date(2023, 3, 31))


def test_report_has_pictures_with_alt_text_and_tables(session: Session, tmp_path: Path) -> None:
    archive = build_archive(session)
    plans.add_milestone(
        session,
        archive.priorities[0].id,
        "Survivors' panel",
        owner="Women's Aid",
        due_date=dt.date(2022, 9, 30),
    )
    output = export_performance_report(
        session,
        archive.board.id,
        YEAR,
        dt.date(2023, 3, 1),
        tmp_path / "report.docx",
        author="test.user",
    )
    document = docx.Document(str(output))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Performance report: Friday 1 April 2022 to Friday 31 March 2023" in text
    pictures = document.inline_shapes
    assert len(pictures) == 6
    descriptions = [shape._inline.docPr.get("descr") for shape in pictures]
    assert all(descriptions)
    assert any("The Council: 4 open, 3 overdue, 4 completed" in d for d in descriptions)
    assert any(
        "Priority 1. Violence against women and girls: 20 Apr 2022 Green" in d for d in descriptions
    )
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    priority_table = tables["Priority"]
    assert [c.text for c in priority_table.rows[1].cells] == [
        "1. Violence against women and girls",
        "VAWG",
        "Green",
        "0 of 1 done",
        "0",
    ]
    organisation = tables["Organisation"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in organisation.rows[1:]}
    assert rows["Metropolitan Police"][:4] == ["0", "4", "0", "0"]  # substitute sent 4 times
    assert "Survivors' panel" in [r.cells[0].text for r in tables["Milestone"].rows]


def test_suggested_name_is_safe_and_dated() -> None:
    assert suggested_file_name("Board: A/B", YEAR) == (
        "Board A B performance report 2022-04-01 to 2023-03-31.docx"
    )
