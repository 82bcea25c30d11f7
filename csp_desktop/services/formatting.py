"""Dates and times as the minutes print them: "Wednesday 5 October 2022", "10:00-13:00".

Day and month names are spelt out here rather than taken from ``strftime``: Qt sets the
process locale on start-up, and the minutes must read in English whatever it is.
"""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def uk_date(day: dt.date) -> str:
    """A date in full UK style: "Wednesday 5 October 2022" (no leading zero, no ordinal)."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_uk_date(day: dt.date) -> str:
    """A compact UK date for tables: "5 Oct 2022"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def month_year(day: dt.date) -> str:
    """ "October 2022", as forward plans name the meeting they aim at."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def uk_time(moment: dt.time) -> str:
    """A 24-hour clock time: "10:00"."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def time_range(start: dt.time | None, end: dt.time | None) -> str:
    """ "10:00-13:00", or whichever end is known, or "" when neither is."""
    if start and end:
        return f"{uk_time(start)}-{uk_time(end)}"
    if start:
        return uk_time(start)
    if end:
        return f"until {uk_time(end)}"
    return ""
