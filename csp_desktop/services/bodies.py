"""Bodies (the board and its subgroups), their standing items and their members."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from csp_desktop import models
from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import Body, BodyKind, ItemKind, Person, StandingItem
from csp_desktop.paths import resources_dir
from csp_desktop.services.people import name_key, tidy_spaces

STANDING_ITEMS_FILE = "standing_items.json"
# The short name prefixes action references (CSP-2022-10-05-04), so keep it plain.
SHORT_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class StandingItemSpec:
    """One standing item: what a new agenda of the body starts with."""

    title: str
    kind: ItemKind
    minutes_allocated: int | None = None
    presenter: str | None = None
    # Closing items (forward plan, AOB, next meeting) come after the topical items.
    after_topical: bool = False


@dataclass(frozen=True)
class BodyRow:
    """A body as lists and pickers show it."""

    id: int
    name: str
    short_name: str
    kind: BodyKind
    parent_id: int | None
    parent_name: str | None
    quorum: int | None
    default_venue: str | None
    default_start: dt.time | None
    default_end: dt.time | None
    reports_to_parent: bool


@dataclass(frozen=True)
class MemberRow:
    """A membership with the person's name, for the members list of a body."""

    membership_id: int
    person_id: int
    display_name: str
    organisation: str | None
    role: str
    from_date: dt.date | None
    to_date: dt.date | None


@cache
def _standing_item_defaults() -> dict[str, tuple[StandingItemSpec, ...]]:
    path = resources_dir() / STANDING_ITEMS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        key: tuple(
            StandingItemSpec(
                title=entry["title"],
                kind=ItemKind(entry["kind"]),
                minutes_allocated=entry.get("minutes_allocated"),
                presenter=entry.get("presenter"),
                after_topical=bool(entry.get("after_topical", False)),
            )
            for entry in data[key]
        )
        for key in ("board", "subgroup")
    }


def default_standing_items(kind: BodyKind) -> list[StandingItemSpec]:
    """The standing items a new body of this kind starts with (from resources/)."""
    key = "board" if kind is BodyKind.BOARD else "subgroup"
    return list(_standing_item_defaults()[key])


def get_body(session: Session, body_id: int) -> Body:
    body = session.get(Body, body_id)
    if body is None:
        raise NotFound(f"There is no body with id {body_id}.")
    return body


def _check_unique(session: Session, name: str, short_name: str, *, except_id: int | None) -> None:
    for other in session.scalars(select(Body)):
        if other.id == except_id:
            continue
        if name_key(other.name) == name_key(name):
            raise ValidationError(f"There is already a body called {other.name}.")
        if other.short_name.casefold() == short_name.casefold():
            raise ValidationError(
                f"The short name {short_name} is already used by {other.name}; "
                "action references need a different one for each body."
            )


def create_body(
    session: Session,
    name: str,
    short_name: str,
    kind: BodyKind,
    *,
    parent: Body | None = None,
    quorum: int | None = None,
    default_venue: str | None = None,
    default_start: dt.time | None = None,
    default_end: dt.time | None = None,
    standing_items: list[StandingItemSpec] | None = None,
) -> Body:
    """Create a board or subgroup with the default standing items for its kind.

    Raises:
        ValidationError: blank or duplicate name, unusable short name, bad quorum/times.
    """
    name = tidy_spaces(name)
    short_name = short_name.strip()
    if not name:
        raise ValidationError("A body needs a name.")
    if not SHORT_NAME_PATTERN.match(short_name):
        raise ValidationError(
            f"The short name {short_name!r} cannot prefix action references; "
            "use letters and digits only, such as CSP or VAWG."
        )
    if quorum is not None and quorum < 0:
        raise ValidationError("A quorum cannot be negative.")
    if default_start and default_end and default_end < default_start:
        raise ValidationError("A meeting cannot end before it starts.")
    _check_unique(session, name, short_name, except_id=None)
    body = Body(
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        quorum=quorum,
        default_venue=default_venue,
        default_start=default_start,
        default_end=default_end,
    )
    session.add(body)
    session.flush()
    specs = standing_items if standing_items is not None else default_standing_items(kind)
    _replace_standing_items(session, body, specs)
    return body


