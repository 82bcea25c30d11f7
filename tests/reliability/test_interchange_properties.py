"""Interchange properties: every generated meeting round-trips exactly, and every damaged
file is either imported or refused with one clear UserError, nothing half-written.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.exports.interchange_reader import parse_document
from csp_desktop.exports.interchange_writer import dumps
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.storage import open_database
from csp_desktop.usecases.export_meeting import meeting_to_document
from tests.reliability.strategies import Scenario, scenarios

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(path).close()
    yield path


def import_then_export(template: Path, folder: Path, text: str, name: str) -> str:
    """Import `text` into a fresh copy of the empty database; export it again."""
    path = folder / f"{name}.db"
    shutil.copy(template, path)
    database = open_database(path)
    try:
        with database.transaction() as session:
            meeting = import_meeting(session, parse_document(text), FakeClock())
            meeting_id = meeting.id
        with database.session() as session:
            from csp_desktop.models import Meeting

            exported = dumps(meeting_to_document(session.get_one(Meeting, meeting_id)))
    finally:
        database.close()
    return exported


@SETTINGS
@given(scenario=scenarios())
def test_generated_meetings_round_trip_exactly(empty_database: Path, scenario: Scenario) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        original = json.dumps(scenario.document, ensure_ascii=False)
        first = import_then_export(empty_database, folder, original, "first")
        second = import_then_export(empty_database, folder, first, "second")
    assert second == first  # byte-identical once in the app's own form

    exported = json.loads(first)
    given_items = scenario.document["agenda_items"]
    assert [i["title"] for i in exported["agenda_items"]] == [i["title"] for i in given_items]
    assert [i["minutes_text"] for i in exported["agenda_items"]] == [
        i["minutes_text"] for i in given_items
    ]
    assert [i["restricted"] for i in exported["agenda_items"]] == [
        i["restricted"] for i in given_items
    ]
    assert [[p["name"] for p in i["papers"]] for i in exported["agenda_items"]] == [
        [p["name"] for p in i["papers"]] for i in given_items
    ]
    assert sorted(a["text"] for a in exported["actions_raised"]) == sorted(
        a["text"] for a in scenario.document["actions_raised"]
    )
    assert {a["person"] for a in exported["attendance"]} == {
        a["person"] for a in scenario.document["attendance"]
    }


# --- damaged files ----------------------------------------------------------------------

NASTY_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2022-02-30",
            "2022-13-01",
            "25:61",
            "0000-00-00",
            "",
            " ",
            "\x00\x07\x1b",
            '=HYPERLINK("http://x")',
            "+44 20 7946 0000",
            "-1",
            "@SUM(A1)",
            "مجلس الشراكة",  # right-to-left
            "👩🏽‍⚖️🚓",
            "x" * 5000,
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*prefix, index)
            yield from _paths(child, (*prefix, index))


@st.composite
def damaged_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid generated meeting with 1-3 fields replaced by nasty values or removed."""
    document = copy.deepcopy(draw(scenarios()).document)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(document))
        path = draw(st.sampled_from(paths))
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(NASTY_VALUES)
    return document


def counts(path: Path) -> tuple[int, ...]:
    with sqlite3.connect(path) as connection:
        return tuple(
            int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("meeting", "person", "organisation", "body", "agenda_item", "action")
        )


@settings(SETTINGS, max_examples=40)
@given(document=damaged_documents())
def test_damaged_meeting_files_import_or_are_refused_cleanly(
    empty_database: Path, document: dict[str, Any]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "csp.db"
        shutil.copy(empty_database, path)
        before = counts(path)
        database = open_database(path)
        try:
            with database.transaction() as session:
                import_meeting(session, parse_document(json.dumps(document)), FakeClock())
        except UserError as exc:
            event(f"refused: {type(exc).__name__}")
            message = str(exc)
            assert message and "\n" not in message and "Traceback" not in message
            database.close()
            assert counts(path) == before  # nothing half-written
            return
        finally:
            database.close()
        event("imported")
        assert counts(path)[0] == 1


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"{",
        b"[]",
        b'{"format": "csp-desktop/meeting", "version": 1}',
        b'{"format": "csp-desktop/meeting", "version": 99, "meeting": {}}',
        b"\xff\xfe\x00garbage",
        b'{"a": NaN}',
        json.dumps({"format": "csp-desktop/meeting", "version": 1, "x": "y" * 1_000_000}).encode(),
    ],
    ids=["empty", "truncated", "list", "no-meeting", "newer", "binary", "nan", "1mb"],
)
def test_hand_picked_bad_files_are_refused_with_one_line(text: bytes) -> None:
    with pytest.raises(UserError) as raised:
        parse_document(text)
    assert "\n" not in str(raised.value)


def test_round_trip_keeps_a_1mb_paste(empty_database: Path) -> None:
    document = {
        "format": "csp-desktop/meeting",
        "version": 1,
        "meeting": {"body": {"name": "Board"}, "date": dt.date(2022, 10, 5).isoformat()},
        "agenda_items": [{"number": "1", "title": "Paste", "minutes_text": "Zq é 👩🏽 " * 120_000}],
    }
    with tempfile.TemporaryDirectory() as name:
        first = import_then_export(empty_database, Path(name), json.dumps(document), "one")
    assert json.loads(first)["agenda_items"][0]["minutes_text"] == "Zq é 👩🏽 " * 120_000
