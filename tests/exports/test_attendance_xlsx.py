"""The attendance register workbook read back: a sheet per body, counts, marks in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from csp_desktop.exports.attendance_xlsx import COUNT_HEADERS, sheet_title, write_register
from csp_desktop.models import Body, BodyKind
from csp_desktop.services.export_data import attendance_register
from tests.exports.scenario import build_scenario
from tests.factories import make_meeting

WHEN = dt.datetime(2022, 12, 1, 9, 0)


def test_register_sheet_has_member_and_organisation_tables(
    session: Session, tmp_path: Path
) -> None:
    scenario = build_scenario(session)
    subgroup = session.query(Body).filter(Body.kind == BodyKind.SUBGROUP).first()
    assert subgroup is not None
    make_meeting(session, subgroup, dt.date(2022, 9, 1))
    register = attendance_register(session, generated_at=WHEN, author="CSP officer")
    path = write_register(register, tmp_path / "register.xlsx")

    workbook = load_workbook(path)
    # Bodies that met get a sheet each, the board first; idle subgroups are left out.
    assert workbook.sheetnames == ["CSP", subgroup.short_name]  # names over 31 characters
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Community Safety Partnership Board: attendance register"
    header = [c.value for c in sheet[5]]
    assert header[:2] == ["Member", "Organisation"]
    assert tuple(header[2:8]) == COUNT_HEADERS
    assert header[8:] == ["29 Jun 2022", "5 Oct 2022"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0]}
    fiona = rows["Fiona Taylor"]
    assert fiona[1] == "Metropolitan Police"
    assert fiona[2:8] == (2, 0, 1, 0, 1, 0)
    assert fiona[8:] == ("Apologies", "Substitute sent")
    assert rows["Councillor Syed Ghani"][7] == 1
    assert sheet.cell(row=6, column=8).number_format == "0%"
    assert {t for t in sheet.tables} == {"Members1", "Organisations1"}
    organisations = sheet.tables["Organisations1"]
    top = int(organisations.ref.split(":")[0][1:])
    assert sheet.cell(row=top, column=1).value == "Organisation"
    assert sheet.cell(row=top, column=2).value == "Members counted"
    assert sheet.freeze_panes == "C6"
    assert sheet.page_setup.orientation == "landscape"
    assert workbook.properties.creator == "CSP officer"
    assert scenario.meeting_id


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_title("Hate Crime, Intolerance and Extremism: Tension Monitoring", taken)
    second = sheet_title("Hate Crime, Intolerance and Extremism: Tension Monitoring", taken)
    assert len(first) <= 31 and len(second) <= 31
    assert ":" not in first and first != second
    assert sheet_title("a/b?c*d[e]", set()) == "a b c d e"
