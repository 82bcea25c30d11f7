"""Reading an interchange file gives back the writer's own records: read(write(m)) == m.

Generated meetings (every field, every null the format allows) and real ones (the
samples, the docs' example, every demo meeting in full and public, a transcript) are
written, read back and compared as values; a version 1 file is read as version 2
records with the old defaults filled in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import string
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import ValidationError
from csp_desktop.exports.interchange_reader import parse_document, validate_document
from csp_desktop.exports.interchange_writer import dumps, to_document
from csp_desktop.models import (
    ActionStatus,
    ActionUpdateSource,
    AttendanceRole,
    AttendanceStatus,
    BodyKind,
    ForwardPlanStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Rag,
    ReportStatus,
)
from csp_desktop.services.demo import build_demo
from csp_desktop.services.interchange_data import interchange_meeting
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.services.interchange_records import (
    ActionCore,
    AmendmentRecord,
    AttendanceRecord,
    BodyRecord,
    BodyRef,
    DeclarationRecord,
    InterchangeMeeting,
    ItemRecord,
    MeetingRecord,
    NextMeetingRecord,
    PaperRecord,
    PlanEntryRecord,
    PriorityRecord,
    RaisedAction,
    ReportRecord,
    ReviewedAction,
    TranscriptTurnRecord,
    UpdateRecord,
)
from csp_desktop.storage import Database, open_database
from csp_desktop.usecases.import_transcript import import_transcript_file
from tests.conftest import FIXTURES, REPO_ROOT
from tests.transcript_samples import sample_cues, write_vtt

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


def read_back(meeting: InterchangeMeeting) -> InterchangeMeeting:
    """What reading the written file gives."""
    return parse_document(dumps(to_document(meeting)))


# --------------------------------------------------------------------------- generated

# Text as minutes hold it: any printable character, tabs and line breaks, never a control
# character or a lone surrogate (the checks refuse those, rightly).
_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r")
TEXT = st.text(_CHARACTERS, max_size=30)
NAME = TEXT.filter(lambda value: bool(value.strip()))
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
TIMES = st.times().map(lambda value: value.replace(second=0, microsecond=0))
MOMENTS = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)).map(
    lambda value: value.replace(microsecond=0)
)
MONTHS = DATES.map(lambda value: value.replace(day=1))
SECONDS = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


def maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def kinds(enum: type[E]) -> st.SearchStrategy[E]:
    return st.sampled_from(list(enum))


def whole(largest: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=largest)


def names(*, max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(NAME, max_size=max_size).map(tuple)


@st.composite
def bodies(draw: st.DrawFn) -> BodyRecord:
    return BodyRecord(
        name=draw(NAME),
        short_name=draw(maybe(NAME)),
        kind=draw(maybe(kinds(BodyKind))),
        quorum=draw(maybe(whole(1000))),
        parent=draw(
            maybe(
                st.builds(BodyRef, name=NAME, short_name=maybe(NAME), kind=maybe(kinds(BodyKind)))
            )
        ),
        chair=draw(maybe(TEXT)),
        minutes_show_timings=draw(maybe(st.booleans())),
        minutes_show_organisations=draw(maybe(st.booleans())),
    )


@st.composite
def items(draw: st.DrawFn, number: str | None) -> ItemRecord:
    return ItemRecord(
        number=number,
        title=draw(NAME),
        kind=draw(kinds(ItemKind)),
        presenter=draw(maybe(TEXT)),
        minutes_allocated=draw(maybe(whole(24 * 60))),
        restricted=draw(st.booleans()),
        public_summary=draw(maybe(TEXT)),
        verbal_update=draw(st.booleans()),
        agenda_text=draw(maybe(TEXT)),
        minutes_text=draw(maybe(TEXT)),
        decisions=draw(names()),
        papers=tuple(
            draw(
                st.lists(
                    st.builds(
                        PaperRecord,
                        name=maybe(NAME),
                        kind=maybe(NAME),
                        size_bytes=maybe(whole(2**53 - 1)),
                        restricted=st.booleans(),
                        file_name=maybe(TEXT),
                    ),
                    max_size=2,
                )
            )
        ),
        started_at=draw(maybe(MOMENTS)),
        ended_at=draw(maybe(MOMENTS)),
        elapsed_seconds=draw(maybe(whole(7 * 24 * 3600))),
    )


def cores(reference: st.SearchStrategy[str | None]) -> st.SearchStrategy[ActionCore]:
    return st.builds(
        ActionCore,
        reference=reference,
        owners=names(),
        other_owners=maybe(TEXT),
        unmatched_owners=names(),
        text=NAME,
    )


UPDATES = st.builds(
    UpdateRecord,
    made_at=MOMENTS,
    source=kinds(ActionUpdateSource),
    author=maybe(TEXT),
    text=maybe(TEXT),
    status_from=maybe(kinds(ActionStatus)),
    status_to=maybe(kinds(ActionStatus)),
)


@st.composite
def interchange_meetings(draw: st.DrawFn) -> InterchangeMeeting:
    """Any meeting the format can carry, its cross-references resolving as the checks ask."""
    numbers = draw(
        st.lists(st.text(string.digits + "abc.", min_size=1, max_size=4), max_size=4, unique=True)
    )
    # An unnumbered item may follow the numbered ones; only numbers can be referred to.
    agenda = tuple(
        draw(items(number)) for number in [*numbers, *draw(st.sampled_from([[], [None]]))]
    )
    item_ref = maybe(st.sampled_from(numbers)) if numbers else st.none()
    start, end = draw(maybe(TIMES)), draw(maybe(TIMES))
    if start is not None and end is not None and end < start:
        start, end = end, start
    people = draw(
        st.lists(NAME, max_size=4, unique_by=lambda name: " ".join(name.casefold().split()))
    )
    attendance = tuple(
        AttendanceRecord(
            person=person,
            organisation=draw(maybe(NAME)),
            status=draw(kinds(AttendanceStatus)),
            member=draw(maybe(st.booleans())),
            role=draw(maybe(kinds(AttendanceRole))),
            substitute_for=draw(maybe(NAME.filter(lambda name, person=person: name != person))),
            arrived_at=draw(maybe(MOMENTS)),
            arrived_during_item=draw(item_ref),
            left_at=draw(maybe(MOMENTS)),
            left_during_item=draw(item_ref),
        )
        for person in people
    )
    subgroups = draw(st.lists(NAME, max_size=3, unique=True))
    reports = tuple(
        ReportRecord(
            subgroup=subgroup,
            subgroup_short_name=draw(maybe(NAME)),
            subgroup_chair=draw(maybe(TEXT)),
            status=draw(maybe(kinds(ReportStatus))),
            author=draw(maybe(TEXT)),
            summary=draw(TEXT),
            rag=draw(maybe(kinds(Rag))),
            priorities=tuple(
                draw(
                    st.lists(
                        st.builds(PriorityRecord, plan=NAME, number=whole(50), title=NAME),
                        max_size=2,
                    )
                )
            ),
        )
        for subgroup in subgroups
    )
    references = draw(st.lists(NAME, max_size=6, unique=True))
    raised_references = references[: draw(whole(len(references)))]
    raised = tuple(
        RaisedAction(
            core=draw(cores(st.just(reference) if reference else st.none())),
            item=draw(item_ref),
            subgroup_report=draw(maybe(st.sampled_from(subgroups)) if subgroups else st.none()),
            due_date=draw(maybe(DATES)),
            due_text=draw(maybe(TEXT)),
            status=draw(kinds(ActionStatus)),
            completed_on=draw(maybe(DATES)),
            restricted=draw(st.booleans()),
            source_line=draw(maybe(TEXT)),
            source_order=draw(maybe(whole(100_000))),
            updates=tuple(draw(st.lists(UPDATES, max_size=2))),
        )
        for reference in [*raised_references, None][: draw(whole(len(raised_references) + 1))]
    )
    reviewed = tuple(
        ReviewedAction(
            core=draw(cores(st.just(reference))),
            item=draw(item_ref),
            status_at_review=draw(maybe(kinds(ActionStatus))),
        )
        for reference in references[len(raised_references) :]
    )
    return InterchangeMeeting(
        public=draw(st.booleans()),
        meeting=MeetingRecord(
            body=draw(bodies()),
            date=draw(DATES),
            start_time=start,
            end_time=end,
            venue=draw(maybe(TEXT)),
            contact_officer=draw(maybe(TEXT)),
            title=draw(maybe(TEXT)),
            status=draw(maybe(kinds(MeetingStatus))),
            approved_on=draw(maybe(DATES)),
            started_at=draw(maybe(MOMENTS)),
            ended_at=draw(maybe(MOMENTS)),
            notes=draw(maybe(TEXT)),
        ),
        attendance=attendance,
        agenda_items=agenda,
        actions_raised=raised,
        actions_reviewed=reviewed,
        declarations=tuple(
            draw(
                st.lists(
                    st.builds(
                        DeclarationRecord,
                        person=NAME,
                        item=item_ref,
                        nature=TEXT,
                        withdrew=st.booleans(),
                    ),
                    max_size=2,
                )
            )
        ),
        subgroup_reports=reports,
        forward_plan=tuple(
            draw(
                st.lists(
                    st.builds(
                        PlanEntryRecord,
                        title=NAME,
                        presenter=maybe(TEXT),
                        status=maybe(kinds(ForwardPlanStatus)),
                        raised_here=st.booleans(),
                        aimed_here=st.booleans(),
                        target_month=maybe(MONTHS),
                        item=item_ref,
                        raised_under_item=item_ref,
                        minutes_allocated=maybe(whole(24 * 60)),
                        restricted=st.booleans(),
                        notes=maybe(TEXT),
                    ),
                    max_size=2,
                )
            )
        ),
        next_meeting=draw(
            st.builds(
                NextMeetingRecord,
                date=maybe(DATES),
                start_time=maybe(TIMES),
                end_time=maybe(TIMES),
                venue=maybe(TEXT),
                chair=maybe(TEXT),
            )
        ),
        amendments=tuple(
            draw(
                st.lists(
                    st.builds(
                        AmendmentRecord,
                        item=item_ref,
                        field=NAME,
                        old_value=maybe(TEXT),
                        new_value=maybe(TEXT),
                        reason=maybe(TEXT),
                        author=NAME,
                        made_at=MOMENTS,
                    ),
                    max_size=2,
                )
            )
        ),
        transcript=draw(
            maybe(
                st.lists(
                    st.builds(
                        TranscriptTurnRecord,
                        item=maybe(TEXT),
                        speaker=TEXT,
                        person=maybe(TEXT),
                        start_seconds=SECONDS,
                        end_seconds=SECONDS,
                        text=TEXT,
                    ),
                    max_size=3,
                ).map(tuple)
            )
        ),
    )


@settings(max_examples=100, deadline=None)
@given(meeting=interchange_meetings())
def test_reading_what_was_written_gives_the_same_meeting(meeting: InterchangeMeeting) -> None:
    assert read_back(meeting) == meeting


@settings(max_examples=25, deadline=None)
@given(meeting=interchange_meetings())
def test_a_changed_file_reads_as_a_different_meeting(meeting: InterchangeMeeting) -> None:
    """The comparison above is real: one value changed in the file shows in the records."""
    document = to_document(meeting)
    document["meeting"]["date"] = (meeting.meeting.date + dt.timedelta(days=1)).isoformat()
    changed = validate_document(json.loads(dumps(document)))
    assert changed != meeting
    assert changed.meeting.date == meeting.meeting.date + dt.timedelta(days=1)
    assert dataclasses.replace(changed, meeting=meeting.meeting) == meeting


# --------------------------------------------------------------------------- real meetings

SAMPLES = ["csp-board-2022-06-29.json", "csp-board-2022-10-05.json"]


def _every_meeting_read_back(database: Database, *, with_transcript: bool = False) -> int:
    """Each meeting's records, full and public, read back equal; how many were compared."""
    compared = 0
    with database.session() as session:
        for meeting_id in session.scalars(select(Meeting.id).order_by(Meeting.id)):
            for public in (False, True):
                records = interchange_meeting(
                    session, meeting_id, public=public, with_transcript=with_transcript
                )
                assert read_back(records) == records, (meeting_id, public)
                compared += 1
    return compared


