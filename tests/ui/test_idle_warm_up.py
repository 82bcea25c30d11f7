"""The idle warm-up (ui/idle_warm_up.py): nothing before the first paint, then one step
per event-loop turn, in order; a failing step is logged and the rest still run."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from csp_desktop.ui.idle_warm_up import IdleWarmUp
from csp_desktop.ui.lazy_tab import LazyTab
from tests.ui.window_helpers import open_window, seed_partnership


def test_steps_wait_for_the_first_paint_then_run_in_order(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    ran: list[str] = []

    def broken() -> None:
        ran.append("broken")
        raise RuntimeError("no")

    warm_up = IdleWarmUp(widget, [lambda: ran.append("one"), broken, lambda: ran.append("three")])
    QApplication.processEvents()
    assert ran == [] and not warm_up.done  # not shown, never painted
    with (
        caplog.at_level(logging.ERROR, logger="csp_desktop.ui.idle_warm_up"),
        qtbot.waitSignal(warm_up.finished, timeout=3000),
    ):
        widget.show()
    assert ran == ["one", "broken", "three"] and warm_up.done
    assert len(warm_up.timings) == 3
    assert "warm-up step" in caplog.text


def test_cancel_runs_nothing_more(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    ran: list[int] = []
    warm_up = IdleWarmUp(widget, [lambda: ran.append(1)])
    warm_up.cancel()
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    assert ran == []


@pytest.mark.usefixtures("qapp")
def test_the_window_builds_every_other_tab_after_the_first_paint(  # type: ignore[no-untyped-def]
    qtbot, db, clock, tmp_path
) -> None:
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    qtbot.waitUntil(lambda: window.warm_up.done, timeout=10_000)
    for name, tab in window.tabs.items():
        assert not isinstance(tab, LazyTab) or tab.inner is not None, name
    # The warm-up only built them: the Agenda is still the tab shown, focus in the minutes.
    assert window.current_tab_name() == "agenda"
    assert window.agenda_tab.editor.hasFocus()


@pytest.mark.usefixtures("qapp")
def test_a_closed_window_builds_no_more_tabs_and_its_writer_ends(  # type: ignore[no-untyped-def]
    qtbot, db, clock, tmp_path
) -> None:
    """Closing cancels the warm-up: a closed (not yet deleted) window went on building
    tabs in later event-loop turns, and one of them waited on its stopped writer."""
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    window.close()
    built = {name for name, tab in window.tabs.items() if isinstance(tab, LazyTab) and tab.inner}
    for _ in range(20):
        QApplication.processEvents()
    assert {
        name for name, tab in window.tabs.items() if isinstance(tab, LazyTab) and tab.inner
    } == built
    assert window.context.background.stopped


@pytest.mark.usefixtures("qapp")
def test_the_warm_up_configures_the_orm_and_shows_the_meeting_in_the_other_tabs(  # type: ignore[no-untyped-def]
    qtbot, db, clock, tmp_path
) -> None:
    """The first screen is read with Core statements; the ORM is configured in the first
    idle step, then each other tab gets the open meeting (on a local file), so a first
    visit only switches. Focus stays in the minutes throughout."""
    from csp_desktop.models import Base

    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    qtbot.waitUntil(lambda: window.warm_up.done, timeout=10_000)
    assert all(mapper.configured for mapper in Base.registry.mappers)
    others = {name for name, tab in window.tabs.items() if isinstance(tab, LazyTab)}
    primed = others - window._stale
    if window.context.database.is_sqlite:
        assert primed == others
        for name in others:
            assert getattr(window.tab(name), "meeting_id", window.meeting_id) == window.meeting_id
    else:  # on a server the warm-up never waits on the network: first visits read
        assert primed == set()
    assert window.current_tab_name() == "agenda"
    assert window.agenda_tab.editor.hasFocus()
