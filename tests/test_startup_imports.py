"""Start-up loads only what the first screen uses (issue 13).

The real start-up path (`benchmarks/startup_probe.py`, which runs `csp-desktop --db PATH
--smoke-test` with a watcher) is launched offscreen in a child process; when the latest
meeting is painted it lists `sys.modules`. Nothing in `NOT_AT_STARTUP` may be there: each
is imported where it is first needed. A count of modules, not a timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.startup_probe import NOT_AT_STARTUP
from tests.ui.window_helpers import seed_partnership

REPO = Path(__file__).resolve().parent.parent
PROBE = REPO / "benchmarks" / "startup_probe.py"


def probe(database: Path) -> list[str]:
    """The probe's output lines, the start-up having painted the latest meeting."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    child = subprocess.run(
        [sys.executable, str(PROBE), "--modules", str(database)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    lines = child.stdout.splitlines()
    assert any(line.startswith("meeting_painted ") for line in lines), child.stdout[-2000:]
    return lines


def loaded_at_first_meeting(database: Path) -> list[str]:
    return [line.split(" ", 1)[1] for line in probe(database) if line.startswith("module ")]


def offenders(modules: list[str]) -> list[str]:
    """The loaded modules that are, or are inside, a package of the deny-list, each with
    where it belongs instead."""
    found = []
    for name in sorted(modules):
        for denied, where in NOT_AT_STARTUP.items():
            if name == denied or name.startswith(denied + "."):
                found.append(f"{name} ({where})")
    return found


@pytest.fixture
def seeded_file(db, db_path, clock):
    seed_partnership(db, clock)
    db.close()
    return db_path


def test_the_first_meeting_is_painted_without_what_it_does_not_use(seeded_file):
    modules = loaded_at_first_meeting(seeded_file)
    # The probe did list the start-up: the window and the data layer are there.
    assert "csp_desktop.ui.main_window" in modules
    assert "sqlalchemy.orm" in modules
    found = offenders(modules)
    assert found == [], "loaded before the first meeting was painted: " + "; ".join(found)


def test_the_first_meeting_is_painted_before_the_orm_configures_its_mappers(seeded_file):
    """The first screen is read with Core statements on the tables (services/meetings.py):
    configuring the 31 mappers (65-100 ms) waits for the first idle moment after the
    paint. Fails as soon as anything before the paint runs an ORM query."""
    lines = dict(line.split(" ", 1) for line in probe(seeded_file) if " " in line)
    assert lines["mappers_configured"] == "0"


def test_the_deny_list_check_sees_a_module_inside_a_denied_package():
    found = offenders(["docx.oxml", "docxtemplate", "csp_desktop.exports.minutes_docx"])
    assert found == [
        f"csp_desktop.exports.minutes_docx ({NOT_AT_STARTUP['csp_desktop.exports']})",
        f"docx.oxml ({NOT_AT_STARTUP['docx']})",
    ]


def test_start_up_leaves_the_collector_on_and_no_source_lines_behind(seeded_file):
    """ui/runtime.py: collection is paused for the start-up and back on once the first
    meeting is painted; PySide6's per-import check reads bytes, so the ~390 modules'
    source lines are no longer kept (23.5 MiB before)."""
    lines = dict(line.split(" ", 1) for line in probe(seeded_file) if " " in line)
    assert lines["gc_enabled"] == "True"
    assert int(lines["source_files_cached"]) < 20
