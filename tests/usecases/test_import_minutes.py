"""The import workflow the CLI and the window share: recognise, write one transaction
per meeting, skip what the archive already has, refuse unreadable files plainly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.models import Action, Attendance, Meeting
from csp_desktop.storage import Database
from csp_desktop.usecases.import_minutes import import_files, recognise_file
from tests.bad_minutes_files import BAD_FILES, make_bad_file
from tests.conftest import SEEDS

HARINGEY = SEEDS / "more" / "10_haringey-csp-2012-06-26.txt"
ARGYLL = SEEDS / "more" / "02_argyll-cpp-mc-2015-03-27.txt"


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_files_are_written_once_and_a_second_run_skips_them(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    outcomes = import_files([HARINGEY, ARGYLL], db, clock)
    assert [o.status for o in outcomes] == ["imported", "imported"]
    assert _count(db, Meeting) == 2
    with db.session() as session:
        argyll = session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert argyll is not None and argyll.body.name.startswith("Argyll and Bute")
        # Six apologies, two substitutes, two newcomers welcomed.
        assert len(argyll.attendance) == 10
        assert [item.title for item in argyll.items][:1] == ["Welcome and Apologies (chair)"]
    assert _count(db, Action) == 5
    again = import_files([HARINGEY, ARGYLL], db, clock)
    assert [o.status for o in again] == ["skipped", "skipped"]
    assert "already in the archive" in again[0].message
    assert _count(db, Meeting) == 2


def test_a_dry_run_changes_nothing(db: Database, clock: FakeClock) -> None:
    outcomes = import_files([HARINGEY], db, clock, dry_run=True)
    assert outcomes[0].status == "recognised" and outcomes[0].document is not None
    assert _count(db, Meeting) == 0 and _count(db, Attendance) == 0


def test_unreadable_files_get_one_line_each_and_the_rest_still_import(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(b"%PDF-1.4 broken")
    plan = tmp_path / "plan.txt"
    shutil.copy(SEEDS / "csp-plan-2019-2022-refresh-2021.txt", plan)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Apologies: Zoë".encode("latin-1"))
    outcomes = import_files([scanned, plan, latin, HARINGEY], db, clock)
    assert [o.status for o in outcomes] == ["unreadable", "unreadable", "unreadable", "imported"]
    for outcome in outcomes[:3]:
        assert "\n" not in outcome.message and str(outcome.path) in outcome.message
    assert "does not read as minutes" in outcomes[1].message


def test_progress_is_reported_and_cancel_stops_before_the_next_file(
    db: Database, clock: FakeClock
) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, path: Path) -> None:
        seen.append((done, total))

    outcomes = import_files(
        [HARINGEY, ARGYLL], db, clock, progress=progress, cancelled=lambda: len(seen) >= 1
    )
    assert seen == [(0, 2)]
    assert [o.path for o in outcomes] == [HARINGEY]
    assert _count(db, Meeting) == 1


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_the_window_gets_one_plain_line_for_a_bad_file(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What File › Import minutes… calls on each file added: a UserError it shows
    beside the file, never another exception."""
    path = make_bad_file(kind, tmp_path, monkeypatch)
    with pytest.raises(UserError) as refused:
        recognise_file(path)
    message = str(refused.value)
    assert "\n" not in message and str(path) in message and len(message) < 200


def test_bad_files_in_a_batch_lose_nothing(
    db: Database, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = [make_bad_file(kind, tmp_path, monkeypatch) for kind in sorted(BAD_FILES)]
    outcomes = import_files([*bad, HARINGEY], db, clock)
    assert [o.status for o in outcomes] == ["unreadable"] * len(bad) + ["imported"]
    assert _count(db, Meeting) == 1 and _count(db, Attendance) > 0


def test_a_guessed_encoding_is_said_in_the_outcome(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    text = HARINGEY.read_text(encoding="utf-8").replace("'", "\u2019")
    path = tmp_path / "minutes.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    outcome = import_files([path], db, clock)[0]
    assert outcome.status == "imported"
    assert outcome.message.endswith("The file was not UTF-8; it was read as Windows-1252 text.")
