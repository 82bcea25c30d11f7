"""UK dates and times, in English whatever the process locale."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from csp_desktop.services.formatting import month_year, short_uk_date, time_range, uk_date, uk_time


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2022, 10, 5), "Wednesday 5 October 2022"),
        (dt.date(2022, 6, 29), "Wednesday 29 June 2022"),
        (dt.date(2023, 1, 1), "Sunday 1 January 2023"),
        (dt.date(2024, 2, 29), "Thursday 29 February 2024"),
    ],
)
def test_uk_date(day: dt.date, text: str) -> None:
    assert uk_date(day) == text


def test_short_forms() -> None:
    assert short_uk_date(dt.date(2022, 10, 5)) == "5 Oct 2022"
    assert month_year(dt.date(2022, 12, 7)) == "December 2022"
    assert uk_time(dt.time(9, 5)) == "09:05"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (dt.time(10), dt.time(13), "10:00-13:00"),
        (dt.time(10), None, "10:00"),
        (None, dt.time(13), "until 13:00"),
        (None, None, ""),
    ],
)
def test_time_range(start: dt.time | None, end: dt.time | None, text: str) -> None:
    assert time_range(start, end) == text


def test_names_do_not_follow_the_process_locale() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert uk_date(dt.date(2022, 10, 5)) == "Wednesday 5 October 2022"
    finally:
        locale.setlocale(locale.LC_TIME, previous)
