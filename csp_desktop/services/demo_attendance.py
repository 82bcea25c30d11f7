"""Who comes to the demo's meetings: everyone with a part to play is there, the rest
present, sending apologies or absent by chance; chairs, the note taker, substitutes and
guests as each meeting's script says; someone arrives late, someone leaves early."""

from __future__ import annotations

import re

from csp_desktop.models import AttendanceRole, AttendanceStatus, Meeting
from csp_desktop.services import attendance
from csp_desktop.services.demo_meeting_content import BoardMeeting
from csp_desktop.services.demo_world import DemoWorld

_OWNER_KEY = re.compile(r"\{(\w+)\.")  # {analyst.full} in an ACTION line's owners


def owner_keys(world: DemoWorld, script: BoardMeeting) -> set[str]:
    """Everyone who presents or is named as an action owner at a board meeting: they are
    in the room, so their ACTION lines match them."""
    keys = {world.content.partnership.board.note_taker}
    for topic in script.topics:
        keys.add(topic.presenter)
        for action in topic.actions:
            keys.update(_OWNER_KEY.findall(action.owners))
    if script.any_other_business is not None:
        keys.add(script.any_other_business.owner)
    return keys


def add_guest(world: DemoWorld, meeting: Meeting, key: str, role: AttendanceRole | None) -> int:
    spec = world.content.partnership.people[key]
    row = attendance.add_attendee(
        world.session, meeting.id, f"{spec.name}, {spec.organisation}", role=role
    )
    return row.id


def _by_chance(world: DemoWorld) -> AttendanceStatus:
    rhythm, roll = world.content.rhythm, world.rng.random()
    if roll < rhythm.present_below:
        return AttendanceStatus.PRESENT
    return AttendanceStatus.APOLOGIES if roll < rhythm.apologies_below else AttendanceStatus.ABSENT


def mark_board_attendance(world: DemoWorld, meeting: Meeting, script: BoardMeeting) -> None:
    session, board = world.session, world.content.partnership.board
    chair_away = script.chaired_by is not None
    by_person = {row.person_id: row for row in attendance.roster(session, meeting.id)}
    must_attend = set(board.always_present) | owner_keys(world, script)
    if chair_away:
        must_attend.discard(board.chair)
    for key, person in world.people.items():
        row = by_person.get(person.id)
        if row is None:
            continue
        if key in must_attend:
            status = AttendanceStatus.PRESENT
        elif key == board.chair and chair_away:
            status = AttendanceStatus.APOLOGIES
        elif key in script.apologies:
            status = AttendanceStatus.APOLOGIES  # a substitute may come instead
        else:
            status = _by_chance(world)
        attendance.mark(session, row.id, status)
    if chair_away:
        # The chair's seat role comes with the roster; today someone else chairs.
        attendance.set_role(session, by_person[world.person(board.chair).id].id, None)
    chair_row = by_person[world.person(script.chaired_by or board.chair).id]
    attendance.set_role(
        session,
        chair_row.id,
        AttendanceRole.INTERIM_CHAIR if chair_away else AttendanceRole.CHAIR,
    )
    add_guest(world, meeting, board.note_taker, AttendanceRole.NOTE_TAKER)
    presenters = {topic.presenter for topic in script.topics}
    for key in sorted(must_attend, key=list(world.people).index):
        if world.person(key).id not in by_person:
            add_guest(world, meeting, key, AttendanceRole.PRESENTER if key in presenters else None)
    for substitute in script.substitutes:
        row_id = add_guest(world, meeting, substitute.person, AttendanceRole.SUBSTITUTE)
        attendance.set_role(
            session,
            row_id,
            AttendanceRole.SUBSTITUTE,
            substitute_for_id=world.person(substitute.stands_in_for).id,
        )
    for key in script.guests:
        add_guest(world, meeting, key, None)


def mark_subgroup_attendance(world: DemoWorld, meeting: Meeting, chair_key: str) -> None:
    session, chance = world.session, world.content.rhythm.subgroup_present_below
    for row in attendance.roster(session, meeting.id):
        present = world.rng.random() < chance
        attendance.mark(
            session, row.id, AttendanceStatus.PRESENT if present else AttendanceStatus.APOLOGIES
        )
    chair = next(
        row
        for row in attendance.roster(session, meeting.id)
        if row.person_id == world.person(chair_key).id
    )
    attendance.mark(session, chair.id, AttendanceStatus.PRESENT)
    attendance.set_role(session, chair.id, AttendanceRole.CHAIR)
    add_guest(world, meeting, world.content.partnership.board.note_taker, AttendanceRole.NOTE_TAKER)


def late_arrival(world: DemoWorld, meeting: Meeting) -> int | None:
    """A member present in no special role, chosen by chance, arrives late."""
    present = [
        row
        for row in meeting.attendance
        if row.is_member and row.status is AttendanceStatus.PRESENT and row.role is None
    ]
    present.sort(key=lambda row: row.position)
    return world.rng.choice(present).id if present else None


def early_leaver(meeting: Meeting) -> int | None:
    """The last such member on the roster who did not arrive late leaves early."""
    present = [
        row
        for row in meeting.attendance
        if row.is_member
        and row.status is AttendanceStatus.PRESENT
        and row.role is None
        and row.arrived_at is None
    ]
    present.sort(key=lambda row: row.position)
    return present[-1].id if present else None
