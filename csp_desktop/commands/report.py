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

    from csp_desktop.services.bodies import find_body
    from csp_desktop.services.dashboard import Period
    from csp_desktop.usecases.performance_report import export_performance_report

    today = context.clock.today()
    date_to = _day(args.date_to, "'to'") or today
    date_from = _day(args.date_from, "'from'") or Period.year_to(date_to).date_from
    if date_to < date_from:
        raise UserError("The 'to' date is before the 'from' date.")
    output = Path(args.output).expanduser()
    if output.is_dir():
        raise UserError(f"{output} is a folder; give a file name ending in .docx.")
    template = Path(args.template).expanduser() if args.template else None
    with context.database().session() as session:
        body = find_body(session, args.body)
        written = export_performance_report(
            session,
            body.id,
            Period(date_from, date_to),
            today,
            output,
            author=context.clock.user(),
            now=context.clock.now(),
            template=template,
        )
        name = body.name
    print(f"Wrote the performance report for {name} ({date_from} to {date_to}) to {written}.")
    return 0
