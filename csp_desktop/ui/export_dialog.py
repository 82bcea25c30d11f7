"""File > Export: minutes, agenda, action tracker or attendance register, full or public.

The dialog only gathers choices. The export itself (`usecases/export_papers.py`, the
same function as `csp-desktop export ...`) runs on a worker thread, so the window never freezes. A
file that is open in Word or Excel, or a folder that cannot be written, is reported in
plain words; every choice stays as it was, so the officer can close the file and press
Export again.
"""

from __future__ import annotations

import logging
import threading
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QDate, QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.errors import UserError
from csp_desktop.ui.context import UiContext
from csp_desktop.usecases.export_papers import (
    OutputLocked,
    PaperKind,
    PaperRequest,
    PaperWritten,
    export_paper,
)

log = logging.getLogger(__name__)

LAST_FOLDER_KEY = "export/last_folder"
LAST_KIND_KEY = "export/last_kind"
TEMPLATE_KEY = "export/template"  # the council's own template, once chosen, is kept
MARKING_KEY = "export/marking"


class ExportKind(StrEnum):
    MINUTES = "minutes"
    AGENDA = "agenda"
    ACTIONS = "actions"
    ATTENDANCE = "attendance"

    @property
    def label(self) -> str:
        return {
            ExportKind.MINUTES: "Minutes (Word)",
            ExportKind.AGENDA: "Agenda (Word)",
            ExportKind.ACTIONS: "Action tracker (Excel)",
            ExportKind.ATTENDANCE: "Attendance register (Excel)",
        }[self]

    @property
    def is_word(self) -> bool:
        return self in (ExportKind.MINUTES, ExportKind.AGENDA)

    @property
    def suffix(self) -> str:
        return ".docx" if self.is_word else ".xlsx"


def saved_sentence(written: PaperWritten) -> str:
    """The status line after an export: what was saved, and where."""
    version = "public version" if written.public else "full version"
    if written.kind is PaperKind.ACTIONS:
        return f"Saved {written.action_count} actions ({version}) to {written.path}."
    if written.kind is PaperKind.ATTENDANCE:
        return f"Saved the attendance register to {written.path}."
    return f"Saved the {written.kind.value} ({version}) to {written.path}."


