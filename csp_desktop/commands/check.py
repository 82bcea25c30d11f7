"""`csp-desktop check [--json]`: the integrity report; exit 0 when sound, 1 on faults."""

from __future__ import annotations

import argparse
import json

from csp_desktop.app import AppContext
from csp_desktop.commands.meetings import emit
from csp_desktop.errors import UserError
from csp_desktop.services.integrity import IntegrityReport, check_database

_SINGULAR = {"bodies": "body", "meetings": "meeting", "people": "person", "actions": "action"}


def _summary(report: IntegrityReport) -> str:
    parts = [
        f"{count} {_SINGULAR.get(word, word) if count == 1 else word}"
        for word, count in report.counts.items()
    ]
    return ", ".join(parts) if parts else "no records"


def run(args: argparse.Namespace, context: AppContext) -> int:
    path = context.database_file()
    if path is not None and not path.exists():
        raise UserError(f"There is no database at {path} to check.")
    # A file that is not a database, or is from a newer version, is refused by
    # open_database with one line (a DatabaseRefused, printed by cli.main).
    database = context.database()
    report = check_database(database)
    where = database.describe()
    if getattr(args, "json", False):
        emit(
            json.dumps(
                {
                    "database": where,
                    "ok": report.ok,
                    "problems": list(report.problems),
                    "warnings": list(report.warnings),
                    "checks": list(report.checks),
                    "counts": report.counts,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0 if report.ok else 1
    lines = [f"Checked {where}: {_summary(report)}."]
    lines += [f"  Problem: {problem}" for problem in report.problems]
    lines += [f"  Note: {warning}" for warning in report.warnings]
    count = len(report.problems)
    lines.append(
        "No problems found." if report.ok else f"{count} problem{'' if count == 1 else 's'} found."
    )
    emit("\n".join(lines))
    return 0 if report.ok else 1
