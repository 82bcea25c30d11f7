"""The question before starting a meeting's clock (issue 11, point 7)."""

from __future__ import annotations

import datetime as dt

from csp_desktop.services.clock_checks import start_clock_doubt

NOW = dt.datetime(2026, 12, 9, 10, 0)


def test_todays_meeting_not_ended_starts_without_a_question():
    assert start_clock_doubt(dt.date(2026, 12, 9), None, None, NOW) is None
    assert start_clock_doubt(dt.date(2026, 12, 9), NOW, None, NOW) is None


def test_another_days_meeting_that_ended_says_both():
    ended = dt.datetime(2026, 9, 16, 11, 32)
    assert start_clock_doubt(dt.date(2026, 9, 16), ended, ended, NOW) == (
        "This meeting was on Wed 16 Sep and ended at 11:32. "
        "Restart its clock? Enter = restart, Esc = keep"
    )


def test_todays_meeting_already_ended():
    ended = dt.datetime(2026, 12, 9, 9, 45)
    text = start_clock_doubt(dt.date(2026, 12, 9), ended, ended, NOW)
    assert text is not None and text.startswith("This meeting ended at 09:45.")


def test_a_future_or_other_years_meeting():
    text = start_clock_doubt(dt.date(2027, 1, 6), None, None, NOW)
    assert text == (
        "This meeting is on Wed 6 Jan 2027. Start its clock now? Enter = start, Esc = keep"
    )
