"""Write the Word performance report for a body and a period (window and CLI alike)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy.orm import Session

from csp_desktop.errors import UserError
from csp_desktop.services.dashboard import Period
from csp_desktop.services.performance_data import PerformanceReportData


def suggested_file_name(body_name: str, period: Period) -> str:
    """ "Community Safety Partnership Board performance report 2022-04-01 to 2023-03-31.docx" """
    safe = " ".join(re.sub(r'[\\/:*?"<>|]+', " ", body_name).split()) or "Partnership"
    return (
        f"{safe} performance report {period.date_from.isoformat()} to "
        f"{period.date_to.isoformat()}.docx"
    )


def performance_report_data(
    session: Session,
    body_id: int,
    period: Period,
    today: dt.date,
    *,
    author: str = "",
    now: dt.datetime | None = None,
) -> PerformanceReportData:
    """The report's figures for `body_id` over `period` (frozen data for the writer)."""
    from csp_desktop.services.performance_data import performance_data

    return performance_data(
        session,
        body_id,
        period,
        today=today,
        author=author,
        generated_at=now or dt.datetime.combine(today, dt.time(9, 0)),
    )


def export_performance_report(
    session: Session,
    body_id: int,
    period: Period,
    today: dt.date,
    output: str | Path,
    *,
    author: str = "",
    now: dt.datetime | None = None,
    template: Path | None = None,
) -> Path:
    """Read and write in one go (the window and the CLI go through
    `usecases/export_papers.export_paper`, which also guards the output)."""
    from csp_desktop.exports.performance_docx import write_performance_report

    path = Path(output).expanduser()
    if path.suffix.lower() != ".docx":
        raise UserError(f"{path.name}: the file name must end in .docx.")
    data = performance_report_data(session, body_id, period, today, author=author, now=now)
    return write_performance_report(data, path, template=template)
