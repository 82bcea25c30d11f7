"""Build a small partnership and open the real main window on it (H3's UI tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from csp_desktop.clock import FakeClock
from csp_desktop.models import BodyKind
from csp_desktop.paths import AppPaths
from csp_desktop.services import actions, agenda, bodies, meetings, minutes, people
from csp_desktop.storage import Database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.main_window import MainWindow
from csp_desktop.ui.settings import UiSettings

MEMBERS = (
    ("Councillor Syed Ghani", "London Borough Council"),
    ("Andy Opie", "London Borough Council"),
    ("Chris Lyons", "Metropolitan Police"),
    ("Paul Waller", "London Borough Council"),
    ("Amolak Tatter", "Public Health"),
)


@dataclass
class Seeded:
    board_id: int
    june_id: int
    october_id: int
    carried_action_id: int
    person_ids: dict[str, int]


def seed_partnership(db: Database, clock: FakeClock) -> Seeded:
    """A board with five members, a June meeting with an open action, and October's."""
    with db.transaction() as session:
        board = bodies.create_body(
            session,
            "Community Safety Partnership Board",
            "CSP",
            BodyKind.BOARD,
            quorum=3,
            default_venue="MS Teams",
            default_start=dt.time(10, 0),
            default_end=dt.time(13, 0),
        )
        ids: dict[str, int] = {}
        for name, organisation in MEMBERS:
            person = people.find_or_create_person(session, name, organisation=organisation)
            bodies.add_membership(session, board.id, person.id)
            ids[person.name] = person.id
        june = meetings.create_meeting(session, board.id, dt.date(2022, 6, 29), clock)
        june_items = agenda.list_items(session, june.id)
        topical = agenda.add_item(
            session,
            june.id,
            agenda.ItemSpec("Drugs Partnership Profile", minutes_allocated=15),
            clock,
        )
        minutes.save_minutes(
            session,
            topical,
            "Amolak presented the profile.\n"
            "ACTION: Amolak Tatter to share the profile with partners.",
            clock,
        )
        actions.sync_item_actions(session, topical, clock)
        carried = actions.list_actions(session, actions.ActionFilter(meeting_id=june.id))[0].id
        assert june_items
        october = meetings.create_meeting(session, board.id, dt.date(2022, 10, 5), clock)
        agenda.add_item(
            session,
            october.id,
            agenda.ItemSpec("Violence Against Women and Girls strategy", minutes_allocated=15),
            clock,
        )
        return Seeded(board.id, june.id, october.id, carried, ids)


def open_window(qtbot, db: Database, clock: FakeClock, settings_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The real main window on `db`, shown at laptop size, latest meeting loaded."""
    paths = AppPaths(settings_dir, portable=False)
    context = UiContext(db, clock, paths)
    window = MainWindow(context, UiSettings(paths.settings_file))
    qtbot.addWidget(window)
    # A first launch maximises; the offscreen screen is smaller than a laptop's, so the
    # tests size the window themselves.
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.open_initial_meeting()
    return window


def click_row(qtbot, view: QAbstractItemView, row: int, column: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Click a cell the way a user does."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def find_by_accessible_name(root: QWidget, name: str) -> QWidget:
    for widget in root.findChildren(QWidget):
        if widget.accessibleName() == name and widget.isVisible():
            return widget
    raise LookupError(f"No visible widget called {name!r}")


def active_dialog() -> QWidget | None:
    return QApplication.activeModalWidget()


def centre(widget: QWidget) -> QPoint:
    return widget.rect().center()


def reactivate(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """The offscreen platform does not hand activation back after a dialog closes,
    as a real desktop does; without it, window shortcuts would not fire."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def pick_date_weeks_back(qtbot, date_edit, weeks: int) -> None:  # type: ignore[no-untyped-def]
    """Open a date field's calendar with its arrow, go back whole weeks, press Enter."""
    arrow = QPoint(date_edit.width() - 8, date_edit.height() // 2)
    qtbot.mouseClick(date_edit, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = date_edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    days = QApplication.focusWidget()  # the calendar's grid of days
    for _ in range(weeks):
        qtbot.keyClick(days, Qt.Key.Key_Up)
    qtbot.keyClick(days, Qt.Key.Key_Return)
