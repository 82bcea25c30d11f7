"""A small but complete board meeting for the export tests, built straight from models.

It has what the minutes must show: members, additional attendees and apologies with
roles, a late arrival, a restricted item with a paper and an action, bullets, decisions,
a declaration with withdrawal, reviewed actions from an earlier meeting, subgroup reports
(one not provided), amendments and next-meeting details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    ActionOwner,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    ActionUpdateSource,
    AgendaItem,
    Amendment,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    BodyKind,
    Decision,
    Declaration,
    ItemKind,
    Meeting,
    MeetingStatus,
    Paper,
    Rag,
    ReportStatus,
    SubgroupReport,
)
from tests.factories import NOW, make_body, make_organisation, make_person

RESTRICTED_SECRET = "Operation Nightjar covert tasking details"
RESTRICTED_ACTION = "brief the tasking group on Operation Nightjar"
FORMULA_TEXT = '=HYPERLINK("http://evil.example","click")'


@dataclass
class Scenario:
    board_id: int
    previous_id: int
    meeting_id: int
    restricted_action_ref: str
    public_action_ref: str
    formula_action_ref: str


def _action(
    session: Session,
    *,
    body_id: int,
    meeting: Meeting,
    item: AgendaItem,
    reference: str,
    text: str,
    owners: list[int],
    source_line: str | None,
    order: int,
    status: ActionStatus = ActionStatus.OPEN,
    due: dt.date | None = None,
    restricted: bool = False,
    updated_at: dt.datetime = NOW,
) -> Action:
    action = Action(
        reference=reference,
        body_id=body_id,
        raised_at_meeting_id=meeting.id,
        raised_at_item_id=item.id,
        text=text,
        due_date=due,
        status=status,
        completed_on=due if status is ActionStatus.COMPLETED else None,
        source_line=source_line,
        source_order=order,
        is_restricted=restricted,
        created_at=NOW,
        updated_at=updated_at,
    )
    for position, person_id in enumerate(owners):
        action.owner_links.append(ActionOwner(person_id=person_id, position=position))
    session.add(action)
    session.flush()
    return action


def build_scenario(session: Session) -> Scenario:
    board = make_body(session)
    vawg = make_body(
        session, "Violence Against Women and Girls", kind=BodyKind.SUBGROUP, parent=board
    )
    ivolt = make_body(session, "IVOLT", kind=BodyKind.SUBGROUP, parent=board)
    council = make_organisation(session, "Barking and Dagenham Council")
    police = make_organisation(session, "Metropolitan Police")
    chair = make_person(session, "Syed Ghani", title="Councillor", organisation=council)
    interim = make_person(session, "Stuart Bell", organisation=police)
    andy = make_person(session, "Andy Opie", organisation=council)
    chris = make_person(session, "Chris Lyons", organisation=council)
    angela = make_person(session, "Angela D’Urso", organisation=council)
    note_taker = make_person(session, "Ilirjeta Buzoku", organisation=council)
    late = make_person(session, "Maureen Worby", title="Councillor", organisation=council)
    apologies = make_person(session, "Fiona Taylor", organisation=police)
    substitute = make_person(session, "Zahid Iqbal", organisation=police)
    absent = make_person(session, "April Bald", organisation=police)

    previous = Meeting(
        body=board,
        date=dt.date(2022, 6, 29),
        start_time=dt.time(10, 0),
        end_time=dt.time(13, 0),
        venue="MS Teams",
        status=MeetingStatus.APPROVED,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(previous)
    prev_item = AgendaItem(position=1, number="4", title="Town centre", kind=ItemKind.TOPICAL)
    previous.items.append(prev_item)
    for person, status in (
        (chair, AttendanceStatus.PRESENT),
        (andy, AttendanceStatus.PRESENT),
        (apologies, AttendanceStatus.APOLOGIES),
        (absent, AttendanceStatus.ABSENT),
    ):
        session.add(Attendance(meeting=previous, person=person, status=status))
    session.flush()
    old_open = _action(
        session,
        body_id=board.id,
        meeting=previous,
        item=prev_item,
        reference="CSP-2022-06-29-01",
        text="Andy Opie to invite Street Space to the town centre meeting",
        owners=[andy.id],
        source_line=None,
        order=1,
        due=dt.date(2022, 9, 1),
    )
    old_done = _action(
        session,
        body_id=board.id,
        meeting=previous,
        item=prev_item,
        reference="CSP-2022-06-29-02",
        text="Angela D’Urso to set up VAWG strategic group meetings",
        owners=[angela.id],
        source_line=None,
        order=2,
        status=ActionStatus.COMPLETED,
        due=dt.date(2022, 8, 1),
    )

    meeting = Meeting(
        body=board,
        date=dt.date(2022, 10, 5),
        start_time=dt.time(10, 0),
        end_time=dt.time(13, 0),
        venue="MS Teams",
        contact_officer="Ilirjeta Buzoku, Community Safety Partnership Officer",
        status=MeetingStatus.MINUTES_DRAFTED,
        next_date=dt.date(2022, 12, 7),
        next_start_time=dt.time(10, 0),
        next_end_time=dt.time(13, 0),
        next_venue="BLC Conference Room",
        next_chair="TBC",
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(meeting)
    titles = [
        ("1", "Introductions and Apologies", ItemKind.INTRODUCTIONS, 2, False),
        ("2", "Declarations of Interest", ItemKind.DECLARATIONS, 2, False),
        ("3", "Minutes – Wednesday 29th June 2022", ItemKind.PREVIOUS_MINUTES, 10, False),
        ("4", "RESTRICTED: Crime and Disorder Strategic Assessment", ItemKind.TOPICAL, 30, True),
        ("5", "Plan for Community Safety Partnership 2023-2026", ItemKind.TOPICAL, 20, False),
        ("6", "Sub-Group Updates", ItemKind.SUBGROUP_UPDATES, 15, False),
        ("7", "Date of next meeting", ItemKind.NEXT_MEETING, 2, False),
    ]
    items = []
    for position, (number, title, kind, minutes, restricted) in enumerate(titles, start=1):
        item = AgendaItem(
            position=position,
            number=number,
            title=title,
            kind=kind,
            minutes_allocated=minutes,
            is_restricted=restricted,
            presenter="Daniel James"
            if number == "4"
            else ("Chris Lyons" if number == "5" else None),
        )
        meeting.items.append(item)
        items.append(item)
    items[0].minutes_text = "Councillor Ghani opened the meeting and apologies were noted."
    items[2].minutes_text = "The June 2022 CSP board minutes were approved."
    items[3].minutes_text = (
        f"{RESTRICTED_SECRET} were presented.\n"
        "- Burglary offences\n- Robbery offences\n"
        f"ACTION: Andy Opie to {RESTRICTED_ACTION}."
    )
    items[4].minutes_text = (
        "Chris Lyons presented that the 2019-2022 CSP Plan is coming to an end.\n"
        "Current priorities:\n"
        "- Keeping children and young people safe\n"
        "- Tackling violence against women and girls\n"
        "Action: Andy Opie and Chris Lyons to meet and create a timetable for the plan.\n"
        "A very long paragraph with curly quotes “like this”, an emoji 🚓, accents café, "
        "Arabic مرحبا and a control\x07 character that XML forbids.\n"
        # Every list form, so the byte-for-byte comparison covers numbering restarts.
        "Next steps:\n1. Draft the plan\na) consult partners\n2. Publish it\n"
        "  o in March\n• printed copies\n"
    )
    items[3].papers.append(
        Paper(
            name="Strategic Assessment 2021-22",
            size_bytes=119_808,
            file_name="cdsa.pdf",
            is_restricted=False,
        )
    )
    items[4].papers.append(Paper(name="CSP Plan update", size_bytes=65_536, file_name="plan.pdf"))
    items[4].decisions.append(
        Decision(text="The CSP board members approved the recommendation to hold a workshop.")
    )
    session.flush()

    attendance = [
        (chair, AttendanceStatus.PRESENT, True, AttendanceRole.CHAIR, None),
        (interim, AttendanceStatus.PRESENT, True, AttendanceRole.INTERIM_CHAIR, None),
        (andy, AttendanceStatus.PRESENT, True, None, None),
        (chris, AttendanceStatus.PRESENT, True, None, None),
        (angela, AttendanceStatus.PRESENT, True, None, None),
        (late, AttendanceStatus.PRESENT, True, None, None),
        (note_taker, AttendanceStatus.ADDITIONAL, False, AttendanceRole.NOTE_TAKER, None),
        (apologies, AttendanceStatus.APOLOGIES, True, None, None),
        (substitute, AttendanceStatus.PRESENT, False, AttendanceRole.SUBSTITUTE, apologies),
        (absent, AttendanceStatus.ABSENT, True, None, None),
    ]
    for position, (person, status, member, role, sub_for) in enumerate(attendance):
        row = Attendance(
            meeting=meeting,
            person=person,
            status=status,
            is_member=member,
            role=role,
            substitute_for=sub_for,
            position=position,
        )
        if person is late:
            row.arrived_at = dt.datetime(2022, 10, 5, 10, 25)
            row.arrived_during_item_id = items[4].id
        session.add(row)
    session.add(
        Declaration(
            meeting=meeting,
            person=angela,
            agenda_item_id=items[4].id,
            nature="trustee of a local charity",
            withdrew=True,
        )
    )
    for position, (subgroup, status, summary, rag) in enumerate(
        (
            (vawg, ReportStatus.WRITTEN, "The VAWG strategy refresh is under way.", Rag.AMBER),
            (ivolt, ReportStatus.NOT_PROVIDED, "", None),
        )
    ):
        session.add(
            SubgroupReport(
                meeting=meeting,
                subgroup=subgroup,
                status=status,
                summary=summary,
                rag=rag,
                author="Angela D’Urso" if summary else None,
                position=position,
            )
        )
    session.flush()

    restricted = _action(
        session,
        body_id=board.id,
        meeting=meeting,
        item=items[3],
        reference="CSP-2022-10-05-01",
        text=f"Andy Opie to {RESTRICTED_ACTION}",
        owners=[andy.id],
        source_line=f"ACTION: Andy Opie to {RESTRICTED_ACTION}.",
        order=1,
        due=dt.date(2022, 11, 30),
    )
    public = _action(
        session,
        body_id=board.id,
        meeting=meeting,
        item=items[4],
        reference="CSP-2022-10-05-02",
        text="Andy Opie and Chris Lyons to meet and create a timetable for the plan",
        owners=[andy.id, chris.id],
        source_line=(
            "Action: Andy Opie and Chris Lyons to meet and create a timetable for the plan."
        ),
        order=1,
        due=dt.date(2022, 12, 7),
    )
    formula = _action(
        session,
        body_id=board.id,
        meeting=meeting,
        item=items[4],
        reference="CSP-2022-10-05-03",
        text=FORMULA_TEXT,
        owners=[chris.id],
        source_line=None,
        order=2,
    )
    session.add(
        ActionUpdate(
            action=public,
            made_at=NOW,
            text="-5% budget agreed; draft timetable shared",
            source=ActionUpdateSource.MEETING,
        )
    )
    for position, action in enumerate((old_open, old_done)):
        session.add(
            ActionReview(
                meeting_id=meeting.id,
                action_id=action.id,
                agenda_item_id=items[2].id,
                position=position,
                status_at_review=action.status,
            )
        )
    session.add(
        Amendment(
            meeting_id=meeting.id,
            agenda_item_id=items[4].id,
            field="minutes_text",
            old_value="",
            new_value="Added Nathan Singleton",
            reason="omitted attendee",
            author="test.user",
            made_at=NOW,
        )
    )
    session.flush()
    return Scenario(
        board_id=board.id,
        previous_id=previous.id,
        meeting_id=meeting.id,
        restricted_action_ref=restricted.reference,
        public_action_ref=public.reference,
        formula_action_ref=formula.reference,
    )