def update_body(
    session: Session,
    body_id: int,
    *,
    name: str | None = None,
    short_name: str | None = None,
    quorum: int | None = None,
    default_venue: str | None = None,
    default_start: dt.time | None = None,
    default_end: dt.time | None = None,
) -> None:
    """Change a body's details; a None argument leaves that detail as it is."""
    body = get_body(session, body_id)
    new_name = tidy_spaces(name) if name is not None else body.name
    new_short = short_name.strip() if short_name is not None else body.short_name
    if not new_name:
        raise ValidationError("A body needs a name.")
    if not SHORT_NAME_PATTERN.match(new_short):
        raise ValidationError(f"The short name {new_short!r} cannot prefix action references.")
    _check_unique(session, new_name, new_short, except_id=body.id)
    body.name, body.short_name = new_name, new_short
    if quorum is not None:
        if quorum < 0:
            raise ValidationError("A quorum cannot be negative.")
        body.quorum = quorum
    if default_venue is not None:
        body.default_venue = default_venue or None
    if default_start is not None:
        body.default_start = default_start
    if default_end is not None:
        body.default_end = default_end
    session.flush()


def standing_items(session: Session, body_id: int) -> list[StandingItemSpec]:
    """A body's standing items, in agenda order."""
    body = get_body(session, body_id)
    return [
        StandingItemSpec(
            title=item.title,
            kind=item.kind,
            minutes_allocated=item.minutes_allocated,
            presenter=item.presenter,
            after_topical=item.after_topical,
        )
        for item in body.standing_items
    ]


def _validate_specs(items: list[StandingItemSpec]) -> None:
    seen: set[ItemKind] = set()
    for spec in items:
        if not spec.title.strip():
            raise ValidationError("Every standing item needs a title.")
        if spec.minutes_allocated is not None and spec.minutes_allocated < 0:
            raise ValidationError(f"The time for {spec.title!r} cannot be negative.")
        if spec.kind is not ItemKind.TOPICAL:
            if spec.kind in seen:
                raise ValidationError(
                    f"Only one standing item can be the {spec.kind.label.lower()} item."
                )
            seen.add(spec.kind)
    closing_seen = False
    for spec in items:
        if spec.after_topical:
            closing_seen = True
        elif closing_seen:
            raise ValidationError(
                f"{spec.title!r} opens the meeting, so it must come before the closing items."
            )


def _replace_standing_items(session: Session, body: Body, items: list[StandingItemSpec]) -> None:
    _validate_specs(items)
    body.standing_items.clear()
    # Flush the deletes first: (body, position) is unique and the new rows reuse positions.
    session.flush()
    for position, spec in enumerate(items, start=1):
        body.standing_items.append(
            StandingItem(
                position=position,
                title=tidy_spaces(spec.title),
                kind=spec.kind,
                minutes_allocated=spec.minutes_allocated,
                presenter=spec.presenter,
                after_topical=spec.after_topical,
            )
        )
    session.flush()


def set_standing_items(session: Session, body_id: int, items: list[StandingItemSpec]) -> None:
    """Replace a body's standing items (existing agendas are not changed).

    Raises:
        ValidationError: a blank title, a negative time, one kind used twice, or an
            opening item placed after a closing one.
    """
    _replace_standing_items(session, get_body(session, body_id), items)


def find_body(session: Session, name_or_short: str) -> Body:
    """A body by name, short name or id, ignoring case.

    Raises:
        NotFound: naming the bodies that do exist.
    """
    wanted = name_key(name_or_short)
    bodies = session.scalars(select(Body).order_by(Body.name)).all()
    for body in bodies:
        if wanted in (name_key(body.name), name_key(body.short_name)) or wanted == str(body.id):
            return body
    # A unique partial match helps at the command line ("--body vawg", "--body board").
    partial = [b for b in bodies if wanted and wanted in name_key(b.name)]
    if len(partial) == 1:
        return partial[0]
    known = ", ".join(f"{b.name} ({b.short_name})" for b in bodies) or "none yet"
    raise NotFound(f"There is no body called {name_or_short.strip()!r}. Known bodies: {known}.")


def list_bodies(session: Session) -> list[BodyRow]:
    """Boards first, then subgroups and others, each by name.

    A Core statement on the table: the window fills its body filter with this before
    the first paint, when the ORM's mappers are not yet configured (services/meetings.py
    says why)."""
    bodies = Body.__table__
    parents = bodies.alias("parent")
    rows = session.execute(
        select(
            bodies.c.id,
            bodies.c.name,
            bodies.c.short_name,
            bodies.c.kind,
            bodies.c.parent_id,
            parents.c.name.label("parent_name"),
            bodies.c.quorum,
            bodies.c.default_venue,
            bodies.c.default_start,
            bodies.c.default_end,
            bodies.c.reports_to_parent,
        ).outerjoin(parents, parents.c.id == bodies.c.parent_id)
    ).all()
    order = {BodyKind.BOARD: 0, BodyKind.SUBGROUP: 1, BodyKind.OTHER: 2}
    ranked = sorted(rows, key=lambda row: (order[row.kind], row.name.casefold()))
    return [BodyRow(**row._asdict()) for row in ranked]


