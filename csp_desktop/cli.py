"""The command line: every subcommand runs headless through the services; the GUI is
reached only through `csp_desktop.ui`, imported lazily, so headless commands never load Qt."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import time
from collections.abc import Callable, Sequence

from csp_desktop import APP_NAME, __version__, logging_setup
from csp_desktop.app import AppContext, DatabaseChoice, make_context
from csp_desktop.errors import UserError

PROG = "csp-desktop"
log = logging.getLogger(__name__)

# Handlers live in small modules, imported only when their command runs.
HANDLERS: dict[tuple[str, ...], str] = {
    ("gui",): "csp_desktop.ui.launch:run_gui",
    ("screenshot",): "csp_desktop.ui.launch:run_screenshot",
    ("meetings",): "csp_desktop.commands.meetings:run",
    ("demo",): "csp_desktop.commands.demo:run",
    ("check",): "csp_desktop.commands.check:run",
    ("backup",): "csp_desktop.commands.backup:run_backup",
    ("restore",): "csp_desktop.commands.backup:run_restore",
    ("import", "meeting"): "csp_desktop.commands.interchange:run_import",
    ("export", "meeting"): "csp_desktop.commands.interchange:run_export",
    ("export", "minutes"): "csp_desktop.commands.papers:run_minutes",
    ("export", "agenda"): "csp_desktop.commands.papers:run_agenda",
    ("export", "actions"): "csp_desktop.commands.papers:run_actions",
    ("export", "attendance"): "csp_desktop.commands.papers:run_attendance",
    ("import", "actions"): "csp_desktop.commands.papers:run_import_actions",
    ("import", "transcript"): "csp_desktop.commands.transcripts:run_import_transcript",
    ("import", "attendance-list"): "csp_desktop.commands.transcripts:run_import_attendance_list",
    ("transcript-retention",): "csp_desktop.commands.transcripts:run_retention",
    ("export", "report"): "csp_desktop.commands.report:run_report",
    ("import", "minutes"): "csp_desktop.commands.import_minutes:run",
    ("move-to",): "csp_desktop.commands.move:run",
    ("quotes",): "csp_desktop.commands.quotes:run",
    ("offline", "take"): "csp_desktop.commands.offline:run_take",
    ("offline", "bring-back"): "csp_desktop.commands.offline:run_bring_back",
    ("offline", "abandon"): "csp_desktop.commands.offline:run_abandon",
}

Handler = Callable[[argparse.Namespace, AppContext], int]


def _add_database_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Sub-parsers use SUPPRESS so `--db` given before the subcommand is not reset.
    default = None if top else argparse.SUPPRESS
    group = parser.add_argument_group("database")
    group.add_argument("--db", metavar="PATH", default=default, help="SQLite database file")
    group.add_argument(
        "--database-url",
        metavar="URL",
        default=default,
        help="database URL, e.g. postgresql+psycopg://user@host/csp",
    )
    group.add_argument(
        "--portable",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="keep data, backups, settings and logs in data/ beside the app",
    )
    group.add_argument(
        "--read-only",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="open the database without changing it (e.g. while someone else edits it)",
    )


def _meeting_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("meeting", metavar="MEETING", help="meeting id or ISO date (2022-10-05)")
    parser.add_argument("--body", metavar="NAME", help="body name, where a date is ambiguous")


def build_parser(*, window_only: bool = False) -> argparse.ArgumentParser:
    """Every command's parser; `window_only`: only what opens the window (the global
    options and `gui`), for arguments `entry.opens_window` has read as opening it: the
    same result for those, without building 26 other commands' parsers at start-up."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=f"{APP_NAME}: run a Community Safety Partnership's meetings offline. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, load the latest meeting, paint it, and exit 0",
    )
    _add_database_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, parent: argparse._SubParsersAction | None = None):  # type: ignore[type-arg,no-untyped-def]
        sub = (parent or commands).add_parser(name, help=help_text, description=help_text)
        _add_database_options(sub, top=False)
        return sub

    command("gui", "open the window (the default)")
    if window_only:
        return parser

    meetings = command("meetings", "list meetings: id, body, date, title, status")
    meetings.add_argument("--body", metavar="NAME", help="only this body's meetings")
    meetings.add_argument("--json", action="store_true", help="print JSON instead of a table")

    command("demo", "fill the database with a realistic demo archive")
    check = command("check", "check the database's integrity; exit 1 on faults")
    check.add_argument("--json", action="store_true", help="print the report as JSON")

    backup = command("backup", "copy the database to FILE (safe while in use)")
    backup.add_argument("-o", "--output", metavar="FILE", required=True)
    restore = command("restore", "replace the database with FILE (the current one is backed up)")
    restore.add_argument("file", metavar="FILE")
    move_to = command(
        "move-to", "copy the whole archive into a new/empty database (a PostgreSQL URL or a file)"
    )
    move_to.add_argument("target", metavar="URL_OR_FILE")

    shot = command("screenshot", "write a PNG of each tab, offscreen")
    shot.add_argument("-o", "--output", metavar="DIR", required=True)
    shot.add_argument("--meeting", metavar="MEETING", help="meeting id or date (default: richest)")
    shot.add_argument("--body", metavar="NAME", help="body name, where a date is ambiguous")
    shot.add_argument("--size", metavar="WxH", default="1366x768", help="window size")

    import_cmd = command("import", "bring a meeting (JSON) or owners' tracker updates (Excel) in")
    import_kinds = import_cmd.add_subparsers(dest="kind", metavar="KIND", required=True)
    import_meeting = command("meeting", "import a meeting from interchange JSON", import_kinds)
    import_meeting.add_argument("file", metavar="FILE.json")
    import_meeting.add_argument(
        "--as-new-meeting",
        action="store_true",
        help="the body met twice that day: import beside an existing (approved) meeting",
    )
    import_minutes = command(
        "minutes", "import past minutes from .txt, .htm, .docx or .pdf files", import_kinds
    )
    import_minutes.add_argument("files", metavar="FILE", nargs="+")
    import_minutes.add_argument("--body", metavar="NAME", help="the body that met")
    import_minutes.add_argument("--date", metavar="DATE", help="meeting date, if not in the text")
    import_minutes.add_argument(
        "--dry-run", action="store_true", help="show what was recognised; change nothing"
    )
    import_minutes.add_argument(
        "--json", action="store_true", help="print the recognised meetings as interchange JSON"
    )
    import_actions = command("actions", "apply owners' updates from a tracker", import_kinds)
    import_actions.add_argument("file", metavar="FILE.xlsx")
    import_actions.add_argument(
        "--dry-run", action="store_true", help="show the changes, apply nothing"
    )
    import_actions.add_argument(
        "--apply-conflicts",
        action="store_true",
        help="also apply rows whose action changed in the app after the export",
    )

    import_transcript = command(
        "transcript", "fold a Teams transcript (.vtt or .docx) into a meeting", import_kinds
    )
    _meeting_argument(import_transcript)
    import_transcript.add_argument("file", metavar="FILE.vtt|FILE.docx")
    import_transcript.add_argument(
        "--recording-started",
        metavar="HH:MM",
        help="when the recording began (default: the file's time, else the meeting's start)",
    )
    import_attendance = command(
        "attendance-list", "pre-fill attendance from a Teams attendance list", import_kinds
    )
    _meeting_argument(import_attendance)
    import_attendance.add_argument("file", metavar="FILE.csv")
    import_attendance.add_argument(
        "--add-unmatched", action="store_true", help="add names matched to nobody as attendees"
    )

    retention = command(
        "transcript-retention", "show or set whether a body deletes transcripts once approved"
    )
    retention.add_argument("--body", metavar="NAME", required=True, help="the body")
    retention_choice = retention.add_mutually_exclusive_group()
    retention_choice.add_argument(
        "--delete-when-approved",
        action="store_true",
        help="delete each meeting's transcript once its minutes are approved",
    )
    retention_choice.add_argument("--keep", action="store_true", help="keep transcripts")

    export = command("export", "write minutes, agendas, trackers, registers or JSON")
    export_kinds = export.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, help_text, suffix in (
        ("meeting", "the meeting as interchange JSON", "json"),
        ("minutes", "Word minutes", "docx"),
        ("agenda", "Word agenda", "docx"),
    ):
        sub = command(kind, help_text, export_kinds)
        _meeting_argument(sub)
        sub.add_argument("-o", "--output", metavar=f"FILE.{suffix}", required=True)
        sub.add_argument("--public", action="store_true", help="withhold restricted items")
        if kind == "meeting":
            sub.add_argument(
                "--with-transcript",
                action="store_true",
                help="include the Teams transcript (left out unless asked for)",
            )
        if suffix == "docx":
            sub.add_argument("--template", metavar="FILE.docx", help="council's Word template")
            sub.add_argument(
                "--marking", metavar="TEXT", help="protective marking (default RESTRICTED)"
            )
    actions = command("actions", "Excel action tracker", export_kinds)
    actions.add_argument("-o", "--output", metavar="FILE.xlsx", required=True)
    actions.add_argument("--open-only", action="store_true", help="only open and in-progress")
    actions.add_argument("--body", metavar="NAME", help="only this body's actions")
    actions.add_argument("--public", action="store_true", help="withhold restricted actions")
    attendance = command("attendance", "Excel attendance register", export_kinds)
    attendance.add_argument("-o", "--output", metavar="FILE.xlsx", required=True)
    attendance.add_argument("--body", metavar="NAME", help="only this body")
    attendance.add_argument("--from", dest="date_from", metavar="DATE", help="first date")
    attendance.add_argument("--to", dest="date_to", metavar="DATE", help="last date")
    report = command("report", "Word performance report (plan, actions, attendance)", export_kinds)
    report.add_argument("--body", metavar="NAME", required=True, help="board or subgroup")
    report.add_argument("--from", dest="date_from", metavar="DATE", help="default: a year back")
    report.add_argument("--to", dest="date_to", metavar="DATE", help="default: today")
    report.add_argument("-o", "--output", metavar="FILE.docx", required=True)
    report.add_argument("--template", metavar="FILE.docx", help="council's Word template")
    quotes = command("quotes", "restricted words quoted in a meeting's open items")
    _meeting_argument(quotes)
    quotes.add_argument(
        "--clear-item", metavar="N", help="mark item N's quotes as cleared for the public version"
    )
    _add_offline_commands(command)
    return parser


