"""The search panel: type, see results in words, Enter or double click jumps there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from csp_desktop.clock import FakeClock
from csp_desktop.models import AgendaItem
from csp_desktop.services.actions import create_action
from csp_desktop.services.search import SearchHit
from csp_desktop.storage import Database
from csp_desktop.ui.navigation import Place
from csp_desktop.ui.search_panel import SearchPanel, SearchResultsModel
from tests.ui.live_meeting_data import LiveMeeting, build_live_meeting, ui_context


@pytest.fixture
def live(db: Database, clock: FakeClock) -> LiveMeeting:
    with db.transaction() as session:
        live = build_live_meeting(session)
        item = session.get(AgendaItem, live.item_ids[2])
        assert item is not None
        item.minutes_text = "The Street Space team presented the youth engagement programme."
        create_action(
            session,
            body_id=live.board_id,
            meeting_id=live.meeting_id,
            item_id=item.id,
            text="Andy Opie to invite Street Space representatives",
            owner_ids=[live.person_ids["Andy Opie"]],
            clock=clock,
        )
    return live


@pytest.fixture
def panel(qtbot, db: Database, clock: FakeClock, tmp_path: Path, live: LiveMeeting):  # type: ignore[no-untyped-def]
    widget = SearchPanel(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    widget.open_search()
    return widget


def rows(panel: SearchPanel) -> list[tuple[str, str, str]]:
    model = panel.model
    return [
        (
            model.index(r, model.COL_KIND).data(),
            model.index(r, model.COL_MEETING).data(),
            model.index(r, model.COL_TITLE).data(),
        )
        for r in range(model.rowCount())
    ]


def test_typing_then_enter_lists_results_in_words(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    assert panel.accessibleName() == "Search"
    assert panel.search_edit.hasFocus()
    qtbot.keyClicks(panel.search_edit, "street space")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    found = rows(panel)
    assert (
        "Minutes",
        "5 Oct 2022, Community Safety Partnership Board",
        "Item 3: Violence reduction",
    ) in found
    assert (
        "Action",
        "5 Oct 2022, Community Safety Partnership Board",
        "CSP-2022-10-05-01",
    ) in found
    assert panel.count_label.text() == "2 results for “street space”"
    assert panel.results.hasFocus()
    snippet = panel.model.index(0, SearchResultsModel.COL_SNIPPET).data()
    assert "[Street]" in snippet


def test_results_arrive_after_a_pause_in_typing(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(panel.search_edit, "metropolitan")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert rows(panel) == [("Person", "", "Stuart Bell")]


def test_enter_on_a_result_navigates_to_the_item(
    qtbot, panel: SearchPanel, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(panel.search_edit, "youth engagement")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.navigate) as signal:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert signal.args[0] == Place(live.meeting_id, "agenda", agenda_item_id=live.item_ids[2])


def test_down_then_double_click_navigates_to_the_action(
    qtbot, panel: SearchPanel, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(panel.search_edit, "CSP-2022-10-05-01")
    panel.run_search()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    assert panel.results.hasFocus()
    # One visible column (place over words): click the result where it is drawn.
    rect = panel.results.visualRect(panel.model.index(0, SearchResultsModel.COL_SNIPPET))
    viewport = panel.results.viewport()
    with qtbot.waitSignal(panel.navigate) as signal:
        # A real double click: a press/release, then the double-click event.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    place = signal.args[0]
    assert place.tab == "actions" and place.meeting_id == live.meeting_id
    assert place.action_id is not None


def test_no_results_said_in_words(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(panel.search_edit, "zanzibar")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert panel.count_label.text() == "No results for “zanzibar”"
    assert panel.search_edit.hasFocus()


def test_escape_asks_to_close(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.close_requested):
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Escape)


def test_results_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = SearchResultsModel()
    model.set_hits(
        [
            SearchHit(
                kind="item",
                kind_label="Minutes",
                title="Item 4: Violence reduction",
                snippet="…the [Street] Space team…",
                meeting_id=1,
                meeting_label="CSP Board, Wednesday 5 October 2022",
                meeting_date=dt.date(2022, 10, 5),
                tab="agenda",
                agenda_item_id=4,
                action_id=None,
                ref_id=4,
                is_restricted=True,
            )
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, model.COL_KIND).data() == "Minutes (restricted)"
    assert model.index(0, model.COL_MEETING).data() == "5 Oct 2022, CSP Board"


def test_ctrl_f_in_the_window_finds_an_action_and_jumps_to_it(
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.window_helpers import open_window, seed_partnership

    seeded = seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.findChild(SearchPanel)
    assert search is not None
    qtbot.waitUntil(search.search_edit.hasFocus)
    qtbot.keyClicks(search.search_edit, "profile partners")
    qtbot.keyClick(search.search_edit, Qt.Key.Key_Return)
    kinds = [
        search.model.index(r, SearchResultsModel.COL_KIND).data()
        for r in range(search.model.rowCount())
    ]
    assert sorted(kinds) == ["Action", "Minutes"]
    for _ in range(kinds.index("Action")):
        qtbot.keyClick(search.results, Qt.Key.Key_Down)
    qtbot.keyClick(search.results, Qt.Key.Key_Return)
    assert window.current_tab_name() == "actions"
    actions_tab = window.tab("actions")
    selected = actions_tab.selected_row()  # type: ignore[attr-defined]
    assert selected is not None and selected.id == seeded.carried_action_id
    assert window.meeting_id == seeded.june_id


def test_results_show_the_matching_words_highlighted() -> None:
    from csp_desktop.ui.search_hit_delegate import snippet_html

    assert snippet_html("the [hotspot] data & <maps>") == (
        'the <b style="background-color:#ffe066">hotspot</b> data &amp; &lt;maps&gt;'
    )
    assert snippet_html("no [closing bracket") == "no [closing bracket"


def test_the_words_column_is_the_one_shown(panel: SearchPanel, live: LiveMeeting) -> None:
    panel.search_edit.setText("CSP-2022-10-05-01")
    panel.run_search()
    shown = [c for c in range(panel.model.columnCount()) if not panel.results.isColumnHidden(c)]
    assert shown == [SearchResultsModel.COL_SNIPPET]
    assert panel.model.rowCount() >= 1
    heading = panel._heading(panel.model.index(0, SearchResultsModel.COL_SNIPPET))
    assert "Action" in heading
