"""The interchange JSON: exact round trips, the public version, and validation messages."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy import func, select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import ValidationError
from csp_desktop.exports.interchange_reader import parse_document, validate_document
from csp_desktop.exports.interchange_writer import dumps
from csp_desktop.models import Action, ActionStatus, AgendaItem, Meeting, MeetingStatus
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.services.meetings import set_meeting_status
from csp_desktop.storage import open_database
from csp_desktop.usecases.export_meeting import meeting_to_document
from tests.conftest import FIXTURES, REPO_ROOT

SAMPLES = ["csp-board-2022-06-29.json", "csp-board-2022-10-05.json"]
SCHEMA = json.loads((REPO_ROOT / "docs" / "meeting.schema.json").read_text(encoding="utf-8"))


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def import_and_export(tmp_path: Path, document: dict[str, Any], *, public: bool = False) -> str:
    """Check and read `document`, import it into a brand-new database file and export it
    again."""
    database = open_database(tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}.db")
    try:
        with database.transaction() as session:
            meeting = import_meeting(session, validate_document(document), FakeClock())
        with database.session() as session:
            meeting = session.get(Meeting, meeting.id)
            assert meeting is not None
            return dumps(meeting_to_document(meeting, public=public))
    finally:
        database.close()


def rich_document() -> dict[str, Any]:
    """The October sample with every optional part filled, so the round trip covers them."""
    document = load("csp-board-2022-10-05.json")
    document["meeting"]["body"]["quorum"] = 5
    document["meeting"]["started_at"] = "2022-10-05T10:02:00"
    document["meeting"]["ended_at"] = "2022-10-05T12:55:30"
    document["meeting"]["notes"] = "Held online.\nRecording not kept."
    document["attendance"][0]["organisation"] = "London Borough of Barking and Dagenham"
    document["attendance"][1]["arrived_at"] = "2022-10-05T10:40:00"
    document["attendance"][1]["arrived_during_item"] = "4"
    document["attendance"][2]["left_at"] = "2022-10-05T12:10:00"
    document["attendance"][2]["left_during_item"] = "10"
    document["attendance"][13]["substitute_for"] = "April Bald"
    document["attendance"][13]["role"] = "substitute"
    item = document["agenda_items"][4]
    item["minutes_allocated"] = 15
    item["started_at"] = "2022-10-05T10:45:00"
    item["ended_at"] = "2022-10-05T11:05:10"
    item["elapsed_seconds"] = 1210
    item["papers"][0]["file_name"] = "csp-plan-update.pdf"
    action = document["actions_raised"][0]
    action["due_date"] = "2022-12-07"
    action["due_text"] = "December 2022 board"
    action["status"] = "in_progress"
    action["unmatched_owners"] = ["Chris"]
    action["updates"] = [
        {
            "made_at": "2022-11-01T09:30:00",
            "source": "tracker",
            "author": "Andy Opie",
            "text": "Timetable drafted; sharing with chairs next week.",
            "status_from": "open",
            "status_to": "in_progress",
        }
    ]
    document["declarations"] = [
        {
            "person": "Councillor Maureen Worby",
            "item": "6",
            "nature": "Trustee of a local drug and alcohol charity",
            "withdrew": True,
        }
    ]
    report = document["subgroup_reports"][1]
    report["rag"] = "amber"
    report["author"] = "Andy Opie"
    document["forward_plan"].append(
        {
            "title": "Serious Violence Duty: strategic needs assessment",
            "presenter": "Chris Lyons",
            "status": "scheduled",
            "raised_here": False,
            "aimed_here": True,
            "target_month": "2022-10",
            "item": "9",
            "raised_under_item": None,
            "minutes_allocated": 20,
            "restricted": True,
            "notes": "Moved from September.",
        }
    )
    # Version 2's facts: publication, verbal updates, agenda text, nameless typed papers,
    # the body's chair and house style, unknown statuses, "removed", raised under an item.
    body = document["meeting"]["body"]
    body["chair"] = "Councillor Syed Ghani"
    body["minutes_show_timings"] = False
    body["minutes_show_organisations"] = True
    document["meeting"]["status"] = "approved"
    document["agenda_items"][8]["public_summary"] = "The board noted the new duty."
    document["agenda_items"][5]["verbal_update"] = True
    document["agenda_items"][5]["agenda_text"] = "Members are asked to note the update."
    document["agenda_items"][12]["papers"][1]["name"] = None
    document["agenda_items"][12]["papers"][1]["kind"] = "DOCX"
    document["attendance"][5]["member"] = None
    report["status"] = None
    report["subgroup_chair"] = "Andy Opie"
    document["forward_plan"].append(
        {
            "title": "Drugs market update",
            "presenter": None,
            "status": "removed",
            "raised_here": True,
            "aimed_here": False,
            "target_month": None,
            "item": None,
            "raised_under_item": "6",
            "minutes_allocated": None,
            "restricted": False,
            "notes": "The board decided to drop it.",
        }
    )
    document["forward_plan"][0]["status"] = None
    document["amendments"] = [
        {
            "item": "8",
            "field": "minutes_text",
            "old_value": "old words",
            "new_value": "new words",
            "reason": "Probation asked for the date to be corrected.",
            "author": "ilirjeta.buzoku",
            "made_at": "2022-12-07T10:20:00",
        }
    ]
    return document


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_fixture_round_trips_byte_for_byte(tmp_path: Path, name: str) -> None:
    original = (FIXTURES / name).read_text(encoding="utf-8")
    first = import_and_export(tmp_path, json.loads(original))
    assert first == original
    second = import_and_export(tmp_path, json.loads(first))
    assert second == first


def test_every_optional_part_round_trips(tmp_path: Path) -> None:
    document = rich_document()
    first = import_and_export(tmp_path, document)
    assert json.loads(first) == document
    assert import_and_export(tmp_path, json.loads(first)) == first


def test_round_trip_notices_a_change_in_the_database(tmp_path: Path) -> None:
    """The comparison is real: a one-character change in the database shows in the file."""
    database = open_database(tmp_path / "changed.db")
    try:
        with database.transaction() as session:
            meeting = import_meeting(session, validate_document(load(SAMPLES[1])), FakeClock())
            meeting.items[4].minutes_text += "!"
        with database.session() as session:
            exported = dumps(meeting_to_document(session.get(Meeting, meeting.id)))  # type: ignore[arg-type]
    finally:
        database.close()
    assert exported != (FIXTURES / SAMPLES[1]).read_text(encoding="utf-8")


def test_keys_come_in_a_fixed_order_and_dates_are_iso(tmp_path: Path) -> None:
    text = import_and_export(tmp_path, load(SAMPLES[1]))
    document = json.loads(text)
    assert list(document) == [
        "format",
        "version",
        "public",
        "meeting",
        "attendance",
        "agenda_items",
        "actions_raised",
        "actions_reviewed",
        "declarations",
        "subgroup_reports",
        "forward_plan",
        "next_meeting",
        "amendments",
    ]
    assert document["meeting"]["date"] == "2022-10-05"
    assert document["next_meeting"] == {
        "date": "2022-12-07",
        "start_time": "10:00",
        "end_time": "13:00",
        "venue": "BLC Conference Room",
        "chair": "TBC",
    }
    assert text.endswith("}\n") and "\\u2019" not in text  # UTF-8, not escaped


@pytest.mark.parametrize("name", SAMPLES)
def test_fixtures_and_exports_satisfy_the_published_schema(tmp_path: Path, name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(load(name))
    jsonschema.Draft202012Validator(SCHEMA).validate(rich_document())


def test_example_in_docs_is_valid_and_imports(tmp_path: Path) -> None:
    example = json.loads((REPO_ROOT / "docs" / "example-meeting.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(example)
    assert json.loads(import_and_export(tmp_path, example)) == example


# --------------------------------------------------------------------------- public version


def test_public_version_withholds_restricted_content(tmp_path: Path) -> None:
    full = json.loads(import_and_export(tmp_path, rich_document()))
    public = json.loads(import_and_export(tmp_path, rich_document(), public=True))
    assert public["public"] is True and full["public"] is False
    restricted = {item["number"] for item in full["agenda_items"] if item["restricted"]}
    assert restricted == {"4", "7", "9", "10"}
    for item in public["agenda_items"]:
        if item["number"] in restricted:
            # Withheld, which a data file says with null (not "" and not the placeholder).
            assert item["minutes_text"] is None
            assert item["agenda_text"] is None or item["number"] not in restricted
            assert item["papers"] == [] and item["decisions"] == []
            assert item["title"].startswith("RESTRICTED:")  # the title is published
        for paper in item["papers"]:
            assert paper["restricted"] is False
    # The restricted report paper attached to an open item is withheld too.
    aob = next(item for item in public["agenda_items"] if item["number"] == "12")
    assert aob["papers"] == []
    open_items = [item for item in full["agenda_items"] if item["number"] not in restricted]
    for item in open_items:
        shown = next(i for i in public["agenda_items"] if i["number"] == item["number"])
        assert shown["minutes_text"] == item["minutes_text"]
    assert all(a["item"] not in restricted for a in public["actions_raised"])
    assert [f["title"] for f in public["forward_plan"]] == [
        f["title"] for f in full["forward_plan"] if not f["restricted"]
    ]
    assert public["amendments"] == full["amendments"]  # item 8 is not restricted
    text = json.dumps(public)
    for item in full["agenda_items"]:
        if item["number"] in restricted:
            assert item["minutes_text"][:60] not in text


def test_public_version_withholds_actions_raised_in_restricted_items(tmp_path: Path) -> None:
    document = load(SAMPLES[0])  # June: actions raised in restricted items 8, 9 and 10
    full = json.loads(import_and_export(tmp_path, document))
    public = json.loads(import_and_export(tmp_path, document, public=True))
    assert {a["item"] for a in full["actions_raised"]} == {"4", "5", "8", "9", "10", "12"}
    assert {a["item"] for a in public["actions_raised"]} == {"4", "5", "12"}


def test_public_version_withholds_reviewed_actions_from_restricted_items(tmp_path: Path) -> None:
    database = open_database(tmp_path / "both.db")
    try:
        with database.transaction() as session:
            import_meeting(session, validate_document(load(SAMPLES[0])), FakeClock())
            october = import_meeting(session, validate_document(load(SAMPLES[1])), FakeClock())
            # Mark one June action restricted in its own right as well.
            action = session.scalar(select(Action).where(Action.reference == "CSP-2022-06-29-01"))
            assert action is not None
            action.is_restricted = True
        with database.session() as session:
            meeting = session.get(Meeting, october.id)
            assert meeting is not None
            full = meeting_to_document(meeting)
            public = meeting_to_document(meeting, public=True)
    finally:
        database.close()
    assert len(full["actions_reviewed"]) == 7
    assert [a["reference"][-2:] for a in public["actions_reviewed"]] == ["02", "07"]


# --------------------------------------------------------------------------- validation

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        target: Any = document
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return mutate


_DELETE = object()

INVALID: list[tuple[str, Mutation, str]] = [
    (
        "minutes as text",
        _set("agenda_items[3].minutes_allocated", "ten"),
        "agenda_items[3].minutes_allocated: must be a whole number of minutes.",
    ),
    (
        "negative minutes",
        _set("agenda_items[3].minutes_allocated", -5),
        "agenda_items[3].minutes_allocated: must be a whole number of minutes.",
    ),
    (
        "fractional minutes",
        _set("agenda_items[0].minutes_allocated", 2.5),
        "agenda_items[0].minutes_allocated: must be a whole number of minutes.",
    ),
    (
        "impossible date",
        _set("meeting.date", "2022-02-30"),
        "meeting.date: 2022-02-30 is not a real date.",
    ),
    (
        "badly written date",
        _set("meeting.date", "5/10/2022"),
        "meeting.date: must be a date written YYYY-MM-DD",
    ),
    ("missing date", _set("meeting.date", _DELETE), "meeting.date: is required."),
    ("missing body name", _set("meeting.body.name", _DELETE), "meeting.body.name: is required."),
    ("null title", _set("agenda_items[2].title", None), "agenda_items[2].title: must not be null."),
    (
        "empty title",
        _set("agenda_items[2].title", "  "),
        "agenda_items[2].title: must not be empty.",
    ),
    (
        "unknown attendance status",
        _set("attendance[5].status", "sleeping"),
        'attendance[5].status: "sleeping" is not one of: present, apologies, absent, additional, '
        "unmarked.",
    ),
    (
        "unknown action status",
        _set("actions_raised[0].status", "done"),
        'actions_raised[0].status: "done" is not one of: open, in_progress, completed, dropped.',
    ),
    ("unknown rag", _set("subgroup_reports[0].rag", "purple"), "subgroup_reports[0].rag:"),
    (
        "control character",
        _set("agenda_items[4].minutes_text", "Bell \x07 rang"),
        "agenda_items[4].minutes_text: contains a control character (U+0007)",
    ),
    (
        "wrong type for a flag",
        _set("agenda_items[3].restricted", "yes"),
        "agenda_items[3].restricted: must be true or false.",
    ),
    ("list expected", _set("attendance", {"person": "x"}), "attendance: must be a list"),
    (
        "object expected",
        _set("agenda_items[1]", "Declarations"),
        "agenda_items[1]: must be an object",
    ),
    (
        "unknown field",
        _set("meeting.colour", "blue"),
        "meeting.colour: is not a field of this format.",
    ),
    (
        "odd key",
        _set("meeting.bad\u0007key", 1),
        'meeting."bad\\u0007key": is not a field of this format.',
    ),
    (
        "wrong format",
        _set("format", "something/else"),
        'format: must be "csp-desktop/meeting"',
    ),
    ("newer version", _set("version", 3), "version: is 3, newer than this version"),
    (
        "item reference to nowhere",
        _set("actions_raised[1].item", "99"),
        'actions_raised[1].item: refers to item "99", which is not on the agenda.',
    ),
    (
        "duplicate item numbers",
        _set("agenda_items[5].number", "4"),
        'agenda_items[5].number: "4" is used by two items',
    ),
    (
        "impossible time",
        _set("meeting.start_time", "25:00"),
        "meeting.start_time: 25:00 is not a real time",
    ),
    (
        "end before start",
        _set("meeting.end_time", "09:00"),
        "meeting.end_time: 09:00 is before the start time 10:00.",
    ),
    ("bad month", _set("forward_plan[0].target_month", "2022-13"), "forward_plan[0].target_month:"),
    (
        "same person twice",
        _set("attendance[1].person", "ANDY  opie"),
        'attendance[1].person: "ANDY  opie" is listed twice (also attendance[0]).',
    ),
    (
        "duplicate reference",
        _set("actions_raised[1].reference", "CSP-2022-10-05-01"),
        'actions_raised[1].reference: "CSP-2022-10-05-01" appears twice',
    ),
]


@pytest.mark.parametrize(("case", "mutate", "message"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_documents_are_refused_naming_the_field(
    case: str, mutate: Mutation, message: str
) -> None:
    document = copy.deepcopy(load(SAMPLES[1]))
    mutate(document)
    with pytest.raises(ValidationError) as caught:
        parse_document(json.dumps(document))
    assert str(caught.value).startswith(message), str(caught.value)
    assert "\n" not in str(caught.value)


SCHEMA_CATCHES = {
    "minutes as text",
    "negative minutes",
    "fractional minutes",
    "badly written date",
    "missing date",
    "missing body name",
    "null title",
    "unknown attendance status",
    "unknown action status",
    "unknown rag",
    "control character",
    "wrong type for a flag",
    "list expected",
    "object expected",
    "unknown field",
    "wrong format",
    "bad month",
}


@pytest.mark.parametrize(("case", "mutate"), [(c, m) for c, m, _ in INVALID if c in SCHEMA_CATCHES])
def test_published_schema_refuses_the_same_shapes(case: str, mutate: Mutation) -> None:
    document = copy.deepcopy(load(SAMPLES[1]))
    mutate(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(document)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": ', "the file is not valid JSON: Expecting value at line 1, column 12."),
        ("", "the file is not valid JSON"),
        ("[1, 2]", "the file must hold one meeting"),
        ('{"format": NaN}', "the file is not valid JSON: NaN is not allowed"),
        (b"\xff\xfe{", "the file is not UTF-8 text"),
    ],
)
def test_unreadable_files_get_one_plain_message(text: str | bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_document(text)
    assert str(caught.value).startswith(message)


def test_byte_order_mark_and_minimal_document_are_accepted() -> None:
    minimal = {
        "format": "csp-desktop/meeting",
        "version": 1,
        "meeting": {"body": {"name": "VAWG Strategic Group"}, "date": "2023-01-11"},
    }
    read = parse_document(b"\xef\xbb\xbf" + json.dumps(minimal).encode())
    assert read.meeting.date == dt.date(2023, 1, 11)


def test_minimal_document_imports_with_defaults(session: Any, clock: FakeClock) -> None:
    minimal = validate_document(
        {
            "format": "csp-desktop/meeting",
            "version": 1,
            "meeting": {"body": {"name": "VAWG Strategic Group"}, "date": "2023-01-11"},
            "agenda_items": [{"title": "Welcome"}],
            "actions_raised": [{"text": "Partners to share their data", "owners": ["Jo Bloggs"]}],
        }
    )
    meeting = import_meeting(session, minimal, clock)
    assert meeting.body.short_name == "VSG"
    assert [item.title for item in meeting.items] == ["Welcome"]
    assert session.scalar(select(func.count()).select_from(AgendaItem)) == 1
    action = session.scalar(select(Action))
    assert action is not None and action.status is ActionStatus.OPEN
    assert action.reference == "VSG-2023-01-11-01"
    assert [person.display_name for person in action.owners] == ["Jo Bloggs"]


# --------------------------------------------------------------------------- format versions


def _project(new: Any, old: Any) -> Any:
    """`new` cut down to the keys `old` has, so what version 2 added is left out."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {key: _project(new.get(key), value) for key, value in old.items()}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [_project(n, o) for n, o in zip(new, old, strict=True)]
    return new


