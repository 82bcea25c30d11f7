"""No network, ever: a whole working session opens no socket and resolves no name.

`socket.socket` (creation and connect), `socket.create_connection` and `getaddrinfo` are
replaced by tripwires that record the attempt and fail. The session: build the demo archive,
open the window on it and type minutes with an ACTION line, export every kind of paper
(full and public), import a meeting file into a fresh database, send the tracker round
trip, back up and check. (`tests/test_offline.py` checks the package's imports; this checks
behaviour.)
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.services import agenda, meetings
from csp_desktop.storage import open_database
from tests.reliability.exports_scan import run_cli

ATTEMPTS: list[str] = []


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    ATTEMPTS.clear()

    def tripwire(what: str):  # type: ignore[no-untyped-def]
        def refuse(*args: object, **kwargs: object) -> object:
            ATTEMPTS.append(f"{what}{args[:2]!r}")
            raise AssertionError(f"network use: {what}")

        return refuse

    real_init = socket.socket.__init__

    def socket_init(self: socket.socket, *args: object, **kwargs: object) -> None:
        family = args[0] if args else kwargs.get("family", socket.AF_INET)
        if family != socket.AF_UNIX:  # local IPC (e.g. Qt/D-Bus helpers) is not network
            ATTEMPTS.append(f"socket({family!r})")
            raise AssertionError("network use: socket")
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "__init__", socket_init)
    monkeypatch.setattr(socket.socket, "connect", tripwire("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", tripwire("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", tripwire("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", tripwire("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", tripwire("gethostbyname"))
    yield ATTEMPTS
    assert ATTEMPTS == []


def cli(*argv: str) -> None:
    code, err = run_cli(argv)
    assert code == 0, err


def test_tripwire_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(AssertionError, match="network use"):
        socket.create_connection(("example.org", 80))
    assert no_network == ["create_connection(('example.org', 80),)"]
    no_network.clear()


def test_open_edit_export_import_use_no_network(
    no_network: list[str], qtbot: QtBot, tmp_path: Path
) -> None:
    database = tmp_path / "csp.db"
    db = str(database)
    cli("--db", db, "demo")

    # Open the window and type minutes, as the note taker does.
    from csp_desktop.paths import AppPaths
    from csp_desktop.ui.context import UiContext
    from csp_desktop.ui.main_window import MainWindow
    from csp_desktop.ui.settings import UiSettings

    opened = open_database(database)
    clock = FakeClock()
    with opened.session() as session:
        meeting = meetings.latest_meeting(session, clock.today())
        assert meeting is not None
        item_id = meeting.items[-1].id
        meeting_id = meeting.id
        day = meeting.date.isoformat()
        where = ["--body", meeting.body.name]
    paths = AppPaths(tmp_path / "ui", portable=False)
    window = MainWindow(UiContext(opened, clock, paths), UiSettings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    window.open_initial_meeting(meeting_id)
    window.context.write(
        agenda.save_item_minutes,
        item_id,
        "Noted.\nACTION: Andy Opie to send the figures.",
        clock,
        topic="actions",
    )
    window.close()
    opened.close()

    for public in ([], ["--public"]):
        cli("--db", db, "export", "minutes", day, *where, "-o", str(tmp_path / "m.docx"), *public)
        cli("--db", db, "export", "agenda", day, *where, "-o", str(tmp_path / "a.docx"), *public)
        cli("--db", db, "export", "meeting", day, *where, "-o", str(tmp_path / "m.json"), *public)
        cli("--db", db, "export", "actions", "-o", str(tmp_path / "t.xlsx"), *public)
    cli("--db", db, "export", "attendance", "-o", str(tmp_path / "r.xlsx"))
    cli("--db", db, "import", "actions", str(tmp_path / "t.xlsx"), "--dry-run")
    cli("--db", db, "import", "actions", str(tmp_path / "t.xlsx"))
    cli("--db", str(tmp_path / "other.db"), "import", "meeting", str(tmp_path / "m.json"))
    cli("--db", db, "backup", "-o", str(tmp_path / "copy.db"))
    cli("--db", db, "check")
