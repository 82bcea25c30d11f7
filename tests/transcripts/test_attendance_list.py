"""Teams attendance lists: both encodings, both layouts, US and UK dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from csp_desktop.transcripts.attendance_list import (
    AttendanceListUnreadable,
    parse_attendance_list,
    parse_duration,
    parse_timestamp,
)
from tests.transcript_samples import board_attendees, write_attendance_list


@pytest.mark.parametrize("utf16_tabs", [True, False])
def test_the_participants_section_in_either_encoding(tmp_path: Path, utf16_tabs: bool) -> None:
    path = write_attendance_list(tmp_path / "a.csv", board_attendees(), utf16_tabs=utf16_tabs)
    assert path.read_bytes()[:2] == (b"\xff\xfe" if utf16_tabs else b"1.")
    parsed = parse_attendance_list(path.read_bytes(), dt.date(2022, 10, 5))
    assert parsed.meeting_title == "CSP Board"
    assert parsed.started_at == dt.datetime(2022, 10, 5, 9, 50)
    assert len(parsed.participants) == 6  # the activities section is not read twice
    helen = parsed.participants[2]
    assert helen.name == "Marsh, Helen (Met Police)"
    assert helen.first_join == dt.datetime(2022, 10, 5, 10, 35)
    assert helen.last_leave == dt.datetime(2022, 10, 5, 13, 0)
    assert helen.duration_seconds == 2 * 3600 + 25 * 60
    assert helen.email == "helen.marsh@example.police.uk"


def test_the_older_join_and_leave_layout() -> None:
    data = (
        "Full Name\tUser Action\tTimestamp\n"
        "Opie, Andy (LBBD)\tJoined\t05/10/2022, 09:58:12\n"
        "Marsh, Helen\tJoined\t05/10/2022, 10:31:00\n"
        "Opie, Andy (LBBD)\tLeft\t05/10/2022, 11:00:00\n"
        "Opie, Andy (LBBD)\tJoined\t05/10/2022, 11:05:00\n"
        "Opie, Andy (LBBD)\tLeft\t05/10/2022, 12:58:00\n"
    ).encode("utf-16")
    parsed = parse_attendance_list(data, dt.date(2022, 10, 5))
    andy, helen = parsed.participants
    assert (andy.first_join, andy.last_leave) == (
        dt.datetime(2022, 10, 5, 9, 58, 12),
        dt.datetime(2022, 10, 5, 12, 58),
    )
    assert helen.last_leave is None


def test_day_and_month_are_read_the_way_that_gives_the_meetings_date() -> None:
    assert parse_timestamp("05/10/2022, 09:58:12", dt.date(2022, 10, 5)) == dt.datetime(
        2022, 10, 5, 9, 58, 12
    )
    assert parse_timestamp("10/5/22, 9:58:12 AM", dt.date(2022, 10, 5)) == dt.datetime(
        2022, 10, 5, 9, 58, 12
    )
    assert parse_timestamp("not a time") is None
    assert parse_duration("3h 6m 28s") == 11188 and parse_duration("45m") == 2700
    assert parse_duration("01:02:03") == 3723 and parse_duration("soon") is None


def test_a_file_that_is_not_an_attendance_list() -> None:
    with pytest.raises(AttendanceListUnreadable, match="no table with Name and join times"):
        parse_attendance_list(b"Item,Owner\nSend the report,Andy\n")


def test_a_text_file_with_a_line_longer_than_csv_allows_is_refused_plainly() -> None:
    # csv refuses a field over 128 KiB with csv.Error, which reached the CLI as exit 3.
    with pytest.raises(AttendanceListUnreadable, match="not a Teams attendance list"):
        parse_attendance_list(b"x" * 300_000)
