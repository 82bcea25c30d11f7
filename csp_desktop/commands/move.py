"""`csp-desktop move-to URL_OR_FILE`: the whole archive copied to another engine, checked."""

from __future__ import annotations

import argparse

from csp_desktop.app import AppContext
from csp_desktop.usecases.move_archive import move_archive


def run(args: argparse.Namespace, context: AppContext) -> int:
    """Copy every record of the current database into `args.target` and verify the copy."""
    source = context.database(read_only=context.choice.read_only)
    report = move_archive(source, args.target)
    tables = sum(1 for count in report.rows.values() if count)
    print(
        f"Copied {report.meetings} meetings ({report.total_rows} rows in {tables} tables) "
        f"to {report.target}; every table's row count matches and its check is clean."
    )
    print(f"{source.describe()} was left as it was; open the copy with the same URL or path.")
    return 0
