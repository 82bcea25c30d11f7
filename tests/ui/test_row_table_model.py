"""The shared base of the app's read-mostly tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from csp_desktop.ui.row_table_model import Index, RowTableModel


@dataclass(frozen=True)
class Person:
    id: int
    name: str


class PeopleModel(RowTableModel[Person]):
    HEADERS = ("Name", "Id")
    HEADER_TIPS = ("Full name",)  # fewer tips than columns: the rest have none

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.row_of_index(index)
        if person is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return person.name if index.column() == 0 else str(person.id)


def people() -> list[Person]:
    return [Person(7, "Jane Smith"), Person(9, "Ravi Patel")]


def test_counts_headers_and_lookups(qtmodeltester) -> None:
    model = PeopleModel()
    model.set_rows(people())
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: rows have no children
    horizontal = Qt.Orientation.Horizontal
    assert model.headerData(1, horizontal) == "Id"
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) == "Full name"
    assert model.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(5, horizontal) is None
    assert model.find_row(9) == 1
    assert model.find_row(8) is None
    assert model.row_at(2) is None
    assert model.row_for(0).name == "Jane Smith"
    assert model.row_of_index(QModelIndex()) is None


def test_set_rows_resets_and_replace_row_repaints_one_row(qtbot) -> None:
    model = PeopleModel()
    model.set_rows(people())
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(people()[:1])
    assert model.rows() == people()[:1]
    model.set_rows(people())
    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.replace_row(Person(9, "Ravi Patel-Jones")) == 1
    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), top_left.column(), bottom_right.column()) == (1, 0, 1)
    assert model.data(model.index(1, 0)) == "Ravi Patel-Jones"
    assert model.replace_row(Person(3, "Nobody shown")) == -1
    assert len(model.rows()) == 2
