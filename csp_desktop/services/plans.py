"""The partnership plan: plans and their annual refreshes, numbered priorities with their
owning subgroups, delivery milestones, and the actions that deliver each priority.

A priority's `plan` column keeps the plan's label (older files and the interchange
format read it); `plan_id` ties it to the plan record. Refreshing a plan copies its
priorities, owners and unfinished milestones into a new plan and moves the open actions
linked to them onto the copies, so delivery carries on without re-keying.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import (
    Action,
    ActionStatus,
    Body,
    Milestone,
    MilestoneStatus,
    Plan,
    Priority,
    SubgroupReport,
    subgroup_report_priority,
)
from csp_desktop.services.formatting import uk_date

MILESTONE_WORDS = {
    MilestoneStatus.NOT_STARTED: "Not started",
    MilestoneStatus.IN_PROGRESS: "In progress",
    MilestoneStatus.COMPLETED: "Completed",
    MilestoneStatus.DROPPED: "Dropped",
}


@dataclass(frozen=True)
class PlanRow:
    id: int
    label: str
    title: str
    year_from: int
    year_to: int
    refresh_of_label: str | None
    refreshed_in: int | None
    aims: str
    priority_count: int

    @property
    def years_label(self) -> str:
        refresh = f", refreshed {self.refreshed_in}" if self.refreshed_in else ""
        return f"{self.year_from}-{self.year_to}{refresh}"

    @property
    def starts(self) -> dt.date:
        """Plans run over financial years: 1 April of the first year."""
        return dt.date(self.year_from, 4, 1)

    @property
    def ends(self) -> dt.date:
        return (
            dt.date(self.year_to, 3, 31)
            if self.year_to > self.year_from
            else dt.date(self.year_to, 12, 31)
        )


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    priority_id: int
    text: str
    owner: str
    due_date: dt.date | None
    status: MilestoneStatus

    @property
    def status_word(self) -> str:
        return MILESTONE_WORDS[self.status]

    @property
    def due_label(self) -> str:
        return uk_date(self.due_date) if self.due_date else "No date"

    def is_late(self, today: dt.date) -> bool:
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status in (MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS)
        )


@dataclass(frozen=True)
class LinkedActionRow:
    id: int
    reference: str
    text: str
    status: ActionStatus
    due_date: dt.date | None


@dataclass(frozen=True)
class PriorityDetail:
    id: int
    plan_id: int | None
    number: int
    title: str
    description: str
    owner_ids: tuple[int, ...]
    owner_names: tuple[str, ...]
    milestones: tuple[MilestoneRow, ...]
    actions: tuple[LinkedActionRow, ...]

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class PlanDetail:
    plan: PlanRow
    priorities: tuple[PriorityDetail, ...]


# --- reading --------------------------------------------------------------------------------


def _plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"Plan {plan_id} does not exist.")
    return plan


def _priority(session: Session, priority_id: int) -> Priority:
    priority = session.get(Priority, priority_id)
    if priority is None:
        raise NotFound(f"Priority {priority_id} does not exist.")
    return priority


def _milestone(session: Session, milestone_id: int) -> Milestone:
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise NotFound(f"Milestone {milestone_id} does not exist.")
    return milestone


def _plan_row(plan: Plan, priority_count: int) -> PlanRow:
    return PlanRow(
        id=plan.id,
        label=plan.label,
        title=plan.title,
        year_from=plan.year_from,
        year_to=plan.year_to,
        refresh_of_label=plan.refresh_of.label if plan.refresh_of else None,
        refreshed_in=plan.refreshed_in,
        aims=plan.aims,
        priority_count=priority_count,
    )


def list_plans(session: Session) -> list[PlanRow]:
    """Every plan, newest first (a refresh after the plan it refreshes)."""
    counts: dict[int | None, int] = {
        plan_id: count
        for plan_id, count in session.execute(
            select(Priority.plan_id, func.count()).group_by(Priority.plan_id)
        )
    }
    plans = session.scalars(
        select(Plan)
        .options(selectinload(Plan.refresh_of))
        .order_by(Plan.year_from.desc(), func.coalesce(Plan.refreshed_in, 0).desc(), Plan.id.desc())
    ).all()
    return [_plan_row(plan, counts.get(plan.id, 0)) for plan in plans]


def current_plan_id(session: Session, on: dt.date) -> int | None:
    """The newest plan (or refresh) whose years cover `on`; else the newest plan."""
    plans = list_plans(session)
    for plan in plans:
        if plan.starts <= on <= plan.ends:
            return plan.id
    return plans[0].id if plans else None


def plan_detail(session: Session, plan_id: int) -> PlanDetail:
    """A plan with its priorities, owners, milestones and linked actions (four queries)."""
    plan = _plan(session, plan_id)
    priorities = session.scalars(
        select(Priority)
        .where(Priority.plan_id == plan_id)
        .order_by(Priority.number)
        .options(selectinload(Priority.owners), selectinload(Priority.milestones))
    ).all()
    actions: dict[int, list[LinkedActionRow]] = {}
    if priorities:
        for action in session.scalars(
            select(Action)
            .where(Action.priority_id.in_([p.id for p in priorities]))
            .order_by(Action.reference)
        ):
            assert action.priority_id is not None
            actions.setdefault(action.priority_id, []).append(
                LinkedActionRow(
                    action.id, action.reference, action.text, action.status, action.due_date
                )
            )
    details = tuple(
        PriorityDetail(
            id=p.id,
            plan_id=p.plan_id,
            number=p.number,
            title=p.title,
            description=p.description,
            owner_ids=tuple(b.id for b in sorted(p.owners, key=lambda b: b.name)),
            owner_names=tuple(b.name for b in sorted(p.owners, key=lambda b: b.name)),
            milestones=tuple(_milestone_row(m) for m in p.milestones),
            actions=tuple(actions.get(p.id, ())),
        )
        for p in priorities
    )
    return PlanDetail(_plan_row(plan, len(details)), details)


def _milestone_row(milestone: Milestone) -> MilestoneRow:
    return MilestoneRow(
        id=milestone.id,
        priority_id=milestone.priority_id,
        text=milestone.text,
        owner=milestone.owner or "",
        due_date=milestone.due_date,
        status=milestone.status,
    )


# --- plans ----------------------------------------------------------------------------------


def _check_years(year_from: int, year_to: int) -> None:
    if not (1990 <= year_from <= 2200 and 1990 <= year_to <= 2200):
        raise ValidationError("A plan's years must be four-digit years, such as 2019 and 2022.")
    if year_to < year_from:
        raise ValidationError("A plan cannot end before it starts.")


def _label(year_from: int, year_to: int, refreshed_in: int | None) -> str:
    label = f"{year_from}-{year_to}"
    return f"{label} refresh {refreshed_in}" if refreshed_in else label


def _check_label_free(session: Session, label: str, plan_id: int | None = None) -> None:
    taken = session.scalar(select(Plan.id).where(Plan.label == label))
    if taken is not None and taken != plan_id:
        raise ValidationError(f"There is already a plan {label}.")


def create_plan(session: Session, title: str, year_from: int, year_to: int, aims: str = "") -> int:
    title = title.strip()
    if not title:
        raise ValidationError("A plan needs a title.")
    _check_years(year_from, year_to)
    label = _label(year_from, year_to, None)
    _check_label_free(session, label)
    plan = Plan(label=label, title=title, year_from=year_from, year_to=year_to, aims=aims)
    session.add(plan)
    session.flush()
    return plan.id


def edit_plan(
    session: Session,
    plan_id: int,
    *,
    title: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    aims: str | None = None,
) -> None:
    plan = _plan(session, plan_id)
    if title is not None:
        if not title.strip():
            raise ValidationError("A plan needs a title.")
        plan.title = title.strip()
    if aims is not None:
        plan.aims = aims
    if year_from is not None or year_to is not None:
        new_from = plan.year_from if year_from is None else year_from
        new_to = plan.year_to if year_to is None else year_to
        _check_years(new_from, new_to)
        label = _label(new_from, new_to, plan.refreshed_in)
        _check_label_free(session, label, plan.id)
        plan.year_from, plan.year_to, plan.label = new_from, new_to, label
        for priority in plan.priorities:
            priority.plan = label
    session.flush()


def refresh_plan(session: Session, plan_id: int, refreshed_in: int, title: str = "") -> int:
    """The plan's annual refresh: a new plan carrying every priority (title, description,
    owning subgroups), its unfinished milestones, and the open actions linked to it."""
    old = _plan(session, plan_id)
    if not old.year_from <= refreshed_in <= old.year_to:
        raise ValidationError(
            f"A refresh of the {old.year_from}-{old.year_to} plan must fall within those years."
        )
    label = _label(old.year_from, old.year_to, refreshed_in)
    _check_label_free(session, label)
    new = Plan(
        label=label,
        title=title.strip() or f"{old.title} (Annual Refresh {refreshed_in})",
        year_from=old.year_from,
        year_to=old.year_to,
        refresh_of=old,
        refreshed_in=refreshed_in,
        aims=old.aims,
    )
    session.add(new)
    session.flush()
    copies: dict[int, Priority] = {}
    for priority in list(old.priorities):
        copy = Priority(
            plan=label,
            plan_record=new,
            number=priority.number,
            title=priority.title,
            description=priority.description,
        )
        session.add(copy)
        copy.owners.extend(priority.owners)
        for milestone in priority.milestones:
            if milestone.status in (MilestoneStatus.COMPLETED, MilestoneStatus.DROPPED):
                continue
            copy.milestones.append(
                Milestone(
                    text=milestone.text,
                    owner=milestone.owner,
                    due_date=milestone.due_date,
                    status=milestone.status,
                    position=milestone.position,
                )
            )
        session.add(copy)
        copies[priority.id] = copy
    session.flush()
    if copies:
        for action in session.scalars(
            select(Action).where(
                Action.priority_id.in_(copies),
                Action.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
            )
        ):
            assert action.priority_id is not None
            action.priority_id = copies[action.priority_id].id
    session.flush()
    return new.id


# --- priorities -----------------------------------------------------------------------------


def _owners(session: Session, body_ids: Sequence[int]) -> list[Body]:
    bodies = list(session.scalars(select(Body).where(Body.id.in_(set(body_ids)))))
    if len(bodies) != len(set(body_ids)):
        raise NotFound("One of the owning subgroups no longer exists.")
    return bodies


def add_priority(
    session: Session,
    plan_id: int,
    title: str,
    description: str = "",
    owner_body_ids: Sequence[int] = (),
) -> int:
    """A new priority, numbered after the plan's last one."""
    plan = _plan(session, plan_id)
    if not title.strip():
        raise ValidationError("A priority needs a title.")
    number = (
        session.scalar(select(func.max(Priority.number)).where(Priority.plan_id == plan_id)) or 0
    ) + 1
    priority = Priority(
        plan=plan.label,
        plan_record=plan,
        number=number,
        title=title.strip(),
        description=description,
    )
    session.add(priority)
    priority.owners.extend(_owners(session, owner_body_ids))
    session.add(priority)
    session.flush()
    return priority.id


