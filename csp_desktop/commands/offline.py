"""`csp-desktop offline take MEETING [--to FILE]`, `offline bring-back FILE [--prefer]`,
`offline abandon MEETING` (the copy was lost).

Take: the meeting copied from the team database into a local archive file for minuting
with no connection (usecases/offline_meeting.py). Bring back: the file merged into the
team database field by field; fields changed on both sides are listed and nothing is
applied (exit 2) unless `--prefer mine` or `--prefer theirs` says which side wins.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from csp_desktop.app import AppContext
from csp_desktop.services.meetings import find_meeting
from csp_desktop.usecases.offline_meeting import (
    ConflictsToResolve,
    abandon_copy,
    bring_back,
    take_meeting_offline,
)


def run_take(args: argparse.Namespace, context: AppContext) -> int:
    database = context.database()
    with database.session() as session:
        meeting_id = find_meeting(session, args.meeting, getattr(args, "body", None)).id
    destination = Path(args.to).expanduser() if args.to else Path.cwd()
    taken = take_meeting_offline(database, meeting_id, destination, clock=context.clock)
    print(f"Took {taken.meeting} offline into {taken.path} ({taken.rows} records).")
    print(
        f'Minute it with `csp-desktop --db "{taken.path}"`; when back online, run '
        f'`csp-desktop offline bring-back "{taken.path}"` against {database.describe()}.'
    )
    return 0


def run_bring_back(args: argparse.Namespace, context: AppContext) -> int:
    path = Path(args.file).expanduser()
    try:
        result = bring_back(context.database(), path, clock=context.clock, prefer=args.prefer)
    except ConflictsToResolve as refused:
        print(f"csp-desktop: {refused}", file=sys.stderr)
        for line in refused.lines():
            print(f"  - {line}", file=sys.stderr)
        return 2
    outcome = result.outcome
    print(
        f"Brought {result.meeting} back: {outcome.fields_applied} fields changed, "
        f"{outcome.rows_added} records added, {outcome.rows_deleted} removed, "
        f"{outcome.conflicts_resolved} conflicts resolved (the other side's value kept in "
        "the history)."
    )
    for note in result.kept_on_server:
        print(f"  - {note}")
    if outcome.lost_offline:
        print(
            f"  - {outcome.lost_offline} records changed offline had been deleted on the "
            "server; their offline values are kept in the history."
        )
    return 0


def run_abandon(args: argparse.Namespace, context: AppContext) -> int:
    database = context.database()
    with database.session() as session:
        meeting_id = find_meeting(session, args.meeting, getattr(args, "body", None)).id
    done = abandon_copy(database, meeting_id, clock=context.clock)
    print(
        f"The copy of {done.meeting} taken by {done.taken_by} is abandoned: nothing from it "
        "was merged, and the meeting can be taken offline again."
    )
    return 0
