"""The Dashboard tab: how a body is doing over a period, in charts with their numbers.

Loaded the first time the tab is opened (ui/lazy_tab.py), so none of this is on the
start-up path. The figures come from services/dashboard.py in one read; the charts are
painted widgets (ui/charts.py). Enter or a click on a bar or cell lists what lies behind
it in the "Behind the selection" list; Enter there opens the action, meeting or report.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.services import bodies, report_chases
from csp_desktop.services import dashboard as dashboard_service
from csp_desktop.services.dashboard import (
    ActionSelection,
    Dashboard,
    Period,
    describe_actions,
    describe_ages,
    describe_attendance,
    describe_quorum,
    describe_rag,
    describe_reporting,
)
from csp_desktop.services.formatting import uk_date
from csp_desktop.ui.charts import BarChart, BarRow, GridCell, GridChart, Segment
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.navigation import TAB_ACTIONS, TAB_ATTENDANCE, TAB_SUBGROUP_REPORTS, Place
from csp_desktop.ui.tab_contract import MeetingTab
from csp_desktop.ui.user_errors import reporting_user_errors

PLACE_ROLE = Qt.ItemDataRole.UserRole


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def action_rows(counts: tuple[dashboard_service.ActionCounts, ...], by: str) -> list[BarRow]:
    """Open (on time / overdue) and completed, stacked, the figures beside."""
    rows = []
    for c in counts:
        narrow = (
            {"body_id": c.key}
            if by == "body"
            else {"organisation_id": c.key, "no_organisation": c.key is None}
        )
        rows.append(
            BarRow(
                c.label,
                (
                    Segment("on time", c.open - c.overdue, ("on time", narrow)),
                    Segment("overdue", c.overdue, ("overdue", narrow)),
                    Segment("completed", c.completed, ("completed", narrow)),
                ),
                stacked=True,
                note=f"{c.open} open ({c.overdue} overdue), {c.completed} completed",
            )
        )
    return rows


class DashboardTab(MeetingTab):
    """Body and period at the top, six charts below, what lies behind a bar at the bottom."""

    KEYBOARD_HELP = (
        ("Arrows", "Move between bars or cells", "Dashboard charts"),
        ("Enter", "List what lies behind the bar or cell", "Dashboard charts"),
        ("Enter", "Open the action, meeting or report", "Behind the selection list"),
        ("C", "Mark a missing report chased (again: not chased)", "Subgroup reports chart"),
        ("Ctrl+Shift+P", "Export the performance report (Word)", "Dashboard"),
    )

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dashboard: Dashboard | None = None
        self.compute_ms = 0.0
        self._body_chosen = False

        self.body_combo = QComboBox(self)
        self.body_combo.setAccessibleName("Body")
        self.date_from = QDateEdit(self)
        self.date_from.setAccessibleName("Period from")
        self.date_to = QDateEdit(self)
        self.date_to.setAccessibleName("Period to")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        year = Period.year_to(context.clock.today())
        self.date_from.setDate(_qdate(year.date_from))
        self.date_to.setDate(_qdate(year.date_to))
        self.show_button = QPushButton("&Show", self)
        self.show_button.setToolTip("Show the dashboard for this body and period")
        self.year_button = QPushButton("Last &12 months", self)
        self.export_button = QPushButton("E&xport report…", self)
        self.export_button.setToolTip("Word performance report (Ctrl+Shift+E)")

        controls = QHBoxLayout()
        period_row = QHBoxLayout()  # a second row, so half a screen shows every control
        body_label = QLabel("&Body:", self)
        # On Linux the combo's name is its value: the label names its purpose on the bus.
        body_label.setAccessibleName("Body shown in the dashboard")
        body_label.setBuddy(self.body_combo)
        from_label = QLabel("Fi&rst day:", self)
        from_label.setBuddy(self.date_from)
        to_label = QLabel("&Last day:", self)
        to_label.setBuddy(self.date_to)
        controls.addWidget(body_label)
        controls.addWidget(self.body_combo, 1)
        controls.addWidget(self.export_button)
        for widget in (
            from_label,
            self.date_from,
            to_label,
            self.date_to,
            self.show_button,
            self.year_button,
        ):
            period_row.addWidget(widget)
        period_row.addStretch(1)
        self.body_combo.setMinimumContentsLength(20)
        self.body_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.by_body = BarChart("Actions by body", self)
        self.by_organisation = BarChart("Actions by owner's organisation", self)
        self.ages = BarChart("How long open actions have been open", self)
        self.attendance = BarChart("Attendance by member organisation", self)
        self.quorum = BarChart("Quorum at each meeting", self)
        self.reporting = GridChart("Subgroup reports at each meeting", self)
        self.rag = GridChart("Priorities: RAG at each board meeting", self)
        self.charts: list[QWidget] = [
            self.rag,
            self.by_body,
            self.by_organisation,
            self.ages,
            self.attendance,
            self.quorum,
            self.reporting,
        ]
        self.summaries: dict[QWidget, QLabel] = {}

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.heading)
        for chart in self.charts:
            title = QLabel(chart.accessibleName(), page)
            title_font = title.font()
            title_font.setBold(True)
            title.setFont(title_font)
            title.setBuddy(chart)
            page_layout.addWidget(title)
            page_layout.addWidget(chart)
            summary = QLabel(page)
            summary.setVisible(False)  # the text alternative, shown on request (Alt+W)
            summary.setWordWrap(True)
            summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summaries[chart] = summary
            page_layout.addWidget(summary)
        page_layout.addStretch(1)
        self.words_box = QCheckBox("Figures in &words under each chart", self)
        self.words_box.toggled.connect(self._show_words)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(page)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.details_label = QLabel("Behind the selection (Enter opens it):", self)
        self.details = QListWidget(self)
        self.details.setAccessibleName("Behind the selection")
        self.details_label.setBuddy(self.details)
        details_box = QWidget(self)
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details_label)
        details_layout.addWidget(self.details)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.scroll_area)
        splitter.addWidget(details_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        splitter.setSizes([620, 110])
        layout = QVBoxLayout(self)
        # Beside the body (whose list can narrow), not after the dates: there it was cut
        # off and squeezed the buttons in half a screen.
        controls.insertWidget(2, self.words_box)
        layout.addLayout(controls)
        layout.addLayout(period_row)
        layout.addWidget(splitter, 1)

        self.show_button.clicked.connect(self.reload)
        self.year_button.clicked.connect(self._last_twelve_months)
        self.export_button.clicked.connect(self.export_report)
        self.body_combo.activated.connect(self._body_picked)
        self.by_body.activated.connect(lambda key: self._open_actions(key, "body"))
        self.by_organisation.activated.connect(lambda key: self._open_actions(key, "organisation"))
        self.ages.activated.connect(lambda key: self._open_actions(key, "age"))
        self.attendance.activated.connect(self._open_attendance)
        self.quorum.activated.connect(self._open_meeting)
        self.reporting.activated.connect(self._open_reports)
        self.rag.activated.connect(self._open_reports)
        self.details.itemActivated.connect(self._go)
        # Ctrl+7 lands in the first chart, where the arrow keys pick a cell and Enter opens
        # it; not on the first stop, the Body list, where Down changed the whole dashboard.
        self.setFocusProxy(self.charts[0])
        chase = QShortcut(QKeySequence("C"), self.reporting)
        chase.setContext(Qt.ShortcutContext.WidgetShortcut)
        chase.activated.connect(self.toggle_chased)
        export = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        export.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        export.activated.connect(self.export_report)
        self._fill_bodies()

    def _show_words(self, shown: bool) -> None:
        for summary in self.summaries.values():
            summary.setVisible(shown)

    # --- the tab interface ---------------------------------------------------------------

    def show_meeting(self, meeting_id: int | None) -> None:
        """The dashboard follows the selected meeting's body until a body is chosen here."""
        if meeting_id is not None and not self._body_chosen:
            from csp_desktop.services import agenda

            header = self.context.read(agenda.meeting_header, meeting_id)
            index = self.body_combo.findText(header.body_name)
            if index >= 0:
                self.body_combo.setCurrentIndex(index)
        self.reload()

    # --- loading -------------------------------------------------------------------------

    def _fill_bodies(self) -> None:
        self.body_combo.clear()
        for body in self.context.read(bodies.list_bodies):
            self.body_combo.addItem(body.name, body.id)

    def _body_picked(self, _index: int) -> None:
        self._body_chosen = True
        self.reload()

    def _last_twelve_months(self) -> None:
        year = Period.year_to(self.context.clock.today())
        self.date_from.setDate(_qdate(year.date_from))
        self.date_to.setDate(_qdate(year.date_to))
        self.reload()

    def period(self) -> Period:
        return Period(_pydate(self.date_from.date()), _pydate(self.date_to.date()))

    def reload(self) -> None:
        body_id = self.body_combo.currentData()
        if body_id is None:
            self.heading.setText("No bodies yet: the dashboard fills once meetings are recorded.")
            return
        started = time.perf_counter()
        with reporting_user_errors(self.status_message.emit) as attempt:
            dashboard = self.context.read(
                dashboard_service.build_dashboard,
                body_id,
                self.period(),
                self.context.clock.today(),
            )
        if attempt.failed:
            return
        self.compute_ms = (time.perf_counter() - started) * 1000
        self.show_dashboard(dashboard)

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.heading.setText(
            f"{dashboard.body_name}: {dashboard.period.label} (overdue as of "
            f"{uk_date(dashboard.as_of)})"
        )
        self._set_bars(
            self.by_body,
            action_rows(dashboard.actions_by_body, "body"),
            describe_actions("Actions by body", dashboard.actions_by_body),
        )
        self._set_bars(
            self.by_organisation,
            action_rows(dashboard.actions_by_organisation, "organisation"),
            describe_actions("Actions by owner's organisation", dashboard.actions_by_organisation),
        )
        self._set_bars(
            self.ages,
            [
                BarRow(b.label, (Segment("open", b.count, (b.label, {})),))
                for b in dashboard.open_action_ages
            ],
            describe_ages(dashboard.open_action_ages),
        )
        self._set_bars(
            self.attendance,
            [
                BarRow(
                    a.organisation,
                    (
                        Segment("present", a.present, a.organisation_id),
                        Segment("substitute", a.substitute, a.organisation_id),
                        Segment("apologies", a.apologies, a.organisation_id),
                        Segment("absent", a.absent, a.organisation_id),
                    ),
                    stacked=True,
                    note=f"{a.present} present, {a.substitute} sub., {a.apologies} apol., "
                    f"{a.absent} absent ({a.represented_percent}%)",
                )
                for a in dashboard.attendance
            ],
            describe_attendance(dashboard.attendance),
        )
        self._set_bars(
            self.quorum,
            [
                BarRow(
                    uk_date(q.date),
                    (Segment("present", q.members_present, q.meeting_id),),
                    stacked=True,
                    note=f"{q.members_present} members: {q.word.lower()}"
                    + (f" (quorum {q.quorum})" if q.quorum is not None else ""),
                )
                for q in dashboard.quorum
            ],
            describe_quorum(dashboard.quorum),
        )
        grid = dashboard.reporting
        self._set_grid(
            self.reporting,
            [name for _, name in grid.subgroups],
            [c.label for c in grid.meetings],
            [
                [
                    GridCell(
                        "NC" if cell.letter == "NC" else cell.letter,
                        cell.word,
                        (cell.report_id,) if cell.report_id else (),
                    )
                    for cell in row
                ]
                for row in grid.cells
            ],
            describe_reporting(grid),
            "W written, V verbal, N none (not chased), NC none (chased), - not expected",
        )
        rag = dashboard.priorities
        if rag is None:
            self._set_grid(self.rag, [], [], [], describe_rag(None), "No plan recorded yet.")
        else:
            self._set_grid(
                self.rag,
                [line.label for line in rag.priorities],
                [c.label for c in rag.meetings],
                [
                    [GridCell(cell.letter, cell.word, cell.report_ids) for cell in row]
                    for row in rag.cells
                ],
                describe_rag(rag),
                f"{rag.plan_title} ({rag.plan_label}): R red, A amber, G green, - not reported",
            )

    def _set_bars(self, chart: BarChart, rows: list[BarRow], description: str) -> None:
        chart.set_rows(rows, description)
        self.summaries[chart].setText(description)

    def _set_grid(
        self,
        chart: GridChart,
        rows: list[str],
        columns: list[str],
        cells: list[list[GridCell]],
        description: str,
        key_text: str,
    ) -> None:
        chart.set_grid(rows, columns, cells, description, key_text)
        self.summaries[chart].setText(description)

    # --- what lies behind a bar ----------------------------------------------------------

    def _show_details(self, title: str, lines: list[tuple[str, Place | None]]) -> None:
        self.details.clear()
        self.details_label.setText(f"Behind the selection: {title} (Enter opens it):")
        for text, place in lines or [("Nothing to show.", None)]:
            item = QListWidgetItem(text)
            item.setData(PLACE_ROLE, place)
            self.details.addItem(item)
        self.details.setCurrentRow(0)
        self.details.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status_message.emit(f"{title}: {len(lines)} listed")

    def _open_actions(self, key: tuple[str, dict[str, Any]], _by: str) -> None:
        if self.dashboard is None:
            return
        kind, narrow = key
        selection = ActionSelection(
            self.dashboard.scope_body_ids,
            self.dashboard.period,
            self.dashboard.as_of,
            kind,
            **narrow,
        )
        rows = self.context.read(dashboard_service.actions_behind, selection)
        self._show_details(
            f"{kind} actions",
            [(r.line, Place(r.meeting_id, TAB_ACTIONS, action_id=r.id)) for r in rows],
        )

    def _open_attendance(self, organisation_id: int | None) -> None:
        if self.dashboard is None:
            return
        rows = self.context.read(
            dashboard_service.attendance_behind,
            self.dashboard.body_id,
            self.dashboard.period,
            organisation_id,
        )
        self._show_details(
            "attendance", [(r.line, Place(r.meeting_id, TAB_ATTENDANCE)) for r in rows]
        )

    def _open_meeting(self, meeting_id: int) -> None:
        if self.dashboard is None:
            return
        row = next(q for q in self.dashboard.quorum if q.meeting_id == meeting_id)
        self._show_details(
            "meeting",
            [
                (
                    f"{uk_date(row.date)}: {row.members_present} members, {row.word.lower()}",
                    Place(meeting_id, TAB_ATTENDANCE),
                )
            ],
        )

    def _open_reports(self, report_ids: tuple[int, ...]) -> None:
        rows = self.context.read(dashboard_service.reports_behind, list(report_ids))
        self._show_details(
            "subgroup reports",
            [(r.line, Place(r.meeting_id, TAB_SUBGROUP_REPORTS)) for r in rows],
        )

    def _go(self, item: QListWidgetItem) -> None:
        place = item.data(PLACE_ROLE)
        if isinstance(place, Place):
            self.navigate.emit(place)

    def toggle_chased(self) -> None:
        cell = self.reporting.selected_cell()
        if self.dashboard is None or cell is None or not cell.key:
            return
        (report_id,) = cell.key
        chased = cell.letter == "NC"
        with reporting_user_errors(self.status_message.emit) as attempt:
            self.context.write(
                report_chases.set_chased,
                report_id,
                None if chased else self.context.clock.today(),
                self.context.clock.user(),
                topic="subgroups",
            )
        if attempt.failed:
            return
        current = self.reporting.current
        self.reload()
        self.reporting.current = current
        self.reporting.setFocus()
        self.status_message.emit("Marked not chased" if chased else "Marked chased today")

    # --- export --------------------------------------------------------------------------

    def export_report(self) -> None:
        if self.dashboard is None:
            self.reload()
        if self.dashboard is None:
            return
        from csp_desktop.usecases import performance_report

        suggested = performance_report.suggested_file_name(
            self.dashboard.body_name, self.dashboard.period
        )
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export performance report", suggested, "Word document (*.docx)"
        )
        if not path:
            return
        from csp_desktop.usecases.export_papers import PaperKind, PaperRequest, export_paper

        request = PaperRequest(
            kind=PaperKind.REPORT,
            output=Path(path),
            body_name=str(self.dashboard.body_id),
            date_from=self.dashboard.period.date_from,
            date_to=self.dashboard.period.date_to,
            backups_dir=self.context.paths.backups_dir,
        )
        with reporting_user_errors(self.status_message.emit) as attempt:
            written = export_paper(self.context.database, self.context.clock, request)
        if attempt.failed:
            return
        self.status_message.emit(f"Performance report saved: {written.path}")
