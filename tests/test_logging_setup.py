"""The support log: rotating file in <data>/logs, every command, tracebacks, no user text."""

from __future__ import annotations

import argparse
import importlib.util
import logging
import re
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from csp_desktop import cli, logging_setup
from csp_desktop.errors import UserError
from csp_desktop.logging_setup import (
    LOG_BACKUP_COUNT,
    LOG_MAX_BYTES,
    configure_logging,
    describe_command,
    redact,
    shutdown_logging,
)
from csp_desktop.paths import app_paths
from csp_desktop.storage import open_database

SECRET = "Councillor Syed Ghani raised the knife crime hotspot on Wellington Road"


@pytest.fixture(autouse=True)
def _no_handler_left() -> Iterator[None]:
    yield
    shutdown_logging()


def our_handlers() -> list[RotatingFileHandler]:
    handlers = logging.getLogger().handlers
    return [h for h in handlers if isinstance(h, logging_setup._SupportLogHandler)]


def test_records_go_to_a_rotating_file(tmp_path: Path) -> None:
    log_file = tmp_path / "data folder" / "logs" / "csp-desktop.log"

    assert configure_logging(log_file) == log_file
    logging.getLogger("csp_desktop.services.x").info("synced %d actions", 4)
    logging.getLogger("some.library").info("chatter nobody needs")
    logging.getLogger("some.library").warning("a library warning")
    (handler,) = our_handlers()
    assert (handler.maxBytes, handler.backupCount) == (LOG_MAX_BYTES, LOG_BACKUP_COUNT)
    shutdown_logging()

    content = log_file.read_text(encoding="utf-8")
    assert "INFO csp_desktop.services.x" in content
    assert "synced 4 actions" in content
    assert "a library warning" in content
    assert "chatter nobody needs" not in content


def test_the_file_rotates_instead_of_growing(tmp_path: Path) -> None:
    log_file = tmp_path / "csp-desktop.log"
    configure_logging(log_file)
    line = "x" * 1000
    for number in range(LOG_MAX_BYTES // 1000 + 50):
        logging.getLogger("csp_desktop").info("%d %s", number, line)
    shutdown_logging()

    assert log_file.stat().st_size <= LOG_MAX_BYTES
    assert (tmp_path / "csp-desktop.log.1").is_file()


def test_configuring_again_replaces_the_handler(tmp_path: Path) -> None:
    configure_logging(tmp_path / "first.log")
    configure_logging(tmp_path / "second.log")
    logging.getLogger("csp_desktop").info("only in the second")

    assert len(our_handlers()) == 1
    shutdown_logging()
    assert our_handlers() == []
    assert logging.getLogger("csp_desktop").level == logging.NOTSET  # left as it was
    assert "only in the second" not in (tmp_path / "first.log").read_text()
    assert "only in the second" in (tmp_path / "second.log").read_text()


def test_an_unwritable_log_folder_is_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be")

    assert configure_logging(blocker / "csp-desktop.log") is None
    logging.getLogger("csp_desktop").error("still fine")

    assert capsys.readouterr().err == ""


def test_a_failing_write_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(tmp_path / "csp-desktop.log")
    (handler,) = our_handlers()

    class FullDisk:
        def write(self, _text: str) -> None:
            raise OSError(28, "No space left on device")

        def flush(self) -> None:
            pass

        def close(self) -> None:
            pass

    handler.stream.close()
    handler.stream = FullDisk()  # type: ignore[assignment]
    logging.getLogger("csp_desktop").error("cannot be written")

    assert capsys.readouterr().err == ""


def test_sql_parameters_never_reach_the_log(tmp_path: Path) -> None:
    database = open_database(tmp_path / "test.db")
    log_file = tmp_path / "csp-desktop.log"
    configure_logging(log_file)
    try:
        with database.engine.begin() as connection:
            connection.execute(text("CREATE TABLE note (body TEXT NOT NULL UNIQUE)"))
            connection.execute(text("INSERT INTO note VALUES (:body)"), {"body": SECRET})
            connection.execute(text("INSERT INTO note VALUES (:body)"), {"body": SECRET})
    except IntegrityError:
        logging.getLogger("csp_desktop").exception("saving a note failed")
    finally:
        database.close()
    shutdown_logging()

    content = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in content
    assert "Traceback" in content
    assert "Ghani" not in content
    assert "withheld from the log" in content


def test_redact_keeps_the_rest_of_the_message() -> None:
    message = "(sqlite3.IntegrityError) UNIQUE failed\n[SQL: INSERT x]\n[parameters: ('a',)]\nmore"

    assert redact(message) == (
        "(sqlite3.IntegrityError) UNIQUE failed\n[SQL: INSERT x]\n"
        "[parameters: withheld from the log]\nmore"
    )


def test_describe_command_names_the_command_not_its_values() -> None:
    args = argparse.Namespace(command="export", kind="minutes", smoke_test=False, output="x.docx")

    assert describe_command(args) == "export minutes"
    assert describe_command(argparse.Namespace(command=None, smoke_test=True)) == "gui --smoke-test"


# --- cli.main: every command is logged; bugs become one line plus a logged traceback ---


def _crash(args: argparse.Namespace, context: object) -> int:
    raise RuntimeError("a bug in a handler")


def _refuse(args: argparse.Namespace, context: object) -> int:
    raise UserError(f"{SECRET} is ambiguous; give the full name.")


def _succeed(args: argparse.Namespace, context: object) -> int:
    return 0


def test_a_bug_prints_one_line_and_logs_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.HANDLERS, ("check",), f"{__name__}:_crash")

    code = cli.main(["--db", str(tmp_path / "x.db"), "check"])

    log_file = app_paths().log_file
    err = capsys.readouterr().err
    assert code == 3
    assert err == f"csp-desktop: unexpected error, details in {log_file}\n"
    content = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in content
    assert "RuntimeError: a bug in a handler" in content
    assert "end check: exit 3" in content


