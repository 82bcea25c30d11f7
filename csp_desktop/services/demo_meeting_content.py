"""The demo's meetings as data: board.json (each board meeting's script and topics) and
subgroups.json (the subgroups' meetings, topics, reports and standing minutes).

A script says what happens at one meeting beyond the routine: who chairs if the chair is
away, who sends apologies or a substitute, guests, declarations, any other business, the
forward-plan entries raised. The builders in services/demo_*.py only carry it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from csp_desktop.services.demo_resource import KnownNames, ResourceValue

PERSON_DETAILS = ("full", "first", "initials", "short")  # {key.full} in a text


@dataclass(frozen=True)
class TopicAction:
    owners: str  # typed as "ACTION: <owners> to <task>."
    task: str


@dataclass(frozen=True)
class Topic:
    """A topical agenda item and the minutes the note taker will type for it.

    Text may name people as {key} ("Councillor Chandran", "Kwame Mensah"), {key.full},
    {key.first} or {key.initials}, the presenter as {presenter}, and figures by the names
    rhythm.json gives them ({n1}, {big}...).
    """

    title: str
    presenter: str
    minutes: int
    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...] = ()
    discussion: tuple[str, ...] = ()
    actions: tuple[TopicAction, ...] = ()
    decisions: tuple[str, ...] = ()
    restricted: bool = False
    paper: tuple[str, int] | None = None  # name, size in kilobytes


@dataclass(frozen=True)
class Declaration:
    person: str
    topic: str  # the title of the item declared at
    nature: str
    withdrew: bool


@dataclass(frozen=True)
class Substitute:
    person: str
    stands_in_for: str


@dataclass(frozen=True)
class OtherBusiness:
    raised_by: str
    owner: str  # of the action it raises
    due_in_days: int  # the action is due by the end of the month this many days on


@dataclass(frozen=True)
class PlannedEntry:
    """A forward-plan entry raised at a meeting (beyond the next meeting's first topic)."""

    title: str
    presenter: str
    month: dt.date
    minutes: int
    restricted: bool
    deferred_to: dt.date | None
    reason: str


@dataclass(frozen=True)
class BoardMeeting:
    date: dt.date
    venue: str  # a key of partnership.json's venues
    topics: tuple[Topic, ...]
    chaired_by: str | None = None  # None: the board's chair
    apologies: tuple[str, ...] = ()
    substitutes: tuple[Substitute, ...] = ()
    guests: tuple[str, ...] = ()
    early_leaver: bool = False
    declarations: tuple[Declaration, ...] = ()
    any_other_business: OtherBusiness | None = None
    subgroup_reminder: bool = False
    tracker_drops_first_open_action: bool = False
    late_apologies_for_previous_minutes: tuple[str, ...] = ()
    reports_always_in: tuple[str, ...] = ()
    report_actions: dict[str, str] = field(default_factory=dict)  # short name: ACTION line
    forward_plan_entries: tuple[PlannedEntry, ...] = ()


@dataclass(frozen=True)
class SubgroupStandingMinutes:
    introductions: str
    declarations: str
    any_other_business: str


@dataclass(frozen=True)
class SubgroupContent:
    meeting_dates: dict[str, tuple[dt.date, ...]]
    topics: dict[str, tuple[Topic, ...]]
    report_summaries: dict[str, tuple[str, ...]]
    standing_minutes: SubgroupStandingMinutes


def read_board_meetings(file: ResourceValue, known: KnownNames) -> tuple[BoardMeeting, ...]:
    # The last meeting is only drafted; each one before it plans the next.
    return tuple(_board_meeting(meeting, known) for meeting in file["meetings"].list(2))


def read_subgroup_content(file: ResourceValue, known: KnownNames) -> SubgroupContent:
    standing = file["standing_minutes"]
    known.every_subgroup(file["report_summaries"])
    meeting_subgroups = {short for short, _dates in file["meeting_dates"].entries()}
    topics_for = {short for short, _topics in file["topics"].entries()}
    if meeting_subgroups - topics_for:
        raise file["topics"].error(
            f"no topics for {', '.join(sorted(meeting_subgroups - topics_for))}"
        )
    return SubgroupContent(
        meeting_dates={
            known.subgroup(short, days): tuple(day.day() for day in days.list())
            for short, days in file["meeting_dates"].entries()
        },
        topics={
            known.subgroup(short, topics): tuple(_topic(topic, known) for topic in topics.list(1))
            for short, topics in file["topics"].entries()
        },
        report_summaries={
            known.subgroup(short, texts): tuple(text.text() for text in texts.list(1))
            for short, texts in file["report_summaries"].entries()
        },
        standing_minutes=SubgroupStandingMinutes(
            standing["introductions"].text(),
            standing["declarations"].text(),
            standing["any_other_business"].text(),
        ),
    )


def _texts(raw: ResourceValue, key: str, fields: frozenset[str]) -> tuple[str, ...]:
    value = raw.optional(key)
    if value is None:
        return ()
    return tuple(text.template(fields, PERSON_DETAILS) for text in value.list())


def _topic(raw: ResourceValue, known: KnownNames) -> Topic:
    fields = known.people | known.figures | {"presenter"}
    paper = raw.optional("paper")
    return Topic(
        title=raw["title"].text(),
        presenter=known.person(raw["presenter"]),
        minutes=raw["minutes"].whole(),
        paragraphs=tuple(
            text.template(fields, PERSON_DETAILS) for text in raw["paragraphs"].list()
        ),
        bullets=_texts(raw, "bullets", fields),
        discussion=_texts(raw, "discussion", fields),
        actions=tuple(
            TopicAction(
                action["owners"].template(fields, PERSON_DETAILS),
                action["task"].template(fields, PERSON_DETAILS),
            )
            for action in raw.list_or_empty("actions")
        ),
        decisions=tuple(
            text.text() for text in raw.list_or_empty("decisions")
        ),  # typed as they are
        restricted=raw.flag_or_false("restricted"),
        paper=(paper["name"].text(), paper["kilobytes"].whole()) if paper else None,
    )


def _board_meeting(raw: ResourceValue, known: KnownNames) -> BoardMeeting:
    chaired_by, business = raw.optional("chaired_by"), raw.optional("any_other_business")
    topics = tuple(_topic(topic, known) for topic in raw["topics"].list(1))
    return BoardMeeting(
        date=raw["date"].day(),
        venue=raw["venue"].key_of(known.venues, "a venue in partnership.json"),
        topics=topics,
        chaired_by=None if chaired_by is None else known.person(chaired_by),
        apologies=tuple(known.person(key) for key in raw.list_or_empty("apologies")),
        substitutes=tuple(
            Substitute(known.person(row["person"]), known.person(row["for"]))
            for row in raw.list_or_empty("substitutes")
        ),
        guests=tuple(known.person(key) for key in raw.list_or_empty("guests")),
        early_leaver=raw.flag_or_false("early_leaver"),
        declarations=tuple(
            _declaration(row, known, topics) for row in raw.list_or_empty("declarations")
        ),
        any_other_business=None
        if business is None
        else OtherBusiness(
            known.person(business["raised_by"]),
            known.person(business["owner"]),
            business["due_in_days"].whole(),
        ),
        subgroup_reminder=raw.flag_or_false("subgroup_reminder"),
        tracker_drops_first_open_action=raw.flag_or_false("tracker_drops_first_open_action"),
        late_apologies_for_previous_minutes=tuple(
            known.person(key) for key in raw.list_or_empty("late_apologies_for_previous_minutes")
        ),
        reports_always_in=tuple(
            known.subgroup(short.text(), short) for short in raw.list_or_empty("reports_always_in")
        ),
        report_actions={
            known.subgroup(short, text): text.text()
            for short, text in raw.entries_or_empty("report_actions")
        },
        forward_plan_entries=tuple(
            _entry(row, known) for row in raw.list_or_empty("forward_plan_entries")
        ),
    )


def _declaration(raw: ResourceValue, known: KnownNames, topics: tuple[Topic, ...]) -> Declaration:
    return Declaration(
        person=known.person(raw["person"]),
        topic=raw["topic"].key_of({topic.title for topic in topics}, "a topic of this meeting"),
        nature=raw["nature"].text(),
        withdrew=raw["withdrew"].flag(),
    )


def _entry(raw: ResourceValue, known: KnownNames) -> PlannedEntry:
    deferred_to = raw.optional("deferred_to")
    return PlannedEntry(
        title=raw["title"].text(),
        presenter=known.person(raw["presenter"]),
        month=raw["month"].month(),
        minutes=raw["minutes"].whole(),
        restricted=raw.flag_or_false("restricted"),
        deferred_to=None if deferred_to is None else deferred_to.month(),
        reason=raw["reason"].text() if deferred_to is not None else "",
    )