def test_a_version_1_document_still_imports_unchanged(tmp_path: Path) -> None:
    """Today's docs/example-meeting.json, as version 1 wrote it, kept in tests/fixtures."""
    old = load("example-meeting-v1.json")
    assert old["version"] == 1
    exported = json.loads(import_and_export(tmp_path, copy.deepcopy(old)))
    assert exported["version"] == 2
    assert _project(exported, old) == {**old, "version": 2}


def test_version_1_fills_defaults_where_version_2_keeps_unknowns(tmp_path: Path) -> None:
    document = load("csp-board-2022-10-05.json")
    document["attendance"][0]["member"] = None
    document["subgroup_reports"][0]["status"] = None
    document["forward_plan"][0]["status"] = None
    as_two = json.loads(import_and_export(tmp_path, copy.deepcopy(document)))
    assert as_two["attendance"][0]["member"] is None
    assert as_two["subgroup_reports"][0]["status"] is None
    assert as_two["forward_plan"][0]["status"] is None
    document["version"] = 1
    for key in ("public_summary", "verbal_update", "agenda_text"):
        for item in document["agenda_items"]:
            item.pop(key)
    as_one = json.loads(import_and_export(tmp_path, document))
    assert as_one["attendance"][0]["member"] is True
    assert as_one["subgroup_reports"][0]["status"] == "not_provided"
    assert as_one["forward_plan"][0]["status"] == "planned"


