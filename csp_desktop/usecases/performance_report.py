"""Write the Word performance report for a body and a period (window and CLI alike)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy.orm import Session

from csp_desktop.errors import UserError
from csp_desktop.services.dashboard import Period


def suggested_file_name(body_name: str, period: Period) -> str:
    """ "Community Safety Partnership Board performance report 2022-04-01 to 2023-03-31.docx" """
    safe = " ".join(re.sub(r'[\\/:*?"<>|]+', " ", body_name).split()) or "Partnership"
    return (
        f"{safe} performance report {period.date_from.isoformat()} to "
        f"{period.date_to.isoformat()}.docx"
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
    from csp_desktop.exports.performance_docx import write_performance_report
    from csp_desktop.services.performance_data import performance_data

    path = Path(output).expanduser()
    if path.suffix.lower() != ".docx":
        raise UserError(f"{path.name}: the file name must end in .docx.")
    data = performance_data(
        session,
        body_id,
        period,
        today=today,
        author=author,
        generated_at=now or dt.datetime.combine(today, dt.time(9, 0)),
    )
    return write_performance_report(data, path, template=template)
