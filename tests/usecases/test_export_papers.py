"""One export for the window and the command line: every paper through `export_paper`,
the output guard applied inside it, restricted content withheld from public versions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.storage import Database
from csp_desktop.usecases.export_papers import PaperKind, PaperRequest, export_paper
from tests.exports.scenario import RESTRICTED_SECRET, Scenario, build_scenario

CLOCK = FakeClock(current=dt.datetime(2022, 12, 8, 14, 0), username="officer")


@pytest.fixture
def scenario(db: Database) -> Scenario:
    with db.transaction() as session:
        return build_scenario(session)


def docx_text(path: Path) -> str:
    return "\n".join(paragraph.text for paragraph in Document(str(path)).paragraphs)


def test_minutes_full_and_public(db: Database, scenario: Scenario, tmp_path: Path) -> None:
    full = export_paper(
        db,
        CLOCK,
        PaperRequest(PaperKind.MINUTES, tmp_path / "full.docx", meeting=str(scenario.meeting_id)),
    )
    public = export_paper(
        db,
        CLOCK,
        PaperRequest(PaperKind.MINUTES, tmp_path / "public.docx", meeting="latest", public=True),
    )
    assert (full.public, public.public) == (False, True)
    assert full.meeting_label and full.meeting_label == public.meeting_label
    assert RESTRICTED_SECRET in docx_text(full.path)
    assert RESTRICTED_SECRET not in docx_text(public.path)


def test_agenda_tracker_register_json_and_report_are_written(
    db: Database, scenario: Scenario, tmp_path: Path
) -> None:
    meeting = str(scenario.meeting_id)
    agenda = export_paper(db, CLOCK, PaperRequest(PaperKind.AGENDA, tmp_path / "a.docx", meeting))
    assert agenda.path.stat().st_size > 0 and agenda.meeting_label

    tracker = export_paper(
        db, CLOCK, PaperRequest(PaperKind.ACTIONS, tmp_path / "t.xlsx", public=True)
    )
    sheet = load_workbook(tracker.path).worksheets[0]
    references = {str(cell.value) for row in sheet.iter_rows() for cell in row}
    assert scenario.public_action_ref in references
    assert scenario.restricted_action_ref not in references  # the public tracker
    assert tracker.action_count >= 1 and tracker.tracker_title

    register = export_paper(db, CLOCK, PaperRequest(PaperKind.ATTENDANCE, tmp_path / "r.xlsx"))
    assert register.register_bodies >= 1 and register.register_meetings >= 1

    document = export_paper(
        db, CLOCK, PaperRequest(PaperKind.MEETING_JSON, tmp_path / "m.json", meeting, public=True)
    )
    saved = json.loads(document.path.read_text(encoding="utf-8"))
    assert saved["public"] is True
    assert RESTRICTED_SECRET not in document.path.read_text(encoding="utf-8")

    report = export_paper(
        db,
        CLOCK,
        PaperRequest(
            PaperKind.REPORT,
            tmp_path / "report.docx",
            body_name=str(scenario.board_id),
            date_from=dt.date(2022, 1, 1),
            date_to=dt.date(2022, 12, 31),
        ),
    )
    assert report.path.is_file() and report.body_name
    assert (report.date_from, report.date_to) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


@pytest.mark.sqlite_only
def test_the_guard_refuses_the_archive_before_anything_is_read(
    db: Database, scenario: Scenario, tmp_path: Path
) -> None:
    assert db.path is not None
    before = db.path.read_bytes()
    backups = tmp_path / "backups"
    backups.mkdir()
    link = db.path.with_name("link.docx")
    link.symlink_to(db.path)
    for output in (link, backups / "minutes.docx"):
        request = PaperRequest(
            PaperKind.MINUTES, output, meeting=str(scenario.meeting_id), backups_dir=backups
        )
        with pytest.raises(UserError, match="would overwrite"):
            export_paper(db, CLOCK, request)
    assert db.path.read_bytes() == before
    assert list(backups.iterdir()) == []


def test_refusals_are_one_plain_sentence(db: Database, scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="is a folder"):
        export_paper(db, CLOCK, PaperRequest(PaperKind.AGENDA, out, meeting="latest"))
    with pytest.raises(UserError, match=r"must end in \.xlsx"):
        export_paper(db, CLOCK, PaperRequest(PaperKind.ACTIONS, out / "t.docx"))
    with pytest.raises(UserError, match="Choose the meeting"):
        export_paper(db, CLOCK, PaperRequest(PaperKind.MINUTES, out / "m.docx"))
    with pytest.raises(UserError, match="'to' date is before"):
        export_paper(
            db,
            CLOCK,
            PaperRequest(
                PaperKind.REPORT,
                out / "r.docx",
                body_name=str(scenario.board_id),
                date_from=dt.date(2022, 12, 1),
                date_to=dt.date(2022, 1, 1),
            ),
        )
    assert sorted(p.name for p in out.iterdir()) == []


def test_the_command_line_goes_through_the_same_function(
    db: Database, scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`csp-desktop export minutes` calls `export_paper`, as the Export dialog does."""
    import argparse

    from csp_desktop.app import AppContext, DatabaseChoice
    from csp_desktop.commands import papers
    from csp_desktop.paths import AppPaths
    from csp_desktop.usecases import export_papers

    seen: list[PaperRequest] = []
    real = export_papers.export_paper

    def recorded(database: Database, clock: FakeClock, request: PaperRequest) -> object:
        seen.append(request)
        return real(database, clock, request)

    monkeypatch.setattr(export_papers, "export_paper", recorded)
    paths = AppPaths(data_dir=tmp_path, portable=False)
    context = AppContext(paths=paths, choice=DatabaseChoice(), clock=CLOCK)
    context._database = db
    args = argparse.Namespace(
        output=str(tmp_path / "m.docx"),
        meeting=str(scenario.meeting_id),
        body=None,
        public=True,
        template=None,
        marking=None,
    )
    assert papers.run_minutes(args, context) == 0
    assert [(r.kind, r.public, r.backups_dir) for r in seen] == [
        (PaperKind.MINUTES, True, context.paths.backups_dir)
    ]
