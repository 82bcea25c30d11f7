"""Whatever the window's services accept, the interchange format accepts too: a meeting
filled through every service that stores typed text exports, imports into an empty
database, and exports again to the same document.

The services used to check "is anything there?" on the text as typed while storage then
dropped its control characters: a decision of "\\x00" was accepted, stored as "", and its
meeting's export was refused on import ("agenda_items[3].decisions[0]: must not be
empty"). Now each service checks the stored form (`text_rules.stored_form`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.exports.interchange_reader import parse_document
from csp_desktop.exports.interchange_writer import dumps
from csp_desktop.models import BodyKind, Meeting
from csp_desktop.services import (
    actions,
    agenda,
    attendance,
    bodies,
    forward_plan,
    item_records,
    meetings,
    subgroups,
)
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.storage import open_database
from csp_desktop.usecases.export_meeting import meeting_to_document
from tests.reliability.test_bad_input import NASTY

CLOCK = FakeClock(dt.datetime(2022, 10, 5, 10, 0))
DAY = dt.date(2022, 10, 5)
# Text that storage empties, and text it keeps only partly: the cases that slipped through.
EMPTIED = st.sampled_from(["\x00", "\x07\x1b", " \x01 ", "\ufffe", "\x0b", "\x00\n\x08", "\t"])
TEXT = st.one_of(NASTY, EMPTIED, st.text(st.sampled_from("\x00\x01\x0b a\u200b"), max_size=6))
FIELDS = (
    "title",
    "presenter",
    "minutes",
    "owner",
    "task",
    "attendee",
    "organisation",
    "decision",
    "declarer",
    "interest",
    "next_venue",
    "next_chair",
    "plan_title",
    "plan_notes",
    "update",
    "author",
    "summary",
    "body_name",
)
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A board (with a subgroup reporting to it) and a meeting, made by the services."""
    folder = tmp_path_factory.mktemp("round-trip")
    path = folder / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        board = bodies.create_body(
            session, "Community Safety Partnership Board", "CSP", BodyKind.BOARD
        )
        meetings.create_meeting(session, board.id, DAY, CLOCK)
    database.close()
    open_database(folder / "empty.db").close()
    yield folder


def attempt(step: Callable[[], Any]) -> Any:
    """Run a service call as the window would: a refusal is one plain sentence."""
    try:
        return step()
    except UserError as exc:
        assert "\n" not in str(exc), str(exc)
        return None


def fill(session: Session, meeting_id: int, value: dict[str, str]) -> None:
    """Every service that stores typed text in something the meeting's export holds."""
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    body_id = meeting.body_id
    spec = agenda.ItemSpec(title=value["title"], presenter=value["presenter"])
    item_id = attempt(lambda: agenda.add_item(session, meeting_id, spec, CLOCK))
    if item_id is None:
        item_id = agenda.add_item(session, meeting_id, agenda.ItemSpec("Topic"), CLOCK)
    minutes = f"{value['minutes']}\nACTION: {value['owner']} to {value['task']}"
    agenda.save_item_minutes(session, item_id, minutes, CLOCK)
    attempt(
        lambda: attendance.add_attendee(
            session, meeting_id, f"{value['attendee']}, {value['organisation']}"
        )
    )
    attempt(lambda: item_records.add_decision(session, item_id, value["decision"]))
    attempt(
        lambda: item_records.add_declaration(
            session,
            meeting_id,
            value["declarer"],
            agenda_item_id=item_id,
            nature=value["interest"],
        )
    )
    attempt(
        lambda: item_records.set_next_meeting(
            session,
            meeting_id,
            item_records.NextMeeting(venue=value["next_venue"], chair=value["next_chair"]),
        )
    )
    attempt(
        lambda: forward_plan.add_entry(
            session,
            body_id,
            forward_plan.EntrySpec(
                title=value["plan_title"],
                target_meeting_id=meeting_id,
                notes=value["plan_notes"],
            ),
        )
    )
    raised = actions.list_actions(session, actions.ActionFilter(meeting_id=meeting_id))
    for action in raised:
        attempt(lambda a=action: actions.add_action_update(session, a.id, value["update"], CLOCK))
    # A subgroup (its name in the report slot) whose report gets an author and a summary.
    attempt(
        lambda: bodies.create_body(
            session, value["body_name"], "SUB", BodyKind.SUBGROUP, parent=meeting.body
        )
    )
    subgroups.ensure_report_slots(session, meeting_id)
    for report in subgroups.list_reports(session, meeting_id):
        attempt(lambda r=report: subgroups.set_author(session, r.id, value["author"]))
        attempt(lambda r=report: subgroups.set_summary(session, r.id, value["summary"], CLOCK))


def export(path: Path, meeting_id: int | None = None) -> str:
    database = open_database(path)
    try:
        with database.session() as session:
            if meeting_id is None:
                meeting_id = session.query(Meeting.id).order_by(Meeting.id).first()[0]
            meeting = session.get_one(Meeting, meeting_id)
            return dumps(meeting_to_document(meeting))
    finally:
        database.close()


def import_into(path: Path, text: str) -> int:
    database = open_database(path)
    try:
        with database.transaction() as session:
            return int(import_meeting(session, parse_document(text), CLOCK).id)
    finally:
        database.close()


@SETTINGS
@given(values=st.fixed_dictionaries({name: TEXT for name in FIELDS}))
def test_what_the_services_keep_exports_and_imports_back_unchanged(
    template: Path, values: dict[str, str]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source, copy = folder / "source.db", folder / "copy.db"
        shutil.copy(template / "csp.db", source)
        shutil.copy(template / "empty.db", copy)
        database = open_database(source)
        try:
            with database.transaction() as session:
                meeting_id = meetings.list_meetings(session)[0].id
                fill(session, meeting_id, values)
        finally:
            database.close()

        exported = export(source, meeting_id)
        parse_document(exported)  # refused before: "decisions[0]: must not be empty"
        again = export(copy, import_into(copy, exported))
        assert again == exported


@pytest.mark.parametrize("typed", ["\x00", "\x07\x1b", " \x01 ", "\ufffe"])
def test_text_that_storage_would_empty_is_refused_in_one_sentence(
    template: Path, typed: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "csp.db"
        shutil.copy(template / "csp.db", path)
        database = open_database(path)
        try:
            with database.transaction() as session:
                meeting_id = meetings.list_meetings(session)[0].id
                item_id = agenda.add_item(session, meeting_id, agenda.ItemSpec("Topic"), CLOCK)
                refusals = [
                    lambda: item_records.add_decision(session, item_id, typed),
                    lambda: agenda.add_item(session, meeting_id, agenda.ItemSpec(typed), CLOCK),
                    lambda: attendance.add_attendee(session, meeting_id, typed),
                    lambda: item_records.add_declaration(
                        session, meeting_id, "Andy Opie", agenda_item_id=None, nature=typed
                    ),
                ]
                for refused in refusals:
                    with pytest.raises(UserError):
                        refused()
        finally:
            database.close()
