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
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from csp_desktop.clock import FakeClock
from csp_desktop.services.bodies import find_body
from csp_desktop.services.export_data import suggested_file_name
from csp_desktop.services.meetings import create_meeting
from csp_desktop.storage import open_database
from tests.reliability.exports_scan import found, part_names, run_cli, searchable_text
from tests.reliability.strategies import Scenario, scenarios

FIRST, NEXT = dt.date(2022, 10, 5), dt.date(2023, 1, 11)


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Migrated once; each example works on a copy (migrations are the slow part)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(path).close()
    yield path


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios(date=FIRST))
def test_no_restricted_word_in_any_public_output(empty_database: Path, scenario: Scenario) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
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
        full = folder / "full.json"
        code, err = run_cli(
            ["--db", str(database), "export", "meeting", FIRST.isoformat(), "-o", str(full)]
        )
        assert code == 0, err
        assert found(scenario.secrets, searchable_text(full)) == scenario.secrets
