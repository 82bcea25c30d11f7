"""The one place time and identity come from, so tests can fake both."""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...

    def user(self) -> str: ...


class SystemClock:
    """Local wall-clock time (naive, as shown to the note taker) and the OS user."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)

    def today(self) -> dt.date:
        return dt.date.today()

    def user(self) -> str:
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no passwd entry on some locked-down machines
            return "unknown user"


@dataclass
class FakeClock:
    """A clock for tests: starts where you say and moves only when told."""

    current: dt.datetime = field(default_factory=lambda: dt.datetime(2022, 10, 5, 10, 0))
    username: str = "test.user"

    def now(self) -> dt.datetime:
        return self.current

    def today(self) -> dt.date:
        return self.current.date()

    def user(self) -> str:
        return self.username

    def advance(self, **delta: float) -> None:
        self.current += dt.timedelta(**delta)