def test_a_meeting_without_a_status_comes_back_without_one(tmp_path: Path) -> None:
    document = load("csp-board-2022-10-05.json")
    document["meeting"]["status"] = None
    exported = json.loads(import_and_export(tmp_path, copy.deepcopy(document)))
    assert exported["meeting"]["status"] is None
    # A status given comes back as given.
    document["meeting"]["status"] = "minutes_drafted"
    again = json.loads(import_and_export(tmp_path, copy.deepcopy(document)))
    assert again["meeting"]["status"] == "minutes_drafted"
    # Version 1 documents meant "draft" by a missing status.
    old = load("example-meeting-v1.json")
    old["meeting"].pop("status", None)
    assert json.loads(import_and_export(tmp_path, old))["meeting"]["status"] == "draft"


def test_an_unknown_status_is_draft_on_screen_until_set(tmp_path: Path) -> None:
    document = load("csp-board-2022-10-05.json")
    document["meeting"]["status"] = None
    database = open_database(tmp_path / "status.db")
    try:
        with database.transaction() as session:
            meeting = import_meeting(session, validate_document(document), FakeClock())
            # Stored as "draft" (the column cannot be null): what the screens show.
            assert meeting.status is MeetingStatus.DRAFT and not meeting.status_recorded
            set_meeting_status(session, meeting.id, MeetingStatus.AGENDA_ISSUED, FakeClock())
            assert meeting.status_recorded
            assert meeting_to_document(meeting)["meeting"]["status"] == "agenda_issued"
    finally:
        database.close()


