"""How much the tracker's features cost: 6,000 actions, our workbook vs bare openpyxl.

Run: /work/venv/bin/python benchmarks/tracker_export.py [ROWS]
"Bare" writes the same cell values into a plain workbook and saves it: no table, styles,
validation, conditional formatting, summary, charts or export record. Target: <= 1.3x.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from csp_desktop.exports.actions_xlsx import HEADERS, build_tracker_workbook
from csp_desktop.models import ActionStatus
from csp_desktop.services.export_data import TrackerData, TrackerRow

OWNERS = ["Andy Opie", "Chris Lyons", "Angela D'Urso", "Amolak Tatter", "Daniel James"]


def rows(count: int) -> tuple[TrackerRow, ...]:
    statuses = list(ActionStatus)
    start = dt.date(2019, 1, 9)
    result = []
    for n in range(count):
        meeting = start + dt.timedelta(days=91 * (n // 40))
        status = statuses[n % 4]
        owners = (OWNERS[n % 5], OWNERS[(n + 2) % 5]) if n % 3 == 0 else (OWNERS[n % 5],)
        result.append(
            TrackerRow(
                reference=f"CSP-{meeting.isoformat()}-{n % 40 + 1:02d}",
                meeting_date=meeting,
                item=f"{n % 14 + 1}. Serious Violence Duty update",
                action=f"{owners[0]} to share the partnership delivery plan with the board "
                f"and report back on progress ({n}).",
                owners=" and ".join(owners),
                due_date=meeting + dt.timedelta(days=90),
                due_text="",
                status=status,
                completed_on=meeting + dt.timedelta(days=30)
                if status is ActionStatus.COMPLETED
                else None,
                latest_update="Update given at the board; next steps agreed." if n % 2 else "",
                body="Community Safety Partnership Board",
                updated_at=dt.datetime.combine(meeting, dt.time(12, 0)),
                is_overdue=status is ActionStatus.OPEN,
                owner_list=owners,
            )
        )
    return tuple(result)


def ours(data: TrackerData, path: Path) -> None:
    build_tracker_workbook(data).save(path)


def bare(data: TrackerData, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    for row in data.rows:
        sheet.append(
            [
                row.reference,
                row.meeting_date,
                row.item,
                row.action,
                row.owners,
                row.due_date,
                row.status_word,
                row.completed_on,
                row.latest_update,
                row.body,
                row.subgroup,
            ]
        )
    workbook.save(path)


def best_of(function, data: TrackerData, path: Path, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(data, path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    data = TrackerData(
        rows=rows(count),
        exported_at=dt.datetime(2024, 1, 1, 9, 0),
        public=False,
        open_only=False,
        body_name="",
        author="benchmark",
    )
    # Interleaved, so load from other processes on a shared machine hits both alike.
    ours_times: list[float] = []
    bare_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(5):
            ours_times.append(best_of(ours, data, Path(folder) / "ours.xlsx", runs=1))
            bare_times.append(best_of(bare, data, Path(folder) / "bare.xlsx", runs=1))
    ours_s, bare_s = statistics.median(ours_times), statistics.median(bare_times)
    ratios = sorted(o / b for o, b in zip(ours_times, bare_times, strict=True))
    print(
        f"{count} actions: tracker {ours_s:.2f} s, bare openpyxl {bare_s:.2f} s, "
        f"ratio of medians {ours_s / bare_s:.2f}x "
        f"(pairwise {ratios[0]:.2f}-{ratios[-1]:.2f}x, 5 interleaved runs)"
    )


if __name__ == "__main__":
    main()
