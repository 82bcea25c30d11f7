"""Restricted never leaks: generated meetings, every `--public` output searched word by word.

Each example imports a generated meeting (restricted items with minutes, ACTION lines,
updates, papers, decisions, declarations of interest; restricted papers in open items; a
restricted action; restricted forward-plan entries; for an approved meeting, amendments
on restricted items) through `csp-desktop import meeting`,
creates the next meeting (which carries the open actions forward, restricted ones
included), then writes every public output of both meetings through the command line:
minutes, agenda, interchange JSON and the action tracker. No secret word may appear in
any of them, nor in a suggested file name. To prove the search works, the full (board
members') JSON must contain every secret and the public minutes every public word.

The rule exists once (`services/publication.py`): with it changed to withhold every
item, every public output must withhold the open items' words too. An exporter that
decided "restricted" by itself (on raw columns, say) would keep printing them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings

from csp_desktop.clock import FakeClock
from csp_desktop.services.bodies import find_body
from csp_desktop.services.export_data import suggested_file_name
from csp_desktop.services.meetings import create_meeting
from csp_desktop.services.publication import Visibility
from csp_desktop.storage import open_database
from tests.reliability.exports_scan import found, part_names, run_cli, searchable_text
from tests.reliability.strategies import PUBLIC_PREFIX, Scenario, scenarios

FIRST, NEXT = dt.date(2022, 10, 5), dt.date(2023, 1, 11)


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Migrated once; each example works on a copy (migrations are the slow part)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(path).close()
    yield path


def _public_outputs(empty_database: Path, folder: Path, scenario: Scenario) -> list[Path]:
    """Import the scenario, create the next meeting (carrying actions forward), and write
    every public output of both meetings through the command line."""
    database = folder / "csp.db"
    shutil.copy(empty_database, database)
    source = folder / "meeting.json"
    source.write_text(json.dumps(scenario.document, ensure_ascii=False), encoding="utf-8")
    code, err = run_cli(["--db", str(database), "import", "meeting", str(source)])
    assert code == 0, err

    opened = open_database(database)
    with opened.transaction() as session:
        body = find_body(session, "CSP")
        create_meeting(session, body.id, NEXT, FakeClock(dt.datetime(2023, 1, 4, 9, 0)))
    opened.close()

    outputs: list[Path] = []
    for day in (FIRST, NEXT):
        for kind, suffix in (("minutes", "docx"), ("agenda", "docx"), ("meeting", "json")):
            output = folder / f"{kind}-{day}.{suffix}"
            code, err = run_cli(
                [
                    "--db",
                    str(database),
                    "export",
                    kind,
                    day.isoformat(),
                    "-o",
                    str(output),
                    "--public",
                ]
            )
            assert code == 0, err
            outputs.append(output)
    tracker = folder / "tracker.xlsx"
    code, err = run_cli(
        ["--db", str(database), "export", "actions", "-o", str(tracker), "--public"]
    )
    assert code == 0, err
    outputs.append(tracker)
    # Every part of every file (headers, footers, core and custom properties, hidden
    # sheets, defined names, shared strings) is scanned, not only the visible text.
    for output in outputs:
        assert output.suffix == ".json" or len(part_names(output)) > 3
    return outputs


def _full_json(folder: Path) -> str:
    full = folder / "full.json"
    code, err = run_cli(
        ["--db", str(folder / "csp.db"), "export", "meeting", FIRST.isoformat(), "-o", str(full)]
    )
    assert code == 0, err
    return searchable_text(full)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios(date=FIRST))
def test_no_restricted_word_in_any_public_output(empty_database: Path, scenario: Scenario) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        outputs = _public_outputs(empty_database, folder, scenario)

        for output in outputs:
            leaked = found(scenario.secrets, searchable_text(output))
            assert not leaked, f"{output.name} shows restricted words {sorted(leaked)}"
        for kind in ("minutes", "agenda", "actions", "attendance"):
            for day in (FIRST, NEXT):
                name = suggested_file_name("CSP", day, kind, public=True)
                assert not found(scenario.secrets, name) and "RESTRICTED" not in name

        # The search is real: public words are found in the public minutes...
        minutes = searchable_text(folder / f"minutes-{FIRST}.docx")
        assert found(scenario.public_minutes, minutes) == scenario.public_minutes
        # (amendments to open items are listed with their reasons, so those on restricted
        # items were imported and withheld, not lost)
        assert found(scenario.public_amendments, minutes) == scenario.public_amendments
        # ...and every secret is real content, present in the full version.
        assert found(scenario.secrets, _full_json(folder)) == scenario.secrets


def _open_item_words(document: dict[str, Any]) -> set[str]:
    """Public tokens only the open items' minutes, agenda text and decisions hold (their
    ACTION lines included): words no published field elsewhere in the file repeats."""
    open_items = [item for item in document["agenda_items"] if not item["restricted"]]
    held = " ".join(
        " ".join([item["minutes_text"], item["agenda_text"] or "", *item["decisions"]])
        for item in open_items
    )
    words = {word.strip(".") for word in held.split() if word.startswith(PUBLIC_PREFIX)}
    rest = dict(document)
    rest["agenda_items"] = [
        {**item, "minutes_text": "", "agenda_text": None, "decisions": []}
        if not item["restricted"]
        else item
        for item in document["agenda_items"]
    ]
    rest["actions_raised"] = [
        action
        for action in document["actions_raised"]
        if action["item"] not in {item["number"] for item in open_items}
    ]
    elsewhere = json.dumps(rest, ensure_ascii=False)
    return {word for word in words if word not in elsewhere}


def _withhold_every_item(monkeypatch: pytest.MonkeyPatch) -> None:
    """Change the one rule: in a public document every item counts as restricted."""
    monkeypatch.setattr(Visibility, "withholds_item", lambda self, item: self.public)
    monkeypatch.setattr(
        Visibility,
        "shows_action_row",
        lambda self, *, action_restricted, item_restricted: not self.public,
    )
    monkeypatch.setattr(Visibility, "shows_declaration", lambda self, declaration: not self.public)
    monkeypatch.setattr(
        Visibility, "shows_amendment", lambda self, amendment, item: not self.public
    )


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios(date=FIRST))
def test_every_public_output_follows_the_one_publication_rule(
    empty_database: Path, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = _open_item_words(scenario.document)
    assume(hidden)
    _withhold_every_item(monkeypatch)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        outputs = _public_outputs(empty_database, folder, scenario)
        for output in outputs:
            shown = found(hidden, searchable_text(output))
            assert not shown, (
                f"{output.name} shows words of items the publication rule withholds "
                f"{sorted(shown)}: it decides what is public without asking "
                "services/publication.py"
            )
        # The words are real content: the full version (board members') holds them all.
        assert found(hidden, _full_json(folder)) == hidden