def test_a_withheld_minute_is_not_an_empty_one(tmp_path: Path) -> None:
    public = json.loads(import_and_export(tmp_path, load("csp-board-2022-10-05.json"), public=True))
    withheld = [item for item in public["agenda_items"] if item["minutes_text"] is None]
    assert {item["number"] for item in withheld} == {"4", "7", "9", "10"}
    # The public file imports; the minute stays withheld (null), never becomes "".
    public["meeting"]["date"] = "2022-10-06"
    again = json.loads(import_and_export(tmp_path, public))
    assert [i["minutes_text"] for i in again["agenda_items"] if i["number"] == "4"] == [None]
    assert [i["minutes_text"] for i in again["agenda_items"] if i["number"] == "1"] != [None]


def test_raised_under_an_item_is_not_scheduled_as_it(tmp_path: Path) -> None:
    document = load("csp-board-2022-10-05.json")
    document["forward_plan"][0]["raised_under_item"] = "11"
    document["forward_plan"][0]["item"] = None
    first = import_and_export(tmp_path, copy.deepcopy(document))
    entry = json.loads(first)["forward_plan"][0]
    assert entry["raised_under_item"] == "11" and entry["item"] is None
    assert entry["aimed_here"] is document["forward_plan"][0]["aimed_here"]
    assert import_and_export(tmp_path, json.loads(first)) == first


def test_short_names_are_never_invented_into_the_file(tmp_path: Path) -> None:
    document = load("csp-board-2022-10-05.json")
    for report in document["subgroup_reports"]:
        report["subgroup_short_name"] = None
    first = import_and_export(tmp_path, copy.deepcopy(document))
    exported = json.loads(first)
    assert [r["subgroup_short_name"] for r in exported["subgroup_reports"]] == [None] * len(
        document["subgroup_reports"]
    )
    assert import_and_export(tmp_path, json.loads(first)) == first
    database = open_database(tmp_path / "names.db")
    try:
        with database.transaction() as session:
            import_meeting(session, validate_document(document), FakeClock())
            from csp_desktop.models import Body

            ivolt = session.scalars(select(Body).where(Body.name == "IVOLT")).one()
            assert ivolt.short_name == "IVOLT"  # a one-word name is its own, never "I"
    finally:
        database.close()