def test_the_sample_meetings_read_back_equal(tmp_path: Path) -> None:
    database = open_database(tmp_path / "samples.db")
    try:
        with database.transaction() as session:
            for name in SAMPLES:
                text = (FIXTURES / name).read_text(encoding="utf-8")
                import_meeting(session, parse_document(text), FakeClock())
        assert _every_meeting_read_back(database) == 4
    finally:
        database.close()


def test_a_meeting_with_its_transcript_reads_back_equal(tmp_path: Path) -> None:
    database = open_database(tmp_path / "transcript.db")
    try:
        with database.transaction() as session:
            text = (FIXTURES / SAMPLES[1]).read_text(encoding="utf-8")
            meeting_id = import_meeting(session, parse_document(text), FakeClock()).id
            vtt = write_vtt(tmp_path / "call.vtt", sample_cues(5))
            import_transcript_file(session, meeting_id, vtt, FakeClock())
        with database.session() as session:
            records = interchange_meeting(session, meeting_id, with_transcript=True)
        assert records.transcript, "the transcript was not carried"
        assert _every_meeting_read_back(database, with_transcript=True) == 2
    finally:
        database.close()


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.db")
    with database.transaction() as session:
        build_demo(session)
    yield database
    database.close()


def test_every_demo_meeting_reads_back_equal(demo_database: Database) -> None:
    with demo_database.session() as session:
        meetings = len(list(session.scalars(select(Meeting.id))))
    assert _every_meeting_read_back(demo_database) == 2 * meetings > 0


