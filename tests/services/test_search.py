"""Search across meetings: the FTS5 index, its triggers, the LIKE fallback, the upgrade."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    ActionUpdateSource,
    Decision,
    ReportStatus,
    SubgroupReport,
)
from csp_desktop.services import search as search_service
from csp_desktop.services.search import rebuild_search_index, search, search_terms
from csp_desktop.storage import SCHEMA_HEAD, open_database
from csp_desktop.storage.migrate import alembic_config
from tests.factories import NOW, make_body, make_meeting, make_organisation, make_person

MINUTES = (
    "Councillor Ghani opened the meeting.\n"
    "The Street Space representatives presented the youth engagement programme.\n"
    "ACTION: Andy Opie to invite Street Space representatives to the December board."
)


def build_archive(session: Session) -> dict[str, int]:
    board = make_body(session)
    subgroup = make_body(session, "IVOLT", short_name="IVOLT", parent=board)
    meeting = make_meeting(session, board, items=["Introductions", "Violence reduction"])
    item = meeting.items[1]
    item.minutes_text = MINUTES
    police = make_organisation(session, "Metropolitan Police Service")
    person = make_person(session, "Stuart Bell", organisation=police)
    action = Action(
        reference="CSP-2022-10-05-04",
        body=board,
        raised_at_meeting_id=meeting.id,
        raised_at_item_id=item.id,
        text="Andy Opie to invite Street Space representatives",
        status=ActionStatus.OPEN,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(action)
    session.flush()
    session.add(
        ActionUpdate(
            action_id=action.id,
            made_at=NOW,
            text="Invitation sent to the Tottenham hub",
            source=ActionUpdateSource.MANUAL,
        )
    )
    session.add(Decision(agenda_item_id=item.id, text="The board approved the knife crime plan"))
    report = SubgroupReport(
        meeting_id=meeting.id,
        subgroup_id=subgroup.id,
        status=ReportStatus.WRITTEN,
        summary="Hotspot patrols in Barking town centre reduced robbery.",
    )
    session.add(report)
    session.flush()
    return {
        "meeting": meeting.id,
        "item": item.id,
        "action": action.id,
        "person": person.id,
        "report": report.id,
    }


def test_terms_drop_fts_syntax() -> None:
    assert search_terms('"street  space" OR*  (ghani)') == ["street", "space", "OR", "ghani"]
    assert search_terms("  ,, ") == []


def test_finds_minutes_with_snippet_and_place(session: Session) -> None:
    ids = build_archive(session)
    hits = search(session, "street space")
    minutes = [h for h in hits if h.kind == "item"]
    assert len(minutes) == 1
    hit = minutes[0]
    assert hit.agenda_item_id == ids["item"]
    assert hit.meeting_id == ids["meeting"]
    assert hit.tab == "agenda"
    assert hit.title == "Item 2: Violence reduction"
    assert hit.meeting_label == "Community Safety Partnership Board, Wednesday 5 October 2022"
    assert "[Street]" in hit.snippet and "[Space]" in hit.snippet
    assert "\n" not in hit.snippet


def test_prefix_and_every_word_must_match(session: Session) -> None:
    build_archive(session)
    assert {h.kind for h in search(session, "ghan")} == {"item"}
    assert search(session, "ghani robbery") == []


def test_finds_action_by_reference_and_update(session: Session) -> None:
    ids = build_archive(session)
    by_reference = search(session, "CSP-2022-10-05-04")
    assert [(h.kind, h.action_id, h.tab) for h in by_reference] == [
        ("action", ids["action"], "actions")
    ]
    by_update = search(session, "tottenham")
    assert [(h.kind, h.action_id, h.title) for h in by_update] == [
        ("update", ids["action"], "CSP-2022-10-05-04")
    ]


def test_finds_people_by_organisation_reports_and_decisions(session: Session) -> None:
    ids = build_archive(session)
    people = search(session, "metropolitan")
    assert [(h.kind, h.ref_id, h.title, h.meeting_id) for h in people] == [
        ("person", ids["person"], "Stuart Bell", None)
    ]
    reports = search(session, "hotspot")
    assert [(h.kind, h.title, h.tab, h.meeting_id) for h in reports] == [
        ("report", "IVOLT", "subgroup-reports", ids["meeting"])
    ]
    decisions = search(session, "knife")
    assert [(h.kind, h.agenda_item_id) for h in decisions] == [("decision", ids["item"])]


def test_index_follows_edits_and_deletes(session: Session) -> None:
    ids = build_archive(session)
    item = session.get(Action, ids["action"])
    assert item is not None
    item.text = "Andy Opie to book the Becontree venue"
    session.flush()
    assert [h.kind for h in search(session, "becontree")] == ["action"]
    assert all(h.kind != "action" for h in search(session, "invite"))
    session.delete(item)
    session.flush()
    assert search(session, "becontree") == []
    assert search(session, "tottenham") == []  # its updates went with it


def test_organisation_rename_reindexes_its_people(session: Session) -> None:
    ids = build_archive(session)
    from csp_desktop.models import Organisation, Person

    person = session.get(Person, ids["person"])
    assert person is not None and person.organisation is not None
    organisation = session.get(Organisation, person.organisation.id)
    assert organisation is not None
    organisation.name = "London Fire Brigade"
    session.flush()
    assert [h.ref_id for h in search(session, "fire brigade")] == [ids["person"]]


def test_like_fallback_finds_the_same_things(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_archive(session)
    fts = {(h.kind, h.ref_id) for h in search(session, "street space")}
    monkeypatch.setattr(search_service, "has_search_index", lambda _session: False)
    like_hits = search(session, "street space")
    assert {(h.kind, h.ref_id) for h in like_hits} == fts
    assert {(h.kind, h.ref_id) for h in search(session, "metropolitan")} == {
        ("person", ids["person"])
    }
    assert {(h.kind, h.ref_id) for h in search(session, "100%")} == set()
    minutes = next(h for h in like_hits if h.kind == "item")
    assert "[Street]" in minutes.snippet


def test_rebuild_refills_the_index(session: Session) -> None:
    build_archive(session)
    session.execute(text("DELETE FROM search_index"))
    assert search(session, "hotspot") == []
    count = rebuild_search_index(session)
    assert count >= 6
    assert [h.kind for h in search(session, "hotspot")] == ["report"]


def test_old_database_is_backed_up_and_upgraded_with_index_filled(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite+pysqlite:///{path}")
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with Session(engine) as session, session.begin():
        build_archive(session)  # the models are today's: fill at head, then go back
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001_baseline")
    engine.dispose()

    backups: list[tuple[Path, str]] = []

    def backup(source: Path, revision: str) -> Path:
        destination = tmp_path / f"backup-{revision}.db"
        destination.write_bytes(source.read_bytes())
        backups.append((source, revision))
        return destination

    database = open_database(path, backup_before_upgrade=backup)
    try:
        assert backups == [(path, "0001_baseline")]
        assert database.upgraded_from == "0001_baseline"
        with database.session() as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == SCHEMA_HEAD
            assert {h.kind for h in search(session, "street space")} == {"item", "action"}
            assert [h.kind for h in search(session, "metropolitan")] == ["person"]
    finally:
        database.close()
    # The backup is the untouched old file: no index in it.
    old = sqlite3.connect(tmp_path / "backup-0001_baseline.db")
    try:
        names = {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    finally:
        old.close()
    assert "search_index" not in names


def test_search_over_two_megabytes_is_fast(session: Session) -> None:
    """Guard, not a benchmark: a miss-free lookup stays well inside a frame budget."""
    board = make_body(session)
    paragraph = (
        "The partnership discussed anti-social behaviour, domestic abuse referrals, "
        "youth violence and the night-time economy across the borough wards. "
    ) * 6
    for number in range(60):
        meeting = make_meeting(
            session,
            board,
            dt.date(2015, 1, 1) + dt.timedelta(days=30 * number),
            items=[f"Topic {i}" for i in range(12)],
        )
        for item in meeting.items:
            item.minutes_text = paragraph * 4
    meeting.items[0].minutes_text += " Zanzibar consultation."
    session.flush()
    total = session.execute(text("SELECT sum(length(minutes_text)) FROM agenda_item")).scalar()
    assert total is not None and total > 2_000_000
    import time

    search(session, "warm up")
    started = time.perf_counter()
    hits = search(session, "zanzibar")
    elapsed = time.perf_counter() - started
    assert [h.kind for h in hits] == ["item"]
    assert elapsed < 0.5  # measured ~ms; generous here so a busy CI box does not flake
