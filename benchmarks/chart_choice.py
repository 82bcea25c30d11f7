"""Issue 17's chart choice, measured: QtCharts (PySide6-Addons) against the painted
widgets of ui/charts.py. Each variant runs in a fresh interpreter (offscreen): the time
to import the chart module (with Qt already warm, as in the open window: a label painted
first) and the time to build, lay out and paint a dashboard-sized
chart (eight stacked bars, and a 5 x 10 grid for the painted one) into an image.

    .venv/bin/python -m benchmarks.chart_choice        # QtCharts skipped if not installed

Bundle sizes come from PyInstaller builds (docs/benchmarks.md says how).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

RUNS = 5

PAINTED = r"""
import time, json
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtGui import QColor, QPainter, QFontMetrics
app = QApplication([])
_warm = QLabel("The window is already up when a chart is first opened"); _warm.grab()
QColor("#000000"); QFontMetrics(_warm.font())
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy
Qt.AlignmentFlag.AlignLeft; QSizePolicy.Policy.Expanding; QPainter.RenderHint.Antialiasing
t1 = time.perf_counter()
from csp_desktop.ui.charts import BarChart, BarRow, GridCell, GridChart, Segment
t2 = time.perf_counter()
chart = BarChart("Actions by organisation")
rows = [BarRow(f"Organisation {i}", (Segment("on time", 3 + i, None), Segment("overdue", i, None),
        Segment("completed", 9 - i, None)), stacked=True) for i in range(8)]
chart.set_rows(rows, "figures")
chart.resize(900, chart.sizeHint().height())
grid = GridChart("RAG")
grid.set_grid([f"Priority {i}" for i in range(5)], [f"{i} Mar 2025" for i in range(10)],
              [[GridCell("RAG"[(i + j) % 3], "x", None) for j in range(10)] for i in range(5)],
              "figures", "key")
grid.resize(900, grid.sizeHint().height())
t3 = time.perf_counter()
chart.grab(); grid.grab()
t4 = time.perf_counter()
print(json.dumps({"import_ms": (t2 - t1) * 1000, "paint_ms": (t4 - t2) * 1000}))
"""

QTCHARTS = r"""
import time, json
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtGui import QColor, QPainter, QFontMetrics
app = QApplication([])
_warm = QLabel("The window is already up when a chart is first opened"); _warm.grab()
QColor("#000000"); QFontMetrics(_warm.font())
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy
Qt.AlignmentFlag.AlignLeft; QSizePolicy.Policy.Expanding; QPainter.RenderHint.Antialiasing
t1 = time.perf_counter()
from PySide6.QtCharts import (QBarCategoryAxis, QBarSet, QChart, QChartView,
    QHorizontalStackedBarSeries)
t2 = time.perf_counter()
series = QHorizontalStackedBarSeries()
for name, base in (("on time", 3), ("overdue", 0), ("completed", 9)):
    bar_set = QBarSet(name)
    for i in range(8):
        bar_set.append(base + (i if name != "completed" else -i))
    series.append(bar_set)
series.setLabelsVisible(True)
chart = QChart()
chart.addSeries(series)
axis = QBarCategoryAxis()
axis.append([f"Organisation {i}" for i in range(8)])
chart.addAxis(axis, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.AlignmentFlag.AlignLeft)
series.attachAxis(axis)
view = QChartView(chart)
view.resize(900, 300)
view.grab()
t4 = time.perf_counter()
print(json.dumps({"import_ms": (t2 - t1) * 1000, "paint_ms": (t4 - t2) * 1000}))
"""


def measure(code: str) -> dict[str, float] | None:
    results = []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        if done.returncode != 0:
            return None
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def main() -> int:
    for name, code in (("painted (ui/charts.py)", PAINTED), ("QtCharts", QTCHARTS)):
        figures = measure(code)
        if figures is None:
            print(f"{name}: not available (PySide6-Addons not installed)")
            continue
        print(
            f"{name}: import {figures['import_ms']:.1f} ms, "
            f"build+paint {figures['paint_ms']:.1f} ms (median of {RUNS})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
