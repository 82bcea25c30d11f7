"""New meeting dialog: a refusal is said in the dialog, in plain words, and nothing closes."""

from __future__ import annotations

from pathlib import Path

from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.new_meeting_dialog import NewMeetingDialog
from tests.ui.window_helpers import seed_partnership


def test_a_refused_meeting_is_said_in_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    seed_partnership(db, clock)
    context = UiContext(db, clock, AppPaths(tmp_path / "data", False), read_only=True)
    dialog = NewMeetingDialog(context)
    qtbot.addWidget(dialog)
    dialog._create()
    assert dialog.error_label.text() == "This database is open read-only; changes cannot be saved."
    assert dialog.meeting_id is None
    assert dialog.result() == 0  # still open: the user can change the date or cancel
