"""The tracker's Summary sheet carries the dashboard's breakdowns as native charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from csp_desktop.exports.actions_xlsx import SUMMARY_SHEET, write_tracker
from csp_desktop.services.dashboard import tracker_dashboard
from csp_desktop.services.export_data import tracker_data
from tests.services.dashboard_archive import build_archive

NOW = dt.datetime(2023, 3, 1, 9, 0)


def summary_values(path: Path) -> list[list[object]]:
    sheet = load_workbook(path)[SUMMARY_SHEET]
    return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]


def test_summary_gains_breakdowns_and_charts(session: Session, tmp_path: Path) -> None:
    build_archive(session)
    data = tracker_data(session, exported_at=NOW, author="test.user")
    dashboard = tracker_dashboard(session, None, NOW.date())
    assert dashboard is not None
    output = write_tracker(data, tmp_path / "tracker.xlsx", dashboard=dashboard)
    rows = summary_values(output)
    assert ["Actions by owner's organisation"] in rows
    assert ["The Council", 1, 3, 4] in rows  # open on time, overdue, completed
    assert ["Metropolitan Police", 0, 4, 0, 0] in rows  # present, substitute, apologies, absent
    assert ["1. Violence against women and girls", "Green"] in rows
    sheet = load_workbook(output)[SUMMARY_SHEET]
    titles = []
    for chart in sheet._charts:
        runs = chart.title.tx.rich.p[0].r if chart.title and chart.title.tx.rich else []
        titles.append("".join(run.t for run in runs))
    assert "Attendance by member organisation" in titles and len(sheet._charts) == 6
    tables = set(sheet.tables)
    assert {"ActionsByBody", "ActionsByOrganisation", "AttendanceByOrganisation"} <= tables


def test_public_tracker_leaves_the_breakdowns_out(session: Session, tmp_path: Path) -> None:
    build_archive(session)
    data = tracker_data(session, exported_at=NOW, author="test.user", public=True)
    dashboard = tracker_dashboard(session, None, NOW.date())
    output = write_tracker(data, tmp_path / "public.xlsx", dashboard=dashboard)
    assert ["Actions by owner's organisation"] not in summary_values(output)