def test_the_docs_example_reads_as_typed_records() -> None:
    text = (REPO_ROOT / "docs" / "example-meeting.json").read_text("utf-8")
    meeting = parse_document(text)
    assert isinstance(meeting.meeting.date, dt.date)
    assert all(isinstance(item.kind, ItemKind) for item in meeting.agenda_items)
    assert json.loads(dumps(to_document(meeting))) == json.loads(text)


# --------------------------------------------------------------------------- version 1


def _first(records: tuple[T, ...], matches: Callable[[T], bool]) -> T:
    return next(record for record in records if matches(record))


def test_a_version_1_file_reads_as_version_2_records_with_the_old_defaults() -> None:
    old: dict[str, Any] = json.loads((FIXTURES / "example-meeting-v1.json").read_text("utf-8"))
    old["meeting"].pop("status", None)
    old["attendance"][0]["member"] = None
    old["attendance"].append({"person": "A Visitor", "status": "additional"})
    for report in old["subgroup_reports"]:
        report["status"] = None
    for entry in old["forward_plan"]:
        entry.pop("status", None)
    meeting = validate_document(old)
    assert meeting.meeting.status is MeetingStatus.DRAFT
    assert meeting.attendance[0].member is True
    assert _first(meeting.attendance, lambda row: row.person == "A Visitor").member is False
    assert {report.status for report in meeting.subgroup_reports} <= {ReportStatus.NOT_PROVIDED}
    assert {entry.status for entry in meeting.forward_plan} <= {ForwardPlanStatus.PLANNED}
    # What version 1 did not have at all is unknown.
    assert {item.agenda_text for item in meeting.agenda_items} == {None}
    assert meeting.meeting.body.chair is None
    assert meeting.meeting.body.minutes_show_timings is None


