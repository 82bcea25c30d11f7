"""`import minutes FILE... [--body NAME] [--date DATE] [--dry-run] [--json]`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.usecases.import_minutes import import_files


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--date {text}: give the date as YYYY-MM-DD.") from None


def _one_line(message: str) -> str:
    """A file name may hold a line break; the message stays one line."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def run(args: argparse.Namespace, context: AppContext) -> int:
    paths = [Path(name).expanduser() for name in args.files]
    dry_run = bool(args.dry_run)
    outcomes = import_files(
        paths,
        None if dry_run else context.database(),
        context.clock,
        body=args.body,
        date=_date(args.date),
        dry_run=dry_run,
    )
    for outcome in outcomes:
        if outcome.status == "unreadable":  # one line each, as every command's errors
            print(f"csp-desktop: {_one_line(outcome.message)}", file=sys.stderr)
        elif not args.json:
            print(_one_line(outcome.message))
    if args.json:
        documents = [o.document for o in outcomes if o.document is not None]
        if len(paths) == 1:
            if documents:
                print(json.dumps(documents[0], ensure_ascii=False, indent=2))
        else:
            print(json.dumps(documents, ensure_ascii=False, indent=2))
    done = {"recognised", "imported", "skipped"} if dry_run else {"imported", "skipped"}
    return 0 if any(o.status in done for o in outcomes) else 2
