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


def _pyside6_own_check(module: object) -> bool:
    """PySide6's `shibokensupport.feature._mod_uses_pyside`, as PySide6 6.11 writes it."""
    import inspect

    try:
        source = inspect.getsource(module)  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return False
    return "PySide6" in source


def test_the_cheap_pyside_check_answers_as_pyside6_does_for_every_window_module() -> None:
    import linecache

    import csp_desktop.ui.main_window  # noqa: F401  (loads what the window loads)

    modules = [m for name, m in sorted(sys.modules.items()) if m is not None]
    assert len(modules) > 300
    differing = [
        m.__name__ for m in modules if runtime.module_mentions_pyside(m) != _pyside6_own_check(m)
    ]
    linecache.clearcache()
    assert differing == []
    assert runtime.module_mentions_pyside(runtime.__class__) is False  # not a module file
    assert runtime.module_mentions_pyside(sys.modules["csp_desktop.ui.agenda_tab"])
    assert not runtime.module_mentions_pyside(sys.modules["csp_desktop.services.agenda"])


def test_scan_pyside_users_cheaply_replaces_pyside6s_check(monkeypatch: pytest.MonkeyPatch) -> None:
    import PySide6.QtCore  # noqa: F401  (installs shibokensupport.feature)

    feature = sys.modules["shibokensupport.feature"]
    monkeypatch.setattr(feature, "_mod_uses_pyside", _pyside6_own_check)
    runtime.scan_pyside_users_cheaply()
    assert feature._mod_uses_pyside is runtime.module_mentions_pyside  # type: ignore[attr-defined]


def test_collection_paused_for_start_up_is_back_on_with_the_first_meeting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runtime, "_startup_heap_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: None)
    try:
        runtime.pause_collector_for_start_up()
        assert not gc.isenabled()
        runtime.freeze_startup_heap()
        assert gc.isenabled()
    finally:
        gc.enable()
