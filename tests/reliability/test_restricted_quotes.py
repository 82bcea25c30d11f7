"""F3: restricted words pasted into an open item block the public papers until edited or
cleared; the demo's review of the previous actions comes from the records."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from csp_desktop.models import Action, AgendaItem
from csp_desktop.services.restricted_quotes import find_quotes, quotes_in_item_text
from csp_desktop.storage import open_database
from tests.exports.scenario import build_scenario
from tests.reliability.exports_scan import run_cli, searchable_text


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, str, int]:
    """The scenario, with a restricted action's text pasted into an open item."""
    path = tmp_path / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        scenario = build_scenario(session)
        restricted = session.scalars(
            select(Action).where(Action.reference == scenario.restricted_action_ref)
        ).one()
        secret = restricted.text
        item = session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == scenario.meeting_id, AgendaItem.is_restricted.is_(False)
            )
        ).first()
        assert item is not None
        item.minutes_text = (item.minutes_text or "") + f"\n\nOutstanding: {secret.upper()}!"
        number = item.number
    database.close()
    return path, secret, int(number)


def test_a_pasted_restricted_action_blocks_every_public_paper(
    archive: tuple[Path, str, int], tmp_path: Path
) -> None:
    path, _secret, number = archive
    for kind, suffix in (("minutes", "docx"), ("meeting", "json")):
        output = tmp_path / f"public.{suffix}"
        code, err = run_cli(
            ["--db", str(path), "export", kind, "2022-10-05", "-o", str(output), "--public"]
        )
        assert code == 2, err
        assert f"item {number} (" in err and "quotes restricted" in err
        assert err.count("\n") == 1 and not output.exists()
        # The full version is not blocked.
        code, err = run_cli(["--db", str(path), "export", kind, "2022-10-05", "-o", str(output)])
        assert code == 0, err


def test_clearing_the_quote_lets_the_public_version_go(
    archive: tuple[Path, str, int], tmp_path: Path
) -> None:
    path, _secret, number = archive
    code, err = run_cli(["--db", str(path), "quotes", "2022-10-05"])
    assert code == 0, err
    code, err = run_cli(["--db", str(path), "quotes", "2022-10-05", "--clear-item", str(number)])
    assert code == 0, err
    output = tmp_path / "public.docx"
    code, err = run_cli(
        ["--db", str(path), "export", "minutes", "2022-10-05", "-o", str(output), "--public"]
    )
    assert code == 0, err


def test_an_edit_to_the_quote_needs_a_new_clearance(archive: tuple[Path, str, int]) -> None:
    path, secret, number = archive
    run_cli(["--db", str(path), "quotes", "2022-10-05", "--clear-item", str(number)])
    database = open_database(path)
    with database.transaction() as session:
        item = session.scalars(select(AgendaItem).where(AgendaItem.number == str(number))).first()
        assert item is not None
        quotes = find_quotes(session, item.meeting_id)
        assert quotes and all(quote.cleared for quote in quotes)
        # The same words, differently spaced, stay cleared...
        assert quotes_in_item_text(session, item.id, f"Said:   {secret.lower()}") == []
        # ...other restricted words are a new quote.
        hidden = session.scalars(
            select(AgendaItem).where(AgendaItem.is_restricted.is_(True))
        ).first()
        assert hidden is not None
        fresh = quotes_in_item_text(session, item.id, f"Also: {hidden.minutes_text}")
        assert fresh and not fresh[0].cleared
        assert quotes_in_item_text(session, item.id, "The board noted progress.") == []
    database.close()


def test_stock_phrases_and_titles_are_not_quotes(tmp_path: Path) -> None:
    database = open_database(tmp_path / "csp.db")
    with database.transaction() as session:
        scenario = build_scenario(session)
        item = session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == scenario.meeting_id, AgendaItem.is_restricted.is_(True)
            )
        ).first()
        assert item is not None
        item.minutes_text = "Officers to report back to the next meeting on Wednesday 5 June 2024."
        open_item = session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == scenario.meeting_id, AgendaItem.is_restricted.is_(False)
            )
        ).first()
        assert open_item is not None
        open_item.minutes_text = (
            f"Partners to report back to the next meeting on Wednesday 5 June 2024. {item.title}."
        )
        session.flush()
        assert find_quotes(session, scenario.meeting_id) == []
    database.close()


