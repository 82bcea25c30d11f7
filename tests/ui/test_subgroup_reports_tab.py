"""The Subgroup reports tab: typed summaries autosave, ACTION lines, status, RAG, grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Action, Rag, ReportStatus, SubgroupReport
from csp_desktop.services.subgroups import ReportGrid, ensure_report_slots
from csp_desktop.storage import Database
from csp_desktop.ui.subgroup_reports_tab import ReportGridModel, SubgroupReportsTab
from tests.ui.live_meeting_data import LiveMeeting, build_live_meeting, ui_context


@pytest.fixture
def live(db: Database) -> LiveMeeting:
    with db.transaction() as session:
        live = build_live_meeting(session)
        ensure_report_slots(session, live.meeting_id)
    return live


@pytest.fixture
def tab(qtbot, db: Database, clock: FakeClock, tmp_path: Path, live: LiveMeeting):  # type: ignore[no-untyped-def]
    widget = SubgroupReportsTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.show_meeting(live.meeting_id)
    return widget


def report(db: Database, name: str) -> SubgroupReport:
    with db.session() as session:
        found = session.scalars(select(SubgroupReport)).all()
        chosen = next(r for r in found if r.subgroup.name.startswith(name))
        _ = chosen.priorities
        return chosen


def test_one_panel_per_expected_subgroup(tab: SubgroupReportsTab) -> None:
    assert tab.accessibleName() == "Subgroup reports"
    assert [p.title() for p in tab.panels] == ["IVOLT", "Violence Against Women and Girls"]
    vawg = tab.panels[1]
    assert vawg.author_edit.placeholderText() == "Nathan Singleton"
    assert vawg.status_combo.currentText() == "Not provided"
    assert [b.text() for _pid, b in vawg.priority_boxes] == [
        "1. Keeping children and young people safe",
        "2. Tackling violence against women and girls",
    ]


def test_summary_typed_autosaves_and_captures_actions(
    qtbot, tab: SubgroupReportsTab, db: Database, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    panel = tab.panels[1]
    panel.summary_edit.setFocus()
    qtbot.keyClicks(panel.summary_edit, "Referrals up 12% over the summer.")
    qtbot.keyClick(panel.summary_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.summary_edit, "ACTION: Andy Opie to share the MARAC figures")
    qtbot.waitUntil(lambda: "MARAC" in report(db, "Violence").summary, timeout=3000)
    # The save landed on the background writer; the panel hears of it on the GUI thread.
    qtbot.waitUntil(lambda: "CSP-2022-10-05-01" in panel.actions_label.text(), timeout=3000)
    stored = report(db, "Violence")
    assert stored.summary == (
        "Referrals up 12% over the summer.\nACTION: Andy Opie to share the MARAC figures"
    )
    assert stored.status is ReportStatus.VERBAL  # someone spoke
    assert panel.status_combo.currentText() == "Verbal update"
    with db.session() as session:
        action = session.scalars(select(Action)).one()
        assert action.subgroup_report_id == stored.id
        assert [p.name for p in action.owners] == ["Andy Opie"]
    assert "CSP-2022-10-05-01: Andy Opie" in panel.actions_label.text()


def test_flush_saves_at_once(qtbot, tab: SubgroupReportsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    panel = tab.panels[0]
    panel.summary_edit.setFocus()
    qtbot.keyClicks(panel.summary_edit, "Hotspot patrols continue")
    tab.flush()
    assert report(db, "IVOLT").summary == "Hotspot patrols continue"


def test_switching_meeting_saves_pending_text(qtbot, tab: SubgroupReportsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    panel = tab.panels[0]
    panel.summary_edit.setFocus()
    qtbot.keyClicks(panel.summary_edit, "Said before switching")
    tab.show_meeting(None)
    assert report(db, "IVOLT").summary == "Said before switching"


def test_removed_action_line_is_a_notice_and_goes_when_the_tab_is_left(
    qtbot, tab: SubgroupReportsTab, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """No question while typing (issue 11): the action is kept while the note taker is
    on the tab (Ctrl+Z brings the line and the action back), deleted once they leave."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("a dialog appeared"))
    statuses: list[str] = []
    tab.status_message.connect(statuses.append)
    panel = tab.panels[0]
    panel.summary_edit.setFocus()
    qtbot.keyClicks(panel.summary_edit, "ACTION: Stuart Bell to map hotspots")
    tab.flush()
    with db.session() as session:
        assert len(session.scalars(select(Action)).all()) == 1
    panel.summary_edit.selectAll()
    qtbot.keyClicks(panel.summary_edit, "No actions after all")
    tab.flush()
    assert any("CSP-2022-10-05-01 removed with its line" in s for s in statuses)
    with db.session() as session:
        assert len(session.scalars(select(Action)).all()) == 1  # kept for now
    tab.hide()  # another tab shown
    with db.session() as session:
        assert session.scalars(select(Action)).all() == []