def _add_offline_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """`offline take` / `offline bring-back` (usecases/offline_meeting.py)."""
    offline = command("offline", "take a meeting offline to minute it, or bring it back")
    offline_kinds = offline.add_subparsers(dest="kind", metavar="ACTION", required=True)
    take = command("take", "copy a meeting to a local file for minuting offline", offline_kinds)
    _meeting_argument(take)
    take.add_argument("--to", metavar="FILE", help="the new file (default: here, named after it)")
    back = command("bring-back", "merge an offline meeting back, field by field", offline_kinds)
    back.add_argument("file", metavar="FILE")
    back.add_argument(
        "--prefer",
        choices=("mine", "theirs"),
        help="for fields changed on both sides: the offline value (mine) or the server's",
    )
    abandon = command("abandon", "give up a lost offline copy (nothing merged)", offline_kinds)
    _meeting_argument(abandon)


# Commands that write to the database take the single-writer lock first (storage/lock.py),
# so they cannot interleave with an open window on another machine. The GUI takes it in
# ui/startup_dialogs.py, where it can offer read-only instead.
WRITING_COMMANDS: frozenset[tuple[str, ...]] = frozenset(
    {("demo",), ("import", "meeting"), ("import", "actions"), ("restore",)}
    | {("import", "transcript"), ("import", "attendance-list"), ("transcript-retention",)}
    | {("import", "minutes")}
    | {("offline", "take"), ("offline", "bring-back"), ("offline", "abandon")}
)


