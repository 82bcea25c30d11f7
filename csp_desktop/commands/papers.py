"""Papers out and back: `export minutes|agenda|actions|attendance` and `import actions`.

Each handler reads plain data through the services in a short read session, writes the
file (atomically: a failed save never leaves half a file), and prints one line saying
what was written. `import actions` applies owners' changes in one transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.services.meetings import find_meeting, meeting_label


def _output(args: argparse.Namespace, suffix: str) -> Path:
    path = Path(args.output).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name ending in .{suffix}.")
    if path.suffix.lower() != f".{suffix}":
        raise UserError(f"{path.name}: the file name must end in .{suffix}.")
    return path


def _template(args: argparse.Namespace) -> Path | None:
    template = getattr(args, "template", None)
    return Path(template).expanduser() if template else None


def _date(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"The {what} date {text!r} is not a date like 2022-10-05.") from None


def _version(public: bool) -> str:
    return "public version, restricted items withheld" if public else "full version"


def run_minutes(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.exports.minutes_docx import write_minutes
    from csp_desktop.services.export_data import minutes_data

    return _write_word_paper(args, context, "minutes", minutes_data, write_minutes)


def run_agenda(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.exports.agenda_docx import write_agenda
    from csp_desktop.services.export_data import agenda_data

    return _write_word_paper(args, context, "agenda", agenda_data, write_agenda)


def _write_word_paper(
    args: argparse.Namespace,
    context: AppContext,
    paper: str,
    prepare: Callable[..., Any],
    write: Callable[..., Path],
) -> int:
    """Find the meeting, prepare the paper's data (public or full), write the .docx."""
    output = _output(args, "docx")
    with context.database().session() as session:
        meeting = find_meeting(session, args.meeting, getattr(args, "body", None))
        label = meeting_label(meeting)
        data = prepare(
            session, meeting.id, public=bool(args.public), generated_at=context.clock.now()
        )
    write(data, output, template=_template(args), marking=args.marking)
    print(f"Wrote the {paper} of {label} to {output} ({_version(data.public)}).")
    return 0


def run_actions(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.exports.actions_xlsx import write_tracker
    from csp_desktop.services.export_data import tracker_data

    output = _output(args, "xlsx")
    with context.database().session() as session:
        data = tracker_data(
            session,
            exported_at=context.clock.now(),
            open_only=bool(args.open_only),
            body_name=args.body,
            public=bool(args.public),
            author=context.clock.user(),
        )
        from csp_desktop.services.dashboard import tracker_dashboard

        breakdowns = tracker_dashboard(session, args.body, context.clock.today())
    write_tracker(data, output, dashboard=breakdowns)
    count = len(data.rows)
    print(
        f"Wrote {count} action{'s' if count != 1 else ''} ({data.title}) to {output} "
        f"({_version(data.public)})."
    )
    return 0


def run_attendance(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.exports.attendance_xlsx import write_register
    from csp_desktop.services.export_data import attendance_register

    output = _output(args, "xlsx")
    date_from = _date(args.date_from, "'from'")
    date_to = _date(args.date_to, "'to'")
    with context.database().session() as session:
        register = attendance_register(
            session,
            generated_at=context.clock.now(),
            body_name=args.body,
            date_from=date_from,
            date_to=date_to,
            author=context.clock.user(),
        )
    write_register(register, output)
    meetings = sum(len(body.meeting_dates) for body in register.bodies)
    bodies = len(register.bodies)
    print(
        f"Wrote the attendance register ({bodies} {'body' if bodies == 1 else 'bodies'}, "
        f"{meetings} meeting{'' if meetings == 1 else 's'}) to {output}."
    )
    return 0


def run_import_actions(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.exports.tracker_import import read_returned_tracker
    from csp_desktop.services.tracker_updates import apply_tracker_changes, plan_tracker_import

    path = Path(args.file).expanduser()
    returned = read_returned_tracker(path)
    include_conflicts = bool(getattr(args, "apply_conflicts", False))
    database = context.database()
    if args.dry_run:
        with database.session() as session:
            plan = plan_tracker_import(session, returned)
    else:
        with database.transaction() as session:
            plan = plan_tracker_import(session, returned)
            result = apply_tracker_changes(
                session, plan, context.clock, include_conflicts=include_conflicts
            )
    print(plan.summary())
    for change in plan.changes:
        flag = f"  CONFLICT: {change.conflict_reason}" if change.conflict else ""
        print(
            f"{change.reference} (row {change.row_number}): {'; '.join(change.descriptions)}{flag}"
        )
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return 0
    print(f"Applied {len(result.applied)} change{'s' if len(result.applied) != 1 else ''}.")
    if result.skipped_conflicts:
        print(
            "Not applied, because the app's record changed after the export: "
            + ", ".join(result.skipped_conflicts)
            + ". Check them in the app, or run again with --apply-conflicts."
        )
    return 0
