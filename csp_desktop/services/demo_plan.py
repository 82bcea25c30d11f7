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
    MilestoneStatus,
    Plan,
    Priority,
    ReportStatus,
    SubgroupReport,
)
from csp_desktop.services import plans, report_chases

AIMS = (
    "To create a safer borough, where people and communities can flourish.\n"
    "To work in partnership to deliver the priorities that reduce crime and disorder.\n"
    "To deliver local, regional and national priorities."
)
DONE, GOING, NOT_YET = (
    MilestoneStatus.COMPLETED,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.NOT_STARTED,
)
# priority number -> (milestone, owner, due, status)
MILESTONES: dict[int, list[tuple[str, str, dt.date, MilestoneStatus]]] = {
    1: [
        (
            "Contextual safeguarding training for all schools",
            "Children's Services",
            dt.date(2024, 12, 31),
            DONE,
        ),
        (
            "Exploitation hotspot mapping shared monthly",
            "Metropolitan Police Service",
            dt.date(2025, 9, 30),
            GOING,
        ),
    ],
    2: [
        (
            "Hotspot patrol plan for the night-time economy",
            "Metropolitan Police Service",
            dt.date(2025, 3, 31),
            DONE,
        ),
        (
            "Fire safety visits to 500 high-risk homes",
            "London Fire Brigade",
            dt.date(2025, 12, 31),
            GOING,
        ),
        (
            "ASB case review process published",
            "Community Safety Team",
            dt.date(2025, 6, 30),
            NOT_YET,
        ),
    ],
    3: [
        (
            "Accommodation pathway for prison leavers",
            "Probation Service",
            dt.date(2025, 9, 30),
            GOING,
        ),
    ],
    4: [
        (
            "Third-party hate crime reporting centres relaunched",
            "Community Safety Team",
            dt.date(2025, 2, 28),
            DONE,
        ),
        (
            "Community tension monitoring report each quarter",
            "Prevent Team",
            dt.date(2026, 3, 31),
            GOING,
        ),
    ],
    5: [
        (
            "VAWG strategy 2024-2027 agreed by the board",
            "Community Safety Team",
            dt.date(2024, 12, 11),
            DONE,
        ),
        (
            "Survivors' panel set up with lived experience",
            "Eastmarsh Women's Aid",
            dt.date(2025, 10, 31),
            NOT_YET,
        ),
    ],
}
# Words in an action's text that say which priority it delivers.
KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("young", "youth", "exploitation", "children", "school", "knife"),
    2: ("asb", "anti-social", "burglary", "fire", "hotspot", "robbery"),
    3: ("offend", "probation", "prison"),
    4: ("hate", "prevent", "tension", "extremism"),
    5: ("vawg", "domestic", "women", "idva", "survivor"),
}


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
