"""New meeting: pick the body, the date and times (defaults from the body, or from the
"date of next meeting" recorded last time), and the venue. The agenda comes from the
body's standing items and forward plan, the roster from its members."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.services import agenda, bodies, meetings
from csp_desktop.services.formatting import uk_date
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.qt_dates import python_date, qdate, qtime
from csp_desktop.ui.user_errors import reporting_user_errors

NO_TIME = QTime(0, 0)


class NewMeetingDialog(QDialog):
    """Creates the meeting on OK; `meeting_id` holds the new meeting's id."""

    def __init__(
        self, context: UiContext, parent: QWidget | None = None, *, body_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self.setWindowTitle("New meeting")
        self.setAccessibleName("New meeting")

        self.body_combo = QComboBox(self)
        self.body_combo.setAccessibleName("Body")
        self._bodies = context.read(bodies.list_bodies)
        for row in self._bodies:
            self.body_combo.addItem(row.name, row.id)
        if body_id is not None:
            index = self.body_combo.findData(body_id)
            if index >= 0:
                self.body_combo.setCurrentIndex(index)

        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dddd d MMMM yyyy")
        self.date_edit.setAccessibleName("Meeting date")
        self.start_edit = QTimeEdit(self)
        self.start_edit.setDisplayFormat("HH:mm")
        self.start_edit.setAccessibleName("Start time")
        self.end_edit = QTimeEdit(self)
        self.end_edit.setDisplayFormat("HH:mm")
        self.end_edit.setAccessibleName("End time")
        self.venue_edit = QLineEdit(self)
        self.venue_edit.setAccessibleName("Venue")
        self.venue_edit.setPlaceholderText("MS Teams, or a room")
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Title (optional)")
        self.title_edit.setPlaceholderText("Optional, e.g. Extraordinary meeting")

        form = QFormLayout()
        form.addRow("&Body:", self.body_combo)
        form.addRow("&Date:", self.date_edit)
        form.addRow("&Start:", self.start_edit)
        form.addRow("&End:", self.end_edit)
        form.addRow("&Venue:", self.venue_edit)
        form.addRow("&Title:", self.title_edit)

        self.note = QLabel(
            "The agenda starts from the body's standing items and forward plan; "
            "its members are listed for attendance; open actions are carried forward.",
            self,
        )
        self.note.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Problem")
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create meeting")
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        if not self._bodies:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.error_label.setText(
                "There are no bodies yet. Create the board first (for example with "
                "“csp-desktop demo” or by importing a meeting)."
            )
            self.error_label.show()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.body_combo.currentIndexChanged.connect(self._body_changed)
        self._body_changed()
        self.resize(460, self.sizeHint().height())

    def _body_changed(self) -> None:
        body_id = self.body_combo.currentData()
        if body_id is None:
            return
        suggestion = self.context.read(
            agenda.suggest_meeting, int(body_id), self.context.clock.today()
        )
        self.date_edit.setDate(qdate(suggestion.date))
        self.start_edit.setTime(qtime(suggestion.start_time) if suggestion.start_time else NO_TIME)
        self.end_edit.setTime(qtime(suggestion.end_time) if suggestion.end_time else NO_TIME)
        self.venue_edit.setText(suggestion.venue or "")

    def _time(self, edit: QTimeEdit) -> dt.time | None:
        value = edit.time()
        return None if value == NO_TIME else dt.time(value.hour(), value.minute())

    def _create(self) -> None:
        body_id = self.body_combo.currentData()
        if body_id is None:
            return
        day = python_date(self.date_edit.date())
        start, end = self._time(self.start_edit), self._time(self.end_edit)
        if start and end and end <= start:
            self._problem("The end time must be after the start time.")
            return
        with reporting_user_errors(self._problem) as attempt:
            meeting = self.context.write(
                meetings.create_meeting,
                int(body_id),
                day,
                self.context.clock,
                start_time=start,
                end_time=end,
                venue=self.venue_edit.text().strip() or None,
                title=self.title_edit.text().strip() or None,
                topic="meetings",
            )
        if attempt.failed:
            return
        self.meeting_id = int(meeting.id)
        self.created_label = f"{self.body_combo.currentText()}, {uk_date(day)}"
        self.accept()

    def _problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
