"""Reading a demo resource file (`resources/demo/<name>.json`) with checks.

Every value is read through `ResourceValue`, which knows the file and the key path it
came from, so a missing key, a value of the wrong kind or a name that points nowhere
fails at load time with one line saying where: `board.json: meetings[2].venue: ...`.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from csp_desktop.errors import UserError

T = TypeVar("T")


class DemoContentError(UserError):
    """A demo resource file is missing or malformed; the message names the file and key."""


@dataclass(frozen=True)
class ResourceValue:
    """One JSON value of a resource file, and where it is in that file."""

    data: object
    file: str
    where: str = ""

    def error(self, problem: str) -> DemoContentError:
        return DemoContentError(f"{self.file}: {self.where or '(the whole file)'}: {problem}")

    def _at(self, key: str | int, data: object) -> ResourceValue:
        step = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.where else key)
        return ResourceValue(data, self.file, self.where + step)

    def _object(self) -> dict[str, object]:
        if not isinstance(self.data, dict):
            raise self.error(f"expected an object, found {_kind(self.data)}")
        return self.data

    def __getitem__(self, key: str) -> ResourceValue:
        data = self._object()
        if key not in data:
            raise self._at(key, None).error("missing")
        return self._at(key, data[key])

    def optional(self, key: str) -> ResourceValue | None:
        data = self._object()
        return self._at(key, data[key]) if key in data else None

    def entries(self) -> list[tuple[str, ResourceValue]]:
        """An object's keys and values, in file order ("_about" notes left out)."""
        data = self._object()
        return [(key, self._at(key, value)) for key, value in data.items() if key != "_about"]

    def numbered_entries(self) -> list[tuple[int, ResourceValue]]:
        """An object keyed by numbers ("1", "2"...), as numbers."""
        entries = self.entries()
        for key, value in entries:
            if not key.isdigit():
                raise value.error("expected a number as the key")
        return [(int(key), value) for key, value in entries]

    def list_or_empty(self, key: str) -> list[ResourceValue]:
        value = self.optional(key)
        return [] if value is None else value.list()

    def entries_or_empty(self, key: str) -> list[tuple[str, ResourceValue]]:
        value = self.optional(key)
        return [] if value is None else value.entries()

    def flag_or_false(self, key: str) -> bool:
        value = self.optional(key)
        return value is not None and value.flag()

    def list(self, at_least: int = 0) -> list[ResourceValue]:
        if not isinstance(self.data, list):
            raise self.error(f"expected a list, found {_kind(self.data)}")
        if len(self.data) < at_least:
            raise self.error(f"expected at least {at_least} entries, found {len(self.data)}")
        return [self._at(index, value) for index, value in enumerate(self.data)]

    def text(self) -> str:
        if not isinstance(self.data, str):
            raise self.error(f"expected text, found {_kind(self.data)}")
        return self.data

    def texts(self) -> tuple[str, ...]:
        return tuple(value.text() for value in self.list())

    def whole(self) -> int:
        if isinstance(self.data, bool) or not isinstance(self.data, int):
            raise self.error(f"expected a whole number, found {_kind(self.data)}")
        return self.data

    def number(self) -> float:
        if isinstance(self.data, bool) or not isinstance(self.data, int | float):
            raise self.error(f"expected a number, found {_kind(self.data)}")
        return float(self.data)

    def flag(self) -> bool:
        if not isinstance(self.data, bool):
            raise self.error(f"expected true or false, found {_kind(self.data)}")
        return self.data

    def day(self) -> dt.date:
        return self._parsed(dt.date.fromisoformat, "a date like 2024-09-18")

    def month(self) -> dt.date:
        """A month written "2027-03": its first day."""
        return self._parsed(
            lambda text: dt.date.fromisoformat(f"{text}-01"), "a month like 2027-03"
        )

    def clock_time(self) -> dt.time:
        return self._parsed(dt.time.fromisoformat, "a time like 14:00")

    def moment(self) -> dt.datetime:
        return self._parsed(dt.datetime.fromisoformat, "a date and time like 2024-04-01T09:00")

    def _parsed(self, parse: Callable[[str], T], expected: str) -> T:
        text = self.text()
        try:
            return parse(text)
        except ValueError:
            raise self.error(f"expected {expected}, found {text!r}") from None

    def key_of(self, known: Collection[str], what: str) -> str:
        """Text that must name one of `known` (a person's key, a venue, a subgroup)."""
        key = self.text()
        if key not in known:
            raise self.error(f"{key!r} is not {what}")
        return key

    def template(self, fields: Iterable[str], attributes: Collection[str] = ()) -> str:
        """Text with {placeholders}, each one of `fields` (with `.attribute` from
        `attributes` where given), so a typo fails here, not halfway through a build."""
        text = self.text()
        allowed = set(fields)
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as error:
            raise self.error(f"not a valid template ({error})") from None
        for _literal, field, _spec, _conversion in parsed:
            if field is None:
                continue
            name, _, attribute = field.partition(".")
            if name not in allowed:
                raise self.error(f"{{{field}}} names nothing the demo fills in")
            if attribute and attribute not in attributes:
                raise self.error(f"{{{field}}}: no such detail as {attribute!r}")
        return text


@dataclass(frozen=True)
class KnownNames:
    """What one file's names may point at in another: checked as the content loads."""

    people: frozenset[str]
    venues: frozenset[str]
    subgroups: frozenset[str]  # short names
    figures: frozenset[str]

    def person(self, value: ResourceValue) -> str:
        return value.key_of(self.people, "a person in partnership.json")

    def every_subgroup(self, value: ResourceValue) -> None:
        """`value`, an object keyed by short names, has an entry for every subgroup."""
        missing = sorted(self.subgroups - {short for short, _entry in value.entries()})
        if missing:
            raise value.error(f"no entry for {', '.join(missing)}")

    def subgroup(self, short: str, value: ResourceValue) -> str:
        if short not in self.subgroups:
            raise value.error(f"{short!r} is not a subgroup's short name in partnership.json")
        return short


def read_resource(folder: Path, name: str) -> ResourceValue:
    """The top-level object of `folder/name.json`."""
    file = f"{name}.json"
    try:
        data: object = json.loads((folder / file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoContentError(f"{file}: missing from {folder}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DemoContentError(f"{file}: cannot be read ({error})") from None
    value = ResourceValue(data, file)
    value.entries()  # the top level must be an object
    return value


def _kind(data: object) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "true/false"
    if isinstance(data, dict):
        return "an object"
    if isinstance(data, list):
        return "a list"
    return "text" if isinstance(data, str) else "a number"
