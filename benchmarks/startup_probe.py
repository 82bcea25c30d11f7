"""Start the real app (`csp-desktop --db PATH --smoke-test`) and report when it paints.

    python benchmarks/startup_probe.py [--modules] PATH

Runs `csp_desktop.entry.main` itself, so the import path and start-up work are the
app's own. The only addition is a tiny watcher, attached when the main window's module
is imported (nothing is imported early), that prints `event wall-clock-seconds` lines:

- `first_paint`: the first paint of a window of the app (the start-up frame that
  `ui/startup_frame.py` shows while the rest loads, or the main window): the user sees it;
- `meeting_painted`: the first paint of the agenda table after the most recent
  meeting's items are in it (ready to type; what `--smoke-test` waits for).

With `--modules`, it also prints `module NAME` for every module loaded at that moment,
so a test can check that nothing in `NOT_AT_STARTUP` was, and `mappers_configured N`,
the ORM mappers configured by then (none: the first screen is read with Core statements)
(tests/test_startup_imports.py).
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
import time
from types import ModuleType
from typing import Any

WATCHED_MODULES = ("csp_desktop.ui.startup_frame", "csp_desktop.ui.main_window")
_seen: dict[str, bool] = {}
_list_modules = False

# Modules the first screen (the latest meeting's agenda and minutes) does not use, which
# must therefore not be loaded by the time it is painted: each is imported where it is
# first needed (issue 13). asyncio, ssl, email and importlib.metadata are not here:
# SQLAlchemy's own `sqlalchemy.util.compat` imports them, so the ORM window (the floor)
# loads them too.
NOT_AT_STARTUP: dict[str, str] = {
    "alembic": "the schema is checked against SCHEMA_HEAD; Alembic only to upgrade",
    "csp_desktop.storage.migrate": "runs Alembic, only for an out-of-date file",
    "docx": "Word papers: the export dialog",
    "openpyxl": "Excel trackers: export and import",
    "pypdf": "reading PDF minutes: the import dialog",
    "psycopg": "a team database on PostgreSQL only",
    "sqlalchemy.dialects.postgresql": "a team database on PostgreSQL only (edit leases' INSERT)",
    "csp_desktop.ui.transcript_panel": "an item's transcript: the first warm-up step",
    "csp_desktop.services.transcripts": "an item's transcript: the first warm-up step",
    "csp_desktop.services.actions": "the ACTION sync and owners: the first autosave or ACTION line",
    "csp_desktop.services.action_parser": "ACTION lines' rules: first autosave or cursor move",
    "csp_desktop.services.action_feedback": "an ACTION line's reading: the first cursor move",
    "csp_desktop.services.restricted_quotes": "restricted words: the background thread's check",
    "csp_desktop.services.forward_plan": "forward-plan entries: their tab, or an undo",
    "csp_desktop.models.action": "actions' classes: loaded when named (models/__init__.py)",
    "csp_desktop.models.amendment": "amendments: loaded when named",
    "csp_desktop.models.attendance": "attendance records: loaded when named (models/__init__)",
    "csp_desktop.models.edit_lease": "edit leases (a team database): loaded when named",
    "csp_desktop.models.forward_plan": "forward-plan entries: loaded when named",
    "csp_desktop.models.membership": "memberships: loaded when named",
    "csp_desktop.models.organisation": "organisations: loaded when named",
    "csp_desktop.models.subgroup_report": "subgroup reports: loaded when named",
    "csp_desktop.models.transcript": "transcripts' classes: loaded when named (models/__init__)",
    "csp_desktop.models.plan": "the partnership plan's classes: loaded when named",
    "csp_desktop.models.priority": "the plan's priorities: loaded when named",
    "csp_desktop.models.offline_copy": "offline copies' class: loaded when named",
    "csp_desktop.models.report_chase": "report chases' class: loaded when named",
    "csp_desktop.storage.backup": "backups: the warm-up's first step, or an older file",
    "csp_desktop.usecases.backup_restore": "restoring a backup: a damaged file, File > Restore",
    "csp_desktop.services.transcript_retention": "approving minutes (a transcript's words)",
    "hypothesis": "tests only",
    "csp_desktop.exports": "exports: the export dialog",
    "csp_desktop.importers": "importing minutes",
    "csp_desktop.transcripts.suggestions": "suggested actions: made when a transcript is imported",
    "csp_desktop.services.demo": "the demo partnership",
    "csp_desktop.services.search": "Ctrl+F",
    "csp_desktop.ui.search_panel": "Ctrl+F",
    "csp_desktop.ui.shortcuts_help": "Help > Keyboard shortcuts",
    "csp_desktop.ui.new_meeting_dialog": "New meeting",
    "csp_desktop.ui.export_dialog": "Export",
    "csp_desktop.ui.import_dialog": "Import",
    "csp_desktop.ui.import_minutes_dialog": "Import minutes",
    "csp_desktop.ui.restore_dialog": "Restore a backup",
    "csp_desktop.ui.attendance_tab": "the Attendance tab (ui/lazy_tab.py, idle warm-up)",
    "csp_desktop.ui.actions_tab": "the Actions tab (ui/lazy_tab.py, idle warm-up)",
    "csp_desktop.ui.subgroup_reports_tab": "the Subgroup reports tab (ui/lazy_tab.py)",
    "csp_desktop.ui.forward_plan_tab": "the Forward plan tab (ui/lazy_tab.py)",
    "csp_desktop.ui.plan_tab": "the Plan tab (ui/lazy_tab.py)",
    "csp_desktop.ui.dashboard_tab": "the Dashboard tab (ui/lazy_tab.py)",
    "csp_desktop.ui.charts": "the Dashboard tab's charts",
    "difflib": "matching an edited ACTION line to its action (the first sync)",
}


def _watch_first_window(module: ModuleType) -> None:
    """`first_paint`: the start-up frame's first paint, seen by a filter on that window
    alone, as `bare_window.py` watches its window (an application-wide filter would call
    Python for every event of every object and add ~30 ms to what it measures)."""
    from PySide6.QtCore import QEvent, QObject

    original = module._build_frame

    class FirstWindowPaint(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and "first_paint" not in _seen:
                _seen["first_paint"] = True
                print(f"first_paint {time.time():.6f}", flush=True)
                watched.removeEventFilter(self)
            return False

    def build_frame() -> Any:
        frame = original()
        frame.installEventFilter(FirstWindowPaint(frame))
        return frame

    module._build_frame = build_frame


def _mappers_configured() -> int:
    """How many of the ORM's mappers are configured (the first screen reads with Core
    statements, so none should be before the paint)."""
    models = sys.modules.get("csp_desktop.models")
    if models is None:
        return 0
    return sum(1 for mapper in models.Base.registry.mappers if mapper.configured)


def _install_watcher(module: ModuleType) -> None:
    from PySide6.QtCore import QEvent, QObject

    window_class: Any = module.MainWindow
    original_init = window_class.__init__
    seen = _seen

    class PaintWatcher(QObject):
        def __init__(self, window: Any) -> None:
            super().__init__(window)
            self.window = window

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() != QEvent.Type.Paint:
                return False
            now = time.time()
            if watched is self.window and "first_paint" not in seen:
                seen["first_paint"] = True
                print(f"first_paint {now:.6f}", flush=True)
            elif watched is not self.window and "meeting_painted" not in seen:
                agenda = self.window.agenda_tab
                if self.window.meeting_id is not None and agenda.model.rowCount() > 0:
                    seen["meeting_painted"] = True
                    print(f"meeting_painted {now:.6f}", flush=True)
                    if _list_modules:
                        names = sorted(sys.modules)
                        print("".join(f"module {name}\n" for name in names), flush=True)
                        print(f"mappers_configured {_mappers_configured()}", flush=True)
            return False

    def patched_init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        watcher = PaintWatcher(self)
        self.installEventFilter(watcher)
        self.agenda_tab.table.viewport().installEventFilter(watcher)

    window_class.__init__ = patched_init


class _Finder:
    """Wraps the loaders of the start-up frame and main window modules to attach the
    watchers. Duck-typed (no `importlib.abc`, 10 ms to import) so that the probe adds
    nothing measurable to the start-up it measures."""

    def __init__(self) -> None:
        self.pending = set(WATCHED_MODULES)

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in self.pending:
            return None
        self.pending.remove(fullname)
        if not self.pending:
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader

        class Loader:
            def create_module(self, spec: Any) -> Any:
                return loader.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                loader.exec_module(module)
                if fullname.endswith("startup_frame"):
                    _watch_first_window(module)
                else:
                    _install_watcher(module)

        spec.loader = Loader()
        return spec


def main() -> int:
    global _list_modules
    arguments = sys.argv[1:]
    _list_modules = "--modules" in arguments
    arguments = [a for a in arguments if a != "--modules"]
    if len(arguments) != 1:
        print("usage: startup_probe.py [--modules] DATABASE", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.meta_path.insert(0, _Finder())
    from csp_desktop.entry import main as app_main

    status = app_main(["--db", arguments[0], "--smoke-test"])
    if _list_modules:  # the process-wide settings as start-up left them (ui/runtime.py)
        import gc
        import linecache

        print(f"gc_enabled {gc.isenabled()}", flush=True)
        print(f"source_files_cached {len(linecache.cache)}", flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
