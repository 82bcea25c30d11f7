"""The dashboard's figures, by the definitions in services/dashboard.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from csp_desktop.models import MeetingStatus, Rag
from csp_desktop.services import report_chases
from csp_desktop.services.dashboard import (
    ActionSelection,
    Period,
    actions_behind,
    build_dashboard,
    describe_actions,
    describe_attendance,
    describe_rag,
    describe_reporting,
)
from tests.services.dashboard_archive import build_archive

YEAR = Period(dt.date(2022, 4, 1), dt.date(2023, 3, 31))
TODAY = dt.date(2023, 3, 1)


@contextmanager
def counted_statements(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = session.get_bind()

    def count(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_actions_by_body_count_open_overdue_and_completed(session: Session) -> None:
    archive = build_archive(session)
    board = build_dashboard(session, archive.board.id, YEAR, TODAY)
    rows = {row.label: (row.open, row.overdue, row.completed) for row in board.actions_by_body}
    assert rows == {
        "Community Safety Partnership Board": (12, 9, 0),
        "VAWG": (0, 0, 4),
        "IVOLT": (0, 0, 0),
    }
    assert board.as_of == TODAY


def test_two_owners_from_one_organisation_count_the_action_once(session: Session) -> None:
    archive = build_archive(session)
    board = build_dashboard(session, archive.board.id, YEAR, TODAY)
    rows = {r.label: (r.open, r.overdue, r.completed) for r in board.actions_by_organisation}
    assert rows == {
        "The Council": (4, 3, 4),
        "Metropolitan Police": (4, 3, 0),
        "London Fire Brigade": (4, 3, 0),
    }
    assert describe_actions("By organisation", board.actions_by_organisation).startswith(
        "By organisation. The Council: 4 open, 3 overdue, 4 completed;"
    )


def test_open_actions_fall_into_age_bands(session: Session) -> None:
    archive = build_archive(session)
    board = build_dashboard(session, archive.board.id, YEAR, TODAY)
    assert [(band.label, band.count) for band in board.open_action_ages] == [
        ("Under 3 months", 3),
        ("3 to 6 months", 3),
        ("6 to 12 months", 6),
        ("Over a year", 0),
    ]


def test_attendance_by_organisation_counts_substitutes_and_leaves_cancelled_out(
    session: Session,
) -> None:
    archive = build_archive(session)
    archive.boards[0].status = MeetingStatus.CANCELLED
    session.flush()
    board = build_dashboard(session, archive.board.id, YEAR, TODAY)
    rows = {
        r.organisation: (r.present, r.substitute, r.apologies, r.absent) for r in board.attendance
    }
    assert rows == {
        "London Fire Brigade": (0, 0, 0, 3),
        "Metropolitan Police": (0, 3, 0, 0),
        "The Council": (6, 0, 0, 0),
    }
    assert [(q.members_present, q.met) for q in board.quorum] == [(3, True)] * 3
    assert "Metropolitan Police: 0 present, 3 substitute sent" in describe_attendance(
        board.attendance
    )


def test_quorum_not_met_when_a_member_stays_away(session: Session) -> None:
    archive = build_archive(session)
    archive.board.quorum = 4
    session.flush()
    board = build_dashboard(session, archive.board.id, YEAR, TODAY)
    assert {q.word for q in board.quorum} == {"Not quorate"}


def test_reporting_grid_shows_written_missing_and_chased(session: Session) -> None:
    archive = build_archive(session)
    first = build_dashboard(session, archive.board.id, YEAR, TODAY)
    ivolt_row = [name for _, name in first.reporting.subgroups].index("IVOLT")
    missing = first.reporting.cells[ivolt_row][0]
    assert missing.report_id is not None
    report_chases.set_chased(session, missing.report_id, dt.date(2022, 4, 25), "CSP manager")
    grid = build_dashboard(session, archive.board.id, YEAR, TODAY).reporting
    assert [c.label for c in grid.meetings] == [
        "20 Apr 2022",
        "20 Jul 2022",
        "19 Oct 2022",
        "18 Jan 2023",
    ]
    assert [cell.word for cell in grid.cells[ivolt_row]] == [
        "None (chased)",
        "None (not chased)",
        "None (not chased)",
        "None (not chased)",
    ]
    assert [cell.letter for cell in grid.cells[1 - ivolt_row]] == ["W"] * 4
    assert grid.totals() == {"Written": 4, "Verbal": 0, "None (chased)": 1, "None (not chased)": 3}
    assert "IVOLT: 20 Apr 2022 none (chased)" in describe_reporting(grid)


def test_a_subgroup_sees_its_own_reports_to_the_board(session: Session) -> None:
    archive = build_archive(session)
    vawg = build_dashboard(session, archive.subgroups[0].id, YEAR, TODAY)
    assert [name for _, name in vawg.reporting.subgroups] == ["VAWG"]
    assert len(vawg.reporting.meetings) == 4


def test_priority_rag_history_over_the_plans_life(session: Session) -> None:
    archive = build_archive(session)
    grid = build_dashboard(session, archive.board.id, YEAR, TODAY).priorities
    assert grid is not None and grid.plan_label == "2022-2023"
    assert [line.label for line in grid.priorities] == [
        "1. Violence against women and girls",
        "2. Crimes that matter most",
    ]
    assert [cell.rag for cell in grid.cells[0]] == [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREEN]
    assert [cell.letter for cell in grid.cells[1]] == ["-"] * 4
    assert all(cell.report_ids for cell in grid.cells[1])  # reported, just not rated
    assert grid.latest(0).word == "Green"
    assert "Priority 1. Violence against women and girls: 20 Apr 2022 Green, 20 Jul 2022 Amber" in (
        describe_rag(grid)
    )


def test_bars_open_the_actions_they_count(session: Session) -> None:
    archive = build_archive(session)
    board = build_dashboard(session, archive.board.id, YEAR, TODAY)
    scope = board.scope_body_ids
    overdue = actions_behind(session, ActionSelection(scope, YEAR, board.as_of, "overdue"))
    assert len(overdue) == 9 and all(row.due_date and row.due_date < TODAY for row in overdue)
    police = next(r for r in board.actions_by_organisation if r.label == "Metropolitan Police")
    theirs = actions_behind(
        session,
        ActionSelection(scope, YEAR, board.as_of, "open", organisation_id=police.key),
    )
    assert {row.owners for row in theirs} == {"Bob Police"} and len(theirs) == police.open
    vawg = next(r.key for r in board.actions_by_body if r.label == "VAWG")
    completed = actions_behind(
        session, ActionSelection(scope, YEAR, board.as_of, "completed", body_id=vawg)
    )
    assert len(completed) == 4
    young = actions_behind(session, ActionSelection(scope, YEAR, board.as_of, "Under 3 months"))
    assert len(young) == 3


def test_statement_count_does_not_grow_with_the_archive(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from csp_desktop.storage import open_database

    counts = []
    for years in (1, 4):
        database = open_database(tmp_path / f"archive-{years}.db")
        with database.session() as session:
            archive = build_archive(session, first_year=2022, years=years)
            last = archive.boards[-1].date
            session.commit()
            session.expire_all()
            with counted_statements(session) as statements:
                dashboard = build_dashboard(
                    session, archive.board.id, Period(last - dt.timedelta(days=300), last), last
                )
            counts.append(len(statements))
            assert len(dashboard.quorum) == 4
        database.close()
    assert counts[0] == counts[1]
    assert counts[0] <= 15


def test_attendance_and_report_cells_open_their_records(session: Session) -> None:
    from csp_desktop.services.dashboard import attendance_behind, reports_behind

    archive = build_archive(session)
    board = build_dashboard(session, archive.board.id, YEAR, TODAY)
    police = next(r for r in board.attendance if r.organisation == "Metropolitan Police")
    rows = attendance_behind(session, archive.board.id, YEAR, police.organisation_id)
    assert [r.text for r in rows] == ["Bob Police sent a substitute"] * 4
    grid = board.priorities
    assert grid is not None
    [report] = reports_behind(session, grid.cells[0][1].report_ids)
    assert report.line == "Wednesday 20 July 2022: VAWG: Written, Amber"
