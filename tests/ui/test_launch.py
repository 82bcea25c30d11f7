"""`csp-desktop --smoke-test` and `csp-desktop screenshot`, run as the user runs them."""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
import textwrap

import pytest

from csp_desktop.storage import open_database
from tests.ui.window_helpers import seed_partnership

TABS = ("agenda", "attendance", "actions", "subgroup-reports", "forward-plan")


def run_cli(*args: str, display: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if not display:
        # No display and no platform chosen: the app must pick offscreen itself.
        env.pop("QT_QPA_PLATFORM", None)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "csp_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def seeded_file(db, db_path, clock):
    seed_partnership(db, clock)
    db.close()
    return db_path


def test_smoke_test_loads_and_paints_the_latest_meeting(seeded_file):
    result = run_cli("--db", str(seeded_file), "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "Smoke test passed" in result.stdout
    assert "Wednesday 5 October 2022" in result.stdout
    assert result.stderr == ""  # nothing to worry whoever runs it


def test_smoke_test_on_an_empty_database_passes(tmp_path):
    result = run_cli("--db", str(tmp_path / "new.db"), "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "no meetings yet" in result.stdout


def test_smoke_test_on_a_bad_file_fails_with_one_line(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are not minutes")
    result = run_cli("--db", str(bad), "--smoke-test")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert bad.read_text() == "these are not minutes"


def test_screenshot_writes_one_png_per_tab(seeded_file, tmp_path):
    out = tmp_path / "shots"
    result = run_cli("--db", str(seeded_file), "screenshot", "-o", str(out), "--size", "960x1000")
    assert result.returncode == 0, result.stderr
    for name in TABS:
        assert png_size(out / f"{name}.png") == (960, 1000)


def test_screenshot_of_an_unknown_meeting_is_a_plain_error(seeded_file, tmp_path):
    result = run_cli(
        "--db", str(seeded_file), "screenshot", "-o", str(tmp_path / "x"), "--meeting", "1999-01-01"
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_screenshot_rejects_a_bad_size(seeded_file, tmp_path):
    result = run_cli(
        "--db", str(seeded_file), "screenshot", "-o", str(tmp_path / "x"), "--size", "big"
    )
    assert result.returncode != 0
    assert "1366x768" in result.stderr


def run_gui_with(script: str, home, data, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `script` (which calls the CLI) in a fresh process: HOME `home`, data folder `data`."""
    env = dict(
        os.environ, HOME=str(home), CSP_DESKTOP_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen"
    )
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# The lock prompt is the first dialog the window can show: open a file dialog there (as
# the user would later), close it, then cancel, so run_gui returns without a window.
FILE_DIALOG_AT_START = """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog
    from csp_desktop import cli
    from csp_desktop.ui import startup_dialogs

    def first_dialog(context):
        dialog = QFileDialog(None, "Import minutes")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        QTimer.singleShot(0, dialog.reject)
        dialog.exec()
        del dialog
        return None

    startup_dialogs.ask_for_writer_lock = first_dialog
    sys.exit(cli.main(["--db", sys.argv[1]]))
"""


def test_qt_writes_its_own_settings_inside_the_data_folder(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    result = run_gui_with(FILE_DIALOG_AT_START, home, data, str(tmp_path / "csp.db"))
    assert result.returncode == 1, result.stderr  # cancelled at the first dialog
    assert list(home.iterdir()) == []  # no ~/.config/QtProject.conf
    assert (data / "qt" / "QtProject.conf").is_file()


RECORD_ERROR_DIALOG = """
    import sys
    from PySide6.QtWidgets import QMessageBox
    from csp_desktop import cli

    def critical(parent, title, text, *args):
        print(f"DIALOG {title}: {text}")
        return QMessageBox.StandardButton.Ok

    QMessageBox.critical = critical
    sys.exit(cli.main(["--db", sys.argv[1]]))
"""


def test_error_before_the_window_opens_is_shown_in_a_dialog_too(tmp_path):
    path = tmp_path / "newer.db"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    result = run_gui_with(RECORD_ERROR_DIALOG, tmp_path, tmp_path / "data", str(path))
    assert result.returncode == 2
    shown = [line for line in result.stdout.splitlines() if line.startswith("DIALOG ")]
    assert len(shown) == 1
    assert "written by a newer version of CSP Desktop" in shown[0]
    # The console still gets the same single line, for whoever started it from one.
    assert result.stderr.strip().count("\n") == 0
    assert "written by a newer version of CSP Desktop" in result.stderr
    assert "Traceback" not in result.stderr


# The interactive start: record when backup support is installed, then quit.
BACKUPS_AFTER_THE_PAINT = """
    import inspect, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from csp_desktop import cli
    from csp_desktop.ui import startup_dialogs

    real = startup_dialogs.install_backup_support

    def install(window, context, ui_context):
        idle_step = any(frame.function == "_run_next" for frame in inspect.stack())
        rows = window.agenda_tab.table.model().rowCount()
        print(f"INSTALLED visible={window.isVisible()} rows={rows} idle_step={idle_step}")
        support = real(window, context, ui_context)
        QTimer.singleShot(300, QApplication.instance().quit)
        return support

    startup_dialogs.install_backup_support = install
    sys.exit(cli.main(["--db", sys.argv[1]]))
"""


def test_backups_start_once_the_first_meeting_is_painted_and_still_copy_on_open(
    seeded_file, tmp_path
):
    """The copy on open (a worker thread) no longer starts before the first meeting is
    painted (issue 13): backup support is installed in the warm-up's first idle step, with
    the meeting on screen, and the copy on open is still taken."""
    data = tmp_path / "data"
    result = run_gui_with(BACKUPS_AFTER_THE_PAINT, tmp_path, data, str(seeded_file))
    assert result.returncode == 0, result.stderr
    installed = [line for line in result.stdout.splitlines() if line.startswith("INSTALLED")]
    assert len(installed) == 1, result.stdout
    assert "visible=True" in installed[0] and "idle_step=True" in installed[0]
    assert "rows=0" not in installed[0]
    assert list((data / "backups").glob("*.db")), list(data.rglob("*"))