def subgroups_of(session: Session, body_id: int) -> list[Body]:
    """The bodies expected to report to this one, by name."""
    return list(
        session.scalars(
            select(Body)
            .where(Body.parent_id == body_id, Body.reports_to_parent.is_(True))
            .order_by(func.lower(Body.name))
        ).all()
    )


def add_membership(
    session: Session,
    body_id: int,
    person_id: int,
    *,
    role: str = "Member",
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
) -> models.Membership:
    """Give a person a seat on a body for a period (open-ended when dates are None).

    Raises:
        ValidationError: the period ends before it starts, or overlaps a seat the
            person already holds on the body.
    """
    body = get_body(session, body_id)
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"There is no person with id {person_id}.")
    if from_date and to_date and to_date < from_date:
        raise ValidationError("A membership cannot end before it starts.")
    for existing in session.scalars(
        select(models.Membership).where(
            models.Membership.body_id == body_id, models.Membership.person_id == person_id
        )
    ):
        if _overlaps(existing.from_date, existing.to_date, from_date, to_date):
            raise ValidationError(
                f"{person.display_name} is already a member of {body.name} for that period."
            )
    membership = models.Membership(
        body=body,
        person=person,
        role=role.strip() or "Member",
        from_date=from_date,
        to_date=to_date,
    )
    session.add(membership)
    session.flush()
    return membership


def _overlaps(
    a_from: dt.date | None, a_to: dt.date | None, b_from: dt.date | None, b_to: dt.date | None
) -> bool:
    return (a_to is None or b_from is None or b_from <= a_to) and (
        b_to is None or a_from is None or a_from <= b_to
    )


def end_membership(session: Session, membership_id: int, to_date: dt.date) -> None:
    """Close a seat on a date; the person stays on earlier meetings' records."""
    membership = session.get(models.Membership, membership_id)
    if membership is None:
        raise NotFound(f"There is no membership with id {membership_id}.")
    if membership.from_date and to_date < membership.from_date:
        raise ValidationError("A membership cannot end before it starts.")
    membership.to_date = to_date
    session.flush()


def current_members(session: Session, body_id: int, on: dt.date) -> list[models.Membership]:
    """Memberships in force on a date, one per person, by surname then first name."""
    memberships = session.scalars(
        select(models.Membership)
        .where(models.Membership.body_id == body_id)
        .options(selectinload(models.Membership.person))
        .order_by(models.Membership.from_date.desc(), models.Membership.id)
    ).all()
    by_person: dict[int, models.Membership] = {}
    for membership in memberships:
        if membership.is_current(on) and membership.person_id not in by_person:
            by_person[membership.person_id] = membership
    return sorted(
        by_person.values(),
        key=lambda m: (m.person.last_name.casefold(), m.person.first_name.casefold(), m.id),
    )


def list_members(session: Session, body_id: int, on: dt.date | None = None) -> list[MemberRow]:
    """A body's memberships (current on `on`, or all past and present when None)."""
    get_body(session, body_id)
    if on is not None:
        memberships = current_members(session, body_id, on)
    else:
        memberships = list(
            session.scalars(
                select(models.Membership)
                .where(models.Membership.body_id == body_id)
                .options(selectinload(models.Membership.person).selectinload(Person.organisation))
            ).all()
        )
        memberships.sort(
            key=lambda m: (m.person.last_name.casefold(), m.person.first_name.casefold(), m.id)
        )
    return [
        MemberRow(
            membership_id=m.id,
            person_id=m.person_id,
            display_name=m.person.display_name,
            organisation=m.person.organisation.name if m.person.organisation else None,
            role=m.role,
            from_date=m.from_date,
            to_date=m.to_date,
        )
        for m in memberships
    ]


def set_minutes_style(
    session: Session,
    body_id: int,
    *,
    show_timings: bool | None = None,
    show_organisations: bool | None = None,
    chair: str | None = None,
) -> None:
    """A body's house style for its papers: each item's time allowed and start (and the
    time taken) in the minutes and agenda; organisations after attendees' names. Also its
    chair. Values left None are unchanged."""
    body = get_body(session, body_id)
    if show_timings is not None:
        body.minutes_show_timings = show_timings
    if show_organisations is not None:
        body.minutes_show_organisations = show_organisations
    if chair is not None:
        body.chair = " ".join(chair.split()) or None
    session.flush()
