"""`import transcript MEETING FILE.vtt|FILE.docx` and `import attendance-list MEETING FILE.csv`."""

from __future__ import annotations

import argparse
from pathlib import Path

from csp_desktop.app import AppContext
from csp_desktop.services.meetings import find_meeting, meeting_label
from csp_desktop.usecases.import_transcript import (
    import_attendance_list_file,
    import_transcript_file,
    parse_clock_time,
)


def run_import_transcript(args: argparse.Namespace, context: AppContext) -> int:
    path = Path(args.file).expanduser()
    with context.database().transaction() as session:
        meeting = find_meeting(session, args.meeting, getattr(args, "body", None))
        started = (
            parse_clock_time(args.recording_started, meeting.date)
            if getattr(args, "recording_started", None)
            else None
        )
        summary = import_transcript_file(
            session, meeting.id, path, context.clock, recorded_at=started
        )
        label = meeting_label(meeting)
    print(f"{label}:")
    for line in summary.lines():
        print(line)
    return 0


def run_import_attendance_list(args: argparse.Namespace, context: AppContext) -> int:
    path = Path(args.file).expanduser()
    with context.database().transaction() as session:
        meeting = find_meeting(session, args.meeting, getattr(args, "body", None))
        summary = import_attendance_list_file(session, meeting.id, path)
        if getattr(args, "add_unmatched", False):
            from csp_desktop.usecases.import_transcript import add_unmatched_attendees

            added = add_unmatched_attendees(session, meeting.id, summary.unmatched)
        else:
            added = []
        label = meeting_label(meeting)
    print(f"{label}:")
    for line in summary.lines():
        print(line)
    if added:
        print(f"Added the unmatched as attendees: {', '.join(added)}.")
    return 0


def run_retention(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.services.bodies import find_body
    from csp_desktop.services.transcript_retention import (
        apply_retention,
        deletes_when_approved,
        set_retention,
    )
    from csp_desktop.services.transcripts import deleted_transcripts

    with context.database().transaction() as session:
        body = find_body(session, args.body)
        deleted = 0
        if args.delete_when_approved or args.keep:
            set_retention(session, body.id, delete_when_approved=bool(args.delete_when_approved))
            deleted = apply_retention(session, context.clock)
        rule = deletes_when_approved(session, body.id)
        name = body.name
        record = deleted_transcripts(session, body.id)
    if rule:
        print(f"{name}: transcripts are deleted once the minutes are approved.")
    else:
        print(f"{name}: transcripts are kept.")
    if deleted:
        print(
            f"Deleted the transcripts of {deleted} approved meeting(s); a record of each remains."
        )
    for label, row in record:
        when = f"{row.deleted_at:%d/%m/%Y %H:%M}" if row.deleted_at else ""
        print(
            f"  {label}: {row.source_name} ({row.turn_count} turns) "
            f"deleted {when}: {row.deleted_reason}"
        )
    return 0
