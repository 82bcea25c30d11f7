"""The demo archive's content, read from `resources/demo/*.json` and checked as it loads.

partnership.json: the people, the board, seats, subgroups, priorities; board.json and
subgroups.json: each meeting's script and the minutes typed at it
(`demo_meeting_content`); plan.json: the plan's aims, milestones and chases; texts.json
and rhythm.json: the standing wording and how often things happen (`demo_texts`).
The services/demo_*.py builders hold no content of their own.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from csp_desktop.models import BodyKind
from csp_desktop.paths import resources_dir
from csp_desktop.services.demo_meeting_content import (
    BoardMeeting,
    SubgroupContent,
    read_board_meetings,
    read_subgroup_content,
)
from csp_desktop.services.demo_plan_content import PlanContent, read_plan
from csp_desktop.services.demo_resource import KnownNames, ResourceValue, read_resource
from csp_desktop.services.demo_texts import (
    Rhythm,
    Texts,
    read_figure_names,
    read_rhythm,
    read_texts,
)

DEMO_FOLDER = "demo"


@dataclass(frozen=True)
class PersonSpec:
    name: str  # as the minutes print it: "Councillor Priya Chandran"
    organisation: str
    job_title: str


@dataclass(frozen=True)
class BoardSpec:
    name: str
    short_name: str
    quorum: int
    start: dt.time
    end: dt.time
    chair: str  # person key
    venue: str  # its usual venue: a key of the partnership's venues
    note_taker: str  # person key
    always_present: tuple[str, ...]  # person keys


@dataclass(frozen=True)
class SubgroupMeetingDefaults:
    quorum: int  # for subgroups proper; the boards reporting in have none
    venue: str
    chair_role: str  # the chair's membership role
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class SeatSpec:
    person: str
    role: str
    start: dt.date | None  # None: from the partnership's start
    end: dt.date | None


@dataclass(frozen=True)
class SubgroupSpec:
    name: str
    short_name: str
    kind: BodyKind
    chair: str
    priority: int | None  # the plan priority it owns
    members: tuple[str, ...]


@dataclass(frozen=True)
class PrioritySpec:
    number: int
    title: str
    description: str


@dataclass(frozen=True)
class Partnership:
    seed: int
    note_taker_login: str
    plan: str  # the priorities' plan label, "2023-2026"
    venues: dict[str, str]
    contact_officer: str
    board: BoardSpec
    subgroup_meetings: SubgroupMeetingDefaults
    memberships_from: dt.date
    named_by_title_and_surname: frozenset[str]  # "Councillor Chandran" in the minutes
    people: dict[str, PersonSpec]
    board_seats: tuple[SeatSpec, ...]
    subgroups: tuple[SubgroupSpec, ...]
    priorities: tuple[PrioritySpec, ...]
    progress_notes: tuple[str, ...]


@dataclass(frozen=True)
class DemoContent:
    partnership: Partnership
    board_meetings: tuple[BoardMeeting, ...]
    subgroups: SubgroupContent
    plan: PlanContent
    texts: Texts
    rhythm: Rhythm


@functools.cache
def load_demo_content(folder: Path | None = None) -> DemoContent:
    """The demo's content from `folder` (default: the shipped resources/demo/).

    Raises `DemoContentError` naming the file and key of anything missing or malformed.
    """
    folder = folder or resources_dir() / DEMO_FOLDER
    partnership = _partnership(read_resource(folder, "partnership"))
    rhythm = read_resource(folder, "rhythm")
    known = KnownNames(
        people=frozenset(partnership.people),
        venues=frozenset(partnership.venues),
        subgroups=frozenset(group.short_name for group in partnership.subgroups),
        figures=read_figure_names(rhythm),
    )
    return DemoContent(
        partnership=partnership,
        board_meetings=read_board_meetings(read_resource(folder, "board"), known),
        subgroups=read_subgroup_content(read_resource(folder, "subgroups"), known),
        plan=read_plan(read_resource(folder, "plan")),
        texts=read_texts(read_resource(folder, "texts"), known),
        rhythm=read_rhythm(rhythm),
    )


def _optional_day(value: ResourceValue) -> dt.date | None:
    return None if value.data is None else value.day()


def _partnership(file: ResourceValue) -> Partnership:
    people = {
        key: PersonSpec(
            person["name"].text(), person["organisation"].text(), person["job_title"].text()
        )
        for key, person in file["people"].entries()
    }
    board, defaults = file["board"], file["subgroup_meetings"]
    priorities = tuple(
        PrioritySpec(row["number"].whole(), row["title"].text(), row["description"].text())
        for row in file["priorities"].list()
    )
    numbers = {priority.number for priority in priorities}
    venues = {key: venue.text() for key, venue in file["venues"].entries()}
    return Partnership(
        seed=file["seed"].whole(),
        note_taker_login=file["note_taker_login"].text(),
        plan=file["plan"].text(),
        venues=venues,
        contact_officer=file["contact_officer"].text(),
        board=BoardSpec(
            name=board["name"].text(),
            short_name=board["short_name"].text(),
            quorum=board["quorum"].whole(),
            start=board["start"].clock_time(),
            end=board["end"].clock_time(),
            chair=board["chair"].key_of(people, "a person"),
            venue=board["venue"].key_of(venues, "a venue"),
            note_taker=board["note_taker"].key_of(people, "a person"),
            always_present=tuple(
                key.key_of(people, "a person") for key in board["always_present"].list()
            ),
        ),
        subgroup_meetings=SubgroupMeetingDefaults(
            defaults["quorum"].whole(),
            defaults["venue"].key_of(venues, "a venue"),
            defaults["chair_role"].text(),
            defaults["start"].clock_time(),
            defaults["end"].clock_time(),
        ),
        memberships_from=file["memberships_from"].day(),
        named_by_title_and_surname=frozenset(file["named_by_title_and_surname"].texts()),
        people=people,
        board_seats=tuple(
            SeatSpec(
                seat["person"].key_of(people, "a person"),
                seat["role"].text(),
                _optional_day(seat["from"]),
                _optional_day(seat["to"]),
            )
            for seat in file["board_seats"].list()
        ),
        subgroups=tuple(_subgroup(group, people, numbers) for group in file["subgroups"].list()),
        priorities=priorities,
        progress_notes=file["progress_notes"].texts(),
    )


def _subgroup(
    group: ResourceValue, people: dict[str, PersonSpec], numbers: set[int]
) -> SubgroupSpec:
    kinds = {kind.value: kind for kind in BodyKind}
    priority = group["priority"]
    return SubgroupSpec(
        name=group["name"].text(),
        short_name=group["short_name"].text(),
        kind=kinds[group["kind"].key_of(kinds, "a kind of body")],
        chair=group["chair"].key_of(people, "a person"),
        priority=None if priority.data is None else _priority_number(priority, numbers),
        members=tuple(member.key_of(people, "a person") for member in group["members"].list()),
    )


def _priority_number(value: ResourceValue, numbers: set[int]) -> int:
    number = value.whole()
    if number not in numbers:
        raise value.error(f"{number} is not a priority's number")
    return number
