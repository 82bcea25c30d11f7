"""The demo's partnership before its first meeting: people, the board and its seats, the
plan's priorities, and the subgroups with their chairs and members."""

from __future__ import annotations

from csp_desktop.models import BodyKind, Priority
from csp_desktop.services.bodies import add_membership, create_body
from csp_desktop.services.demo_world import DemoName, DemoWorld
from csp_desktop.services.people import find_or_create_person, update_person


def set_up_partnership(world: DemoWorld) -> None:
    session, partnership = world.session, world.content.partnership
    for key, spec in partnership.people.items():
        person = find_or_create_person(session, spec.name, organisation=spec.organisation)
        update_person(session, person.id, job_title=spec.job_title)
        world.people[key] = person
        world.names[key] = DemoName(person, partnership.named_by_title_and_surname)
    board_spec = partnership.board
    board = create_body(
        session,
        board_spec.name,
        board_spec.short_name,
        BodyKind.BOARD,
        quorum=board_spec.quorum,
        default_venue=partnership.venues[board_spec.venue],
        default_start=board_spec.start,
        default_end=board_spec.end,
    )
    world.bodies[board_spec.short_name] = board
    for seat in partnership.board_seats:
        add_membership(
            session,
            board.id,
            world.person(seat.person).id,
            role=seat.role,
            from_date=seat.start or partnership.memberships_from,
            to_date=seat.end,
        )
    # Priorities under the plan's label only: services/demo_plan.py gives them their plan
    # record last, so the archive up to there is the same with or without it.
    for row in partnership.priorities:
        priority = Priority(
            plan=partnership.plan, number=row.number, title=row.title, description=row.description
        )
        session.add(priority)
        world.priorities[row.number] = priority
    session.flush()
    defaults = partnership.subgroup_meetings
    for group in partnership.subgroups:
        body = create_body(
            session,
            group.name,
            group.short_name,
            group.kind,
            parent=board,
            quorum=defaults.quorum if group.kind is BodyKind.SUBGROUP else None,
            default_venue=partnership.venues[defaults.venue],
            default_start=defaults.start,
            default_end=defaults.end,
        )
        world.bodies[group.short_name] = body
        add_membership(
            session,
            body.id,
            world.person(group.chair).id,
            role=defaults.chair_role,
            from_date=partnership.memberships_from,
        )
        for member in group.members:
            add_membership(
                session, body.id, world.person(member).id, from_date=partnership.memberships_from
            )
        if group.priority is not None:
            world.priorities[group.priority].owners.append(body)
    session.flush()
