"""A small board meeting for the Attendance, Actions, Subgroup reports and search tests,
built through the models (not the widgets), plus the UiContext the tabs receive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.models import BodyKind, ItemKind, Priority
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from tests.factories import add_member, make_body, make_meeting, make_organisation, make_person

MEMBERS = (
    ("Councillor", "Syed Ghani", "London Borough of Barking and Dagenham"),
    (None, "Andy Opie", "London Borough of Barking and Dagenham"),
    (None, "Chris Lyons", "London Borough of Barking and Dagenham"),
    (None, "Stuart Bell", "Metropolitan Police Service"),
    (None, "Fiona Taylor", "London Fire Brigade"),
)


@dataclass
class LiveMeeting:
    meeting_id: int
    board_id: int
    subgroup_ids: list[int]
    item_ids: list[int]
    person_ids: dict[str, int]
    priority_ids: list[int]


def ui_context(db: Database, clock: FakeClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    from csp_desktop.ui.context import UiContext

    return UiContext(db, clock, AppPaths(tmp_path / "appdata", portable=False))


def build_live_meeting(session: Session, *, quorum: int = 3) -> LiveMeeting:
    from csp_desktop.services.attendance import add_missing_members

    board = make_body(session, quorum=quorum)
    organisations: dict[str, int] = {}
    people: dict[str, int] = {}
    for title, name, organisation in MEMBERS:
        if organisation not in organisations:
            organisations[organisation] = make_organisation(session, organisation).id
        from csp_desktop.models import Organisation

        org = session.get(Organisation, organisations[organisation])
        person = make_person(session, name, title=title, organisation=org)
        add_member(session, board, person)
        people[name] = person.id
    ivolt = make_body(session, "IVOLT", short_name="IVOLT", kind=BodyKind.SUBGROUP, parent=board)
    vawg = make_body(
        session,
        "Violence Against Women and Girls",
        short_name="VAWG",
        kind=BodyKind.SUBGROUP,
        parent=board,
    )
    chair = make_person(session, "Nathan Singleton")
    add_member(session, vawg, chair, role="Chair")
    people["Nathan Singleton"] = chair.id
    priorities = [
        Priority(plan="2019-2022", number=1, title="Keeping children and young people safe"),
        Priority(plan="2019-2022", number=2, title="Tackling violence against women and girls"),
    ]
    session.add_all(priorities)
    session.flush()
    meeting = make_meeting(
        session,
        board,
        dt.date(2022, 10, 5),
        items=["Introductions and apologies", "Declarations of interest", "Violence reduction"],
    )
    meeting.items[0].kind = ItemKind.INTRODUCTIONS
    meeting.items[1].kind = ItemKind.DECLARATIONS
    session.flush()
    add_missing_members(session, meeting.id)
    return LiveMeeting(
        meeting_id=meeting.id,
        board_id=board.id,
        subgroup_ids=[ivolt.id, vawg.id],
        item_ids=[i.id for i in meeting.items],
        person_ids=people,
        priority_ids=[p.id for p in priorities],
    )
