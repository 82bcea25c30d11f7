"""Process-wide settings of the GUI, all in one place, each with the measurement behind it.

Anything here changes the whole Python process, not one widget, so it is kept out of the
widget modules and listed here. Keep a setting only with a measured gain, and write the
figure (and the command that measured it) beside it; remove it when the gain is gone.

Removed, and why (so they are not added back without a new measurement):
- Extra references on True and False (ctypes, in `ui/__init__.py`) against PySide6 6.12.0
  freeing True after a few thousand `Signal.emit()` calls: `pyproject.toml` excludes
  that version (`!=6.12.0`), so the patch guarded against a PySide6 the app never runs.
- `sys.setswitchinterval(0.001)` (from 5 ms) at the background writer's first job, never
  put back; its note claimed shorter GIL waits for keystrokes, with no figure. Measured
  (issue 13) with `benchmarks/gui_figures.py typing` on a 3-year archive, 400 characters
  + 2 s real time, 4 interleaved pairs, the machine loaded (load average ~12): typing
  stall p99 with it 31.7/48.8/46.9/46.2 ms, without 28.9/51.0/38.4/48.3 ms; real-time
  p99 with 10.1/7.4/7.0/7.5 ms, without 9.0/7.4/6.3/6.2 ms. No gain, so removed.
- The background writer's statement hook (`event.listen` on the engine) stayed for the
  life of the process: it is now added when the writer gets work and removed when it
  is idle (`ui/background_writer.py`), so a closed writer leaves nothing behind.
"""

from __future__ import annotations

import gc
import linecache
import sys
from types import ModuleType

_startup_heap_frozen = False


def pause_collector_for_start_up() -> None:
    """Let the start-up's imports and window run without garbage collection passes.

    Start-up makes ~115,000 objects that live until exit (modules, mappers, widgets) and
    almost no garbage; the collector's generation-0 and -1 passes walk them again and
    again for nothing. Measured (issue 13, docs/benchmarks.md): CPU time of a whole
    `benchmarks/startup_probe.py` run on the 10-year archive, 10 runs interleaved with the
    code before, median 1,450 -> 1,340 ms with collection paused (minimum 1,250 -> 1,170).
    `freeze_startup_heap` turns collection back on once the first meeting is painted;
    `entry.main` calls this only when the command opens the window.
    """
    gc.disable()


def freeze_startup_heap() -> None:
    """Once per process: keep the objects made so far out of the garbage collector's way.

    Measured gain (issue 6, docs/benchmarks.md "What was changed"): a full (generation 2)
    collection stops every thread, and with a ten-year archive open it walked ~99,000
    start-up objects (modules, widgets, mappers) that live until exit: 26-43 ms, a stall
    whenever it struck while typing, and the attendance tab switch's maximum went from
    85-106 ms to 42-77 ms. Frozen, a full collection walks only what was made since
    (under 1 ms). Re-measured (issue 13, `gui_figures.py typing --trace`, same runs as
    above): a full collection before typing took 0.1 ms over 178 objects with 115,264
    frozen, against 515-724 ms over 115,442 objects unfrozen on the loaded machine.

    Called once the first meeting is on screen (`MainWindow.open_initial_meeting`), and at
    the latest at the first autosave (`MinutesEditor.save`), rather than after a
    `gc.collect()` (tens of ms on the GUI thread): the little garbage alive at that
    moment is simply kept.
    """
    global _startup_heap_frozen
    if not _startup_heap_frozen:
        _startup_heap_frozen = True
        gc.freeze()
    gc.enable()  # paused for the start-up (pause_collector_for_start_up)


def freeze_warmed_up_heap() -> None:
    """After the idle warm-up (`ui/idle_warm_up.py`) has imported and built the other
    tabs: keep their objects out of the collector's full passes too, as the start-up's
    (`freeze_startup_heap`). They were built at start-up before issue 13, so frozen with
    it; left unfrozen, a full collection during a tab switch walks them all.
    `gc.freeze()` itself only moves the generations' lists (no walk)."""
    gc.freeze()


def drop_source_line_cache() -> None:
    """Forget the source lines of every module imported so far (`linecache`).

    PySide6's `__feature__` import hook reads the whole source of every module imported
    after PySide6 (`shibokensupport.feature._mod_uses_pyside`: `inspect.getsource`, to see
    whether it uses PySide6), and `linecache` keeps those lines until exit: SQLAlchemy's,
    ours and the standard library's, 23.5 MiB under `tracemalloc` by the time the first
    meeting is painted (issue 13, `tracemalloc` snapshot at first paint). Nothing reads
    them again (a traceback reads the lines it needs afresh), so they are dropped once the
    window's modules are imported, and the memory is reused by the window and its data.
    """
    linecache.clearcache()


def scan_pyside_users_cheaply() -> None:
    """Make PySide6's per-import check (does this module use PySide6?) read bytes, not lines.

    PySide6 (`shibokensupport.feature.feature_imported`) asks, for every module imported
    after it, whether its source mentions "PySide6" (modules that do may select features
    such as `snake_case`; the app selects none). It asks through `inspect.getsource`, which
    decodes and splits the whole file into `linecache` (kept until exit: 23.5 MiB by the
    first paint) for each of the ~390 modules the window imports. Reading the file's bytes
    gives the same answer for every module on disk (`tests/ui/test_runtime.py` compares
    the two over everything the window imports). Measured in the same runs as
    `pause_collector_for_start_up`: median 1,450 -> 1,305 ms of CPU (minimum 1,250 ->
    1,160), and no source lines kept.
    If a later PySide6 renames the check, this does nothing.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", module_mentions_pyside)  # noqa: B010 (private)


def module_mentions_pyside(module: ModuleType) -> bool:
    """True when the module's source file contains "PySide6" (PySide6's own test, on bytes)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or source-less: getsource fails on these too
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False
