"""Item boundaries fixed in review: merge, split and "not an item" keep the meeting and
the document in step, keep every line, and the result still imports."""

from __future__ import annotations

import json

import pytest

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.exports.interchange_reader import parse_document
from csp_desktop.storage import Database
from csp_desktop.usecases.import_minutes import Recognised, recognise_file, write_document
from csp_desktop.usecases.import_review import merge_with_previous, not_an_item, split_item
from tests.conftest import SEEDS

HARINGEY = SEEDS / "more" / "10_haringey-csp-2012-06-26.txt"


def _item(recognised: Recognised, number: str) -> int:
    return [row["number"] for row in recognised.document["agenda_items"]].index(number)


def _in_step(recognised: Recognised) -> None:
    rows = recognised.document["agenda_items"]
    assert len(rows) == len(recognised.meeting.items)
    actions = [a for item in recognised.meeting.items for a in item.actions]
    assert len(actions) == len(recognised.document["actions_raised"])
    numbers = {row["number"] for row in rows}
    for action, row in zip(actions, recognised.document["actions_raised"], strict=True):
        assert row["text"] == action.text
        assert row["item"] in numbers
    parse_document(json.dumps(recognised.document).encode())  # still a valid document


def test_merge_keeps_the_heading_decisions_and_actions() -> None:
    recognised = recognise_file(HARINGEY)
    index = _item(recognised, "17")
    minutes = recognised.meeting.items[index]
    merged = merge_with_previous(recognised, index)
    _in_step(merged)
    previous = merged.document["agenda_items"][index - 1]
    assert len(merged.document["agenda_items"]) == len(recognised.document["agenda_items"]) - 1
    assert "17 Minutes" in previous["minutes_text"]
    assert minutes.text.strip()[:40] in previous["minutes_text"]
    assert len(previous["decisions"]) == len(minutes.decisions) >= 1
    moved = [a for a in merged.document["actions_raised"] if a["item"] == previous["number"]]
    assert len(moved) == len(minutes.actions) >= 1
    # The original is untouched (the dialog keeps it until the officer imports).
    assert len(recognised.meeting.items) == len(merged.meeting.items) + 1
    with pytest.raises(UserError):
        merge_with_previous(recognised, 0)


def test_split_at_a_line_makes_a_new_item_with_what_follows() -> None:
    recognised = recognise_file(HARINGEY)
    index = _item(recognised, "17")
    item = recognised.meeting.items[index]
    line = next(
        n
        for n in range(item.line + 1, item.last_line + 1)
        if recognised.meeting.lines[n].strip() == "Matters arising"
    )
    split = split_item(recognised, index, line)
    _in_step(split)
    first, second = split.document["agenda_items"][index : index + 2]
    assert second["title"] == "Matters arising"
    assert second["number"] == "17.1"
    assert "Matters arising" not in (first["minutes_text"] or "")
    assert "HSP07" in second["minutes_text"]
    assert first["decisions"] and not second["decisions"]
    owned = [a for a in split.document["actions_raised"] if a["item"] == "17.1"]
    assert len(owned) == len(item.actions)  # both actions come after "Matters arising"
    with pytest.raises(UserError):
        split_item(recognised, index, item.line)  # the heading itself


def test_not_an_item_moves_the_heading_to_the_notes(db: Database, clock: FakeClock) -> None:
    recognised = recognise_file(HARINGEY)
    index = _item(recognised, "15")
    divider = not_an_item(recognised, index)
    _in_step(divider)
    assert "Section: 15 Urgent Business" in divider.document["meeting"]["notes"]
    assert "15" not in [row["number"] for row in divider.document["agenda_items"]]
    assert (
        "no items of urgent business" in divider.document["agenda_items"][index - 1]["minutes_text"]
    )
    first = not_an_item(recognised, 0)
    _in_step(first)
    assert "To receive any apologies" in first.document["agenda_items"][0]["minutes_text"]
    with db.transaction() as session:
        meeting_id, _ = write_document(session, divider.document, clock)
    assert meeting_id
