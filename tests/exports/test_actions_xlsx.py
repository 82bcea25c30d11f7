"""The action tracker read back with openpyxl: content, table, validation, formats, summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from csp_desktop.exports.actions_xlsx import (
    ACTIONS_SHEET,
    HEADERS,
    INFO_SHEET,
    SUMMARY_SHEET,
    TABLE_NAME,
    write_tracker,
)
from csp_desktop.services.export_data import tracker_data
from tests.exports.scenario import FORMULA_TEXT, RESTRICTED_ACTION, build_scenario
from tests.exports.test_minutes_docx import add_subgroup_actions, package_text

EXPORTED = dt.datetime(2022, 12, 1, 9, 0)


def export(session: Session, tmp_path: Path, **options) -> Path:
    build_scenario(session)
    data = tracker_data(session, exported_at=EXPORTED, author="CSP officer", **options)
    return write_tracker(data, tmp_path / "tracker.xlsx")


def rows_of(sheet) -> list[dict[str, object]]:
    header = [c.value for c in sheet[1]]
    return [
        dict(zip(header, (c.value for c in row), strict=True))
        for row in sheet.iter_rows(min_row=2)
        if row[0].value
    ]


def test_one_row_per_action_with_the_columns_owners_expect(
    session: Session, tmp_path: Path
) -> None:
    workbook = load_workbook(export(session, tmp_path))
    assert workbook.sheetnames == [ACTIONS_SHEET, SUMMARY_SHEET, INFO_SHEET]
    sheet = workbook[ACTIONS_SHEET]
    assert tuple(c.value for c in sheet[1]) == HEADERS
    rows = {row["Reference"]: row for row in rows_of(sheet)}
    assert set(rows) == {
        "CSP-2022-10-05-01",
        "CSP-2022-10-05-02",
        "CSP-2022-10-05-03",
        "CSP-2022-06-29-01",
        "CSP-2022-06-29-02",
    }
    plan = rows["CSP-2022-10-05-02"]
    assert plan["Meeting date"] == dt.datetime(2022, 10, 5)
    assert plan["Item"] == "5. Plan for Community Safety Partnership 2023-2026"
    assert plan["Action"] == "Andy Opie and Chris Lyons to meet and create a timetable for the plan"
    assert plan["Owner(s)"] == "Andy Opie and Chris Lyons"
    assert plan["Due"] == dt.datetime(2022, 12, 7)
    assert plan["Status"] == "Open"
    assert plan["Latest update"] == "-5% budget agreed; draft timetable shared"
    assert plan["Body"] == "Community Safety Partnership Board"
    done = rows["CSP-2022-06-29-02"]
    assert done["Status"] == "Completed" and done["Completed on"] == dt.datetime(2022, 8, 1)
    # Newest meeting first.
    assert rows_of(sheet)[0]["Reference"].startswith("CSP-2022-10-05")


def test_user_text_is_never_a_formula(session: Session, tmp_path: Path) -> None:
    sheet = load_workbook(export(session, tmp_path))[ACTIONS_SHEET]
    for row in sheet.iter_rows(min_row=2, max_col=len(HEADERS) - 1):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    formula_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "CSP-2022-10-05-03")
    action = formula_row[HEADERS.index("Action")]
    assert action.value == FORMULA_TEXT and action.quotePrefix
    update = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "CSP-2022-10-05-02")
    assert update[HEADERS.index("Latest update")].quotePrefix  # "-5% ..."


def test_table_filter_freeze_widths_wrap_validation_and_formats(
    session: Session, tmp_path: Path
) -> None:
    sheet = load_workbook(export(session, tmp_path))[ACTIONS_SHEET]
    table = sheet.tables[TABLE_NAME]
    assert table.ref == "A1:L6"
    assert table.autoFilter is not None
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["D"].width == 50
    assert sheet["D2"].alignment.wrap_text and sheet["D2"].alignment.vertical == "top"
    # Rows are as tall as their wrapped text (neither Excel nor LibreOffice sizes them).
    assert sheet.row_dimensions[2].height == 30
    assert sheet.row_dimensions[2].customHeight
    assert sheet["B2"].number_format == "dd/mm/yyyy"
    validations = sheet.data_validations.dataValidation
    status = next(v for v in validations if v.type == "list")
    assert status.formula1 == '"Open,In progress,Completed,Dropped"'
    assert "G2" in str(status.sqref)
    rules = [rule for rng in sheet.conditional_formatting for rule in rng.rules]
    formulas = [rule.formula[0] for rule in rules]
    assert any("TODAY()" in f and "Completed" in f for f in formulas)
    assert '$G2="Completed"' in formulas
    assert sheet["K1"].value == "Subgroup"
    assert sheet["L1"].value == "Overdue at export"
    assert sheet["L2"].value == "Overdue"  # in words, not colour alone
    assert sheet["L4"].value is None  # CSP-2022-10-05-03 has no due date
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_summary_counts_and_native_charts(session: Session, tmp_path: Path) -> None:
    workbook = load_workbook(export(session, tmp_path))
    summary = workbook[SUMMARY_SHEET]
    counts = {
        summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
        for r in range(7, 13)
    }
    assert counts == {
        "Open": 4,
        "In progress": 0,
        "Completed": 1,
        "Dropped": 0,
        "Overdue (open past due date)": 2,
        "Total": 5,
    }
    owners = {
        row[0].value: [c.value for c in row[1:]]
        for row in summary.iter_rows(min_row=15, max_col=7)
        if row[0].value
    }
    assert owners["Andy Opie"] == [3, 0, 0, 0, 3, 2]
    assert owners["Chris Lyons"] == [2, 0, 0, 0, 2, 0]
    assert owners["Angela D’Urso"] == [0, 0, 1, 0, 1, 0]
    assert len(summary._charts) == 2
    assert workbook.properties.title == "Action tracker: All bodies: actions"
    assert workbook.properties.creator == "CSP officer"


def test_export_info_is_hidden_and_records_each_row(session: Session, tmp_path: Path) -> None:
    info = load_workbook(export(session, tmp_path))[INFO_SHEET]
    assert info.sheet_state == "hidden"
    assert info["B3"].value == "2022-12-01T09:00:00"


def test_filters_open_only_body_and_public(session: Session, tmp_path: Path) -> None:
    path = export(
        session,
        tmp_path,
        open_only=True,
        public=True,
        body_name="Community Safety Partnership Board",
    )
    rows = rows_of(load_workbook(path)[ACTIONS_SHEET])
    references = {row["Reference"] for row in rows}
    assert "CSP-2022-06-29-02" not in references  # completed
    assert "CSP-2022-10-05-01" not in references  # raised in a restricted item
    assert "CSP-2022-10-05-02" in references
    assert RESTRICTED_ACTION not in package_text(path)


@pytest.mark.parametrize("public", [False, True])
def test_an_actions_subgroup_has_its_own_column(
    session: Session, tmp_path: Path, public: bool
) -> None:
    add_subgroup_actions(session, build_scenario(session))
    data = tracker_data(session, exported_at=EXPORTED, public=public)
    sheet = load_workbook(write_tracker(data, tmp_path / "tracker.xlsx"))[ACTIONS_SHEET]
    assert "Subgroup" in HEADERS and HEADERS.index("Subgroup") > HEADERS.index("Body")
    subgroups = {row["Reference"]: row["Subgroup"] for row in rows_of(sheet)}
    # Its short name where one was given, else its name; the board's actions have none.
    assert subgroups["CSP-2022-10-05-11"] == "VAWG"
    assert subgroups["IVO-2022-10-05-01"] == "IVOLT"
    assert subgroups["CSP-2022-10-05-02"] is None
    # The overdue rule still reads Due and Status where they were.
    assert HEADERS.index("Due") == 5 and HEADERS.index("Status") == 6


def test_prepared_cells_are_written_as_openpyxl_itself_writes_them(
    session: Session, tmp_path: Path, monkeypatch
) -> None:
    """The quick path for prepared cells (issue 6) changes no byte of any sheet."""
    import zipfile

    from csp_desktop.exports import actions_xlsx

    build_scenario(session)
    data = tracker_data(session, exported_at=EXPORTED, author="CSP officer")
    quick = write_tracker(data, tmp_path / "quick.xlsx")
    monkeypatch.setattr(actions_xlsx, "_take_prepared_cells", lambda sheet: sheet)
    plain = write_tracker(data, tmp_path / "plain.xlsx")
    with zipfile.ZipFile(quick) as ours, zipfile.ZipFile(plain) as theirs:
        sheets = [n for n in theirs.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 3 and ours.namelist() == theirs.namelist()
        for name in sheets:
            assert ours.read(name) == theirs.read(name), name