def test_a_user_error_is_logged_without_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.HANDLERS, ("check",), f"{__name__}:_refuse")

    code = cli.main(["--db", str(tmp_path / "x.db"), "check"])

    assert code == 2
    assert SECRET in capsys.readouterr().err  # the user still gets the whole sentence
    content = app_paths().log_file.read_text(encoding="utf-8")
    assert "check refused: UserError" in content
    assert "Ghani" not in content


def test_each_command_logs_start_end_and_duration_without_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(cli.HANDLERS, ("check",), f"{__name__}:_succeed")
    db_file = tmp_path / "Wellington Road minutes.db"

    assert cli.main(["--db", str(db_file), "check"]) == 0
    assert cli.main(["check", "--db", str(db_file)]) == 0

    lines = app_paths().log_file.read_text(encoding="utf-8").splitlines()
    starts = [line for line in lines if " start check: version " in line]
    ends = [line for line in lines if " end check: exit 0 after " in line]
    assert len(starts) == len(ends) == 2
    assert "chosen file" in starts[0]
    assert not any("Wellington" in line for line in lines)
    assert our_handlers() == []  # closed after each command


# --- End to end with the real commands, once they exist -------------------------------


def _have(*modules: str) -> bool:
    return all(importlib.util.find_spec(module) is not None for module in modules)


@pytest.mark.skipif(
    not _have("csp_desktop.commands.demo", "csp_desktop.commands.papers"),
    reason="the demo and export commands are not in this tree yet",
)
def test_real_commands_keep_minutes_actions_and_names_out_of_the_log(tmp_path: Path) -> None:
    from csp_desktop.models import Action, AgendaItem, Person

    db_file = tmp_path / "demo.db"
    assert cli.main(["--db", str(db_file), "demo"]) == 0
    database = open_database(db_file)
    with database.session() as session:
        minuted = session.scalar(
            select(AgendaItem.meeting_id).where(AgendaItem.minutes_text != "").limit(1)
        )
    database.close()
    db = ["--db", str(db_file)]
    for argv in (
        ["export", "minutes", str(minuted), "-o", str(tmp_path / "minutes.docx")],
        ["export", "agenda", str(minuted), "-o", str(tmp_path / "agenda.docx")],
        ["export", "actions", "-o", str(tmp_path / "tracker.xlsx")],
        ["import", "actions", str(tmp_path / "tracker.xlsx")],
        ["check"],
    ):
        assert cli.main(db + argv) == 0, argv

    database = open_database(db_file)
    with database.session() as session:
        minutes = [t for t in session.scalars(select(AgendaItem.minutes_text)) if len(t) > 20]
        actions = [t for t in session.scalars(select(Action.text)) if len(t) > 20]
        surnames = [n for n in session.scalars(select(Person.last_name)) if len(n) > 3]
    database.close()
    assert minutes and actions and surnames, "the demo should hold minutes, actions and people"

    content = app_paths().log_file.read_text(encoding="utf-8")
    assert "end export minutes: exit 0" in content  # the log did cover the exports
    for sample in minutes + actions:
        assert sample[:40] not in content
    for surname in surnames:
        assert not re.search(rf"\b{re.escape(surname)}\b", content), surname
