"""The main window: meeting list on the left, the meeting's tabs on the right.

Tabs follow one contract (`ui/tab_contract.py`: `show_meeting`, `flush`, `show_place`,
`status_message`, `navigate`). Only
the visible tab loads when the meeting changes; the others load when shown, so switching
meetings stays quick. Every switch (meeting, tab, close) first flushes what is typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QMoveEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from csp_desktop import APP_NAME, __version__
from csp_desktop.errors import UserError
from csp_desktop.services import agenda, bodies, meetings
from csp_desktop.services.formatting import uk_date
from csp_desktop.ui.agenda_tab import AgendaTab, split_key
from csp_desktop.ui.announcer import announce, forget, show_live_text
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import error_text
from csp_desktop.ui.focus_guard import guard_arrow_keys
from csp_desktop.ui.idle_warm_up import IdleWarmUp
from csp_desktop.ui.key_guard import install_dialog_key_guard
from csp_desktop.ui.lazy_tab import ActionsTab as ActionsTabLoader
from csp_desktop.ui.lazy_tab import AttendanceTab as AttendanceTabLoader
from csp_desktop.ui.lazy_tab import DashboardTab as DashboardTabLoader
from csp_desktop.ui.lazy_tab import ForwardPlanTab as ForwardPlanTabLoader
from csp_desktop.ui.lazy_tab import LazyTab, built_tab
from csp_desktop.ui.lazy_tab import PlanTab as PlanTabLoader
from csp_desktop.ui.lazy_tab import SubgroupReportsTab as SubgroupReportsTabLoader
from csp_desktop.ui.meeting_navigator import MeetingNavigator
from csp_desktop.ui.narrow_window import NarrowWindowNavigator
from csp_desktop.ui.navigation import (
    TAB_ACTIONS,
    TAB_AGENDA,
    TAB_ATTENDANCE,
    TAB_DASHBOARD,
    TAB_FORWARD_PLAN,
    TAB_PLAN,
    TAB_SUBGROUP_REPORTS,
    Place,
)
from csp_desktop.ui.offline_status import OfflineStatus
from csp_desktop.ui.runtime import freeze_startup_heap, freeze_warmed_up_heap
from csp_desktop.ui.settings import UiSettings
from csp_desktop.ui.shortcuts import make_action
from csp_desktop.ui.tab_contract import MeetingTab, TabFactory, tab_as
from csp_desktop.usecases.open_database import check_connection, record_mapping_steps

if TYPE_CHECKING:  # the dialogs and the search panel are imported when first opened
    from csp_desktop.ui.search_panel import SearchPanel

log = logging.getLogger(__name__)

T = TypeVar("T")

# Window layout, meeting and item are written this long after the last change, so a
# killed app (power cut, kill -9) comes back as it was, not only after a clean close.
STATE_SAVE_DELAY_MS = 1500
# Screens up to this wide open the first window maximised (a laptop's 1366 x 768).
MAXIMISE_UP_TO_WIDTH = 1920

SAVED_TEXT = "All changes saved"
SAVING_TEXT = "Saving…"
TAB_WAITS_FOR_SERVER_TEXT = (
    "The database server cannot be reached: this tab shows what it last read, "
    "and reads again when the server is back"
)
MEETING_WAITS_FOR_SERVER_TEXT = (
    "The database server cannot be reached: this meeting stays open; "
    "open the other one when the server is back"
)

# (name, label with mnemonic, class): every tab is a MeetingTab (ui/tab_contract.py).
# All but the Agenda (the first screen) are stand-ins, built when first needed or in
# idle time after the first paint (ui/lazy_tab.py, ui/idle_warm_up.py; issue 13).
TAB_SPECS: tuple[tuple[str, str, TabFactory], ...] = (
    (TAB_AGENDA, "&Agenda", AgendaTab),
    (TAB_ATTENDANCE, "A&ttendance", AttendanceTabLoader),
    (TAB_ACTIONS, "A&ctions", ActionsTabLoader),
    (TAB_SUBGROUP_REPORTS, "S&ubgroup reports", SubgroupReportsTabLoader),
    (TAB_FORWARD_PLAN, "Forward p&lan", ForwardPlanTabLoader),
    (TAB_PLAN, "&Plan", PlanTabLoader),
    (TAB_DASHBOARD, "&Dashboard", DashboardTabLoader),
)


class MainWindow(QMainWindow):
    """CSP Desktop's one window."""

    # Emitted when the shown meeting has been fully loaded (the smoke test waits on it).
    meeting_loaded = Signal(object)

    def __init__(
        self, context: UiContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = settings
        self.meeting_id: int | None = None
        self.meeting_title = ""
        self._stale: set[str] = set()
        self._dirty_sources: set[str] = set()
        self._search: SearchPanel | None = None
        self._focus_before_search: QWidget | None = None
        self._restoring = True
        self.setObjectName("main_window")
        self.setMinimumSize(640, 480)
        # No dialog takes a key typed before it appeared (ui/key_guard.py).
        install_dialog_key_guard()
        self._state_timer = QTimer(self)
        self._state_timer.setSingleShot(True)
        self._state_timer.setInterval(STATE_SAVE_DELAY_MS)
        self._state_timer.timeout.connect(self.save_state)

        self.navigator = MeetingNavigator(self)
        self.navigator.setObjectName("meeting_navigator")
        self.navigator.meeting_selected.connect(self.request_meeting)
        self.navigator.new_meeting_requested.connect(self.new_meeting)
        self.navigator.filter_escaped.connect(self._back_to_minutes)
        self.navigator.tree.activated.connect(lambda _index: self._back_to_minutes())

        self.tab_widget = QTabWidget(self)
        self.tab_widget.setAccessibleName("Meeting tabs")
        self.tab_widget.setDocumentMode(True)
        self.tabs: dict[str, MeetingTab] = {}
        for name, label, tab_class in TAB_SPECS:
            tab = tab_class(self.context, self)
            tab.setObjectName(f"tab_{name}")
            self.tabs[name] = tab
            self.tab_widget.addTab(tab, label)
            tab.status_message.connect(self.show_status)
            tab.navigate.connect(self.go_to)
        self.agenda_tab = tab_as(self.tabs[TAB_AGENDA], AgendaTab)
        self.agenda_tab.dirty_changed.connect(lambda dirty: self._set_dirty("agenda", dirty))
        self.agenda_tab.item_opened.connect(lambda _item: self.state_changed())
        forward = self.tabs[TAB_FORWARD_PLAN]
        if isinstance(forward, LazyTab):
            forward.when_loaded(self._share_undo_stack)
        self.undo_stack = self.agenda_tab.undo_stack
        self._previous_tab = TAB_AGENDA
        self.tab_widget.currentChanged.connect(self._tab_changed)
        # Arrow keys on a tab's buttons never move focus out of the tab (ui/focus_guard.py).
        for tab in self.tabs.values():
            guard_arrow_keys(tab)
        self.tab_widget.currentChanged.connect(
            lambda _index: guard_arrow_keys(self.tab_widget.currentWidget())
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        # The left pane holds the meeting list, or the search panel in its place: search
        # never moves or shrinks the minutes.
        self.left_pane = QStackedWidget(self)
        self.left_pane.setObjectName("left_pane")
        self.left_pane.addWidget(self.navigator)
        self.splitter.addWidget(self.left_pane)
        self.splitter.addWidget(self.tab_widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 1100])
        self.setCentralWidget(self.splitter)
        self.splitter.splitterMoved.connect(lambda *_args: self.state_changed())
        self.agenda_tab.detail_splitter.splitterMoved.connect(lambda *_args: self.state_changed())
        self.agenda_tab.splitter.splitterMoved.connect(lambda *_args: self.state_changed())

        self.save_label = QLabel(SAVED_TEXT, self)
        self.save_label.setAccessibleName("Save state")
        self.save_label.setMargin(2)
        self.statusBar().addPermanentWidget(self.save_label)
        context.saving.connect(self._saving)
        context.saved.connect(self._saved)
        context.save_failed.connect(self._save_failed)
        context.data_changed.connect(self._data_changed)
        context.background.connection_changed.connect(self._connection_changed)
        # "Offline — 3 changes waiting…" while a team database cannot be reached.
        self.offline_status = OfflineStatus(context, self.save_label, self.show_status)
        self.agenda_tab.dirty_changed.connect(lambda _dirty: self.offline_status.refresh())

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        # Half a screen: the meeting list becomes a drawer (ui/narrow_window.py).
        self.narrow_navigator = NarrowWindowNavigator(
            self, self.left_pane, self.navigator, self.actions_by_name["toggle_navigator"]
        )

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.agenda_tab.tick)
        self._tick.start()

        self._update_title()
        self.restore_state()
        self._restoring = False
        # Import and build the other tabs one piece per event-loop turn once the first
        # meeting is painted, so that no first visit pays for it (ui/idle_warm_up.py).
        self.warm_up = IdleWarmUp(
            self.agenda_tab.table.viewport(),
            [
                *record_mapping_steps(),
                self.agenda_tab.ensure_transcript_panel,
                *(
                    step
                    for name, tab in self.tabs.items()
                    if isinstance(tab, LazyTab)
                    for step in (tab.load_module, tab.ensure_loaded, partial(self._prime, name))
                ),
            ],
        )
        self.warm_up.finished.connect(freeze_warmed_up_heap)
        self._start_live_refresh()

    def _start_live_refresh(self) -> None:
        """Issue 16: others' changes appear live (PostgreSQL; nothing on SQLite)."""
        from PySide6.QtWidgets import QMenu

        from csp_desktop.ui.live_refresh import attach_live_refresh

        self.live_refresh = attach_live_refresh(self, self)
        # Edit › Reload theirs / Keep mine: live only while a refused save waits for them.
        edit_menu = next((a.menu() for a in self.menuBar().actions() if a.text() == "&Edit"), None)
        if isinstance(edit_menu, QMenu):
            edit_menu.addSeparator()
            for action in self.agenda_tab.stale_notice.actions.values():
                edit_menu.addAction(action)

    # --- construction --------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}

        def add(name: str, slot: Callable[[], Any]) -> QAction:
            action = make_action(name, self)
            action.triggered.connect(slot)
            self.actions_by_name[name] = action
            return action

        add("new_meeting", self.new_meeting)
        add("import_minutes", self.open_import_minutes)
        add("save_now", self.save_now)
        add("quit", self.close)
        add("search", self.open_search)
        add("shortcuts_help", self.show_shortcuts)
        add("focus_items", self._focus_items)
        add("focus_minutes", self._focus_minutes)
        add("focus_meetings", self._focus_meetings)
        add("import_transcript", self.import_transcript)
        add("import_attendance_list", self.import_attendance_list)
        add("focus_transcript", self._focus_transcript)
        add("export", self.open_export)
        add("export_minutes", lambda: self.open_export("minutes"))
        add("export_agenda", lambda: self.open_export("agenda"))
        add("export_tracker", lambda: self.open_export("actions"))
        add("import_tracker", self.open_import)
        add("take_offline", self.take_offline)
        add("bring_back_offline", self.bring_back_offline)
        for index, (name, _label, _class) in enumerate(TAB_SPECS):

            def show_tab(_checked: bool = False, i: int = index) -> None:
                self.switch_tab(i)

            add(f"tab_{name.replace('-', '_')}", show_tab)
        toggle = make_action("toggle_navigator", self)
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.toggled.connect(self.left_pane.setVisible)
        self.actions_by_name["toggle_navigator"] = toggle

        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.actions_by_name["undo"] = undo
        self.actions_by_name["redo"] = redo
        self.actions_by_name.update(self.agenda_tab.live_actions)
        self.actions_by_name.update(self.agenda_tab.item_actions)

    def _build_menus(self) -> None:
        a = self.actions_by_name
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(a["new_meeting"])
        file_menu.addAction(a["save_now"])
        file_menu.addSeparator()
        for name in ("export_minutes", "export_agenda", "export_tracker", "export"):
            file_menu.addAction(a[name])
        file_menu.addAction(a["import_tracker"])
        file_menu.addAction(a["import_transcript"])
        file_menu.addAction(a["import_attendance_list"])
        report = file_menu.addAction("Export &performance report…")
        report.setObjectName("action_export_report")
        report.triggered.connect(self.export_performance_report)
        file_menu.addAction(a["import_minutes"])
        file_menu.addSeparator()
        file_menu.addAction(a["take_offline"])
        file_menu.addAction(a["bring_back_offline"])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])

        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addAction(a["undo"])
        edit_menu.addAction(a["redo"])
        edit_menu.addSeparator()
        edit_menu.addAction(a["search"])

        meeting_menu = menu_bar.addMenu("&Meeting")
        for name in ("start_meeting", "previous_item", "next_item", "pause_item", "end_meeting"):
            meeting_menu.addAction(a[name])
        meeting_menu.addSeparator()
        meeting_menu.addAction(a["insert_action"])
        meeting_menu.addAction(a["clear_quotes"])
        meeting_menu.addSeparator()
        for name in ("add_item", "edit_item", "delete_item", "move_item_up", "move_item_down"):
            meeting_menu.addAction(a[name])

        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(a["toggle_navigator"])
        view_menu.addSeparator()
        for name, _label, _class in TAB_SPECS:
            view_menu.addAction(a[f"tab_{name.replace('-', '_')}"])
        view_menu.addSeparator()
        for name in ("focus_meetings", "focus_items", "focus_minutes"):
            view_menu.addAction(a[name])
        view_menu.addAction(a["focus_transcript"])

        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(a["shortcuts_help"])
        about = help_menu.addAction(f"&About {APP_NAME}")
        about.triggered.connect(self.show_about)
        self._focus_before_menu: QWidget | None = None
        for menu in (file_menu, edit_menu, meeting_menu, view_menu, help_menu):
            menu.aboutToShow.connect(self._menu_opening)
            menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self._menu_closed))

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        a = self.actions_by_name
        for name in ("new_meeting",):
            toolbar.addAction(a[name])
        toolbar.addSeparator()
        toolbar.addAction(a["insert_action"])
        toolbar.addAction(a["save_now"])
        toolbar.addSeparator()
        toolbar.addAction(a["undo"])
        toolbar.addAction(a["redo"])
        toolbar.addSeparator()
        toolbar.addAction(a["search"])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    # --- meetings ------------------------------------------------------------------------

    def refresh_meetings(self) -> None:
        rows = self.context.read(meetings.list_meetings)
        body_order = [b.id for b in self.context.read(bodies.list_bodies)]
        self.navigator.set_rows(rows, body_order)
        if self.meeting_id is not None:
            self.navigator.select_meeting(self.meeting_id)

    def open_initial_meeting(self, meeting_id: int | None = None) -> None:
        """Show `meeting_id`, else the meeting the note taker most likely wants
        (`services/opening.py`: in progress, today's or the next, the last worked on)."""
        # Start-up's objects (modules, mappers, widgets) live until exit: once the first
        # meeting is on screen, keep them out of the garbage collector's full passes.
        QTimer.singleShot(0, freeze_startup_heap)
        from csp_desktop.services.opening import meeting_to_open

        self.refresh_meetings()
        database = self.context.database.describe()
        last = self.settings.last_meeting(database)
        chosen = meeting_id
        if chosen is None or not self.navigator.select_meeting(chosen):
            chosen = self.context.read(meeting_to_open, self.context.clock.today(), last)
        if chosen is None or not self.navigator.select_meeting(chosen):
            chosen = self.context.read(meetings.latest_meeting_id, self.context.clock.today())
            if chosen is not None:
                self.navigator.select_meeting(chosen)
        self.show_meeting(chosen)
        last_item = self.settings.last_item(database)
        # The item last worked on, unless the meeting is running: then the item whose
        # clock runs (the Agenda tab opens it), which a kill just after F8 keeps right.
        if (
            chosen is not None
            and last_item is not None
            and last_item[0] == chosen
            and self.current_tab_name() == TAB_AGENDA
            and not self._meeting_running()
        ):
            self.agenda_tab.select_item(last_item[1])
        # The keyboard starts in the minutes (never in the meeting filter), at the end of
        # the text: a relaunch after a crash carries on where the words stopped.
        if self.current_tab_name() == TAB_AGENDA or self._meeting_running():
            self._back_to_minutes()
        else:
            self._focus_current_tab()

    def _meeting_running(self) -> bool:
        from csp_desktop.services.opening import is_running

        return self.meeting_id is not None and bool(self.context.read(is_running, self.meeting_id))

    def request_meeting(self, meeting_id: int) -> None:
        """The meeting list asks for another meeting: while one is running, ask first."""
        if meeting_id == self.meeting_id:
            return
        if self.meeting_id is not None and self._meeting_running():
            running_title = self.meeting_title
            # Keep the list on the running meeting until the answer is yes.
            self.navigator.select_meeting(self.meeting_id)
            self.tab_widget.setCurrentWidget(self.agenda_tab)
            self._load_current_tab()
            self.agenda_tab.ask(
                f"{running_title} is running. Leave it and open another meeting? "
                "Enter = open it, Esc = stay",
                lambda: self._open_other_meeting(meeting_id),
                on_no=lambda: self.show_status("Stayed with the running meeting"),
                yes_text="Open it (Enter)",
                no_text="Stay (Esc)",
            )
            return
        self.show_meeting(meeting_id)
        if self._meeting_running():
            # Back to the meeting being held: the next keys are its minutes.
            self._back_to_minutes()

    def _open_other_meeting(self, meeting_id: int) -> None:
        self.navigator.select_meeting(meeting_id)
        self.show_meeting(meeting_id)
        if self._meeting_running():
            self._back_to_minutes()

    def _menu_opening(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and focused is not self.menuBar():
            self._focus_before_menu = focused

    def _menu_closed(self) -> None:
        """Esc on an open menu: Qt leaves the keys in the menu bar, where the next letters
        run menu commands ("n" = Next item). One Esc goes back to where the user was."""
        if QApplication.activePopupWidget() is not None:
            return  # Left/Right moved to the next menu
        focused = QApplication.focusWidget()
        if focused is not None and focused is not self.menuBar():
            return  # a command ran and put focus where it wanted
        self.menuBar().setActiveAction(None)  # type: ignore[arg-type]
        self.activateWindow()
        target = self._focus_before_menu
        self._focus_before_menu = None
        if target is not None and target.isVisible():
            if target is self.agenda_tab.editor:
                self.agenda_tab.focus_minutes_end()
            else:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._back_to_minutes()

    def _back_to_minutes(self) -> None:
        """Focus at the end of the current item's minutes (Agenda tab)."""
        if self.meeting_id is None:
            return
        if self.tab_widget.currentWidget() is not self.agenda_tab:
            self.tab_widget.setCurrentWidget(self.agenda_tab)
        self.agenda_tab.focus_minutes_end()

    def switch_tab(self, index: int) -> None:
        """Ctrl+1..5: show a tab and put focus inside it (never in the meeting filter)."""
        # Hiding the focused page would hand focus to the next widget in the chain (the
        # meeting filter); park it on the tab bar, which stays visible, meanwhile.
        focused = QApplication.focusWidget()
        if focused is not None and self.tab_widget.isAncestorOf(focused):
            self.tab_widget.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
        self.tab_widget.setCurrentIndex(index)
        self._focus_current_tab()

    def _focus_current_tab(self) -> None:
        tab = self.tab_widget.currentWidget()
        if tab is self.agenda_tab:
            self.agenda_tab.focus_minutes_end()
            return
        target: QWidget | None = tab.focusWidget() if tab is not None else None
        if target is None and tab is not None:
            # First visit: a tab names where its keys work with a focus proxy (its list).
            target = tab.focusProxy()
            while target is not None and target.focusProxy() is not None:
                target = target.focusProxy()
        # (A container that once held focus is no stop: a screen reader would hear nothing.)
        if (
            target is None
            or not target.isVisible()
            or not target.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            target = tab.nextInFocusChain() if tab is not None else None
            while (
                target is not None
                and target is not tab
                and (
                    not tab.isAncestorOf(target)
                    or not target.isVisible()
                    or not target.focusPolicy() & Qt.FocusPolicy.TabFocus
                )
            ):
                target = target.nextInFocusChain()
        if target is not None and tab is not None and tab.isAncestorOf(target):
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_meeting(self, meeting_id: int | None) -> None:
        """Save what is typed, then show another meeting in the current tab."""
        if meeting_id == self.meeting_id and meeting_id is not None:
            return
        title = ""
        if meeting_id is not None:
            # Read first: a server out of reach leaves the meeting on screen as it was.
            header = self._read_unless_server_away(agenda.meeting_header, meeting_id)
            if header is None:
                if self.meeting_id is not None:
                    self.navigator.select_meeting(self.meeting_id)
                return
            title = f"{header.body_name}, {uk_date(header.date)}"
        if not self.agenda_tab.release_editor():
            # Minutes that could not be saved, and the note taker stays with them.
            if self.meeting_id is not None:
                self.navigator.select_meeting(self.meeting_id)
            self.tab_widget.setCurrentWidget(self.agenda_tab)
            return
        self.flush_all()
        self.meeting_id = meeting_id
        self.meeting_title = title
        self._update_title()
        self._stale = set(self.tabs)
        self._load_current_tab()
        self.settings.set_last_meeting(self.context.database.describe(), meeting_id)
        self.state_changed()
        self.meeting_loaded.emit(meeting_id)

    def _prime(self, name: str) -> None:
        """Show the open meeting in a tab not on screen, in idle time after the paint, so
        its first visit costs only the switch (statements compiled, rows read). A local
        file only: on a server a warm-up must not hold the window on the network, so
        there the first visit reads, as every later one does."""
        if (
            not self.context.database.is_sqlite
            or self.meeting_id is None
            or name == self.current_tab_name()
            or name not in self._stale
        ):
            return
        focused = QApplication.focusWidget()
        self._stale.discard(name)
        try:
            self.tabs[name].show_meeting(self.meeting_id)
        except Exception:  # the visit itself reads again and says what went wrong
            self._stale.add(name)
            log.warning("could not prepare the %s tab", name, exc_info=True)
        if focused is not None and QApplication.focusWidget() is not focused:
            focused.setFocus()  # the note taker's keys stay where they were going

    def _load_current_tab(self) -> None:
        name = self.current_tab_name()
        if name not in self._stale:
            return
        if self.context.background.offline:
            # The server did not answer the last save: a read now would hold the window
            # for the network's timeout (10 s on a dropped link) and then fail.
            self._wait_for_server(TAB_WAITS_FOR_SERVER_TEXT)
            return
        self._stale.discard(name)
        try:
            self.tabs[name].show_meeting(self.meeting_id)
        except Exception as exc:  # a broken tab must not take the window down
            self._stale.add(name)  # read again when next shown
            if self.context.server_unreachable(exc):
                self._wait_for_server(TAB_WAITS_FOR_SERVER_TEXT)
                return
            # Said over the minutes, never in a box: the note taker may be typing on.
            log.error("Could not show the %s tab", name, exc_info=exc)
            self.show_notice(f"Could not show the {name} tab: {error_text(exc)}")

    def _read_unless_server_away(self, service: Callable[..., T], *args: Any) -> T | None:
        """`context.read`, or None (said in the status bar) while the team database's
        server cannot be reached, without waiting for the network when it is known to be
        down."""
        if self.context.background.offline:
            self._wait_for_server(MEETING_WAITS_FOR_SERVER_TEXT)
            return None
        try:
            return self.context.read(service, *args)
        except Exception as exc:
            if not self.context.server_unreachable(exc):
                raise
            self._wait_for_server(MEETING_WAITS_FOR_SERVER_TEXT)
            return None

    def _wait_for_server(self, message: str) -> None:
        """The team database cannot be reached: say so; what is on screen stays, and the
        current tab reads again when the server answers (`_connection_changed`)."""
        # The writer finds out when the server is back, and says so, even with no save
        # of its own waiting (a probe that changes nothing).
        self.context.background.submit("probe the server", check_connection, change=False)
        self.context.background.retry_now()
        self.show_status(message)

    def _connection_changed(self) -> None:
        if not self.context.background.offline:
            self._load_current_tab()

    def tab(self, name: str) -> MeetingTab:
        """The real tab `name` (built now if it was not yet): `tabs` holds the pages,
        some of them stand-ins until first needed (ui/lazy_tab.py)."""
        return built_tab(self.tabs[name])

    def _share_undo_stack(self, tab: MeetingTab) -> None:
        from csp_desktop.ui.forward_plan_tab import ForwardPlanTab

        tab_as(tab, ForwardPlanTab).undo_stack = self.agenda_tab.undo_stack

    def current_tab_name(self) -> str:
        widget = self.tab_widget.currentWidget()
        return next((n for n, t in self.tabs.items() if t is widget), TAB_AGENDA)

    def _tab_changed(self, _index: int) -> None:
        previous = self.tabs.get(self._previous_tab)
        if previous is not None:
            self._flush_tab(self._previous_tab, previous)
        self._previous_tab = self.current_tab_name()
        self._load_current_tab()
        self.settings.set_current_tab(self._previous_tab)
        self.state_changed()

    def _data_changed(self, topic: str) -> None:
        current = self.current_tab_name()
        self._stale.update(n for n in self.tabs if n != current)
        # The live clock writes "meetings" (it can change a meeting's status); item edits
        # write "agenda" and leave the meeting list as it is.
        if topic == "meetings":
            self.refresh_meetings()

    def go_to(self, place: Place) -> None:
        """Jump to a place another tab or the search panel asked for."""
        if place.meeting_id is not None and place.meeting_id != self.meeting_id:
            self.navigator.select_meeting(place.meeting_id)
            self.show_meeting(place.meeting_id)
        tab = self.tabs.get(place.tab)
        if tab is None:
            return
        self.tab_widget.setCurrentWidget(tab)
        self._load_current_tab()
        tab.show_place(place)

    def new_meeting(self) -> None:
        self.flush_all()
        body_id = None
        if self.meeting_id is not None:
            body_id = self.context.read(agenda.meeting_header, self.meeting_id).body_id
        from csp_desktop.ui.new_meeting_dialog import NewMeetingDialog

        dialog = NewMeetingDialog(self.context, self, body_id=body_id)
        if dialog.exec() and dialog.meeting_id is not None:
            self.refresh_meetings()
            self.navigator.select_meeting(dialog.meeting_id)
            self.tab_widget.setCurrentWidget(self.agenda_tab)
            self.show_meeting(dialog.meeting_id)
            self.show_status(f"Created the meeting: {dialog.created_label}")

    # --- saving --------------------------------------------------------------------------

    def _flush_tab(self, name: str, tab: MeetingTab) -> bool:
        try:
            tab.flush()
        except Exception as exc:
            # Not a box: this runs on a tab switch, mid-meeting, and a box would take the
            # next key. The words stay in the tab; the save label already says NOT SAVED.
            if not isinstance(exc, UserError):
                log.error("Could not save the %s tab", name, exc_info=exc)
            self.show_notice(f"Could not save: {error_text(exc)}")
            return False
        editor = self.agenda_tab.editor
        return not (name == TAB_AGENDA and editor.is_dirty and not editor.waits_for_server())

    def flush_all(self) -> bool:
        """Save everything typed in every tab; False if something could not be saved."""
        ok = True
        for name, tab in self.tabs.items():
            ok = self._flush_tab(name, tab) and ok
        return ok

    def save_now(self) -> None:
        if self.flush_all():
            # Offline, "saved" is kept on this laptop until the server is back: say that.
            self.show_status(self.offline_status.waiting_text() or "Everything is saved")

    def _set_dirty(self, source: str, dirty: bool) -> None:
        if dirty:
            self._dirty_sources.add(source)
        else:
            self._dirty_sources.discard(source)
        self._show_save_state()

    def _saving(self) -> None:
        self.save_label.setText(SAVING_TEXT)

    def _saved(self) -> None:
        self._show_save_state()

    def _show_save_state(self) -> None:
        show_live_text(
            self.save_label, "Save state", SAVING_TEXT if self._dirty_sources else SAVED_TEXT
        )
        if not self._dirty_sources:
            forget("save")  # saved again: the next failure is news
        saved_at = self.agenda_tab.editor.last_saved_at
        self.save_label.setToolTip(
            f"Minutes last saved at {saved_at:%H:%M:%S}" if saved_at else "Every change is saved"
        )

    def _save_failed(self, message: str) -> None:
        show_live_text(self.save_label, "Save state", "NOT SAVED")
        self.save_label.setToolTip(message)
        self.show_status(f"NOT SAVED: {message}")
        announce(self.save_label, f"Not saved: {message}", topic="save")

    def save_state_text(self) -> str:
        return self.save_label.text()

    # --- misc ----------------------------------------------------------------------------

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def show_notice(self, message: str) -> None:
        """A problem said over the minutes (non-modal) and in the status bar."""
        self.agenda_tab.notice_bar.notify(message)
        self.show_status(message)

    def _update_title(self) -> None:
        parts = [APP_NAME]
        if self.meeting_title:
            parts.insert(0, self.meeting_title)
        title = " – ".join(parts)
        where = self.context.database.describe()
        read_only = " (read-only)" if self.context.read_only else ""
        self.setWindowTitle(f"{title} – {where}{read_only}")

    def _focus_items(self) -> None:
        self.tab_widget.setCurrentWidget(self.agenda_tab)
        self.agenda_tab.focus_items()

    def _focus_minutes(self) -> None:
        self.tab_widget.setCurrentWidget(self.agenda_tab)
        self.agenda_tab.focus_minutes()

    def _focus_meetings(self) -> None:
        self.left_pane.show()
        self.left_pane.setCurrentWidget(self.navigator)
        self.actions_by_name["toggle_navigator"].setChecked(True)
        self.navigator.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_shortcuts(self) -> None:
        from csp_desktop.ui.shortcuts_help import KeyboardShortcutsDialog

        tabs: list[QWidget] = list(self.tabs.values())
        dialog = KeyboardShortcutsDialog(self.menuBar(), tabs, self)
        dialog.exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nRuns a Community Safety Partnership's meetings "
            f"offline: agenda, attendance, actions and subgroup reports.\n\n"
            f"Database: {self.context.database.describe()}\n"
            f"Settings: {self.settings.file_name}",
        )

    def open_search(self) -> None:
        """Ctrl+F: the search panel in the meeting list's place, the cursor in its box.

        It takes the left pane rather than a dock, so the tabs (and the minutes) keep
        their size and place while searching.
        """
        if self._search is None:
            from csp_desktop.ui.search_panel import SearchPanel

            panel = SearchPanel(self.context, self)
            panel.setObjectName("search_panel")
            panel.navigate.connect(self.go_to)
            panel.status_message.connect(self.show_status)
            panel.close_requested.connect(self._search_closed)
            self._search = panel
            self.left_pane.addWidget(panel)
        self.flush_all()
        focused = QApplication.focusWidget()
        if focused is not None and not self._search.isAncestorOf(focused):
            self._focus_before_search = focused
        self.left_pane.show()
        self.left_pane.setCurrentWidget(self._search)
        self._search.focus_query()

    @property
    def search_open(self) -> bool:
        return self._search is not None and self.left_pane.currentWidget() is self._search

    def _search_closed(self) -> None:
        """Escape in the search panel: the meeting list comes back, focus at the end of
        the minutes (or where the user was, outside the Agenda tab)."""
        self.left_pane.setCurrentWidget(self.navigator)
        self.left_pane.setVisible(self.actions_by_name["toggle_navigator"].isChecked())
        target = self._focus_before_search
        self._focus_before_search = None
        if self.tab_widget.currentWidget() is self.agenda_tab or target is None:
            self._back_to_minutes()
        elif target.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_export(self, kind: str | None = None) -> None:
        """File › Export (Ctrl+Shift+X), or straight to minutes / agenda / tracker."""
        # Imported when first used: the dialogs and the export and import services they
        # bring are not needed to show the first meeting (start-up, issue 6).
        from csp_desktop.ui.export_dialog import ExportDialog

        self.flush_all()
        dialog = ExportDialog(self.context, self.meeting_id, self)
        if kind is not None:
            index = dialog.kind.findData(kind)
            if index >= 0:
                dialog.kind.setCurrentIndex(index)
        dialog.exec()
        self._back_to_minutes()

    def import_transcript(self) -> None:
        """File › Import transcript…: the Teams .vtt/.docx into this meeting's items."""
        from csp_desktop.ui import transcript_import

        self.flush_all()
        if transcript_import.import_transcript(self.context, self, self.meeting_id):
            self._stale = set(self.tabs)
            self._load_current_tab()

    def take_offline(self) -> None:
        """File › Take meeting offline…: this meeting into a local file (ui/offline_dialogs)."""
        from csp_desktop.ui import offline_dialogs

        self.flush_all()
        offline_dialogs.take_offline(self.context, self, self.meeting_id)

    def bring_back_offline(self) -> None:
        """File › Bring offline meeting back…: merge an offline copy, conflicts chosen."""
        from csp_desktop.ui import offline_dialogs

        self.flush_all()
        if offline_dialogs.bring_back_offline(self.context, self):
            self._stale = set(self.tabs)
            self._load_current_tab()

    def import_attendance_list(self) -> None:
        """File › Import attendance list… (also the Attendance tab's button)."""
        from csp_desktop.ui.attendance_tab import AttendanceTab

        self.tab_widget.setCurrentWidget(self.tabs[TAB_ATTENDANCE])
        attendance = tab_as(self.tab(TAB_ATTENDANCE), AttendanceTab)
        attendance.import_attendance_list()

    def _focus_transcript(self) -> None:
        self.tab_widget.setCurrentWidget(self.agenda_tab)
        self.agenda_tab.transcript_panel.focus_suggestions()

    def export_performance_report(self) -> None:
        """The Dashboard tab's body and period, as a Word performance report."""
        self.flush_all()
        dashboard = tab_as(self.tabs[TAB_DASHBOARD], DashboardTabLoader)
        self.tab_widget.setCurrentWidget(dashboard)
        self._load_current_tab()
        dashboard.export_report()

    def open_import(self) -> None:
        from csp_desktop.ui.import_dialog import open_import_dialog

        self.flush_all()
        open_import_dialog(self.context, self)
        self._stale = set(self.tabs)
        self._load_current_tab()

    def open_import_minutes(self) -> None:
        from csp_desktop.ui.import_minutes_dialog import open_import_minutes_dialog

        self.flush_all()
        self._import_minutes_dialog = open_import_minutes_dialog(self.context, self)

    # --- state between runs --------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen() or QApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else None
            # Never larger than the screen (without a window manager nothing else would
            # keep it on screen), and maximised on a laptop's.
            width, height = 1366, 768
            if available is not None:
                width = min(width, available.width())
                height = min(height, available.height())
            self.resize(width, height)
            # First launch: a laptop screen is used whole (never a 910 x 512 window).
            if available is not None and available.width() <= MAXIMISE_UP_TO_WIDTH:
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        for splitter in (self.splitter, self.agenda_tab.detail_splitter):
            saved = self.settings.splitter_state(splitter.objectName())
            if saved is not None:
                splitter.restoreState(saved)
        agenda_states = {}
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            saved = self.settings.splitter_state(f"agenda_splitter_{split_key(orientation)}")
            if saved is not None:
                agenda_states[split_key(orientation)] = saved
        self.agenda_tab.restore_layout(agenda_states)
        self.actions_by_name["toggle_navigator"].setChecked(self.left_pane.isVisibleTo(self))
        tab = self.settings.current_tab()
        if tab in self.tabs:
            self.tab_widget.blockSignals(True)
            self.tab_widget.setCurrentWidget(self.tabs[tab])
            self.tab_widget.blockSignals(False)
            self._previous_tab = tab

    def save_state(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        for splitter in (self.splitter, self.agenda_tab.detail_splitter):
            self.settings.set_splitter_state(splitter.objectName(), splitter.saveState())
        for name, state in self.agenda_tab.layout_states.items():
            self.settings.set_splitter_state(f"agenda_splitter_{name}", state)
        self.settings.set_current_tab(self.current_tab_name())
        self.settings.set_last_meeting(self.context.database.describe(), self.meeting_id)
        self.settings.set_last_item(
            self.context.database.describe(), self.meeting_id, self.agenda_tab.current_item_id()
        )
        self.settings.sync()

    def state_changed(self) -> None:
        """Layout, meeting or item changed: write them down in a moment (debounced)."""
        if not self._restoring:
            self._state_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.state_changed()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self.state_changed()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush_all():
            answer = QMessageBox.question(
                self,
                "Minutes not saved",
                "Some minutes could not be saved. If you close now, the unsaved text will be "
                "lost. Close anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.live_refresh.stop()
        self.warm_up.cancel()  # no tab built for a window that is going
        self.agenda_tab.edit_lease.release_all()
        self._state_timer.stop()
        self.save_state()
        self.context.background.stop()  # its thread ends with the window
        event.accept()