def test_version_2_keeps_the_same_nulls_as_unknown() -> None:
    document: dict[str, Any] = json.loads((FIXTURES / SAMPLES[1]).read_text("utf-8"))
    document["meeting"]["status"] = None
    document["attendance"][0]["member"] = None
    document["subgroup_reports"][0]["status"] = None
    document["forward_plan"][0]["status"] = None
    meeting = validate_document(document)
    assert meeting.meeting.status is None
    assert meeting.attendance[0].member is None
    assert meeting.subgroup_reports[0].status is None
    assert meeting.forward_plan[0].status is None


def test_left_out_minutes_are_empty_and_null_ones_withheld() -> None:
    document: dict[str, Any] = json.loads((FIXTURES / SAMPLES[1]).read_text("utf-8"))
    document["agenda_items"][0].pop("minutes_text")
    document["agenda_items"][1]["minutes_text"] = None
    meeting = validate_document(document)
    assert meeting.agenda_items[0].minutes_text == ""
    assert meeting.agenda_items[1].minutes_text is None


def test_a_refused_file_still_names_the_field() -> None:
    document: dict[str, Any] = json.loads((FIXTURES / SAMPLES[1]).read_text("utf-8"))
    document["agenda_items"][3]["minutes_allocated"] = 2.5
    with pytest.raises(ValidationError, match=r"^agenda_items\[3\]\.minutes_allocated: must be"):
        validate_document(document)