class _ExportJob(QObject):
    """Runs `export_paper` on a worker thread and reports back through queued signals.

    A plain Python thread rather than a QRunnable subclass: PySide's ownership of Python
    QRunnables across the pool's threads has been fragile, and the job needs no Qt there.
    """

    succeeded = Signal(str)
    failed = Signal(str, bool)  # message, whether the target was locked

    def __init__(self, context: UiContext, request: PaperRequest) -> None:
        super().__init__()
        self._context = context
        self._request = request
        self._thread = threading.Thread(target=self.run, name="csp-export", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def run(self) -> None:
        try:
            written = export_paper(self._context.database, self._context.clock, self._request)
        except OutputLocked as exc:
            self.failed.emit(str(exc), True)
        except UserError as exc:
            self.failed.emit(str(exc), False)
        except Exception as exc:  # never let a worker die silently
            log.error("Export failed", exc_info=exc)
            self.failed.emit(
                f"The export failed unexpectedly ({type(exc).__name__}: {exc}). Nothing was "
                "lost; try again, or send the log file to support.",
                False,
            )
        else:
            self.succeeded.emit(saved_sentence(written))


class ExportDialog(QDialog):
    """Choose what to export and where; export runs in the background."""

    export_finished = Signal(str)
    export_failed = Signal(str)

    def __init__(
        self,
        context: UiContext,
        meeting_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("export_dialog")
        self.context = context
        context.paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(context.paths.settings_file), QSettings.Format.IniFormat)
        self._job: _ExportJob | None = None
        self._finished_job: _ExportJob | None = None  # kept until its queued signal is handled
        self._output_edited = False
        self._last_output: Path | None = None

        from csp_desktop.services.bodies import list_bodies
        from csp_desktop.services.meetings import list_meetings

        self._meetings = context.read(list_meetings)
        self._bodies = context.read(list_bodies)

        self.kind = QComboBox()
        self.kind.setObjectName("export_kind")
        for kind in ExportKind:
            self.kind.addItem(kind.label, kind.value)
        self.meeting = QComboBox()
        self.meeting.setObjectName("export_meeting")
        from csp_desktop.services.formatting import uk_date

        for row in self._meetings:
            self.meeting.addItem(
                f"{row.body_short_name or row.body_name}, {uk_date(row.date)}", row.id
            )
        if meeting_id is not None and self.meeting.findData(meeting_id) >= 0:
            self.meeting.setCurrentIndex(self.meeting.findData(meeting_id))

        self.full = QRadioButton("&Full version (for board members)")
        self.public = QRadioButton("&Public version (restricted items withheld)")
        self.full.setChecked(True)
        versions = QButtonGroup(self)
        versions.addButton(self.full)
        versions.addButton(self.public)
        version_box = QVBoxLayout()
        version_box.addWidget(self.full)
        version_box.addWidget(self.public)

        self.template = QLineEdit()
        self.template.setObjectName("export_template")
        self.template.setPlaceholderText("The standard template")
        browse_template = QPushButton("Choose…")
        browse_template.clicked.connect(self._choose_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template)
        template_row.addWidget(browse_template)
        self._template_button = browse_template

        self.marking = QLineEdit("RESTRICTED")
        self.marking.setObjectName("export_marking")
        self.marking.setToolTip(
            "Printed in the header and footer of a full version that holds restricted items."
        )

        self.open_only = QCheckBox("Only &open and in-progress actions")
        self.body = QComboBox()
        self.body.setObjectName("export_body")
        self.body.addItem("All bodies", None)
        for body in self._bodies:
            self.body.addItem(body.name, body.name)

        self.limit_dates = QCheckBox("&Limit to dates")
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setEnabled(False)
        self.limit_dates.toggled.connect(self.date_from.setEnabled)
        self.limit_dates.toggled.connect(self.date_to.setEnabled)
        dates_row = QHBoxLayout()
        dates_row.addWidget(self.limit_dates)
        dates_row.addWidget(QLabel("from"))
        dates_row.addWidget(self.date_from)
        dates_row.addWidget(QLabel("to"))
        dates_row.addWidget(self.date_to)

        self.output = QLineEdit()
        self.output.setObjectName("export_output")
        self.output.textEdited.connect(self._output_typed)
        choose_output = QPushButton("Save &as…")
        choose_output.setObjectName("export_choose_output")
        choose_output.clicked.connect(self._choose_output)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output)
        output_row.addWidget(choose_output)

        form = QFormLayout()
        form.addRow("&Export:", self.kind)
        form.addRow("&Meeting:", self.meeting)
        form.addRow("Version:", version_box)
        form.addRow(self._buddy("&Template:", self.template), template_row)
        form.addRow("Protective &marking:", self.marking)
        form.addRow("&Body:", self.body)
        form.addRow("", self.open_only)
        form.addRow("Dates:", dates_row)
        form.addRow(self._buddy("&File:", self.output), output_row)
        self._form = form

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the writers do not report progress
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "E&xport", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("export_button")
        self.open_button = self.buttons.addButton(
            "&Open file", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_file)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.template.setText(str(self._settings.value(TEMPLATE_KEY, "") or ""))
        self.marking.setText(str(self._settings.value(MARKING_KEY, "") or "RESTRICTED"))
        last_kind = str(self._settings.value(LAST_KIND_KEY, "") or "")
        if self.kind.findData(last_kind) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(last_kind))
        for signal in (
            self.kind.currentIndexChanged,
            self.meeting.currentIndexChanged,
            self.body.currentIndexChanged,
        ):
            signal.connect(self._choices_changed)
        self.public.toggled.connect(self._choices_changed)
        self._choices_changed()
        self.resize(640, self.sizeHint().height())

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        """A label whose Alt+letter moves to `widget` (rows holding a layout need this)."""
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # --- choices ---------------------------------------------------------------------------

    def current_kind(self) -> ExportKind:
        return ExportKind(self.kind.currentData())

    def last_folder(self) -> Path:
        value = str(self._settings.value(LAST_FOLDER_KEY, "") or "")
        folder = Path(value) if value else Path.home() / "Documents"
        return folder if folder.is_dir() else Path.home()

    def _remember_folder(self, folder: Path) -> None:
        self._settings.setValue(LAST_FOLDER_KEY, str(folder))
        self._settings.sync()

    def suggested_name(self) -> str:
        from csp_desktop.services.export_data import suggested_file_name

        kind = self.current_kind()
        today = self.context.clock.today()
        if kind.is_word:
            row = next((m for m in self._meetings if m.id == self.meeting.currentData()), None)
            if row is None:
                return f"Meeting {kind.value}{kind.suffix}"
            return suggested_file_name(
                row.body_short_name or "Meeting",
                row.date,
                kind.value,
                public=self.public.isChecked(),
            )
        body = self.body.currentData()
        short = next((b.short_name for b in self._bodies if b.name == body), "")
        public = self.public.isChecked() and kind is ExportKind.ACTIONS
        return suggested_file_name(short, today, kind.value, public=public)

    def _choices_changed(self, *_args: object) -> None:
        kind = self.current_kind()
        word = kind.is_word
        for widget in (self.meeting, self.template, self._template_button, self.marking):
            widget.setEnabled(word)
        self.meeting.setEnabled(word and self.meeting.count() > 0)
        self.full.setEnabled(kind is not ExportKind.ATTENDANCE)
        self.public.setEnabled(kind is not ExportKind.ATTENDANCE)
        self.body.setEnabled(not word)
        self.open_only.setEnabled(kind is ExportKind.ACTIONS)
        self.limit_dates.setEnabled(kind is ExportKind.ATTENDANCE)
        dates = kind is ExportKind.ATTENDANCE and self.limit_dates.isChecked()
        self.date_from.setEnabled(dates)
        self.date_to.setEnabled(dates)
        if not self._output_edited:
            folder = Path(self.output.text()).parent if self.output.text() else self.last_folder()
            self.output.setText(str(folder / self.suggested_name()))
        self.export_button.setEnabled(not (word and self.meeting.count() == 0))
        if word and self.meeting.count() == 0:
            self.status.setText("There are no meetings yet: create one first.")

    def _output_typed(self, _text: str) -> None:
        self._output_edited = True

    def _choose_output(self) -> None:
        kind = self.current_kind()
        pattern = "Word document (*.docx)" if kind.is_word else "Excel workbook (*.xlsx)"
        path, _ = QFileDialog.getSaveFileName(self, "Save export as", self.output.text(), pattern)
        if path:
            if not path.lower().endswith(kind.suffix):
                path += kind.suffix
            self.output.setText(path)
            self._output_edited = True
            self._remember_folder(Path(path).parent)

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose your council's Word template",
            str(self.last_folder()),
            "Word document or template (*.docx *.dotx)",
        )
        if path:
            self.template.setText(path)

    def request(self) -> PaperRequest:
        """The choices as plain values; UserError for a choice that cannot work."""
        kind = self.current_kind()
        text = self.output.text().strip()
        if not text:
            raise UserError("Choose where to save the file.")
        output = Path(text).expanduser()
        if output.suffix.lower() != kind.suffix:
            output = output.with_name(output.name + kind.suffix)
        template = Path(self.template.text().strip()) if self.template.text().strip() else None
        date_from = date_to = None
        if kind is ExportKind.ATTENDANCE and self.limit_dates.isChecked():
            date_from = self.date_from.date().toPython()
            date_to = self.date_to.date().toPython()
        meeting_id = self.meeting.currentData() if kind.is_word else None
        return PaperRequest(
            kind=PaperKind(kind.value),
            output=output,
            meeting=None if meeting_id is None else str(meeting_id),
            public=self.public.isChecked() and kind is not ExportKind.ATTENDANCE,
            template=template if kind.is_word else None,
            marking=(self.marking.text().strip() or None) if kind.is_word else None,
            open_only=self.open_only.isChecked() and kind is ExportKind.ACTIONS,
            body_name=None if kind.is_word else self.body.currentData(),
            date_from=date_from,  # type: ignore[arg-type]
            date_to=date_to,  # type: ignore[arg-type]
            backups_dir=self.context.paths.backups_dir,
        )

    # --- running ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start_export(self) -> None:
        if self._job is not None:
            return
        try:
            request = self.request()
        except UserError as exc:
            self._show_failure(str(exc))
            return
        self._settings.setValue(LAST_KIND_KEY, request.kind.value)
        if request.kind in (PaperKind.MINUTES, PaperKind.AGENDA):
            self._settings.setValue(TEMPLATE_KEY, str(request.template or ""))
            self._settings.setValue(MARKING_KEY, request.marking or "RESTRICTED")
        self._remember_folder(request.output.parent)
        job = _ExportJob(self.context, request)
        # Queued: the slots run on the GUI thread whatever thread emits.
        job.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        job.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._job = job
        self._last_output = request.output
        self._set_running(True)
        self.status.setText(f"Exporting to {request.output.name}…")
        job.start()

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.export_button.setEnabled(not running)
        self.close_button.setEnabled(not running)
        self.open_button.setEnabled(False)

    def _succeeded(self, message: str) -> None:
        self._finished_job, self._job = self._job, None
        self._set_running(False)
        self.status.setText(message)
        self.open_button.setEnabled(True)
        self.export_finished.emit(message)

    def _failed(self, message: str, locked: bool) -> None:
        self._finished_job, self._job = self._job, None
        self._set_running(False)
        if locked:
            message += " Your choices are kept: press Export to try again."
        self._show_failure(message)

    def _show_failure(self, message: str) -> None:
        self.status.setText(message)
        self.export_failed.emit(message)
        from csp_desktop.ui.error_dialog import show_error

        show_error(self, message, title="Export not saved")

    def _open_file(self) -> None:
        if self._last_output is not None and self._last_output.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._last_output)))

    def reject(self) -> None:
        if self._job is not None:  # let the running export finish; the file is half-written
            self.status.setText("Please wait: the export is still being written.")
            return
        super().reject()


def open_export_dialog(
    context: UiContext, parent: QWidget | None = None, meeting_id: int | None = None
) -> ExportDialog:
    """File > Export: show the dialog (modal) for `meeting_id`, the meeting on screen."""
    dialog = ExportDialog(context, meeting_id, parent)
    dialog.exec()
    return dialog
