"""The attendance item model on its own: qtmodeltester and the words it shows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from csp_desktop.models import AttendanceRole, AttendanceStatus
from csp_desktop.services.attendance import AttendanceRow
from csp_desktop.ui.attendance_table_model import AttendanceTableModel


def row(number: int, **changes: object) -> AttendanceRow:
    values: dict[str, object] = {
        "id": number,
        "person_id": 100 + number,
        "name": f"Person {number}",
        "organisation": "London Fire Brigade",
        "status": AttendanceStatus.ABSENT,
        "is_member": True,
        "role": None,
        "substitute_for_id": None,
        "substitute_for_name": "",
        "arrived_at": None,
        "arrived_item": "",
        "left_at": None,
        "left_item": "",
        "position": number,
    }
    values.update(changes)
    return AttendanceRow(**values)  # type: ignore[arg-type]


def test_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = AttendanceTableModel()
    model.set_rows([row(1), row(2, status=AttendanceStatus.PRESENT), row(3, is_member=False)])
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_cells_say_status_role_and_times_in_words() -> None:
    model = AttendanceTableModel()
    model.set_rows(
        [
            row(1, status=AttendanceStatus.PRESENT, role=AttendanceRole.CHAIR),
            row(
                2,
                status=AttendanceStatus.ADDITIONAL,
                is_member=False,
                role=AttendanceRole.SUBSTITUTE,
                substitute_for_name="Fiona Taylor",
                arrived_at=dt.datetime(2022, 10, 5, 10, 25),
                arrived_item="item 4",
                left_at=dt.datetime(2022, 10, 5, 12, 5),
                left_item="item 9",
            ),
        ]
    )

    def cell(r: int, c: int) -> str:
        return str(model.index(r, c).data())

    assert cell(0, model.COL_STATUS) == "Present"
    assert cell(0, model.COL_ROLE) == "Chair"
    assert cell(0, model.COL_LISTED_AS) == "Member"
    assert cell(1, model.COL_LISTED_AS) == "Additional attendee"
    assert cell(1, model.COL_STATUS) == "Present (left early)"
    assert cell(1, model.COL_ROLE) == "Substitute for Fiona Taylor"
    assert cell(1, model.COL_TIMES) == "Arrived 10:25 (item 4); left 12:05 (item 9)"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"


def test_replace_row_changes_one_row_without_reset(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = AttendanceTableModel()
    model.set_rows([row(1), row(2)])
    with qtbot.waitSignal(model.dataChanged):
        assert model.replace_row(row(2, status=AttendanceStatus.APOLOGIES)) == 1
    assert model.index(1, model.COL_STATUS).data() == "Apologies"
    assert model.replace_row(row(9)) == -1
