"""Python dates and times to Qt's and back, typed.

PySide6 accepts a `datetime.date` in `QDate(...)` and returns one from `toPython()`, but
its type stubs know neither (`toPython() -> object`), so the conversions live here once.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def qtime(time: dt.time) -> QTime:
    return QTime(time.hour, time.minute, time.second, time.microsecond // 1000)


def python_date(day: QDate) -> dt.date:
    """A valid QDate as a `datetime.date` (what `QDate.toPython()` gives at run time)."""
    return dt.date(day.year(), day.month(), day.day())
