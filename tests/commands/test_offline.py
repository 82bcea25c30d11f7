"""`csp-desktop offline take` / `offline bring-back` against the team database."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_desktop.cli import main
from csp_desktop.clock import FakeClock
from csp_desktop.models import AgendaItem
from csp_desktop.services import minutes
from csp_desktop.storage import open_database
from tests.factories import make_body, make_meeting


def test_take_then_bring_back_with_a_conflict_on_the_command_line(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server = open_database(postgres_url)
    with server.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Youth ASB"])
        meeting_id, item_id = meeting.id, meeting.items[0].id
    copy = tmp_path / "train.db"

    assert (
        main(
            ["--database-url", postgres_url, "offline", "take", str(meeting_id), "--to", str(copy)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"into {copy}" in out and "offline bring-back" in out

    clock = FakeClock()
    offline = open_database(copy)
    with offline.transaction() as session:
        minutes.save_minutes(session, item_id, "Typed on the train.", clock)
    offline.close()
    with server.transaction() as session:
        minutes.save_minutes(session, item_id, "Typed in the office.", clock)

    back = ["--database-url", postgres_url, "offline", "bring-back", str(copy)]
    assert main(back) == 2
    err = capsys.readouterr().err.splitlines()
    assert "1 field was changed both offline and on the server" in err[0]
    assert err[1].startswith("  - Item 1 Youth ASB, minutes: offline 'Typed on the train.'")

    assert main([*back, "--prefer", "theirs"]) == 0
    assert "1 conflicts resolved" in capsys.readouterr().out
    with server.session() as session:
        assert session.get_one(AgendaItem, item_id).minutes_text == "Typed in the office."

    assert main([*back, "--prefer", "mine"]) == 2
    err_text = capsys.readouterr().err
    assert "already brought back" in err_text and len(err_text.strip().splitlines()) == 1
    server.close()


def test_an_unknown_file_is_one_plain_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "csp.db"
    open_database(database).close()
    assert main(["--db", str(database), "offline", "bring-back", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and len(err.strip().splitlines()) == 1
