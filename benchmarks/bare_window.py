"""The start-up floor: a bare PySide6 window with four empty tabs, and nothing else.

    python benchmarks/bare_window.py [--with-orm]

`--with-orm` also imports SQLAlchemy's ORM and its SQLite dialect before the window is
made, and nothing else: the least that any window whose data comes through SQLAlchemy
(as the brief prescribes) can do, for start-up and for memory.

Reports (on stdout, one `event wall-clock-seconds` line each) the moment the window
first paints, then quits, exactly as `benchmarks/startup_probe.py` does for the app, so
the two are measured the same way (see `run.py`). Its peak memory is the memory floor.
"""

from __future__ import annotations

import os
import sys
import time


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

    if "--with-orm" in sys.argv[1:]:
        import sqlalchemy.dialects.sqlite
        import sqlalchemy.orm

        del sqlalchemy

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget(window)
    for label in ("Agenda", "Attendance", "Actions", "Subgroup reports"):
        tabs.addTab(QWidget(), label)
    window.setCentralWidget(tabs)
    window.resize(1366, 768)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                print(f"first_paint {time.time():.6f}", flush=True)
                # The bare window has nothing to load: its "ready" is its first paint.
                print(f"meeting_painted {time.time():.6f}", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
