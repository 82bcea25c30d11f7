"""A missing subgroup report chased by the partnership manager (shown on the dashboard)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import ReportChase, ReportStatus, SubgroupReport


def set_chased(
    session: Session, report_id: int, chased_on: dt.date | None, chased_by: str = ""
) -> None:
    """Record (or, with None, withdraw) that a missing report was chased."""
    report = session.get(SubgroupReport, report_id)
    if report is None:
        raise NotFound(f"Subgroup report {report_id} does not exist.")
    chase = session.get(ReportChase, report_id)
    if chased_on is None:
        if chase is not None:
            session.delete(chase)
        session.flush()
        return
    if report.status is not ReportStatus.NOT_PROVIDED:
        raise ValidationError("Only a report that did not come in can be chased.")
    if chase is None:
        chase = ReportChase(subgroup_report_id=report_id, chased_on=chased_on)
        session.add(chase)
    chase.chased_on = chased_on
    chase.chased_by = chased_by.strip() or None
    session.flush()