def test_demo_reviews_actions_from_records_and_leaks_none(tmp_path: Path) -> None:
    """F3 reproduction: the demo's "Minutes and actions" item quoted 10 of 13 restricted
    actions in 14 public files. Now every public paper of every meeting is free of them."""
    import sqlite3

    path = tmp_path / "demo.db"
    code, err = run_cli(["--db", str(path), "demo"])
    assert code == 0, err
    connection = sqlite3.connect(path)
    restricted = [
        row[0]
        for row in connection.execute(
            "SELECT a.text FROM action a LEFT JOIN agenda_item i ON i.id = a.raised_at_item_id "
            "WHERE a.is_restricted OR i.is_restricted"
        )
    ]
    reviewed = connection.execute(
        "SELECT count(*) FROM action_review WHERE status_at_review IS NOT NULL"
    ).fetchone()[0]
    meeting_ids = [row[0] for row in connection.execute("SELECT id FROM meeting")]
    connection.close()
    assert len(restricted) >= 5 and reviewed > 0
    outputs = 0
    for meeting_id in meeting_ids:
        for kind, suffix in (("minutes", "docx"), ("meeting", "json")):
            output = tmp_path / f"{kind}-{meeting_id}.{suffix}"
            code, err = run_cli(
                ["--db", str(path), "export", kind, str(meeting_id), "-o", str(output), "--public"]
            )
            assert code == 0, err  # and no false alarm in the whole demo
            text = searchable_text(output)
            outputs += 1
            leaked = [t for t in restricted if t.rstrip(".") in text]
            assert not leaked, f"{output.name}: {leaked}"
    assert outputs == 2 * len(meeting_ids)


def test_a_public_tracker_is_refused_while_an_action_update_quotes_restricted_text(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from csp_desktop.models import ActionUpdate, ActionUpdateSource

    path = tmp_path / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        scenario = build_scenario(session)
        secret = session.scalars(
            select(Action.text).where(Action.reference == scenario.restricted_action_ref)
        ).one()
        public = session.scalars(
            select(Action).where(Action.reference == scenario.public_action_ref)
        ).one()
        assert public.raised_at_item is not None and not public.raised_at_item.is_restricted
        number = public.raised_at_item.number
        session.add(
            ActionUpdate(
                action_id=public.id,
                made_at=dt.datetime(2030, 1, 1, 9, 0),
                text=f"Progress: {secret.lower()}",
                source=ActionUpdateSource.MANUAL,
            )
        )
        meeting_date = public.raised_at_item.meeting.date.isoformat()
    database.close()
    output = tmp_path / "tracker.xlsx"
    code, err = run_cli(["--db", str(path), "export", "actions", "-o", str(output), "--public"])
    assert code == 2, err
    assert err.count("\n") == 1 and not output.exists()
    assert f"action {scenario.public_action_ref} (item {number} (" in err
    assert secret.rstrip(".").lower()[:40] in err
    # The full tracker is not blocked; clearing the item lets the public one go.
    code, err = run_cli(["--db", str(path), "export", "actions", "-o", str(output)])
    assert code == 0, err
    code, err = run_cli(["--db", str(path), "quotes", meeting_date, "--clear-item", number])
    assert code == 0, err
    public_output = tmp_path / "public.xlsx"
    code, err = run_cli(
        ["--db", str(path), "export", "actions", "-o", str(public_output), "--public"]
    )
    assert code == 0, err


@pytest.mark.parametrize("source", ["scenario", "demo"])
def test_the_corpus_read_from_withheld_records_only_equals_the_whole_archives(
    source: str, archive: tuple[Path, str, int], tmp_path: Path
) -> None:
    """`restricted_corpus` reads only what `PUBLIC` withholds (issue 13: the whole archive
    as ORM objects stalled typing); it must find every run of words the whole archive
    gives, and no other."""
    from csp_desktop.services.restricted_quotes import _Archive, _corpus, restricted_corpus

    path = archive[0]
    if source == "demo":
        path = tmp_path / "demo.db"
        code, err = run_cli(["--db", str(path), "demo"])
        assert code == 0, err
    database = open_database(path)
    with database.session() as session:
        narrow = restricted_corpus(session)
        whole = _corpus(_Archive.load(session))
    database.close()
    assert len(narrow) > 0
    assert narrow._runs == whole._runs
