"""The demo's partnership plan: the plan record over the demo's priorities, milestones,
actions linked to the priorities they deliver, and chased reports.

No annual refresh here: the Subgroup reports tab offers the newest plan's priorities, and
the demo's reports all cite the 2023-2026 ones (refreshes are tested in the services).

Added after the meetings are built (services/demo.py calls `add_demo_plan` last), with
its own fixed choices, so the rest of the demo archive is the same with or without it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    Body,
    Plan,
    Priority,
    ReportStatus,
    SubgroupReport,
)
from csp_desktop.services import plans, report_chases
from csp_desktop.services.demo_content import load_demo_content

# The plan's aims, milestones per priority, and the words in an action's text that say
# which priority it delivers: data, in resources/demo/plan.json.
_CONTENT = load_demo_content()
AIMS = _CONTENT.aims
MILESTONES = _CONTENT.milestones
KEYWORDS = _CONTENT.keywords


def add_demo_plan(session: Session, plan_label: str, title: str) -> int:
    """Give the demo's priorities (labelled `plan_label`) a plan record, milestones and
    linked actions, and mark half the missing reports chased. Returns the plan's id."""
    year_from, year_to = (int(part) for part in plan_label.split("-"))
    plan = session.scalar(select(Plan).where(Plan.label == plan_label))
    if plan is None:
        plan = Plan(label=plan_label, title=title, year_from=year_from, year_to=year_to, aims=AIMS)
        session.add(plan)
    plan.aims = plan.aims or AIMS
    priorities = {
        p.number: p for p in session.scalars(select(Priority).where(Priority.plan == plan_label))
    }
    for priority in priorities.values():
        priority.plan_record = plan
    session.flush()
    for number, rows in MILESTONES.items():
        if number in priorities:
            for text, owner, due, status in rows:
                plans.add_milestone(
                    session, priorities[number].id, text, owner=owner, due_date=due, status=status
                )
    owned_by = {body.id: p.number for p in priorities.values() for body in p.owners}
    for action in session.scalars(select(Action).order_by(Action.id)):
        found: int | None = owned_by.get(action.body_id)
        if found is None:
            words = action.text.casefold()
            found = next((n for n, keys in KEYWORDS.items() if any(k in words for k in keys)), None)
        if found is not None and found in priorities:
            action.priority_id = priorities[found].id
    session.flush()
    missing = session.execute(
        select(SubgroupReport.id, Body.name)
        .join(Body, Body.id == SubgroupReport.subgroup_id)
        .where(SubgroupReport.status == ReportStatus.NOT_PROVIDED)
        .order_by(SubgroupReport.id)
    ).all()
    for index, (report_id, _name) in enumerate(missing):
        if index % 2 == 0:  # half the missing reports were chased by the CSP manager
            report = session.get(SubgroupReport, report_id)
            assert report is not None
            report_chases.set_chased(
                session, report_id, report.meeting.date - dt.timedelta(days=7), "CSP manager"
            )
    session.flush()
    return plan.id
