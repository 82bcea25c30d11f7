"""The one shape every read-mostly table in the app shares: a list of frozen service rows.

Subclasses name their columns in `HEADERS` (and optionally `HEADER_TIPS`, the header
tooltips) and write `data()`; this base gives them row and column counts, header text,
`set_rows()` (a model reset) and lookups by row number or id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """A table of `RowT` rows, one per line; rows with an `id` can be found by it."""

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    # --- data in -------------------------------------------------------------------------

    @contextmanager
    def resetting(self) -> Iterator[None]:
        """Wrap a change of rows (and of anything `data()` reads) in a model reset."""
        self.beginResetModel()
        try:
            yield
        finally:
            self.endResetModel()

    def set_rows(self, rows: Sequence[RowT]) -> None:
        with self.resetting():
            self._rows = list(rows)

    def replace_row(self, row: RowT) -> int:
        """Swap in the new state of the row with the same id; its number, -1 if not shown.

        The selection and focus stay where they are: only that row is repainted.
        """
        number = self.find_row(getattr(row, "id"))  # noqa: B009 - rows are typed per subclass
        if number is None:
            return -1
        self._rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, self.columnCount() - 1))
        return number

    # --- data out ------------------------------------------------------------------------

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def row_for(self, row: int) -> RowT:
        return self._rows[row]

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def find_row(self, row_id: object) -> int | None:
        """The number of the row whose `id` is `row_id`, or None."""
        return next(
            (n for n, row in enumerate(self._rows) if getattr(row, "id", None) == row_id), None
        )

    def row_of_index(self, index: Index) -> RowT | None:
        """The row behind a valid index of this model (None for any other index)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.HEADER_TIPS):
            return self.HEADER_TIPS[section]
        return None

    # flags(): QAbstractTableModel's own (enabled, selectable, no children) suits every table.
