"""Papers out and back: `export minutes|agenda|actions|attendance` and `import actions`.

Each handler reads plain data through the services in a short read session, writes the
file (atomically: a failed save never leaves half a file), and prints one line saying
what was written. `import actions` applies owners' changes in one transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.usecases.export_papers import PaperKind, PaperRequest, PaperWritten


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


def _export(context: AppContext, request: PaperRequest) -> PaperWritten:
    from csp_desktop.usecases.export_papers import export_paper

    return export_paper(context.database(), context.clock, request)


def run_minutes(args: argparse.Namespace, context: AppContext) -> int:
    return _write_word_paper(args, context, PaperKind.MINUTES)


def run_agenda(args: argparse.Namespace, context: AppContext) -> int:
    return _write_word_paper(args, context, PaperKind.AGENDA)


def _write_word_paper(args: argparse.Namespace, context: AppContext, kind: PaperKind) -> int:
    """Find the meeting, prepare the paper's data (public or full), write the .docx."""
    written = _export(
        context,
        PaperRequest(
            kind=kind,
            output=Path(args.output),
            meeting=args.meeting,
            body_name=getattr(args, "body", None),
            public=bool(args.public),
            template=_template(args),
            marking=args.marking,
            backups_dir=context.paths.backups_dir,
        ),
    )
    print(
        f"Wrote the {kind.value} of {written.meeting_label} to {written.path} "
        f"({_version(written.public)})."
    )
    return 0


def run_actions(args: argparse.Namespace, context: AppContext) -> int:
    written = _export(
        context,
        PaperRequest(
            kind=PaperKind.ACTIONS,
            output=Path(args.output),
            open_only=bool(args.open_only),
            body_name=args.body,
            public=bool(args.public),
            backups_dir=context.paths.backups_dir,
        ),
    )
    count = written.action_count
    print(
        f"Wrote {count} action{'s' if count != 1 else ''} ({written.tracker_title}) to "
        f"{written.path} ({_version(written.public)})."
    )
    return 0


def run_attendance(args: argparse.Namespace, context: AppContext) -> int:
    date_from = _date(args.date_from, "'from'")
    date_to = _date(args.date_to, "'to'")
    written = _export(
        context,
        PaperRequest(
            kind=PaperKind.ATTENDANCE,
            output=Path(args.output),
            body_name=args.body,
            date_from=date_from,
            date_to=date_to,
            backups_dir=context.paths.backups_dir,
        ),
    )
    meetings, bodies = written.register_meetings, written.register_bodies
    print(
        f"Wrote the attendance register ({bodies} {'body' if bodies == 1 else 'bodies'}, "
        f"{meetings} meeting{'' if meetings == 1 else 's'}) to {written.path}."
    )
    return 0


def run_import_actions(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.usecases.import_papers import (
        import_tracker_file,
        plan_tracker_file,
        read_tracker_file,
    )

    returned = read_tracker_file(Path(args.file).expanduser())  # before the database opens
    include_conflicts = bool(getattr(args, "apply_conflicts", False))
    database = context.database()
    if args.dry_run:
        with database.session() as session:
            plan = plan_tracker_file(session, returned)
    else:
        with database.transaction() as session:
            imported = import_tracker_file(
                session, returned, context.clock, include_conflicts=include_conflicts
            )
        plan, result = imported.plan, imported.result
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
