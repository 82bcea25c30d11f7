"""ui/announcer.py: live facts as text, announcements once per change, names by purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from csp_desktop.clock import FakeClock
from csp_desktop.storage import Database
from csp_desktop.ui import announcer
from csp_desktop.ui.attendance_tab import AttendanceTab
from tests.ui.live_meeting_data import LiveMeeting, build_live_meeting, ui_context


def test_the_installed_qt_announces_with_the_real_event() -> None:
    # PySide6 6.8+ has QAccessibleAnnouncementEvent; the fallback is for older installs.
    assert announcer.HAS_ANNOUNCEMENTS


def test_a_repeated_state_is_said_once_per_topic(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    announcer.forget("test-topic")
    before = len(announcer.recent())
    assert announcer.announce(label, "NOT QUORATE: 2 of quorum 3", topic="test-topic")
    assert not announcer.announce(label, "NOT QUORATE:  2 of quorum 3", topic="test-topic")
    assert announcer.announce(label, "Quorate: 3 of quorum 3", topic="test-topic")
    assert announcer.recent()[before:] == ["NOT QUORATE: 2 of quorum 3", "Quorate: 3 of quorum 3"]
    assert not announcer.announce(label, "   ")


def test_live_text_puts_the_fact_in_the_name_and_description(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    announcer.show_live_text(label, "Selected item", "4. Drugs profile\nRachel · 1 minute")
    assert label.text() == "4. Drugs profile\nRachel · 1 minute"
    assert label.accessibleName() == "Selected item: 4. Drugs profile. Rachel · 1 minute"
    assert label.accessibleDescription() == ""  # not said twice
    announcer.show_live_text(label, "Selected item", "")
    assert label.accessibleName() == "Selected item"


@pytest.mark.parametrize(
    ("visible", "purpose", "name"),
    [
        ("Up", "Move item up", "Move item up"),
        ("Add…", "Add agenda item…", "Add agenda item…"),
        (
            "Pause / resume",
            "Pause or resume the item clock",
            "Pause / resume: pause or resume the item clock",
        ),
        ("◀ Previous item", "Previous item", "Previous item"),
    ],
)
def test_the_visible_words_are_inside_the_accessible_name(visible, purpose, name) -> None:  # type: ignore[no-untyped-def]
    assert announcer.accessible_caption(visible, purpose) == name


def test_plural_says_one_minute() -> None:
    assert announcer.plural(1, "minute") == "1 minute"
    assert announcer.plural(2, "minute") == "2 minutes"


def test_a_combo_is_named_by_purpose_through_its_label(qtbot) -> None:  # type: ignore[no-untyped-def]
    combo, label = QComboBox(), QLabel("&Status:")
    qtbot.addWidget(combo)
    qtbot.addWidget(label)
    combo.addItem("Any status")
    announcer.name_by_purpose(combo, label, "Filter by status")
    assert label.buddy() is combo
    assert label.accessibleName() == "Filter by status"
    assert combo.accessibleName() == "Filter by status"  # the name on Windows


@pytest.fixture
def attendance(qtbot, db: Database, clock: FakeClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        live: LiveMeeting = build_live_meeting(session, quorum=3)
    widget = AttendanceTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.show_meeting(live.meeting_id)
    return widget


def test_each_mark_is_said_with_the_next_person_and_quorum_changes_once(qtbot, attendance) -> None:  # type: ignore[no-untyped-def]
    tab = attendance
    tab.table.setFocus()
    before = len(announcer.recent())
    # Roster order is by surname: Bell, Ghani, Lyons, Opie, Taylor.
    for key in (Qt.Key.Key_P, Qt.Key.Key_P, Qt.Key.Key_A, Qt.Key.Key_P):
        qtbot.keyClick(tab.table, key)
    said = announcer.recent()[before:]
    assert said[:3] == [
        "Stuart Bell: present; next: Councillor Syed Ghani",
        "Councillor Syed Ghani: present; next: Chris Lyons",
        "Chris Lyons: apologies; next: Andy Opie",
    ]
    # The third member present makes the meeting quorate (from not quorate): said once.
    assert said[3:] == ["Quorate: 3 of quorum 3", "Andy Opie: present; next: Fiona Taylor"]
    assert tab.quorum_label.accessibleName() == "Quorum: Quorate: 3 of quorum 3"
    assert "3 of 5 members" in tab.counts_label.accessibleName()
    # Back up to Opie and mark absent: quorum lost, said; the last row says so.
    qtbot.keyClick(tab.table, Qt.Key.Key_Up)
    qtbot.keyClick(tab.table, Qt.Key.Key_X)
    said = announcer.recent()[before:]
    assert said[-2:] == ["NOT QUORATE: 2 of quorum 3", "Andy Opie: absent; next: Fiona Taylor"]
    qtbot.keyClick(tab.table, Qt.Key.Key_P)
    assert announcer.recent()[-1] == "Fiona Taylor: present; end of the list"


def test_a_notice_over_the_minutes_is_said_once_while_it_shows(qtbot) -> None:  # type: ignore[no-untyped-def]
    from csp_desktop.ui.notice_bar import NoticeBar

    bar = NoticeBar()
    qtbot.addWidget(bar)
    before = len(announcer.recent())
    bar.notify("ACTION line deleted · Ctrl+Z to bring it back")
    bar.notify("ACTION line deleted · Ctrl+Z to bring it back")
    assert announcer.recent()[before:] == ["ACTION line deleted · Ctrl+Z to bring it back"]
    assert bar.label.accessibleName() == "Notice: ACTION line deleted · Ctrl+Z to bring it back"
    bar.hide()
    bar.ask("Start the meeting now?", on_yes=lambda: None)
    assert announcer.recent()[-1] == "Start the meeting now? Yes (Enter), No (Esc)"