def edit_priority(
    session: Session,
    priority_id: int,
    *,
    title: str | None = None,
    description: str | None = None,
    owner_body_ids: Sequence[int] | None = None,
) -> None:
    priority = _priority(session, priority_id)
    if title is not None:
        if not title.strip():
            raise ValidationError("A priority needs a title.")
        priority.title = title.strip()
    if description is not None:
        priority.description = description
    if owner_body_ids is not None:
        priority.owners[:] = _owners(session, owner_body_ids)
    session.flush()


def delete_priority(session: Session, priority_id: int) -> None:
    """Remove a priority typed in error; refused once a subgroup report has rated it."""
    priority = _priority(session, priority_id)
    reported = session.scalar(
        select(func.count())
        .select_from(subgroup_report_priority)
        .where(subgroup_report_priority.c.priority_id == priority_id)
    )
    if reported:
        raise ValidationError(
            f"Priority {priority.number} has been reported on {reported} time(s), so it stays "
            "in the plan; refresh the plan to change its priorities."
        )
    plan_id, number = priority.plan_id, priority.number
    if priority.plan_record is not None and priority in priority.plan_record.priorities:
        priority.plan_record.priorities.remove(priority)
    session.delete(priority)
    session.flush()
    for later in session.scalars(
        select(Priority)
        .where(Priority.plan_id == plan_id, Priority.number > number)
        .order_by(Priority.number)
    ):
        later.number -= 1
        session.flush()


