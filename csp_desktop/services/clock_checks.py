"""Before a meeting's clock starts: is this really the meeting being held now?

Pressing F5 on the wrong meeting (one dated another day, or one that already ended)
would restart its clock and record nonsense times ("1953:56:20 used"). The window asks
first, in the words this module gives; the rule lives here, without Qt.
"""

from __future__ import annotations

import datetime as dt

from csp_desktop.services.formatting import DAY_NAMES, MONTH_NAMES, uk_time


def _day(day: dt.date, today: dt.date) -> str:
    text = f"{DAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"
    return text if day.year == today.year else f"{text} {day.year}"


def start_clock_doubt(
    meeting_date: dt.date,
    started_at: dt.datetime | None,
    ended_at: dt.datetime | None,
    now: dt.datetime,
) -> str | None:
    """The sentence to ask before starting this meeting's clock, or None to just start.

    Asks when the meeting is dated another day than today, or its clock already ended.
    A clock already running today needs no question (F5 picks up where it is).
    """
    today = now.date()
    other_day = meeting_date != today
    ended = ended_at is not None
    if not other_day and not ended:
        return None
    if other_day:
        when = "was" if meeting_date < today else "is"
        sentence = f"This meeting {when} on {_day(meeting_date, today)}"
    else:
        sentence = "This meeting"
    if ended:
        assert ended_at is not None
        on = "" if ended_at.date() == meeting_date else f" on {_day(ended_at.date(), today)}"
        sentence += f"{' and' if other_day else ''} ended at {uk_time(ended_at.time())}{on}"
    elif started_at is not None and other_day:
        sentence += f" and its clock has been running since {uk_time(started_at.time())}"
    if started_at is None:
        return f"{sentence}. Start its clock now? Enter = start, Esc = keep"
    return f"{sentence}. Restart its clock? Enter = restart, Esc = keep"
