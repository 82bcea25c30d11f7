"""Small painted charts for the dashboard: stacked horizontal bars and word grids.

Chosen over QtCharts by measurement (docs/benchmarks.md): QtCharts needs PySide6-Addons
and the OpenGL libraries, which would push the bundle past its 150 MB limit, while these
two widgets are a few hundred lines of QPainter that paint in a millisecond or two.

Both widgets keep the chair's rules: every bar carries its numbers beside it, every cell
carries a word or letter as well as a colour, the accessible description is the chart's
text alternative with every figure, and the keyboard does everything the mouse does
(arrows move between bars or cells, Enter or Space opens what lies behind the one
selected: the `activated` signal carries its key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

# Colour-blind-safe pairs (Okabe-Ito), dark enough for white letters where needed.
SEGMENT_COLOURS = {
    "open": QColor("#0072B2"),
    "overdue": QColor("#D55E00"),
    "completed": QColor("#009E73"),
    "present": QColor("#009E73"),
    "substitute": QColor("#56B4E9"),
    "apologies": QColor("#E69F00"),
    "absent": QColor("#D55E00"),
    "count": QColor("#0072B2"),
}
CELL_COLOURS = {
    "R": QColor("#C62828"),
    "A": QColor("#F9A825"),
    "G": QColor("#2E7D32"),
    "W": QColor("#2E7D32"),
    "V": QColor("#66BB6A"),
    "N": QColor("#C62828"),
    "NC": QColor("#F9A825"),
    "-": QColor("#E0E0E0"),
    "Q": QColor("#2E7D32"),
    "X": QColor("#C62828"),
}
DARK_TEXT_ON = {"A", "NC", "-", "V"}


@dataclass(frozen=True)
class Segment:
    """One part of a bar: "overdue: 9"."""

    name: str  # colour key and legend word: "open", "overdue"...
    value: int
    key: Any  # what Enter opens (passed back by `activated`)


@dataclass(frozen=True)
class BarRow:
    label: str
    segments: tuple[Segment, ...]
    stacked: bool = False  # False: segments side by side in one row (grouped bars)
    note: str = ""  # the figures written beside a stacked bar, if not just the segments

    @property
    def numbers(self) -> str:
        return self.note or ", ".join(f"{s.value} {s.name}" for s in self.segments)


@dataclass(frozen=True)
class GridCell:
    letter: str  # "R", "W", "NC" (None, chased)...
    word: str  # what a screen reader says: "Red", "None (chased)"
    key: Any


def _focus_pen(widget: QWidget) -> QPen:
    pen = QPen(widget.palette().highlight().color())
    pen.setWidth(3)
    return pen


class BarChart(QWidget):
    """Horizontal bars, one row per body/organisation/band, numbers written beside."""

    activated = Signal(object)

    ROW_GAP = 6
    LABEL_SHARE = 0.34
    NUMBERS_WIDTH = 190

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.rows: tuple[BarRow, ...] = ()
        self.legend: tuple[str, ...] = ()
        self.current = (0, 0)  # (row, segment)
        self._hits: list[tuple[QRect, int, int]] = []

    def set_rows(self, rows: Sequence[BarRow], description: str) -> None:
        self.rows = tuple(rows)
        names: list[str] = []
        for row in self.rows:
            for segment in row.segments:
                if segment.name not in names:
                    names.append(segment.name)
        self.legend = tuple(names)
        self.current = (0, 0)
        self.setAccessibleDescription(description)
        self.setToolTip(description if len(description) < 600 else description[:597] + "…")
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def _row_block(self, row: BarRow) -> int:
        line = self._row_height()
        return line if row.stacked else max(1, len(row.segments)) * (line - 4) + 4

    def sizeHint(self) -> QSize:
        legend = self._row_height() + 4
        rows = sum(self._row_block(r) + self.ROW_GAP for r in self.rows) or self._row_height()
        return QSize(520, legend + rows + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def selected_segment(self) -> Segment | None:
        if not self.rows:
            return None
        row, segment = self.current
        segments = self.rows[row].segments
        return segments[segment] if segments else None

    def selected_text(self) -> str:
        segment = self.selected_segment()
        if segment is None:
            return "No figures"
        return f"{self.rows[self.current[0]].label}: {segment.value} {segment.name}"

    # --- painting ----------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = QFontMetrics(self.font())
        width = self.width()
        line = self._row_height()
        text_colour = self.palette().windowText().color()
        self._hits = []
        # Legend: swatch and word for each kind of segment.
        x = 4
        for name in self.legend:
            painter.fillRect(QRect(x, 4, 12, 12), SEGMENT_COLOURS.get(name, QColor("#0072B2")))
            painter.setPen(text_colour)
            word = name.capitalize()
            painter.drawText(x + 16, 4 + metrics.ascent(), word)
            x += 16 + metrics.horizontalAdvance(word) + 16
        if not self.rows:
            painter.drawText(4, line + metrics.ascent() + 4, "No figures for this period.")
            return
        label_width = int(width * self.LABEL_SHARE)
        bar_left = label_width + 8
        # The figures beside each bar are never cut short: room for the widest first.
        numbers_width = min(
            int(width * 0.45),
            max(
                (metrics.horizontalAdvance(r.numbers) + 14 for r in self.rows if r.stacked),
                default=self.NUMBERS_WIDTH,
            ),
        )
        bar_space = max(40, width - bar_left - numbers_width)
        biggest = (
            max(
                (
                    sum(s.value for s in r.segments)
                    if r.stacked
                    else max(s.value for s in r.segments)
                    for r in self.rows
                    if r.segments
                ),
                default=1,
            )
            or 1
        )
        y = line + 4
        for row_index, row in enumerate(self.rows):
            block = self._row_block(row)
            painter.setPen(text_colour)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - 4)
            painter.drawText(
                QRect(4, y, label_width - 4, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            x = bar_left
            for segment_index, segment in enumerate(row.segments):
                length = max(2 if segment.value else 0, round(bar_space * segment.value / biggest))
                if row.stacked:
                    rect = QRect(x, y + 3, length, line - 6)
                    x += length
                else:
                    rect = QRect(bar_left, y + segment_index * (line - 4) + 2, length, line - 8)
                colour = SEGMENT_COLOURS.get(segment.name, QColor("#0072B2"))
                painter.fillRect(rect, colour)
                hit = QRect(rect)
                if hit.width() < 8:
                    hit.setWidth(8)
                self._hits.append((hit, row_index, segment_index))
                if not row.stacked:
                    painter.setPen(text_colour)
                    painter.drawText(
                        rect.right() + 4,
                        rect.top() + metrics.ascent() - 1,
                        f"{segment.value} {segment.name}",
                    )
                if (row_index, segment_index) == self.current and self.hasFocus():
                    painter.setPen(_focus_pen(self))
                    painter.drawRect(hit.adjusted(-2, -2, 2, 2))
            if row.stacked:
                painter.setPen(text_colour)
                painter.drawText(
                    QRect(bar_left + bar_space + 6, y, numbers_width - 8, line),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    metrics.elidedText(row.numbers, Qt.TextElideMode.ElideRight, numbers_width - 8),
                )
            y += block + self.ROW_GAP

    # --- keyboard and mouse ------------------------------------------------------------

    def _move(self, rows: int, segments: int) -> None:
        if not self.rows:
            return
        row, segment = self.current
        row = max(0, min(len(self.rows) - 1, row + rows))
        count = len(self.rows[row].segments)
        if rows and not self.rows[row].stacked and segments == 0:
            segment = min(segment, count - 1)
        segment = max(0, min(count - 1, segment + segments))
        self.current = (row, segment)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Up:
            self._move(-1, 0)
        elif key == Qt.Key.Key_Down:
            self._move(1, 0)
        elif key == Qt.Key.Key_Left:
            self._move(0, -1)
        elif key == Qt.Key.Key_Right:
            self._move(0, 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            segment = self.selected_segment()
            if segment is not None:
                self.activated.emit(segment.key)
        else:
            super().keyPressEvent(event)
            return
        self.setAccessibleName(f"{self.accessibleName().split(' — ')[0]} — {self.selected_text()}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point: QPoint = event.position().toPoint()
        for rect, row, segment in self._hits:
            if rect.adjusted(-2, -2, 2, 2).contains(point):
                self.current = (row, segment)
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.update()
                self.activated.emit(self.rows[row].segments[segment].key)
                return
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


class GridChart(QWidget):
    """Rows (subgroups, priorities, meetings) by columns (meetings), a letter in each cell."""

    activated = Signal(object)

    CELL_WIDTH = 74
    HEADER_SHARE = 0.36

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.row_labels: tuple[str, ...] = ()
        self.column_labels: tuple[str, ...] = ()
        self.cells: tuple[tuple[GridCell, ...], ...] = ()
        self.key_text = ""
        self.current = (0, 0)
        self.first_column = 0  # columns scroll so the selected one is always painted

    def set_grid(
        self,
        row_labels: Sequence[str],
        column_labels: Sequence[str],
        cells: Sequence[Sequence[GridCell]],
        description: str,
        key_text: str,
    ) -> None:
        self.row_labels = tuple(row_labels)
        self.column_labels = tuple(column_labels)
        self.cells = tuple(tuple(row) for row in cells)
        self.key_text = key_text
        # Start on the latest meeting: what the chair asks about first.
        self.current = (0, max(0, len(self.column_labels) - 1))
        self.first_column = 0
        self.setAccessibleDescription(description)
        self.setToolTip(description if len(description) < 600 else description[:597] + "…")
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def _line(self) -> int:
        return QFontMetrics(self.font()).height() + 10

    def sizeHint(self) -> QSize:
        lines = 3 + max(1, len(self.row_labels))  # key, dates, rows, "more meetings" line
        return QSize(520, lines * self._line() + 8)

    def _visible_columns(self) -> int:
        header = int(self.width() * self.HEADER_SHARE)
        return max(1, (self.width() - header - 8) // self.CELL_WIDTH)

    def selected_cell(self) -> GridCell | None:
        row, column = self.current
        if row < len(self.cells) and column < len(self.cells[row]):
            return self.cells[row][column]
        return None

    def selected_text(self) -> str:
        cell = self.selected_cell()
        if cell is None:
            return "No figures"
        row, column = self.current
        return f"{self.row_labels[row]}, {self.column_labels[column]}: {cell.word}"

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = QFontMetrics(self.font())
        line = self._line()
        text_colour = self.palette().windowText().color()
        header = int(self.width() * self.HEADER_SHARE)
        painter.setPen(text_colour)
        painter.drawText(
            QRect(4, 2, self.width() - 8, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(self.key_text, Qt.TextElideMode.ElideRight, self.width() - 8),
        )
        if not self.row_labels or not self.column_labels:
            painter.drawText(4, 2 * line + metrics.ascent(), "No meetings in this period.")
            return
        visible = self._visible_columns()
        row, column = self.current
        if column < self.first_column:
            self.first_column = column
        elif column >= self.first_column + visible:
            self.first_column = column - visible + 1
        columns = range(
            self.first_column, min(len(self.column_labels), self.first_column + visible)
        )
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        for offset, index in enumerate(columns):
            painter.drawText(
                QRect(header + offset * self.CELL_WIDTH, line, self.CELL_WIDTH, line),
                int(Qt.AlignmentFlag.AlignCenter),
                self.column_labels[index],
            )
        painter.setFont(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        for r, label in enumerate(self.row_labels):
            y = (r + 2) * line
            painter.setPen(text_colour)
            painter.drawText(
                QRect(4, y, header - 8, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, header - 8),
            )
            for offset, index in enumerate(columns):
                cell = self.cells[r][index]
                rect = QRect(
                    header + offset * self.CELL_WIDTH + 2, y + 2, self.CELL_WIDTH - 4, line - 4
                )
                painter.fillRect(rect, CELL_COLOURS.get(cell.letter, QColor("#BDBDBD")))
                painter.setFont(bold)
                painter.setPen(
                    QColor("#000000") if cell.letter in DARK_TEXT_ON else QColor("#FFFFFF")
                )
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), cell.letter)
                painter.setFont(self.font())
                if (r, index) == (row, column) and self.hasFocus():
                    painter.setPen(_focus_pen(self))
                    painter.drawRect(rect.adjusted(-2, -2, 1, 1))
        if self.first_column or columns.stop < len(self.column_labels):
            painter.setPen(text_colour)
            hidden = len(self.column_labels) - len(columns)
            painter.drawText(
                QRect(4, (len(self.row_labels) + 2) * line, self.width() - 8, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{hidden} earlier or later meeting(s) not shown: Left/Right or Home/End scroll",
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row, column = self.current
        key = event.key()
        if key == Qt.Key.Key_Up:
            row -= 1
        elif key == Qt.Key.Key_Down:
            row += 1
        elif key == Qt.Key.Key_Left:
            column -= 1
        elif key == Qt.Key.Key_Right:
            column += 1
        elif key == Qt.Key.Key_Home:
            column = 0
        elif key == Qt.Key.Key_End:
            column = len(self.column_labels) - 1
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            cell = self.selected_cell()
            if cell is not None:
                self.activated.emit(cell.key)
            return
        else:
            super().keyPressEvent(event)
            return
        self.current = (
            max(0, min(len(self.row_labels) - 1, row)),
            max(0, min(len(self.column_labels) - 1, column)),
        )
        self.setAccessibleName(f"{self.accessibleName().split(' — ')[0]} — {self.selected_text()}")
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        line = self._line()
        header = int(self.width() * self.HEADER_SHARE)
        row = point.y() // line - 2
        column = self.first_column + (point.x() - header) // self.CELL_WIDTH
        if (
            point.x() >= header
            and 0 <= row < len(self.row_labels)
            and 0
            <= column
            < min(len(self.column_labels), self.first_column + self._visible_columns())
        ):
            self.current = (row, column)
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.update()
            cell = self.selected_cell()
            if cell is not None:
                self.activated.emit(cell.key)
            return
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
