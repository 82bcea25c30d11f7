"""A small partnership archive for the plan and dashboard tests: a board, two subgroups,
three organisations, meetings every quarter for `years`, attendance, reports with RAG
and actions. Built straight from the models so it is quick at any size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    ActionOwner,
    ActionStatus,
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Person,
    Plan,
    Priority,
    Rag,
    ReportStatus,
    SubgroupReport,
)
from tests.factories import (
    NOW,
    add_member,
    make_body,
    make_meeting,
    make_organisation,
    make_person,
    mark,
)


@dataclass
class Archive:
    board: Body
    subgroups: list[Body]
    people: list[Person]
    plan: Plan | None = None
    priorities: list[Priority] = field(default_factory=list)
    boards: list[Meeting] = field(default_factory=list)


def action(
    session: Session,
    body: Body,
    meeting: Meeting | None,
    number: int,
    owners: list[Person],
    *,
    status: ActionStatus = ActionStatus.OPEN,
    due: dt.date | None = None,
    completed_on: dt.date | None = None,
) -> Action:
    day = meeting.date if meeting else NOW.date()
    created = Action(
        reference=f"{body.short_name}-{day.isoformat()}-{number:02d}",
        body=body,
        raised_at_meeting=meeting,
        text=f"Task {number}",
        status=status,
        due_date=due,
        completed_on=completed_on,
        created_at=NOW,
        updated_at=NOW,
    )
    created.owner_links = [ActionOwner(person=p, position=i) for i, p in enumerate(owners)]
    session.add(created)
    session.flush()
    return created


def build_archive(session: Session, *, first_year: int = 2022, years: int = 1) -> Archive:
    council = make_organisation(session, "The Council")
    police = make_organisation(session, "Metropolitan Police")
    fire = make_organisation(session, "London Fire Brigade")
    board = make_body(session, quorum=3)
    subgroups = [
        make_body(session, "VAWG", short_name="VAWG", kind=BodyKind.SUBGROUP, parent=board),
        make_body(session, "IVOLT", short_name="IVOLT", kind=BodyKind.SUBGROUP, parent=board),
    ]
    people = [
        make_person(session, "Ann Chair", organisation=council),
        make_person(session, "Bob Police", organisation=police),
        make_person(session, "Cat Fire", organisation=fire),
        make_person(session, "Dan Council", organisation=council),
    ]
    substitute = make_person(session, "Sam Stand", organisation=police)
    for person in people:
        add_member(session, board, person)
    plan = Plan(
        label=f"{first_year}-{first_year + years}",
        title="Plan",
        year_from=first_year,
        year_to=first_year + years,
        aims="",
    )
    session.add(plan)
    priorities = [
        Priority(plan=plan.label, plan_record=plan, number=n, title=t)
        for n, t in ((1, "Violence against women and girls"), (2, "Crimes that matter most"))
    ]
    for priority, owner in zip(priorities, subgroups, strict=True):
        priority.owners.append(owner)
        session.add(priority)
    session.flush()
    archive = Archive(board, subgroups, people, plan, priorities)
    number = 0
    for quarter in range(years * 4):
        day = dt.date(first_year, 4, 20) + dt.timedelta(days=91 * quarter)
        meeting = make_meeting(session, board, day)
        meeting.status = MeetingStatus.APPROVED
        archive.boards.append(meeting)
        mark(session, meeting, people[0], AttendanceStatus.PRESENT)
        mark(session, meeting, people[1], AttendanceStatus.APOLOGIES)
        mark(
            session,
            meeting,
            substitute,
            AttendanceStatus.ADDITIONAL,
            is_member=False,
            role=AttendanceRole.SUBSTITUTE,
            substitute_for_id=people[1].id,
        )
        mark(session, meeting, people[2], AttendanceStatus.ABSENT)
        mark(session, meeting, people[3], AttendanceStatus.PRESENT)
        for index, (subgroup, priority) in enumerate(zip(subgroups, priorities, strict=True)):
            status = ReportStatus.WRITTEN if index == 0 else ReportStatus.NOT_PROVIDED
            report = SubgroupReport(
                meeting=meeting,
                subgroup=subgroup,
                status=status,
                rag=[Rag.GREEN, Rag.AMBER, Rag.RED][quarter % 3] if index == 0 else None,
            )
            report.priorities.append(priority)
            session.add(report)
        for owner in people[:3]:
            number += 1
            action(session, board, meeting, number, [owner], due=day + dt.timedelta(days=60))
        number += 1
        action(
            session,
            subgroups[0],
            meeting,
            number,
            [people[0], people[3]],
            status=ActionStatus.COMPLETED,
            completed_on=day + dt.timedelta(days=30),
        )
    session.flush()
    return archive
