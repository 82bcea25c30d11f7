"""Recognised meetings as interchange documents, valid against docs/meeting.schema.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from csp_desktop.errors import UserError
from csp_desktop.importers.minutes_parser import looks_like_minutes, parse_minutes
from csp_desktop.importers.to_interchange import item_kind, to_document
from tests.conftest import REPO_ROOT, SEEDS

SCHEMA = json.loads((REPO_ROOT / "docs" / "meeting.schema.json").read_text(encoding="utf-8"))
MINUTES = [
    path
    for path in sorted([*SEEDS.glob("*.txt"), *(SEEDS / "more").glob("*.txt")])
    if "plan-2019" not in path.name
]


@pytest.mark.parametrize("path", MINUTES, ids=lambda p: p.name)
def test_every_seed_becomes_a_valid_document(path: Path) -> None:
    meeting = parse_minutes(path.read_text(encoding="utf-8").splitlines())
    assert looks_like_minutes(meeting)
    document = to_document(
        meeting, source_name=path.name, body="Fallback Board", date=dt.date(2020, 1, 1)
    )
    jsonschema.validate(document, SCHEMA)
    numbers = [item["number"] for item in document["agenda_items"] if item["number"]]
    assert len(numbers) == len(set(numbers))
    names = [row["person"] for row in document["attendance"]]
    assert len(names) == len(set(names))


def test_the_text_wins_over_nothing_and_overrides_win_over_the_text() -> None:
    path = SEEDS / "more" / "10_haringey-csp-2012-06-26.txt"
    meeting = parse_minutes(path.read_text(encoding="utf-8").splitlines())
    document = to_document(meeting, source_name=path.name)
    assert document["meeting"]["body"] == {"name": "Community Safety Partnership"}
    assert document["meeting"]["date"] == "2012-06-26"
    assert document["meeting"]["start_time"] == "16:00"
    [reviewed, updated] = document["actions_raised"]
    assert (reviewed["status"], updated["status"]) == ("completed", "in_progress")
    assert reviewed["item"] == "17"
    other = to_document(meeting, source_name=path.name, body="Haringey CSP")
    assert other["meeting"]["body"] == {"name": "Haringey CSP"}


def test_no_date_in_the_text_and_none_given_is_one_plain_line() -> None:
    path = SEEDS / "more" / "09_durham-pcp-exempt-item.txt"
    meeting = parse_minutes(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(UserError, match="no meeting date") as error:
        to_document(meeting, source_name=path.name, body="Durham Police and Crime Panel")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Apologies for Absence", "introductions"),
        ("Declarations of Interest", "declarations"),
        ("Minutes of the previous meeting", "previous_minutes"),
        ("Matters Arising", "previous_minutes"),
        ("Forward Plan", "forward_plan"),
        ("Any Other Business", "any_other_business"),
        ("Sub – Group Updates", "subgroup_updates"),
        ("Date of next meeting", "next_meeting"),
        ("Serious Violence Duty", "topical"),
    ],
)
def test_item_kinds(title: str, kind: str) -> None:
    assert item_kind(title) == kind
