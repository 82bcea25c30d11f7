"""Frozen data for the Word performance report: the dashboard, and the plan in force
with each priority's latest RAG rating and milestones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from csp_desktop.services import plans
from csp_desktop.services.dashboard import Dashboard, Period, build_dashboard
from csp_desktop.services.plans import PlanDetail


@dataclass(frozen=True)
class PerformanceReportData:
    dashboard: Dashboard
    plan: PlanDetail | None
    body_short_name: str
    author: str
    generated_at: dt.datetime

    @property
    def title(self) -> str:
        return f"{self.dashboard.body_name}: performance report, {self.dashboard.period.label}"


def performance_data(
    session: Session,
    body_id: int,
    period: Period,
    *,
    today: dt.date,
    author: str,
    generated_at: dt.datetime,
) -> PerformanceReportData:
    from csp_desktop.services.bodies import get_body

    dashboard = build_dashboard(session, body_id, period, today)
    plan_id = plans.current_plan_id(session, period.date_to)
    detail = plans.plan_detail(session, plan_id) if plan_id is not None else None
    return PerformanceReportData(
        dashboard=dashboard,
        plan=detail,
        body_short_name=get_body(session, body_id).short_name,
        author=author,
        generated_at=generated_at,
    )
