"""`import meeting FILE.json` and `export meeting MEETING -o FILE.json [--public]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from csp_desktop.app import AppContext


def run_import(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.usecases.import_papers import import_meeting_file, read_meeting_file

    path = Path(args.file).expanduser()
    read_meeting_file(path)  # refused in one line before the database is opened
    with context.database().transaction() as session:
        imported = import_meeting_file(
            session,
            path,
            context.clock,
            as_new_meeting=bool(getattr(args, "as_new_meeting", False)),
        )
    print(
        f"Imported {imported.label} as meeting {imported.meeting_id}: "
        f"{imported.items} agenda items, {imported.attendees} people on the "
        f"attendance list, {imported.actions_raised} actions raised."
    )
    if imported.public:
        print("Note: this file is a public version; restricted items' minutes were withheld.")
    return 0


def run_export(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.usecases.export_papers import PaperKind, PaperRequest, export_paper

    written = export_paper(
        context.database(),
        context.clock,
        PaperRequest(
            kind=PaperKind.MEETING_JSON,
            output=Path(args.output),
            meeting=args.meeting,
            body_name=getattr(args, "body", None),
            public=bool(args.public),
            with_transcript=bool(getattr(args, "with_transcript", False)),
            backups_dir=context.paths.backups_dir,
        ),
    )
    version = "public version, restricted items withheld" if written.public else "full version"
    print(f"Wrote {written.meeting_label} to {written.path} ({version}).")
    return 0
