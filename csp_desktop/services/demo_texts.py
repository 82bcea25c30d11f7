"""The demo's standing wording (texts.json) and rhythm (rhythm.json) as data.

texts.json holds every sentence the builders write that is not a topic's minutes: the
board's standing minutes, tracker notes, labels; a template may use only the
placeholders `TEMPLATE_FIELDS` allows it (and any person's key), the other texts none.
rhythm.json holds when things happen and how often, drawn from the seeded random
numbers in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, fields

from csp_desktop.models import Rag
from csp_desktop.services.demo_meeting_content import PERSON_DETAILS
from csp_desktop.services.demo_resource import KnownNames, ResourceValue


@dataclass(frozen=True)
class Texts:
    introductions: str
    no_declarations: str
    first_review: str
    minutes_agreed: str
    actions_reviewed: str
    forward_plan: str
    forward_plan_line: str
    no_other_business: str
    other_business: str
    subgroup_updates: str
    subgroup_reminder: str
    next_meeting: str
    previous_minutes_paper: str
    due_text: str
    tracker_completed: str
    tracker_dropped: str
    late_apologies: str
    late_apologies_note: str


# What the builders fill in for each template, besides the people's keys ({chair.full});
# a text not listed here is used as it is, so it may hold no {placeholder}. {date} is a
# long UK date ("Wednesday 5 October 2022"); {month} a date formatted as {month:%B %Y}.
TEMPLATE_FIELDS: dict[str, frozenset[str]] = {
    "introductions": frozenset({"chair", "month"}),
    "minutes_agreed": frozenset({"date"}),
    "forward_plan": frozenset({"month", "lines"}),
    "forward_plan_line": frozenset({"title", "presenter"}),
    "other_business": frozenset({"raised_by", "owner", "month"}),
    "subgroup_reminder": frozenset({"month"}),
    "next_meeting": frozenset({"board", "date", "start", "end", "venue", "chair"}),
    "previous_minutes_paper": frozenset({"date"}),
    "due_text": frozenset({"month"}),
    "late_apologies": frozenset({"person"}),
    "late_apologies_note": frozenset({"person", "date"}),
}


@dataclass(frozen=True)
class Figure:
    """A figure a topic's minutes quote as {name}: drawn afresh for each item."""

    name: str
    decimal: bool  # "12.3"; else a whole number with thousands commas, "1,234"
    low: float
    high: float

    def draw(self, rng: random.Random) -> str:
        if self.decimal:
            return f"{rng.uniform(self.low, self.high):.1f}"
        return f"{rng.randint(int(self.low), int(self.high)):,}"


@dataclass(frozen=True)
class TrackerChances:
    """What an owner's returned tracker says of an open action (one roll each)."""

    in_progress_below: float
    completed_below: float
    dropped_above: float
    noted_below: float


@dataclass(frozen=True)
class Rhythm:
    starts: dt.datetime
    board_agenda_days_before: int
    subgroup_agenda_days_before: int
    agenda_time: dt.time  # when the agenda is drafted
    tracker_days_before: int
    tracker_time: dt.time
    board_starts_late_by_up_to: int  # minutes
    late_arrival_at_item: int  # position of the item someone arrives during
    untimed_item_minutes: int
    board_overrun: tuple[float, float]  # an item takes its time times a number in here
    subgroup_overrun: tuple[float, float]
    present_below: float
    apologies_below: float  # else absent
    subgroup_present_below: float  # else apologies
    tracker: TrackerChances
    reviewed_as_completed: float
    due_date_chance: float
    due_days_before_board: int
    report_missing_below: float
    report_written_below: float  # else verbal
    rag_weights: tuple[tuple[Rag, int], ...]
    previous_minutes_paper_kilobytes: int
    figures: tuple[Figure, ...]


def read_texts(file: ResourceValue, known: KnownNames) -> Texts:
    """Templates may name people and their own fields; the rest are plain text."""
    templates = {
        field.name: file[field.name].template(
            known.people | TEMPLATE_FIELDS[field.name]
            if field.name in TEMPLATE_FIELDS
            else frozenset(),
            PERSON_DETAILS,
        )
        for field in fields(Texts)
    }
    return Texts(**templates)


def read_figure_names(file: ResourceValue) -> frozenset[str]:
    return frozenset(name for name, _figure in file["figures"].entries())


def read_rhythm(file: ResourceValue) -> Rhythm:
    agenda, tracker = file["agenda_days_before"], file["tracker_returned"]
    board = file["board_attendance"]
    overrun, chances = file["item_overrun"], file["tracker"]
    due, reports = file["due_date"], file["reports"]
    return Rhythm(
        starts=file["starts"].moment(),
        board_agenda_days_before=agenda["board"].whole(),
        subgroup_agenda_days_before=agenda["subgroup"].whole(),
        agenda_time=file["agenda_time"].clock_time(),
        tracker_days_before=tracker["days_before"].whole(),
        tracker_time=tracker["time"].clock_time(),
        board_starts_late_by_up_to=file["board_starts_late_by_up_to"].whole(),
        late_arrival_at_item=file["late_arrival_at_item"].whole(),
        untimed_item_minutes=file["untimed_item_minutes"].whole(),
        board_overrun=_range(overrun["board"]),
        subgroup_overrun=_range(overrun["subgroup"]),
        present_below=board["present_below"].number(),
        apologies_below=board["apologies_below"].number(),
        subgroup_present_below=file["subgroup_present_below"].number(),
        tracker=TrackerChances(
            in_progress_below=chances["in_progress_below"].number(),
            completed_below=chances["completed_below"].number(),
            dropped_above=chances["dropped_above"].number(),
            noted_below=chances["noted_below"].number(),
        ),
        reviewed_as_completed=file["reviewed_as_completed"].number(),
        due_date_chance=due["chance"].number(),
        due_days_before_board=due["days_before_board"].whole(),
        report_missing_below=reports["missing_below"].number(),
        report_written_below=reports["written_below"].number(),
        rag_weights=tuple(
            (_rag(name, weight), weight.whole())
            for name, weight in reports["rag_weights"].entries()
        ),
        previous_minutes_paper_kilobytes=file["previous_minutes_paper_kilobytes"].whole(),
        figures=tuple(_figure(name, figure) for name, figure in file["figures"].entries()),
    )


def _range(value: ResourceValue) -> tuple[float, float]:
    bounds = value.list()
    if len(bounds) != 2:
        raise value.error("expected [lowest, highest]")
    return bounds[0].number(), bounds[1].number()


def _rag(name: str, value: ResourceValue) -> Rag:
    for rag in Rag:
        if rag.value == name:
            return rag
    raise value.error(f"{name!r} is not a RAG rating ({', '.join(rag.value for rag in Rag)})")


def _figure(name: str, value: ResourceValue) -> Figure:
    whole, decimal = value.optional("whole"), value.optional("decimal")
    if (whole is None) == (decimal is None):
        raise value.error('expected either "whole" or "decimal" and its [lowest, highest]')
    if whole is not None:
        low, high = (bound.whole() for bound in _pair(whole))
        return Figure(name, decimal=False, low=low, high=high)
    assert decimal is not None
    low_number, high_number = _range(decimal)
    return Figure(name, decimal=True, low=low_number, high=high_number)


def _pair(value: ResourceValue) -> list[ResourceValue]:
    _range(value)  # two numbers
    return value.list()
