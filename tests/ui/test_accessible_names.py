"""Every tab of the window, as a screen reader names it (issue 19; the bus-level test is
tests/acceptance/test_accessibility_bus.py): visible button words inside the accessible
name (WCAG 2.5.3), combos named by purpose with a label, arrow keys kept in the tab."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget

from csp_desktop.ui.agenda_tab import ITEM_BUTTON_ORDER
from csp_desktop.ui.announcer import _words
from csp_desktop.ui.focus_guard import next_stop
from csp_desktop.ui.main_window import TAB_SPECS
from tests.ui.window_helpers import open_window, seed_partnership


@pytest.fixture
def window(qtbot, db, clock, tmp_path):  # type: ignore[no-untyped-def]
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    for index in range(len(TAB_SPECS)):  # builds the lazy tabs too
        window.switch_tab(index)
        qtbot.wait(20)
    window.switch_tab(0)
    return window


def visible_in(window, kind):  # type: ignore[no-untyped-def]
    found = []
    for index in range(window.tab_widget.count()):
        window.switch_tab(index)
        page = window.tab_widget.widget(index)
        found += [w for w in page.findChildren(kind) if w.isVisible()]
    return found


def test_visible_button_words_are_inside_the_accessible_name(window) -> None:  # type: ignore[no-untyped-def]
    wrong = []
    for button in visible_in(window, QAbstractButton):
        caption = button.text().replace("&", "")
        name = button.accessibleName()
        if caption.strip() and name and _words(caption.strip(" …▶◀.")) not in _words(name):
            wrong.append(f"{caption!r} named {name!r}")
    assert wrong == []


def test_every_combo_has_a_purpose_name_and_a_label(window) -> None:  # type: ignore[no-untyped-def]
    wrong = []
    labelled = set()
    for index in range(window.tab_widget.count()):
        page = window.tab_widget.widget(index)
        labelled |= {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy()}
    for combo in visible_in(window, QComboBox):
        name = combo.accessibleName()
        if not name or name == combo.currentText():
            wrong.append(f"named by value: {name!r}")
        elif id(combo) not in labelled and not combo.accessibleDescription():
            wrong.append(f"{name!r}: no label for Qt's Linux bridge")
    assert wrong == []


def test_down_on_the_last_button_of_a_tab_stays_in_the_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.switch_tab(1)
    tab = window.tab("attendance")
    button = tab.add_button
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    qtbot.keyClick(button, Qt.Key.Key_Down)
    focused = QApplication.focusWidget()
    assert focused is not window.navigator.filter_edit
    assert isinstance(focused, QWidget) and tab.isAncestorOf(focused)


def test_the_agenda_buttons_come_before_the_table(window) -> None:  # type: ignore[no-untyped-def]
    agenda = window.agenda_tab
    order, widget = [], agenda.clock_bar.buttons[0]
    for _ in range(40):
        order.append(widget)
        widget = widget.nextInFocusChain()
    buttons = [agenda.item_buttons[name] for name in ("add_item", "move_item_down")]
    positions = [order.index(w) for w in (*buttons, agenda.table, agenda.editor)]
    assert positions == sorted(positions)


def follows(chain: list[QWidget]) -> list[str]:
    """Where Tab goes from each widget of `chain` when it is not the next one."""
    return [
        f"{a.accessibleName()!r} -> {stop.accessibleName() if stop else None!r}"
        for a, b in itertools.pairwise(chain)
        if (stop := next_stop(a, forward=True)) is not b
    ]


def test_the_actions_filters_are_reached_row_by_row(window) -> None:  # type: ignore[no-untyped-def]
    window.switch_tab(2)
    actions = window.tab("actions")
    # Show | Status, then Owner | Body, then Find, then the list.
    chain = [
        actions.scope_combo,
        actions.status_combo,
        actions.owner_combo,
        actions.body_combo,
        actions.search_edit,
        actions.table,
    ]
    assert follows(chain) == []


def test_the_forward_plan_buttons_come_before_its_table(window) -> None:  # type: ignore[no-untyped-def]
    window.switch_tab(window.tab_widget.indexOf(window.tabs["forward-plan"]))
    plan = window.tab("forward-plan")
    chain = [*plan.buttons.values(), plan.show_done, plan.table]
    assert follows(chain) == []


def test_the_agenda_tab_order_follows_the_layout(window) -> None:  # type: ignore[no-untyped-def]
    window.switch_tab(0)
    agenda = window.agenda_tab
    chain = [
        *agenda.clock_bar.buttons,
        *(agenda.item_buttons[name] for name in ITEM_BUTTON_ORDER),
        agenda.table,
        agenda.editor,
    ]
    assert follows(chain) == []


def test_a_failing_save_is_said_once_until_saved_again(window) -> None:  # type: ignore[no-untyped-def]
    from csp_desktop.ui import announcer

    announcer._recent.clear()  # the log keeps only the last 100: start it empty
    before = len(announcer.recent())
    window.context.save_failed.emit("the disk is full")
    window.context.save_failed.emit("the disk is full")  # the autosave retrying
    assert announcer.recent()[before:] == ["Not saved: the disk is full"]
    assert window.save_label.accessibleName() == "Save state: NOT SAVED"
    window._show_save_state()  # saved again
    assert window.save_label.accessibleName() == "Save state: All changes saved"
    window.context.save_failed.emit("the disk is full")
    assert announcer.recent()[before:] == ["Not saved: the disk is full"] * 2


def test_no_table_hides_a_column_in_the_view(window) -> None:  # type: ignore[no-untyped-def]
    """A column hidden in a view stays on the accessibility bus as focusable, invisible
    cells; columns not wanted are left out by the model's proxy instead."""
    from PySide6.QtWidgets import QTableView

    hidden = []
    window.resize(900, 700)  # narrow: the agenda and actions tables drop columns
    for index in range(window.tab_widget.count()):
        window.switch_tab(index)
        page = window.tab_widget.widget(index)
        for view in page.findChildren(QTableView):
            model = view.model()
            if model is None:
                continue
            hidden += [
                f"{view.accessibleName()}: column {c}"
                for c in range(model.columnCount())
                if view.isColumnHidden(c)
            ]
    assert hidden == []
