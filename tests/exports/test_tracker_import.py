"""Reading a returned tracker: owners' edits found, untrustworthy files refused whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from csp_desktop.errors import ValidationError
from csp_desktop.exports.actions_xlsx import ACTIONS_SHEET, HEADERS, INFO_SHEET, write_tracker
from csp_desktop.exports.tracker_import import read_returned_tracker
from csp_desktop.models import ActionStatus
from csp_desktop.services.export_data import tracker_data
from tests.exports.scenario import build_scenario

EXPORTED = dt.datetime(2022, 12, 1, 9, 0)


@pytest.fixture
def tracker(session: Session, tmp_path: Path) -> Path:
    build_scenario(session)
    data = tracker_data(session, exported_at=EXPORTED, author="CSP officer")
    return write_tracker(data, tmp_path / "tracker.xlsx")


def edit(path: Path, row_reference: str, **values: object) -> None:
    """Change cells of one row as an owner would: `latest_update=` -> "Latest update"."""
    workbook = load_workbook(path)
    sheet = workbook[ACTIONS_SHEET]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == row_reference:
            for column, value in values.items():
                row[HEADERS.index(column.replace("_", " ").capitalize())].value = value
    workbook.save(path)


def test_an_untouched_tracker_has_no_changes(tracker: Path) -> None:
    returned = read_returned_tracker(tracker)
    assert returned.exported_at == EXPORTED
    assert returned.rows_read == 5
    assert returned.changes == ()


def test_owners_edits_to_status_update_and_due_are_found(tracker: Path) -> None:
    edit(tracker, "CSP-2022-10-05-02", status="completed", latest_update="=Timetable agreed")
    edit(tracker, "CSP-2022-06-29-01", due="31/01/2023")
    edit(tracker, "CSP-2022-10-05-03", due="March 2023 board", action="reworded by owner")
    returned = read_returned_tracker(tracker)
    changes = {row.reference: row for row in returned.changes}
    assert set(changes) == {"CSP-2022-10-05-02", "CSP-2022-06-29-01", "CSP-2022-10-05-03"}
    plan = changes["CSP-2022-10-05-02"]
    assert plan.status_from is ActionStatus.OPEN and plan.status_to is ActionStatus.COMPLETED
    assert plan.update_to == "=Timetable agreed"
    assert not plan.due_changed
    assert plan.describe() == ["Status: Open -> Completed", "Latest update: =Timetable agreed"]
    assert changes["CSP-2022-06-29-01"].due_to.day == dt.date(2023, 1, 31)
    assert changes["CSP-2022-06-29-01"].due_from.day == dt.date(2022, 9, 1)
    assert changes["CSP-2022-10-05-03"].due_to.text == "March 2023 board"
    assert changes["CSP-2022-10-05-03"].row_number > 1


def test_a_date_typed_into_due_as_a_real_date_is_read(tracker: Path) -> None:
    edit(tracker, "CSP-2022-10-05-02", due=dt.datetime(2023, 2, 1))
    (row,) = read_returned_tracker(tracker).changes
    assert row.due_to.day == dt.date(2023, 2, 1)


def refuses(path: Path, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        read_returned_tracker(path)


def test_edited_or_unknown_reference_is_refused(tracker: Path) -> None:
    edit(tracker, "CSP-2022-10-05-02", reference="CSP-2099-01-01-01")
    refuses(tracker, r"row \d+ \(CSP-2099-01-01-01\): this reference was not in the exported")


def test_duplicate_reference_is_refused(tracker: Path) -> None:
    edit(tracker, "CSP-2022-10-05-02", reference="CSP-2022-10-05-03")
    refuses(tracker, "appears twice")


def test_emptied_reference_with_content_is_refused(tracker: Path) -> None:
    edit(tracker, "CSP-2022-10-05-02", reference=None)
    refuses(tracker, "the Reference is empty")


def test_unknown_status_is_refused(tracker: Path) -> None:
    edit(tracker, "CSP-2022-10-05-02", status="Done-ish")
    refuses(tracker, "status 'Done-ish' is not one of Open, In progress, Completed, Dropped")


def test_impossible_date_is_refused(tracker: Path) -> None:
    edit(tracker, "CSP-2022-10-05-02", due="30/02/2023")
    refuses(tracker, "30/02/2023 is not a real date")


def test_missing_column_is_refused(tracker: Path) -> None:
    workbook = load_workbook(tracker)
    workbook[ACTIONS_SHEET]["G1"].value = "State"
    workbook.save(tracker)
    refuses(tracker, "has no 'Status' column")


def test_renamed_sheet_is_refused(tracker: Path) -> None:
    workbook = load_workbook(tracker)
    workbook[ACTIONS_SHEET].title = "My actions"
    workbook.save(tracker)
    refuses(tracker, "no sheet called 'Actions' \\(it has 'My actions', 'Summary'\\)")


def test_workbook_without_export_info_is_refused(tracker: Path) -> None:
    workbook = load_workbook(tracker)
    del workbook[INFO_SHEET]
    workbook.save(tracker)
    refuses(tracker, "not a tracker exported by CSP Desktop")


@pytest.mark.parametrize("content", [b"", b"hello", b"PK\x03\x04nonsense"])
def test_not_a_workbook_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "returned.xlsx"
    path.write_bytes(content)
    refuses(path, "is not an Excel workbook")
    refuses(tmp_path / "missing.xlsx", "does not exist")
    refuses(tmp_path, "is a folder")
