"""A/B of two copies of the code, in turn, on the same machine in the same minutes.

    python benchmarks/ab_compare.py startup|keys|tabs DATABASE BEFORE_TREE [AFTER_TREE] [--rounds N]

BEFORE_TREE is another checkout of the repository (e.g. `git archive <commit> | tar -x -C
/tmp/before`); AFTER_TREE defaults to this one. Each round runs BEFORE then AFTER (and,
for `startup`, the ORM window first), so a busy moment of a shared machine falls on both.

- `startup`: latest meeting painted (wall), CPU time and peak RSS of each, and their
  ratios to `bare_window.py --with-orm`.
- `keys`: the GUI thread's CPU time per keystroke typed into the busiest minutes (autosave
  timer stopped: the keystroke's own work), median / mean / p99.
- `tabs`: the GUI thread's CPU time to switch to each tab on six meetings, max / median.

CPU time of the GUI thread is less moved by other processes than the wall clock, so these
figures hold on a loaded machine where `run.py`'s wall-clock ones do not.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _child_keys(database: str) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from benchmarks.gui_figures import open_window, typing_text
    from csp_desktop.services import agenda as agenda_service

    with tempfile.TemporaryDirectory() as scratch:
        app, window = open_window(Path(database), Path(scratch))
        tab = window.agenda_tab
        context = window._ui_context
        tab.select_item(context.read(agenda_service.busiest_item_id, window.meeting_id))
        editor = tab.editor
        editor.setFocus()
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        app.processEvents()
        cpu = []
        for char in "\n\n" + typing_text(editor.names(), 400):
            started = time.thread_time()
            if char == "\n":
                QTest.keyClick(editor, Qt.Key.Key_Return)
            else:
                QTest.keyClick(editor, char)
            editor._timer.stop()
            app.processEvents()
            cpu.append((time.thread_time() - started) * 1000)
        cpu = sorted(cpu[20:])
        return {
            "median": statistics.median(cpu),
            "mean": statistics.mean(cpu),
            "p99": cpu[int(0.99 * len(cpu))],
        }


def _child_tabs(database: str) -> dict[str, list[float]]:
    from benchmarks.gui_figures import open_window
    from csp_desktop.services import meetings as meetings_service

    with tempfile.TemporaryDirectory() as scratch:
        app, window = open_window(Path(database), Path(scratch))
        rows = window._ui_context.read(meetings_service.list_meetings)
        chosen = [r.id for r in rows[:: max(1, len(rows) // 6)]][:6]
        names = list(window.tabs)[1:]
        times: dict[str, list[float]] = {name: [] for name in names}
        for meeting_id in chosen:
            window.tab_widget.setCurrentIndex(0)
            app.processEvents()
            window.navigator.select_meeting(meeting_id)
            window.show_meeting(meeting_id)
            app.processEvents()
            for index, name in enumerate(names, start=1):
                started = time.thread_time()
                window.tab_widget.setCurrentIndex(index)
                app.processEvents()
                window.tab_widget.repaint()
                times[name].append((time.thread_time() - started) * 1000)
        return {name: [max(v), statistics.median(v)] for name, v in times.items()}


def _run(tree: Path, argv: list[str], scratch: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tree))
    env["CSP_DESKTOP_DATA_DIR"] = str(scratch / "appdata")
    return subprocess.run(
        [sys.executable, *argv], env=env, capture_output=True, text=True, cwd=tree, check=True
    )


def _startup(tree: Path, argv: list[str], scratch: Path) -> tuple[float, float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tree))
    env["CSP_DESKTOP_DATA_DIR"] = str(scratch / "appdata")
    started = time.time()
    with tempfile.TemporaryFile("w+") as out:
        child = subprocess.Popen(
            [sys.executable, *argv], stdout=out, stderr=subprocess.DEVNULL, env=env, text=True
        )
        _pid, _status, usage = os.wait4(child.pid, 0)
        out.seek(0)
        lines = out.read().splitlines()
    ready = next(float(x.split()[1]) for x in lines if x.startswith("meeting_painted "))
    return ready - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] in ("--child-keys", "--child-tabs"):
        child = _child_keys if sys.argv[1] == "--child-keys" else _child_tabs
        print(json.dumps(child(sys.argv[2])), flush=True)
        os._exit(0)  # skip teardown: PySide6 can crash collecting widgets at exit
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("startup", "keys", "tabs"))
    parser.add_argument("database", type=Path)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path, nargs="?", default=HERE.parent)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    for tree in trees.values():
        # Both as they ship, bytecode compiled: where PYTHONDONTWRITEBYTECODE is set, a
        # tree unpacked by `git archive` is otherwise compiled again at every launch.
        compileall.compile_dir(str(tree / "csp_desktop"), quiet=1)
    results: dict[str, list[Any]] = {"orm": [], "before": [], "after": []}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        copy = scratch / "copy.db"
        shutil.copyfile(args.database, copy)
        for _ in range(args.rounds):
            if args.what == "startup":
                orm = [str(trees["after"] / "benchmarks" / "bare_window.py"), "--with-orm"]
                results["orm"].append(_startup(trees["after"], orm, scratch))
            for name, tree in trees.items():
                if args.what == "startup":
                    probe = str(tree / "benchmarks" / "startup_probe.py")
                    results[name].append(_startup(tree, [probe, str(copy)], scratch))
                else:
                    flag = "--child-keys" if args.what == "keys" else "--child-tabs"
                    here = str(HERE / "ab_compare.py")
                    done = _run(tree, [here, flag, str(copy)], scratch)
                    results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    one, five, _ = os.getloadavg()
    print(f"load average {one:.1f} / {five:.1f}, {os.cpu_count()} CPUs, {args.rounds} rounds")
    if args.what == "startup":
        floor = [statistics.median(r[i] for r in results["orm"]) for i in range(3)]
        for name in ("orm", "before", "after"):
            wall, cpu, rss = (statistics.median(r[i] for r in results[name]) for i in range(3))
            print(
                f"{name:6} painted {wall * 1000:6.0f} ms ({wall / floor[0]:.2f}×)  "
                f"CPU {cpu * 1000:6.0f} ms ({cpu / floor[1]:.2f}×)  "
                f"RSS {rss:4.0f} MiB ({rss / floor[2]:.2f}×)"
            )
    elif args.what == "keys":
        for name in trees:
            figures = {k: statistics.median(r[k] for r in results[name]) for k in results[name][0]}
            print(
                f"{name:6} per keystroke, GUI-thread CPU ms: "
                + ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
            )
    else:
        for tab in results["before"][0]:
            cells = []
            for name in trees:
                peak = statistics.median(r[tab][0] for r in results[name])
                middle = statistics.median(r[tab][1] for r in results[name])
                cells.append(f"{name} {peak:6.1f} / {middle:6.1f}")
            print(f"{tab:18} max / median GUI-thread CPU ms: " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
