"""The demo's partnership plan: the plan record over the demo's priorities, milestones,
actions linked to the priorities they deliver, and chased reports (plan.json).

No annual refresh here: the Subgroup reports tab offers the newest plan's priorities, and
the demo's reports all cite the 2023-2026 ones (refreshes are tested in the services).

Added after the meetings are built (services/demo.py calls `add_demo_plan` last), with
its own fixed choices, so the rest of the demo archive is the same with or without it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.models import Action, Plan, Priority, ReportStatus, SubgroupReport
from csp_desktop.services import plans, report_chases
from csp_desktop.services.demo_plan_content import PlanContent


def add_demo_plan(session: Session, plan_label: str, content: PlanContent) -> int:
    """Give the demo's priorities (labelled `plan_label`) a plan record, milestones and
    linked actions, and chase some of the missing reports. Returns the plan's id."""
    year_from, year_to = (int(part) for part in plan_label.split("-"))
    plan = session.scalar(select(Plan).where(Plan.label == plan_label))
    if plan is None:
        plan = session.get(
            Plan, plans.create_plan(session, content.title, year_from, year_to, content.aims)
        )
        assert plan is not None
    plan.aims = plan.aims or content.aims
    priorities = {
        p.number: p for p in session.scalars(select(Priority).where(Priority.plan == plan_label))
    }
    for priority in priorities.values():
        priority.plan_record = plan
    session.flush()
    for number, rows in content.milestones.items():
        if number in priorities:
            for row in rows:
                plans.add_milestone(
                    session,
                    priorities[number].id,
                    row.text,
                    owner=row.owner,
                    due_date=row.due,
                    status=row.status,
                )
    _link_actions(session, priorities, content.keywords)
    _chase_missing_reports(session, content)
    session.flush()
    return plan.id


def _link_actions(
    session: Session, priorities: dict[int, Priority], keywords: dict[int, tuple[str, ...]]
) -> None:
    """An action delivers its subgroup's priority, or the one its words name."""
    owned_by = {body.id: p.number for p in priorities.values() for body in p.owners}
    for action in session.scalars(select(Action).order_by(Action.id)).all():
        found: int | None = owned_by.get(action.body_id)
        if found is None:
            words = action.text.casefold()
            found = next((n for n, keys in keywords.items() if any(k in words for k in keys)), None)
        if found is not None and found in priorities:
            plans.link_action(session, action.id, priorities[found].id)


def _chase_missing_reports(session: Session, content: PlanContent) -> None:
    """Every n-th missing report was chased, a few days before its board meeting."""
    missing = session.scalars(
        select(SubgroupReport)
        .where(SubgroupReport.status == ReportStatus.NOT_PROVIDED)
        .order_by(SubgroupReport.id)
    ).all()
    chases = content.chases
    for index, report in enumerate(missing):
        if index % chases.every == 0:
            report_chases.set_chased(
                session,
                report.id,
                report.meeting.date - dt.timedelta(days=chases.days_before),
                chases.by,
            )
