"""Small factories for tests: build just enough of a partnership to exercise a rule."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from csp_desktop.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    ItemKind,
    Meeting,
    Membership,
    Organisation,
    Person,
)

_counter = itertools.count(1)
NOW = dt.datetime(2022, 10, 5, 10, 0)


def make_organisation(session: Session, name: str | None = None) -> Organisation:
    organisation = Organisation(name=name or f"Organisation {next(_counter)}")
    session.add(organisation)
    session.flush()
    return organisation


def make_person(
    session: Session,
    name: str = "Andy Opie",
    *,
    title: str | None = None,
    organisation: Organisation | None = None,
) -> Person:
    first, _, last = name.partition(" ")
    person = Person(title=title, first_name=first, last_name=last, organisation=organisation)
    session.add(person)
    session.flush()
    return person


def make_body(
    session: Session,
    name: str = "Community Safety Partnership Board",
    *,
    short_name: str | None = None,
    kind: BodyKind = BodyKind.BOARD,
    parent: Body | None = None,
    quorum: int | None = None,
) -> Body:
    body = Body(
        name=name,
        short_name=short_name or ("CSP" if kind is BodyKind.BOARD else f"SG{next(_counter)}"),
        kind=kind,
        parent=parent,
        quorum=quorum,
        default_venue="MS Teams",
        default_start=dt.time(10, 0),
        default_end=dt.time(13, 0),
    )
    session.add(body)
    session.flush()
    return body


def add_member(
    session: Session,
    body: Body,
    person: Person,
    *,
    role: str = "Member",
    since: dt.date | None = None,
) -> Membership:
    membership = Membership(body=body, person=person, role=role, from_date=since)
    session.add(membership)
    session.flush()
    return membership


def make_meeting(
    session: Session,
    body: Body,
    date: dt.date = dt.date(2022, 10, 5),
    *,
    items: list[str] | None = None,
) -> Meeting:
    meeting = Meeting(
        body=body,
        date=date,
        start_time=dt.time(10, 0),
        end_time=dt.time(13, 0),
        venue="MS Teams",
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(meeting)
    for position, title in enumerate(items or [], start=1):
        meeting.items.append(
            AgendaItem(position=position, number=str(position), title=title, kind=ItemKind.TOPICAL)
        )
    session.flush()
    return meeting


def mark(
    session: Session, meeting: Meeting, person: Person, status: AttendanceStatus, **extra: object
) -> Attendance:
    attendance = Attendance(meeting=meeting, person=person, status=status, **extra)
    session.add(attendance)
    session.flush()
    return attendance
