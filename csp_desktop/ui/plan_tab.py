"""The Plan tab: the partnership's plans, their aims and numbered priorities, each with
its owning subgroups, delivery milestones and the actions linked to it.

Everything by keyboard: the plan list and the priorities tree on the left and in the
middle, the editor for the selected plan, priority or milestone on the right; Ctrl+Enter
saves the editor, Insert adds a priority, Shift+Insert a milestone, Ctrl+L links an
action, Delete removes the selected milestone or priority (or unlinks an action).
Built the first time the tab is opened (ui/lazy_tab.py).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.models import MilestoneStatus
from csp_desktop.services import bodies, plans
from csp_desktop.services.formatting import short_uk_date
from csp_desktop.services.plans import PlanDetail
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.navigation import TAB_ACTIONS, Place
from csp_desktop.ui.tab_contract import MeetingTab
from csp_desktop.ui.user_errors import reporting_user_errors

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PRIORITY, MILESTONE, ACTION = "priority", "milestone", "action"
FAILED = object()  # what _write returns when the service refused (the message is shown)


class PlanTab(MeetingTab):
    KEYBOARD_HELP = (
        ("Ctrl+Enter", "Save the plan, priority or milestone being edited", "Plan tab"),
        ("Insert", "Add a priority to the plan", "Plan tab"),
        ("Shift+Insert", "Add a milestone to the selected priority", "Plan tab"),
        ("Ctrl+L", "Link an action (by reference) to the selected priority", "Plan tab"),
        ("Delete", "Delete the milestone or priority, or unlink the action", "Priorities"),
        ("Enter", "Open the selected action in the Actions tab", "Priorities"),
    )

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: PlanDetail | None = None

        self.plan_list = QListWidget(self)
        self.plan_list.setAccessibleName("Plans")
        self.new_plan_button = QPushButton("&New plan", self)
        self.refresh_button = QPushButton("Annual &refresh…", self)
        plans_label = QLabel("Plan&s:", self)
        plans_label.setBuddy(self.plan_list)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(plans_label)
        left_layout.addWidget(self.plan_list, 1)
        left_layout.addWidget(self.new_plan_button)
        left_layout.addWidget(self.refresh_button)

        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Priorities, milestones and linked actions")
        self.tree.setHeaderLabels(["Priority / milestone / action", "Status", "Due", "Owner"])
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.tree.viewport().installEventFilter(self)
        self.aims_label = QLabel(self)
        self.aims_label.setWordWrap(True)
        self.aims_label.setTextFormat(Qt.TextFormat.PlainText)
        tree_label = QLabel("Priorit&ies:", self)
        tree_label.setBuddy(self.tree)
        self.add_priority_button = QPushButton("Add priority (Ins)", self)
        self.add_milestone_button = QPushButton("Add milestone (Shift+Ins)", self)
        self.link_button = QPushButton("Link action… (Ctrl+L)", self)
        buttons = QHBoxLayout()
        for button in (self.add_priority_button, self.add_milestone_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.aims_label)
        middle_layout.addWidget(tree_label)
        middle_layout.addWidget(self.tree, 1)
        middle_layout.addLayout(buttons)

        self.editor = QStackedWidget(self)
        self.editor.setAccessibleName("Editor")
        self._build_plan_page()
        self._build_priority_page()
        self._build_milestone_page()
        self.save_button = QPushButton("Save (Ctrl+Enter)", self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor, 1)
        right_layout.addWidget(self.save_button)

        # The editor sits under the tree, so half a screen still shows whole rows.
        work = QSplitter(Qt.Orientation.Vertical, self)
        work.addWidget(middle)
        work.addWidget(right)
        work.setStretchFactor(0, 3)
        work.setStretchFactor(1, 2)
        work.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(work)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([130, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.plan_list.currentRowChanged.connect(self._plan_chosen)
        self.tree.currentItemChanged.connect(self._tree_selection)
        self.tree.itemActivated.connect(self._tree_activated)
        self.new_plan_button.clicked.connect(self.new_plan)
        self.refresh_button.clicked.connect(self.refresh_plan)
        self.add_priority_button.clicked.connect(self.add_priority)
        self.add_milestone_button.clicked.connect(self.add_milestone)
        self.link_button.clicked.connect(self.link_action)
        self.save_button.clicked.connect(self.save)
        for keys, slot, widget in (
            ("Ctrl+Return", self.save, self),
            ("Ctrl+Enter", self.save, self),
            ("Insert", self.add_priority, self),
            ("Shift+Insert", self.add_milestone, self),
            ("Ctrl+L", self.link_action, self),
            ("Delete", self.delete_selected, self.tree),
        ):
            shortcut = QShortcut(QKeySequence(keys), widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._loaded = False

    # --- editor pages ---------------------------------------------------------------------

    def _build_plan_page(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.plan_title = QLineEdit(page)
        self.year_from = QSpinBox(page)
        self.year_to = QSpinBox(page)
        for spin in (self.year_from, self.year_to):
            spin.setRange(1990, 2200)
        self.plan_aims = QPlainTextEdit(page)
        self.plan_aims.setTabChangesFocus(True)
        self.plan_aims.setMaximumHeight(90)
        form.addRow(QLabel("<b>Plan</b>", page))
        form.addRow("Tit&le:", self.plan_title)
        form.addRow("Fr&om year:", self.year_from)
        form.addRow("To &year:", self.year_to)
        form.addRow("Aims:", self.plan_aims)
        self.plan_page = page
        self.editor.addWidget(page)

    def _build_priority_page(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.priority_title = QLineEdit(page)
        self.priority_description = QPlainTextEdit(page)
        self.priority_description.setTabChangesFocus(True)
        self.priority_description.setMaximumHeight(70)
        self.owner_list = QListWidget(page)
        self.owner_list.setAccessibleName("Owning subgroups (Space ticks)")
        self.owner_list.setMaximumHeight(90)
        form.addRow(QLabel("<b>Priority</b>", page))
        form.addRow("Tit&le:", self.priority_title)
        form.addRow("Description:", self.priority_description)
        form.addRow("&Owned by:", self.owner_list)
        self.priority_page = page
        self.editor.addWidget(page)

    def _build_milestone_page(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.milestone_text = QLineEdit(page)
        self.milestone_owner = QLineEdit(page)
        self.milestone_due = QDateEdit(page)
        self.milestone_due.setCalendarPopup(True)
        self.milestone_due.setDisplayFormat("d MMM yyyy")
        self.milestone_no_date = QCheckBox("No due date", page)
        self.milestone_status = QComboBox(page)
        for status in MilestoneStatus:
            self.milestone_status.addItem(plans.MILESTONE_WORDS[status], status)
        form.addRow(QLabel("<b>Milestone</b>", page))
        form.addRow("Mi&lestone:", self.milestone_text)
        form.addRow("&Owner:", self.milestone_owner)
        form.addRow("Due &by:", self.milestone_due)
        form.addRow("", self.milestone_no_date)
        form.addRow("Pro&gress:", self.milestone_status)
        self.milestone_page = page
        self.editor.addWidget(page)

    # --- the tab interface -----------------------------------------------------------------

    def show_meeting(self, _meeting_id: int | None) -> None:
        if not self._loaded:
            self._loaded = True
            self.reload()

    # Status, Due and Owner at full width, and the least each may shrink to.
    COLUMN_WIDTHS = ((1, 125, 90), (2, 95, 70), (3, 160, 80))
    # What the first column (the priority, milestone or action itself) keeps first.
    FIRST_COLUMN_SHARE = 0.5

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """The first column takes what is left; in half a screen the others give way
        (down to their least) so it keeps half the width. Owners elide, tooltip in full."""
        room = self.tree.viewport().width() * (1 - self.FIRST_COLUMN_SHARE)
        full = sum(width for _column, width, _least in self.COLUMN_WIDTHS)
        scale = min(1.0, room / full)
        for column, width, least in self.COLUMN_WIDTHS:
            self.tree.setColumnWidth(column, max(least, int(width * scale)))

    # --- loading ---------------------------------------------------------------------------

    def reload(self, plan_id: int | None = None, select: tuple[str, int] | None = None) -> None:
        rows = self.context.read(plans.list_plans)
        if plan_id is None and self.detail is not None:
            plan_id = self.detail.plan.id
        if plan_id is None:
            plan_id = self.context.read(plans.current_plan_id, self.context.clock.today())
        self.owner_list.clear()
        for body in self.context.read(bodies.list_bodies):
            item = QListWidgetItem(body.name)
            item.setData(ID_ROLE, body.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.owner_list.addItem(item)
        self.plan_list.blockSignals(True)
        self.plan_list.clear()
        chosen = 0
        for index, row in enumerate(rows):
            item = QListWidgetItem(f"{row.label}\n{row.priority_count} priorities")
            item.setToolTip(row.title)
            item.setData(ID_ROLE, row.id)
            self.plan_list.addItem(item)
            if row.id == plan_id:
                chosen = index
        self.plan_list.blockSignals(False)
        if rows:
            self.plan_list.setCurrentRow(chosen)
            self._show_plan(rows[chosen].id, select)
        else:
            self.detail = None
            self.tree.clear()
            self.aims_label.setText("No plan yet: press New plan to start one.")

    def _plan_chosen(self, row: int) -> None:
        item = self.plan_list.item(row)
        if item is not None:
            self._show_plan(int(item.data(ID_ROLE)))

    def _show_plan(self, plan_id: int, select: tuple[str, int] | None = None) -> None:
        detail = self.context.read(plans.plan_detail, plan_id)
        self.detail = detail
        plan = detail.plan
        refresh = f" (refresh of {plan.refresh_of_label})" if plan.refresh_of_label else ""
        self.aims_label.setText(
            f"{plan.title}"
            + ("" if plan.years_label in plan.title else f", {plan.years_label}")
            + f"{refresh}. Aims: "
            f"{plan.aims.strip() or 'none recorded'}"
        )
        today = self.context.clock.today()
        self.tree.clear()
        target: QTreeWidgetItem | None = None
        for priority in detail.priorities:
            owners = ", ".join(priority.owner_names) or "No owner"
            count = len(priority.actions)
            # A priority's row spans the columns: its whole title, owners and actions.
            top = QTreeWidgetItem(
                [
                    f"{priority.label} (owned by {owners}; {count} linked "
                    f"action{'' if count == 1 else 's'})"
                ]
            )
            top.setData(0, KIND_ROLE, PRIORITY)
            top.setData(0, ID_ROLE, priority.id)
            top.setToolTip(0, priority.description)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for milestone in priority.milestones:
                late = " (late)" if milestone.is_late(today) else ""
                child = QTreeWidgetItem(
                    [
                        f"Milestone: {milestone.text}",
                        milestone.status_word + late,
                        short_uk_date(milestone.due_date) if milestone.due_date else "",
                        milestone.owner,
                    ]
                )
                child.setData(0, KIND_ROLE, MILESTONE)
                child.setData(0, ID_ROLE, milestone.id)
                top.addChild(child)
                if select == (MILESTONE, milestone.id):
                    target = child
            for action in priority.actions:
                child = QTreeWidgetItem(
                    [
                        f"Action {action.reference}: {action.text}",
                        action.status.label,
                        short_uk_date(action.due_date) if action.due_date else "",
                        "",
                    ]
                )
                child.setData(0, KIND_ROLE, ACTION)
                child.setData(0, ID_ROLE, action.id)
                top.addChild(child)
            top.setExpanded(True)
            if select == (PRIORITY, priority.id):
                target = top
        self._name_empty_cells()
        self._fit_columns()
        if target is not None:
            self.tree.setCurrentItem(target)
        else:
            self._edit_plan()

    def _name_empty_cells(self) -> None:
        """A screen reader reads an empty cell as nothing: "No due date", "No owner"; a
        priority's row (one cell spanning the columns) repeats its title."""
        header = self.tree.headerItem()
        if header is None:
            return
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is None:
                continue
            rows = [top, *(top.child(c) for c in range(top.childCount()))]
            for item in rows:
                if item is None:
                    continue
                for column in range(1, self.tree.columnCount()):
                    if item.text(column):
                        continue
                    words = (
                        top.text(0)
                        if item is top
                        else f"No {header.text(column).lower() or 'entry'}"
                    )
                    item.setData(column, Qt.ItemDataRole.AccessibleTextRole, words)

    # --- selection -> editor ---------------------------------------------------------------

    def _edit_plan(self) -> None:
        if self.detail is None:
            return
        plan = self.detail.plan
        self.plan_title.setText(plan.title)
        self.year_from.setValue(plan.year_from)
        self.year_to.setValue(plan.year_to)
        self.plan_aims.setPlainText(plan.aims)
        self.editor.setCurrentWidget(self.plan_page)

    def _selected(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return str(item.data(0, KIND_ROLE)), int(item.data(0, ID_ROLE))

    def _selected_priority_id(self) -> int | None:
        item = self.tree.currentItem()
        while item is not None and item.data(0, KIND_ROLE) != PRIORITY:
            item = item.parent()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def _tree_selection(self, *_args: object) -> None:
        selected = self._selected()
        if selected is None or self.detail is None:
            self._edit_plan()
            return
        kind, record_id = selected
        if kind == PRIORITY:
            priority = next(p for p in self.detail.priorities if p.id == record_id)
            self.priority_title.setText(priority.title)
            self.priority_description.setPlainText(priority.description)
            for row in range(self.owner_list.count()):
                item = self.owner_list.item(row)
                owned = int(item.data(ID_ROLE)) in priority.owner_ids
                item.setCheckState(Qt.CheckState.Checked if owned else Qt.CheckState.Unchecked)
            self.editor.setCurrentWidget(self.priority_page)
        elif kind == MILESTONE:
            milestone = next(
                m for p in self.detail.priorities for m in p.milestones if m.id == record_id
            )
            self.milestone_text.setText(milestone.text)
            self.milestone_owner.setText(milestone.owner)
            due = milestone.due_date or self.context.clock.today()
            self.milestone_due.setDate(QDate(due.year, due.month, due.day))
            self.milestone_no_date.setChecked(milestone.due_date is None)
            self.milestone_status.setCurrentIndex(self.milestone_status.findData(milestone.status))
            self.editor.setCurrentWidget(self.milestone_page)
        else:
            self._edit_plan()

    def _tree_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, KIND_ROLE) == ACTION:
            self.navigate.emit(Place(None, TAB_ACTIONS, action_id=int(item.data(0, ID_ROLE))))
        else:
            page = self.editor.currentWidget()
            if page is not None:
                page.focusNextChild()

    # --- writing ---------------------------------------------------------------------------

    def _write(self, service: object, *args: object, **kwargs: object) -> object | None:
        with reporting_user_errors(self.status_message.emit):
            return self.context.write(service, *args, topic="plans", **kwargs)  # type: ignore[arg-type]
        return FAILED

    def save(self) -> None:
        if self.detail is None:
            return
        page = self.editor.currentWidget()
        selected = self._selected()
        if page is self.plan_page:
            if (
                self._write(
                    plans.edit_plan,
                    self.detail.plan.id,
                    title=self.plan_title.text(),
                    year_from=self.year_from.value(),
                    year_to=self.year_to.value(),
                    aims=self.plan_aims.toPlainText(),
                )
                is FAILED
            ):
                return  # what was typed stays in the editor
            self.reload(self.detail.plan.id)
            self.status_message.emit("Plan saved")
        elif page is self.priority_page and selected and selected[0] == PRIORITY:
            owners = [
                int(self.owner_list.item(r).data(ID_ROLE))
                for r in range(self.owner_list.count())
                if self.owner_list.item(r).checkState() == Qt.CheckState.Checked
            ]
            if (
                self._write(
                    plans.edit_priority,
                    selected[1],
                    title=self.priority_title.text(),
                    description=self.priority_description.toPlainText(),
                    owner_body_ids=owners,
                )
                is FAILED
            ):
                return
            self.reload(self.detail.plan.id, selected)
            self.status_message.emit("Priority saved")
        elif page is self.milestone_page and selected and selected[0] == MILESTONE:
            due = self.milestone_due.date()
            written = self._write(
                plans.edit_milestone,
                selected[1],
                text=self.milestone_text.text(),
                owner=self.milestone_owner.text(),
                due_date=None
                if self.milestone_no_date.isChecked()
                else dt.date(due.year(), due.month(), due.day()),
                clear_due_date=self.milestone_no_date.isChecked(),
                status=self.milestone_status.currentData(),
            )
            if written is FAILED:
                return
            self.reload(self.detail.plan.id, selected)
            self.status_message.emit("Milestone saved")
        self.tree.setFocus()

    def new_plan(self) -> None:
        year = self.context.clock.today().year
        taken = {(p.year_from, p.year_to) for p in self.context.read(plans.list_plans)}
        while (year, year + 3) in taken:
            year += 1
        plan_id = self._write(
            plans.create_plan, "Community Safety Partnership Plan", year, year + 3
        )
        if isinstance(plan_id, int):
            self.reload(plan_id)
            self._edit_plan()
            self.plan_title.setFocus()
            self.plan_title.selectAll()
            self.status_message.emit("New plan: type its title, years and aims, then Ctrl+Enter")

    def refresh_plan(self) -> None:
        if self.detail is None:
            return
        plan = self.detail.plan
        year, ok = QInputDialog.getInt(
            self,
            "Annual refresh",
            f"Refresh the {plan.label} plan in which year?",
            min(max(self.context.clock.today().year, plan.year_from), plan.year_to),
            plan.year_from,
            plan.year_to,
        )
        if not ok:
            return
        new_id = self._write(plans.refresh_plan, plan.id, year)
        if isinstance(new_id, int):
            self.reload(new_id)
            self.status_message.emit(
                "Refreshed: priorities, owners, unfinished milestones and open actions carried"
            )

    def add_priority(self) -> None:
        if self.detail is None:
            return
        priority_id = self._write(plans.add_priority, self.detail.plan.id, "New priority")
        if isinstance(priority_id, int):
            self.reload(self.detail.plan.id, (PRIORITY, priority_id))
            self.priority_title.setFocus()
            self.priority_title.selectAll()

    def add_milestone(self) -> None:
        priority_id = self._selected_priority_id()
        if self.detail is None or priority_id is None:
            self.status_message.emit("Select a priority first.")
            return
        milestone_id = self._write(plans.add_milestone, priority_id, "New milestone")
        if isinstance(milestone_id, int):
            self.reload(self.detail.plan.id, (MILESTONE, milestone_id))
            self.milestone_text.setFocus()
            self.milestone_text.selectAll()

    def link_action(self) -> None:
        priority_id = self._selected_priority_id()
        if self.detail is None or priority_id is None:
            self.status_message.emit("Select a priority first.")
            return
        reference, ok = QInputDialog.getText(
            self, "Link an action", "Action reference (for example CSP-2022-10-05-04):"
        )
        if not ok or not reference.strip():
            return
        linked = self._write(plans.link_action_by_reference, reference, priority_id)
        if linked:
            self.reload(self.detail.plan.id, (PRIORITY, priority_id))
            self.status_message.emit(f"{linked} linked to the priority")

    def delete_selected(self) -> None:
        selected = self._selected()
        if self.detail is None or selected is None:
            return
        kind, record_id = selected
        parent = self._selected_priority_id()
        if kind == MILESTONE:
            self._write(plans.delete_milestone, record_id)
        elif kind == ACTION:
            self._write(plans.link_action, record_id, None)
        else:
            self._write(plans.delete_priority, record_id)
            parent = None
        self.reload(self.detail.plan.id, (PRIORITY, parent) if parent else None)
        self.tree.setFocus()