# --- milestones -----------------------------------------------------------------------------


def add_milestone(
    session: Session,
    priority_id: int,
    text: str,
    *,
    owner: str = "",
    due_date: dt.date | None = None,
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED,
) -> int:
    priority = _priority(session, priority_id)
    if not text.strip():
        raise ValidationError("A milestone needs a description.")
    milestone = Milestone(
        text=text.strip(),
        owner=owner.strip() or None,
        due_date=due_date,
        status=status,
        position=len(priority.milestones),
    )
    priority.milestones.append(milestone)
    session.flush()
    return milestone.id


def edit_milestone(
    session: Session,
    milestone_id: int,
    *,
    text: str | None = None,
    owner: str | None = None,
    due_date: dt.date | None = None,
    clear_due_date: bool = False,
    status: MilestoneStatus | None = None,
) -> None:
    milestone = _milestone(session, milestone_id)
    if text is not None:
        if not text.strip():
            raise ValidationError("A milestone needs a description.")
        milestone.text = text.strip()
    if owner is not None:
        milestone.owner = owner.strip() or None
    if due_date is not None or clear_due_date:
        milestone.due_date = due_date
    if status is not None:
        milestone.status = status
    session.flush()


def delete_milestone(session: Session, milestone_id: int) -> None:
    milestone = _milestone(session, milestone_id)
    milestone.priority.milestones.remove(milestone)  # delete-orphan removes the row
    session.flush()


# --- actions --------------------------------------------------------------------------------


def link_action(session: Session, action_id: int, priority_id: int | None) -> None:
    """Say which priority an action delivers (None: none)."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound(f"Action {action_id} does not exist.")
    if priority_id is not None:
        _priority(session, priority_id)
    action.priority_id = priority_id
    session.flush()


def reports_citing(session: Session, priority_id: int) -> list[int]:
    """Subgroup reports that covered the priority (ids, oldest meeting first)."""
    return list(
        session.scalars(
            select(SubgroupReport.id)
            .join(
                subgroup_report_priority,
                subgroup_report_priority.c.subgroup_report_id == SubgroupReport.id,
            )
            .where(subgroup_report_priority.c.priority_id == priority_id)
            .order_by(SubgroupReport.meeting_id)
        )
    )


def link_action_by_reference(session: Session, reference: str, priority_id: int) -> str:
    """Link the action with this reference ("CSP-2022-10-05-04") to the priority."""
    from csp_desktop.services.actions import find_action

    action = find_action(session, reference.strip())
    link_action(session, action.id, priority_id)
    return action.reference