def _lock_if_writing(args: argparse.Namespace, context: AppContext) -> None:
    key: tuple[str, ...] = (args.command or "gui",)
    if getattr(args, "kind", None):
        key = (*key, args.kind)
    if key in WRITING_COMMANDS and not getattr(args, "dry_run", False):
        if context.choice.read_only:
            raise UserError(f"`{' '.join(key)}` changes the database; run it without --read-only.")
        context.acquire_writer_lock(read_only_helps=False)
        if key != ("restore",):  # restore keeps its own copy of the file it replaces
            context.backup_before_change()


def _handler_for(args: argparse.Namespace) -> Handler:
    key: tuple[str, ...] = (args.command or "gui",)
    if getattr(args, "kind", None):
        key = (*key, args.kind)
    module_name, _, function_name = HANDLERS[key].partition(":")
    handler: Handler = getattr(importlib.import_module(module_name), function_name)
    return handler


def main(argv: Sequence[str] | None = None, *, window_only: bool = False) -> int:
    """Run the command in `argv`; `window_only` when the caller knows it opens the window."""
    parser = build_parser(window_only=window_only)
    args = parser.parse_args(argv)
    if args.smoke_test:
        args.command = "gui"
    choice = DatabaseChoice(
        db_path=getattr(args, "db", None),
        database_url=getattr(args, "database_url", None),
        portable=bool(getattr(args, "portable", False)),
        read_only=bool(getattr(args, "read_only", False)),
    )
    context = make_context(choice)
    # Support log for every command: what ran, how long, errors; never user text.
    log_file = logging_setup.configure_logging(context.paths.log_file)
    command = logging_setup.describe_command(args)
    log.info("start %s: %s", command, logging_setup.describe_environment(context))
    started, code = time.perf_counter(), 3
    try:
        _lock_if_writing(args, context)
        code = _handler_for(args)(args, context)
        return code
    except UserError as exc:
        code = 2
        log.info("%s refused: %s", command, type(exc).__name__)  # message may name people
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        code = 130
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception:
        # A bug: the traceback goes to the log for support, one plain line to the user.
        log.exception("unexpected error in %s", command)
        print(logging_setup.unexpected_error_line(PROG, log_file), file=sys.stderr)
        return 3
    finally:
        context.close()
        log.info("end %s: exit %d after %.2f s", command, code, time.perf_counter() - started)
        logging_setup.shutdown_logging()