def test_a_removed_action_line_brought_back_keeps_its_action(
    qtbot, tab: SubgroupReportsTab, db: Database
) -> None:  # type: ignore[no-untyped-def]
    panel = tab.panels[0]
    panel.summary_edit.setFocus()
    qtbot.keyClicks(panel.summary_edit, "ACTION: Stuart Bell to map hotspots")
    tab.flush()
    panel.summary_edit.selectAll()
    qtbot.keyClick(panel.summary_edit, Qt.Key.Key_Delete)
    tab.flush()
    qtbot.keyClick(panel.summary_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    tab.flush()
    tab.hide()
    with db.session() as session:
        assert [a.text for a in session.scalars(select(Action))] == ["Stuart Bell to map hotspots"]


def test_status_rag_author_and_priorities_by_keyboard(
    qtbot, tab: SubgroupReportsTab, db: Database, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    panel = tab.panels[1]
    panel.status_combo.setFocus()
    qtbot.keyClick(panel.status_combo, Qt.Key.Key_Home)  # Written report
    panel.rag_combo.setFocus()
    qtbot.keyClick(panel.rag_combo, Qt.Key.Key_End)  # Green
    assert panel.author_edit.text() == "Nathan Singleton"  # the chair, credited
    panel.author_edit.setFocus()
    panel.author_edit.selectAll()
    qtbot.keyClicks(panel.author_edit, "DCI Nathan Singleton")
    qtbot.keyClick(panel.author_edit, Qt.Key.Key_Return)
    box = panel.priority_boxes[1][1]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    stored = report(db, "Violence")
    assert stored.status is ReportStatus.WRITTEN
    assert stored.rag is Rag.GREEN
    assert stored.author == "DCI Nathan Singleton"
    assert [p.id for p in stored.priorities] == [live.priority_ids[1]]
    grid_cells = [tab.grid_model.index(r, 0).data() for r in range(tab.grid_model.rowCount())]
    assert grid_cells == ["None", "Written"]


def test_f7_moves_between_reports(qtbot, tab: SubgroupReportsTab) -> None:  # type: ignore[no-untyped-def]
    tab.panels[0].summary_edit.setFocus()
    qtbot.keyClick(tab.panels[0].summary_edit, Qt.Key.Key_F7)
    assert tab.panels[1].summary_edit.hasFocus()
    qtbot.keyClick(tab.panels[1].summary_edit, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert tab.panels[0].summary_edit.hasFocus()


def test_grid_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ReportGridModel()
    model.set_grid(
        ReportGrid(
            meeting_ids=[1, 2],
            meeting_labels=["29 Jun 2022", "5 Oct 2022"],
            subgroup_names=["IVOLT", "VAWG"],
            cells=[["Written", "None"], ["Verbal", "Not expected"]],
        )
    )
    qtmodeltester.check(model)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "5 Oct 2022"
    assert model.headerData(1, Qt.Orientation.Vertical) == "VAWG"
    assert model.index(0, 1).data() == "None"
    assert model.index(0, 1).data(Qt.ItemDataRole.FontRole).bold()


def test_insert_action_keys_start_an_action_line_in_the_report(
    qtbot, tab: SubgroupReportsTab
) -> None:  # type: ignore[no-untyped-def]
    editor = tab.panels[0].summary_edit
    editor.setFocus()
    qtbot.keyClicks(editor, "Patrols continue")
    qtbot.keyClick(
        editor,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.keyClicks(editor, "Stuart Bell to map hotspots")
    assert editor.toPlainText() == "Patrols continue\nACTION: Stuart Bell to map hotspots"


def test_in_the_window_ctrl_4_f7_and_typing_reach_the_report(
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from csp_desktop.models import Body, BodyKind
    from csp_desktop.services import bodies
    from tests.ui.window_helpers import open_window, seed_partnership

    seeded = seed_partnership(db, clock)
    with db.transaction() as session:
        board = session.get(Body, seeded.board_id)
        bodies.create_body(session, "IVOLT", "IVOLT", BodyKind.SUBGROUP, parent=board)
        ensure_report_slots(session, seeded.october_id)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    assert window.meeting_id == seeded.october_id
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == "subgroup-reports"
    tab = window.tab("subgroup-reports")
    assert isinstance(tab, SubgroupReportsTab)
    # Ctrl+4 lands in the first report's summary (it was the scroll area: keys were lost).
    assert QApplication.focusWidget() is tab.panels[0].summary_edit
    ivolt = next(n for n, p in enumerate(tab.panels) if p.subgroup_name == "IVOLT")
    for _ in range(ivolt):  # F7: the next report
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F7)
    editor = tab.panels[ivolt].summary_edit
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(QApplication.focusWidget(), "Verbal update from the chair")
    qtbot.keyClick(
        editor,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.keyClicks(editor, "Chris Lyons to map hotspots")
    qtbot.waitUntil(lambda: "hotspots" in report(db, "IVOLT").summary, timeout=3000)
    assert report(db, "IVOLT").summary == (
        "Verbal update from the chair\nACTION: Chris Lyons to map hotspots"
    )
    with db.session() as session:
        action = session.scalars(select(Action)).all()
        raised = [a for a in action if a.subgroup_report_id is not None]
        assert [p.name for p in raised[0].owners] == ["Chris Lyons"]


def test_approved_minutes_show_reports_read_only(
    qtbot, db: Database, clock: FakeClock, tmp_path: Path, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    from csp_desktop.models import Meeting, MeetingStatus

    with db.transaction() as session:
        meeting = session.get(Meeting, live.meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.APPROVED
    widget = SubgroupReportsTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.show()
    widget.show_meeting(live.meeting_id)
    assert "approved" in widget.message.text()
    editor = widget.panels[0].summary_edit
    assert editor.isReadOnly()
    editor.setFocus()
    qtbot.keyClicks(editor, "late words")
    widget.flush()
    assert report(db, "IVOLT").summary == ""
    assert not widget.panels[0].status_combo.isEnabled()


def test_autosave_runs_on_the_background_writer_and_a_failure_keeps_the_text(
    qtbot, tab: SubgroupReportsTab, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Typing never waits for a report's save and ACTION sync (issue 6)."""
    import threading

    from csp_desktop.errors import UserError
    from csp_desktop.services import subgroups as subgroup_service

    real_set_summary = subgroup_service.set_summary
    threads: list[str] = []
    refuse = [True]

    def recording_set_summary(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        if refuse[0]:
            raise UserError("The disk is full.")
        return real_set_summary(*args, **kwargs)

    shown: list[str] = []
    monkeypatch.setattr(subgroup_service, "set_summary", recording_set_summary)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a, **_k: pytest.fail("a dialog appeared"))
    tab.status_message.connect(
        lambda text: (
            shown.append(text.removeprefix("REPORT NOT SAVED: "))
            if text.startswith("REPORT NOT SAVED")
            else None
        )
    )
    panel = tab.panels[0]
    panel.summary_edit.setFocus()
    qtbot.keyClicks(panel.summary_edit, "ACTION: Stuart Bell to map hotspots")
    qtbot.waitUntil(lambda: shown == ["The disk is full."], timeout=3000)
    assert threads and threading.main_thread().name not in threads
    assert panel.summary() == "ACTION: Stuart Bell to map hotspots"  # nothing lost
    refuse[0] = False
    qtbot.keyClicks(panel.summary_edit, " by May")
    tab.flush()
    assert report(db, "IVOLT").summary == "ACTION: Stuart Bell to map hotspots by May"
    with db.session() as session:
        assert len(session.scalars(select(Action)).all()) == 1


def test_a_report_changed_elsewhere_meanwhile_is_not_overwritten(  # type: ignore[no-untyped-def]
    qtbot, tab: SubgroupReportsTab, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: each panel carries the version it showed. Someone else's change since is
    kept: the status bar says who and when (no dialog), theirs is shown, and what the
    note taker typed or chose is kept in `lost_edit`."""
    import datetime as dt

    from csp_desktop.models import LostEdit
    from csp_desktop.services import subgroups as subgroup_service
    from csp_desktop.storage import open_database
    from csp_desktop.ui import user_errors

    dialogs: list[object] = []
    monkeypatch.setattr(user_errors, "show_error", lambda *args: dialogs.append(args))
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a, **_k: pytest.fail("a dialog appeared"))
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    panel = tab.panels[1]
    report_id = panel.report_id

    def jo_saves(change) -> None:  # type: ignore[no-untyped-def]
        jo = open_database(db.url)
        jo.clock = FakeClock(current=dt.datetime(2022, 10, 5, 10, 42), username="Jo Smith")
        with jo.transaction() as session:
            change(session)
        jo.close()

    def kept() -> list[tuple[str, str, str | None]]:
        with db.session() as session:
            return [(e.table_name, e.field, e.value) for e in session.scalars(select(LostEdit))]

    # A summary typed over Jo's: refused on the background writer, Jo's shown.
    jo_saves(lambda s: subgroup_service.set_summary(s, report_id, "Jo's notes.", FakeClock()))
    panel.summary_edit.setFocus()
    qtbot.keyClicks(panel.summary_edit, "Referrals up 12%.")
    qtbot.waitUntil(lambda: panel.summary() == "Jo's notes.", timeout=3000)
    assert any(m.startswith("Changed by Jo Smith at 10:42: ") for m in messages), messages
    assert report(db, "Violence").summary == "Jo's notes."
    assert ("subgroup_report", "summary", "Referrals up 12%.") in kept()
    assert panel.status_combo.currentText() == "Verbal update"  # theirs, as saved
    # From Jo's version, the note taker's next words land.
    qtbot.keyClicks(panel.summary_edit, " Seen by the panel.")
    tab.flush()
    assert report(db, "Violence").summary == "Jo's notes. Seen by the panel."
    # A RAG chosen after Jo rated it: refused at once, Jo's rating shown, the choice kept.
    messages.clear()
    jo_saves(lambda s: subgroup_service.set_rag(s, report_id, Rag.RED))
    panel.rag_combo.setFocus()
    qtbot.keyClick(panel.rag_combo, Qt.Key.Key_End)  # Green
    assert report(db, "Violence").rag is Rag.RED
    assert any(m.startswith("Changed by Jo Smith at 10:42: ") for m in messages), messages
    qtbot.waitUntil(lambda: panel.rag_combo.currentText() == "Red", timeout=3000)
    assert ("subgroup_report", "rag", "green") in kept()
    assert dialogs == []
    # Once theirs is shown, a choice made from it lands.
    qtbot.keyClick(panel.rag_combo, Qt.Key.Key_End)
    assert report(db, "Violence").rag is Rag.GREEN
    assert panel.summary() == "Jo's notes. Seen by the panel."  # nothing typed was undone
