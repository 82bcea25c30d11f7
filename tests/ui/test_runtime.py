"""ui/runtime.py: the process-wide settings, each applied once, none hidden elsewhere."""

from __future__ import annotations

import gc
import sys

import pytest

from csp_desktop.storage import Database
from csp_desktop.ui import runtime
from csp_desktop.ui.background_writer import BackgroundWriter


def test_the_start_up_heap_is_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(runtime, "_startup_heap_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    runtime.freeze_startup_heap()  # the first meeting on screen
    runtime.freeze_startup_heap()  # the first autosave: already done
    assert frozen == [True]


def test_the_background_writer_leaves_the_gil_switch_interval_alone(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    """It lowered it for good at its first job, with no measured gain (runtime.py)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default, whatever ran before
    try:
        writer = BackgroundWriter(db)
        writer.submit("nothing", lambda _database: None)
        writer.wait()
        assert sys.getswitchinterval() == 0.005
    finally:
        sys.setswitchinterval(before)


def test_drop_source_line_cache_forgets_the_lines_read_so_far() -> None:
    import linecache

    from csp_desktop.ui.runtime import drop_source_line_cache

    assert linecache.getline(__file__, 1)  # cached now
    assert __file__ in linecache.cache
    drop_source_line_cache()
    assert __file__ not in linecache.cache
    assert linecache.getline(__file__, 1)  # read afresh when asked again
