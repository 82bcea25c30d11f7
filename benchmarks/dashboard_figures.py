"""Issue 17's dashboard figures: compute time and SQL statements for a body and a year,
and the time to lay out and paint the Dashboard tab.

    python -m benchmarks.dashboard_figures ARCHIVE.db [SMALL.db]   # prints the figures

`benchmarks/run.py` adds them to its table (targets: compute 200 ms, paint 300 ms, and
the same number of statements on the 1-year and the 10-year archive).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _board_and_year(session: Any) -> tuple[int, Any, dt.date]:
    from sqlalchemy import func, select

    from csp_desktop.models import Body, BodyKind, Meeting
    from csp_desktop.services.dashboard import Period

    board_id = session.scalar(
        select(Body.id).where(Body.kind == BodyKind.BOARD).order_by(Body.id).limit(1)
    )
    last = session.scalar(select(func.max(Meeting.date)).where(Meeting.body_id == board_id))
    return board_id, Period.year_to(last), last


def compute(archive: Path, repeats: int = 7) -> dict[str, Any]:
    """Median compute time and the number of SQL statements of one dashboard."""
    from sqlalchemy import event

    from csp_desktop.services.dashboard import build_dashboard
    from csp_desktop.storage import open_database

    database = open_database(archive, read_only=True)
    statements: list[str] = []
    try:
        with database.session() as session:
            board_id, period, today = _board_and_year(session)
            build_dashboard(session, board_id, period, today)  # warm caches and mappers
            times = []
            for _ in range(repeats):
                session.expire_all()
                started = time.perf_counter()
                build_dashboard(session, board_id, period, today)
                times.append((time.perf_counter() - started) * 1000)
            session.expire_all()

            def count(*_args: Any) -> None:
                statements.append("x")

            event.listen(database.engine, "before_cursor_execute", count)
            dashboard = build_dashboard(session, board_id, period, today)
            event.remove(database.engine, "before_cursor_execute", count)
    finally:
        database.close()
    return {
        "compute_ms": statistics.median(times),
        "statements": len(statements),
        "meetings": len(dashboard.quorum),
        "organisations": len(dashboard.attendance),
    }


PAINT = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from benchmarks.dashboard_figures import _board_and_year
from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import open_database
from csp_desktop.ui.context import UiContext
database = open_database(Path(sys.argv[1]), read_only=True)
with database.session() as session:
    board_id, period, today = _board_and_year(session)
import datetime as dt
clock = FakeClock(dt.datetime.combine(today, dt.time(9, 0)))
context = UiContext(database, clock, AppPaths(Path(sys.argv[2]), portable=False))
started = time.perf_counter()
from csp_desktop.ui.dashboard_tab import DashboardTab
tab = DashboardTab(context)
tab.resize(1100, 2400)
imported = time.perf_counter()
from csp_desktop.services.dashboard import build_dashboard
with database.session() as session:
    dashboard = build_dashboard(session, board_id, period, today)
times = []
for _ in range(5):
    t0 = time.perf_counter()
    tab.show_dashboard(dashboard)
    tab.grab()
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"first_open_ms": (imported - started) * 1000, "paint_ms": sorted(times)[2],
                  "first_paint_ms": times[0]}))
"""


def paint(archive: Path, scratch: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", PAINT, str(archive), str(scratch)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=REPO,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def figures(large: Path, small: Path, scratch: Path) -> list[Any]:
    """Rows for benchmarks/run.py's table."""
    from benchmarks.run import Figure, _absolute_figure

    big, little = compute(large), compute(small)
    same = big["statements"] == little["statements"]
    painted = paint(large, scratch)
    return [
        _absolute_figure(
            "Dashboard, board and a year (compute)",
            big["compute_ms"],
            200,
            f"{big['meetings']} meetings, {big['organisations']} organisations",
        ),
        Figure(
            "Dashboard SQL statements (1 year / archive)",
            str(little["statements"]),
            str(big["statements"]),
            None,
            "same on both",
            same,
        ),
        _absolute_figure(
            "Dashboard tab lays out and paints",
            painted["paint_ms"],
            300,
            f"first open (import + build) {painted['first_open_ms']:.0f} ms, "
            f"first paint {painted['first_paint_ms']:.0f} ms",
        ),
    ]


def main() -> int:
    import tempfile

    large = Path(sys.argv[1])
    small = Path(sys.argv[2]) if len(sys.argv) > 2 else large
    print(json.dumps({"large": compute(large), "small": compute(small)}, indent=1))
    with tempfile.TemporaryDirectory() as scratch:
        print(json.dumps(paint(large, Path(scratch))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
