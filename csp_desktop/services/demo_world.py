"""What a demo build carries from step to step: its own clock, its seeded random numbers,
its content, and the people and bodies made so far; and how its texts are filled in."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.models import Body, Person, Priority
from csp_desktop.services.demo_content import DemoContent


@dataclass
class DemoClock(FakeClock):
    """The demo's time, under the note taker's login: moved by hand from meeting to
    meeting, so the archive is the same whenever it is built."""

    def set(self, day: dt.date, at: dt.time) -> None:
        self.current = dt.datetime.combine(day, at)


class DemoName:
    """A person as the minutes text names them: {key}, {key.full}, {key.first}..."""

    def __init__(self, person: Person, by_title_and_surname: Collection[str]) -> None:
        self.full = person.name
        self.first = person.first_name
        self.initials = person.initials
        self.short = (
            f"{person.title} {person.last_name}"
            if person.title in by_title_and_surname
            else person.name
        )

    def __str__(self) -> str:
        return self.short

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass
class DemoWorld:
    session: Session
    clock: DemoClock
    rng: random.Random
    content: DemoContent
    people: dict[str, Person] = field(default_factory=dict)
    names: dict[str, DemoName] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)  # by short name, the board too
    priorities: dict[int, Priority] = field(default_factory=dict)

    @property
    def board(self) -> Body:
        return self.bodies[self.content.partnership.board.short_name]

    def person(self, key: str) -> Person:
        return self.people[key]

    def fill(self, template: str, **fields: object) -> str:
        """A template from the content, naming people by key; `fields` win over keys."""
        return template.format_map({**self.names, **fields})

    def figures(self) -> dict[str, str]:
        """Fresh figures for one item's minutes ({n1}, {big}...), drawn in content order."""
        return {figure.name: figure.draw(self.rng) for figure in self.content.rhythm.figures}
