"""`csp-desktop --smoke-test` and `csp-desktop screenshot`, run as the user runs them."""

from __future__ import annotations

import os
import struct
import subprocess
import sys

import pytest

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
