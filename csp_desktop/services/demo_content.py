"""The demo archive's content, read from `resources/demo/*.json`.

The partnership (people, seats, subgroups, priorities), the board's meetings with the
minutes typed at each, the subgroups' meetings and reports, and the plan's milestones are
data; `services/demo.py` builds the archive from them through the services.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csp_desktop.models import BodyKind, MilestoneStatus
from csp_desktop.paths import resources_dir

DEMO_FOLDER = "demo"


@dataclass(frozen=True)
class Topic:
    """A topical agenda item and the minutes the note taker will type for it.

    Text may name people as {key} ("Councillor Chandran", "Kwame Mensah"), {key.full},
    {key.first} or {key.initials}, and figures as {n1}..{n3}, {big}, {p1}..{p3}, {rank}.
    Each action is (owners, task): the line typed is "ACTION: <owners> to <task>."
    """

    title: str
    presenter: str
    minutes: int
    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...] = ()
    discussion: tuple[str, ...] = ()
    actions: tuple[tuple[str, str], ...] = ()
    decisions: tuple[str, ...] = ()
    restricted: bool = False
    paper: tuple[str, int] | None = None  # name, size in kilobytes


# (name as the minutes print it, organisation, job title)
PersonSpec = tuple[str, str, str]
# (person key, role, from, to)
SeatSpec = tuple[str, str, dt.date | None, dt.date | None]
# (name, short name, kind, chair key, plan priority it owns, member keys)
SubgroupSpec = tuple[str, str, BodyKind, str, int | None, tuple[str, ...]]
# (text, owner, due, status)
MilestoneSpec = tuple[str, str, dt.date, MilestoneStatus]


@dataclass(frozen=True)
class DemoContent:
    seed: int
    note_taker_login: str
    plan: str
    plan_title: str
    aims: str
    in_person: str
    online: str
    contact_officer: str
    people: dict[str, PersonSpec]
    board_seats: list[SeatSpec]
    subgroups: list[SubgroupSpec]
    priorities: list[tuple[int, str, str]]
    progress_notes: tuple[str, ...]
    board_dates: list[dt.date]
    board_topics: list[list[Topic]]
    subgroup_meeting_dates: dict[str, list[dt.date]]
    subgroup_topics: dict[str, list[Topic]]
    report_summaries: dict[str, tuple[str, ...]]
    milestones: dict[int, list[MilestoneSpec]]
    keywords: dict[int, tuple[str, ...]]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _topic(raw: dict[str, Any]) -> Topic:
    paper = raw.get("paper")
    return Topic(
        title=raw["title"],
        presenter=raw["presenter"],
        minutes=raw["minutes"],
        paragraphs=tuple(raw["paragraphs"]),
        bullets=tuple(raw.get("bullets", ())),
        discussion=tuple(raw.get("discussion", ())),
        actions=tuple((action["owners"], action["task"]) for action in raw.get("actions", ())),
        decisions=tuple(raw.get("decisions", ())),
        restricted=raw.get("restricted", False),
        paper=(paper["name"], paper["kilobytes"]) if paper else None,
    )


def _read(folder: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return data


@functools.cache
def load_demo_content(folder: Path | None = None) -> DemoContent:
    """The demo's content from `folder` (default: the shipped resources/demo/)."""
    folder = folder or resources_dir() / DEMO_FOLDER
    partnership = _read(folder, "partnership")
    board = _read(folder, "board")
    subgroups = _read(folder, "subgroups")
    plan = _read(folder, "plan")
    return DemoContent(
        seed=partnership["seed"],
        note_taker_login=partnership["note_taker_login"],
        plan=partnership["plan"],
        plan_title=plan["title"],
        aims="\n".join(plan["aims"]),
        in_person=partnership["venues"]["in_person"],
        online=partnership["venues"]["online"],
        contact_officer=partnership["contact_officer"],
        people={
            key: (person["name"], person["organisation"], person["job_title"])
            for key, person in partnership["people"].items()
        },
        board_seats=[
            (seat["person"], seat["role"], _date(seat["from"]), _date(seat["to"]))
            for seat in partnership["board_seats"]
        ],
        subgroups=[
            (
                group["name"],
                group["short_name"],
                BodyKind(group["kind"]),
                group["chair"],
                group["priority"],
                tuple(group["members"]),
            )
            for group in partnership["subgroups"]
        ],
        priorities=[
            (priority["number"], priority["title"], priority["description"])
            for priority in partnership["priorities"]
        ],
        progress_notes=tuple(partnership["progress_notes"]),
        board_dates=[_day(meeting["date"]) for meeting in board["meetings"]],
        board_topics=[[_topic(raw) for raw in meeting["topics"]] for meeting in board["meetings"]],
        subgroup_meeting_dates={
            short: [_day(day) for day in days] for short, days in subgroups["meeting_dates"].items()
        },
        subgroup_topics={
            short: [_topic(raw) for raw in topics] for short, topics in subgroups["topics"].items()
        },
        report_summaries={
            short: tuple(texts) for short, texts in subgroups["report_summaries"].items()
        },
        milestones={
            int(number): [
                (row["text"], row["owner"], _day(row["due"]), MilestoneStatus(row["status"]))
                for row in rows
            ]
            for number, rows in plan["milestones"].items()
        },
        keywords={int(number): tuple(words) for number, words in plan["keywords"].items()},
    )
