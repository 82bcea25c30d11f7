"""`csp-desktop meetings [--body NAME] [--json]`: the meetings on record, newest first."""

from __future__ import annotations

import argparse
import json
import os
import sys

from csp_desktop.app import AppContext
from csp_desktop.services.bodies import find_body
from csp_desktop.services.meetings import MeetingRow, list_meetings

COLUMNS = ("ID", "Body", "Date", "Title", "Status")


def _as_json(row: MeetingRow) -> dict[str, object]:
    return {
        "id": row.id,
        "body": row.body_name,
        "body_short_name": row.body_short_name,
        "date": row.date.isoformat(),
        "start_time": row.start_time.strftime("%H:%M") if row.start_time else None,
        "end_time": row.end_time.strftime("%H:%M") if row.end_time else None,
        "venue": row.venue,
        "title": row.title,
        "status": row.status.value,
    }


def format_table(rows: list[MeetingRow]) -> str:
    """A plain aligned table; dates in ISO form so they can be typed back as MEETING."""
    cells = [
        (str(r.id), r.body_name, r.date.isoformat(), r.title or "-", r.status.label) for r in rows
    ]
    widths = [max(len(c[i]) for c in [COLUMNS, *cells]) for i in range(len(COLUMNS))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(COLUMNS, widths, strict=True)).rstrip()]
    for row in cells:
        padded = [row[0].rjust(widths[0])]
        padded += [cell.ljust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def emit(text: str) -> None:
    """Print, and stay quiet if the reader has gone (`csp-desktop meetings | head`)."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at nothing so the interpreter's final flush does not fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run(args: argparse.Namespace, context: AppContext) -> int:
    path = context.database_file()
    if path is not None and not path.exists():
        if args.json:
            print("[]")
        else:
            print(f"No meetings yet: there is no database at {path}.")
        return 0
    database = context.database()
    with database.session() as session:
        body_id = find_body(session, args.body).id if args.body else None
        rows = list_meetings(session, body_id=body_id)
    if args.json:
        emit(json.dumps([_as_json(r) for r in rows], indent=2, ensure_ascii=False))
    elif not rows:
        emit("No meetings yet." if not args.body else f"No meetings of {args.body} yet.")
    else:
        emit(format_table(rows))
    return 0
