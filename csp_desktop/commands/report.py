"""`csp-desktop export report`: the Word performance report for a body and a period."""

from __future__ import annotations

import argparse
import datetime as dt

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError


def _day(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"The {what} date {text!r} is not a date like 2022-10-05.") from None


def run_report(args: argparse.Namespace, context: AppContext) -> int:
    from pathlib import Path

    from csp_desktop.usecases.export_papers import PaperKind, PaperRequest, export_paper

    written = export_paper(
        context.database(),
        context.clock,
        PaperRequest(
            kind=PaperKind.REPORT,
            output=Path(args.output),
            body_name=args.body,
            date_from=_day(args.date_from, "'from'"),
            date_to=_day(args.date_to, "'to'"),
            template=Path(args.template).expanduser() if args.template else None,
            backups_dir=context.paths.backups_dir,
        ),
    )
    print(
        f"Wrote the performance report for {written.body_name} ({written.date_from} to "
        f"{written.date_to}) to {written.path}."
    )
    return 0
