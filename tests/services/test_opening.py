"""Which meeting the window opens on (issue 11, point 7)."""

from __future__ import annotations

import datetime as dt

from csp_desktop.services.opening import is_running, meeting_to_open
from tests.ui.window_helpers import seed_partnership


def test_in_progress_first_then_today_or_next_then_last_worked_on(db, clock):
    seeded = seed_partnership(db, clock)  # June and October 2022
    june, october = seeded.june_id, seeded.october_id
    with db.session() as session:
        # On 1 October: the next one coming (October), whatever was worked on last.
        assert meeting_to_open(session, dt.date(2022, 10, 1), june) == october
        assert meeting_to_open(session, dt.date(2022, 10, 5), june) == october  # today's
        # After both: the last one worked on, else the most recent.
        assert meeting_to_open(session, dt.date(2022, 11, 1), june) == june
        assert meeting_to_open(session, dt.date(2022, 11, 1), None) == october
        assert meeting_to_open(session, dt.date(2022, 11, 1), 9999) == october
    from csp_desktop.services import agenda

    with db.transaction() as session:
        agenda.start_meeting(session, june, clock)
    with db.session() as session:
        # A meeting whose clock runs comes first (a relaunch after a crash).
        assert meeting_to_open(session, dt.date(2022, 10, 5), october) == june
        assert is_running(session, june) and not is_running(session, october)
    with db.transaction() as session:
        agenda.end_meeting(session, june, clock)
    with db.session() as session:
        assert meeting_to_open(session, dt.date(2022, 10, 5), None) == october


def test_no_meetings_opens_nothing(db):
    with db.session() as session:
        assert meeting_to_open(session, dt.date(2022, 10, 5), None) is None
