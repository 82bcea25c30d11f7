"""A demo archive that reads like the real thing, built through the services.

Two years of a (fictional) London borough's Community Safety Partnership: the board with
its five subgroups plus the Safer Neighbourhood Board and Safeguarding Boards reporting
in, the plan's five priorities, ten quarterly board meetings and a handful of subgroup
meetings. Everything goes through the same service functions the window uses:
`create_meeting` lays out standing items, roster, forward-plan items and the actions
carried forward; attendance is marked, the live clock run item by item, minutes typed
and their ACTION lines captured by `sync_item_actions`, actions updated from returned
trackers, subgroup reports written, forward-plan entries raised, deferred and done,
minutes approved at the next meeting and one approved record amended.

Structure, topics and wording follow the published minutes in `shared/seeds/`; the
people are invented (no name from the seeds), the organisations are real-looking.
The result is deterministic: the same seed gives the same archive.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdateSource,
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    ForwardPlanStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Paper,
    Person,
    Priority,
    Rag,
    ReportStatus,
)
from csp_desktop.services import actions as action_service
from csp_desktop.services import agenda, attendance, forward_plan, item_records, subgroups
from csp_desktop.services.action_parser import find_action_lines
from csp_desktop.services.bodies import add_membership, create_body
from csp_desktop.services.demo_content import Topic, load_demo_content
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.meetings import create_meeting, set_meeting_status
from csp_desktop.services.minutes import amend_minutes, approve_minutes, save_minutes
from csp_desktop.services.people import find_or_create_person

# The content (people, seats, subgroups, meetings, minutes, plan) is data: resources/demo/.
CONTENT = load_demo_content()
DEMO_SEED = CONTENT.seed
DEMO_USER = CONTENT.note_taker_login
PLAN = CONTENT.plan
IN_PERSON = CONTENT.in_person
ONLINE = CONTENT.online
CONTACT = CONTENT.contact_officer
PEOPLE = CONTENT.people
BOARD_SEATS = CONTENT.board_seats
SUBGROUPS = CONTENT.subgroups
PRIORITIES = CONTENT.priorities
BOARD_DATES = CONTENT.board_dates
BOARD_TOPICS = CONTENT.board_topics
SUBGROUP_SUMMARIES = CONTENT.report_summaries
SUBGROUP_TOPICS = CONTENT.subgroup_topics
PROGRESS_NOTES = CONTENT.progress_notes


class _DemoClock:
    """The demo's time: moved by hand from meeting to meeting; the note taker's name."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def now(self) -> dt.datetime:
        return self.current

    def today(self) -> dt.date:
        return self.current.date()

    def user(self) -> str:
        return DEMO_USER

    def set(self, day: dt.date, hour: int = 9, minute: int = 0) -> None:
        self.current = dt.datetime.combine(day, dt.time(hour, minute))

    def advance(self, minutes: float) -> None:
        self.current += dt.timedelta(minutes=minutes)


class _Name:
    """A person as the minutes text names them: {key}, {key.full}, {key.first}..."""

    def __init__(self, person: Person) -> None:
        self.full = person.name
        self.first = person.first_name
        self.initials = person.initials
        self.short = (
            f"{person.title} {person.last_name}" if person.title == "Councillor" else person.name
        )

    def __str__(self) -> str:
        return self.short

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` made, for the command's message and the tests."""

    bodies: int
    people: int
    meetings: int
    board_meetings: int
    actions: int
    richest_meeting_id: int
    richest_label: str


@dataclass
class _Demo:
    session: Session
    clock: _DemoClock
    rng: random.Random
    people: dict[str, Person] = field(default_factory=dict)
    names: dict[str, _Name] = field(default_factory=dict)
    board: Body | None = None
    bodies: dict[str, Body] = field(default_factory=dict)
    priorities: dict[int, Priority] = field(default_factory=dict)

    # --------------------------------------------------------------------- set-up

    def person(self, key: str) -> Person:
        return self.people[key]

    def add_topic(self, meeting: Meeting, topic: Topic) -> None:
        """Put a topical item on the meeting's agenda, presented by the topic's person."""
        agenda.add_item(
            self.session,
            meeting.id,
            agenda.ItemSpec(
                title=topic.title,
                presenter=self.person(topic.presenter).display_name,
                minutes_allocated=topic.minutes,
                is_restricted=topic.restricted,
            ),
            self.clock,
        )

    def set_up(self) -> None:
        for key, (name, organisation, job_title) in PEOPLE.items():
            person = find_or_create_person(self.session, name, organisation=organisation)
            person.job_title = job_title
            self.people[key] = person
            self.names[key] = _Name(person)
        board = create_body(
            self.session,
            "Community Safety Partnership Board",
            "CSP",
            BodyKind.BOARD,
            quorum=5,
            default_venue=ONLINE,
            default_start=dt.time(10, 0),
            default_end=dt.time(13, 0),
        )
        self.board = board
        for key, role, start, end in BOARD_SEATS:
            add_membership(
                self.session,
                board.id,
                self.person(key).id,
                role=role,
                from_date=start or dt.date(2024, 4, 1),
                to_date=end,
            )
        for number, title, description in PRIORITIES:
            priority = Priority(plan=PLAN, number=number, title=title, description=description)
            self.session.add(priority)
            self.priorities[number] = priority
        self.session.flush()
        for name, short, kind, chair, priority_number, members in SUBGROUPS:
            body = create_body(
                self.session,
                name,
                short,
                kind,
                parent=board,
                quorum=3 if kind is BodyKind.SUBGROUP else None,
                default_venue=ONLINE,
                default_start=dt.time(14, 0),
                default_end=dt.time(15, 30),
            )
            self.bodies[short] = body
            add_membership(
                self.session,
                body.id,
                self.person(chair).id,
                role="Chair",
                from_date=dt.date(2024, 4, 1),
            )
            for member in members:
                add_membership(
                    self.session,
                    body.id,
                    self.person(member).id,
                    from_date=dt.date(2024, 4, 1),
                )
            if priority_number is not None:
                self.priorities[priority_number].owners.append(body)
        self.session.flush()

    # --------------------------------------------------------------------- text

    def figures(self) -> dict[str, str]:
        rng = self.rng
        return {
            "n1": f"{rng.randint(40, 980):,}",
            "n2": f"{rng.randint(120, 4200):,}",
            "n3": f"{rng.randint(10, 90):,}",
            "big": f"{rng.randint(18000, 23500):,}",
            "p1": f"{rng.uniform(2, 40):.1f}",
            "p2": f"{rng.uniform(2, 60):.1f}",
            "p3": f"{rng.uniform(1, 25):.1f}",
            "rank": str(rng.randint(3, 24)),
        }

    def fill(self, template: str, figures: dict[str, str], presenter: str) -> str:
        return template.format(**self.names, **figures, presenter=self.names[presenter])

    def minutes_for(self, topic: Topic) -> tuple[str, list[str]]:
        """The item's minutes text and the ACTION lines in it."""
        figures = self.figures()
        blocks = [self.fill(p, figures, topic.presenter) for p in topic.paragraphs]
        if topic.bullets:
            blocks.append(
                "\n".join(f"- {self.fill(b, figures, topic.presenter)}" for b in topic.bullets)
            )
        blocks.extend(self.fill(d, figures, topic.presenter) for d in topic.discussion)
        lines = [
            f"ACTION: {self.fill(owners, figures, topic.presenter)} to "
            f"{self.fill(task, figures, topic.presenter)}."
            for owners, task in topic.actions
        ]
        blocks.extend(lines)
        return "\n\n".join(blocks), lines

    # --------------------------------------------------------------------- meetings

    def write_item(self, item: AgendaItem, text: str) -> list[int]:
        """Type the minutes and capture their ACTION lines, as the note taker would."""
        save_minutes(self.session, item.id, text, self.clock)
        if not find_action_lines(text):
            return []  # nothing to capture (the window syncs anyway; the result is the same)
        result = action_service.sync_item_actions(self.session, item.id, self.clock)
        return list(result.created)

    def run_board_meeting(self, index: int, previous: Meeting | None) -> Meeting:
        assert self.board is not None
        date = BOARD_DATES[index]
        final = index == len(BOARD_DATES) - 1
        self.between_meetings(previous, date)
        self.clock.set(date - dt.timedelta(days=21))
        venue = IN_PERSON if index % 3 == 1 else ONLINE
        meeting = create_meeting(
            self.session, self.board.id, date, self.clock, venue=venue, contact_officer=CONTACT
        )
        topics = {topic.title: topic for topic in BOARD_TOPICS[index]}
        scheduled = {item.title for item in meeting.items}
        for topic in BOARD_TOPICS[index]:
            if topic.title not in scheduled:
                self.add_topic(meeting, topic)
        self.session.refresh(meeting)
        for item in meeting.items:
            planned = topics.get(item.title)
            if planned and planned.paper:
                name, kilobytes = planned.paper
                item.papers.append(
                    Paper(name=name, size_bytes=kilobytes * 1024, is_restricted=planned.restricted)
                )
            if item.kind is ItemKind.PREVIOUS_MINUTES and previous is not None:
                item.papers.append(
                    Paper(name=f"Minutes of {uk_date(previous.date)}", size_bytes=117 * 1024)
                )
        if final:
            self.session.flush()
            return meeting  # the next meeting: a draft agenda, nothing minuted yet
        set_meeting_status(self.session, meeting.id, MeetingStatus.AGENDA_ISSUED, self.clock)
        self.mark_attendance(meeting, index)
        self.minute_meeting(meeting, index, previous, topics)
        return meeting

    def between_meetings(self, previous: Meeting | None, date: dt.date) -> None:
        """Owners send back the tracker: progress notes, some done, one dropped."""
        if previous is None:
            return
        self.clock.set(date - dt.timedelta(days=24), 15, 30)
        open_actions = self.session.scalars(
            select(Action)
            .where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
            .order_by(Action.reference)
        ).all()
        for number, action in enumerate(open_actions):
            roll = self.rng.random()
            if action.status is ActionStatus.OPEN and roll < 0.35:
                action_service.set_action_status(
                    self.session,
                    action.id,
                    ActionStatus.IN_PROGRESS,
                    self.clock,
                    note=self.rng.choice(PROGRESS_NOTES),
                    source=ActionUpdateSource.TRACKER,
                )
            elif roll < 0.45:
                action_service.set_action_status(
                    self.session,
                    action.id,
                    ActionStatus.COMPLETED,
                    self.clock,
                    note="Done; confirmed by the owner on the returned tracker.",
                    source=ActionUpdateSource.TRACKER,
                )
            elif roll > 0.97 or (number == 0 and previous.date == BOARD_DATES[5]):
                action_service.set_action_status(
                    self.session,
                    action.id,
                    ActionStatus.DROPPED,
                    self.clock,
                    note="No longer needed: overtaken by the CSP Plan 2026-2029 work.",
                    source=ActionUpdateSource.TRACKER,
                )
            elif roll < 0.65:
                action_service.add_action_update(
                    self.session,
                    action.id,
                    self.rng.choice(PROGRESS_NOTES),
                    self.clock,
                    source=ActionUpdateSource.TRACKER,
                )

    def mark_attendance(self, meeting: Meeting, index: int) -> None:
        chair_away = index == 4
        rows = attendance.roster(self.session, meeting.id)
        by_person = {row.person_id: row for row in rows}
        must_attend = {"csp_manager", "head_cs", "chair"} | _owner_keys(index)
        if chair_away:
            must_attend.discard("chair")
        for key, person in self.people.items():
            row = by_person.get(person.id)
            if row is None:
                continue
            if key in must_attend:
                status = AttendanceStatus.PRESENT
            elif key == "chair" and chair_away:
                status = AttendanceStatus.APOLOGIES
            elif key == "supt" and index == 8:
                status = AttendanceStatus.APOLOGIES  # a substitute comes instead
            else:
                roll = self.rng.random()
                status = (
                    AttendanceStatus.PRESENT
                    if roll < 0.78
                    else AttendanceStatus.APOLOGIES
                    if roll < 0.94
                    else AttendanceStatus.ABSENT
                )
            attendance.mark(self.session, row.id, status)
        if chair_away:
            # The chair's seat role comes with the roster; today someone else chairs.
            attendance.set_role(self.session, by_person[self.person("chair").id].id, None)
        chair_key = "head_cs" if chair_away else "chair"
        chair_row = by_person[self.person(chair_key).id]
        attendance.set_role(
            self.session,
            chair_row.id,
            AttendanceRole.INTERIM_CHAIR if chair_away else AttendanceRole.CHAIR,
        )
        self.add_guest(meeting, "note_taker", AttendanceRole.NOTE_TAKER)
        presenters = {topic.presenter for topic in BOARD_TOPICS[index]}
        for key in sorted(must_attend, key=list(PEOPLE).index):
            if self.person(key).id not in by_person:
                role = AttendanceRole.PRESENTER if key in presenters else None
                self.add_guest(meeting, key, role)
        if index == 8:
            substitute = self.add_guest(meeting, "ch_insp", AttendanceRole.SUBSTITUTE)
            attendance.set_role(
                self.session,
                substitute,
                AttendanceRole.SUBSTITUTE,
                substitute_for_id=self.person("supt").id,
            )
            self.add_guest(meeting, "housing", None)
        if index in (3, 8):
            self.add_guest(meeting, "mopac", None)

    def add_guest(self, meeting: Meeting, key: str, role: AttendanceRole | None) -> int:
        name, organisation, _job = PEOPLE[key]
        row = attendance.add_attendee(
            self.session, meeting.id, f"{name}, {organisation}", role=role
        )
        return row.id

    def minute_meeting(
        self,
        meeting: Meeting,
        index: int,
        previous: Meeting | None,
        topics: dict[str, Topic],
    ) -> None:
        self.clock.set(meeting.date, 10, self.rng.randint(0, 4))
        agenda.start_meeting(self.session, meeting.id, self.clock)
        late = self.late_arrival(meeting)
        items = list(meeting.items)
        raised_at_item: dict[int, list[int]] = {}
        for position, item in enumerate(items):
            if position == 3 and late is not None:
                attendance.stamp_arrival(self.session, late, self.clock)
            text = self.standing_text(meeting, item, index, previous)
            topic = topics.get(item.title)
            if topic is not None:
                text, _lines = self.minutes_for(topic)
            if text:
                raised_at_item[item.id] = self.write_item(item, text)
            if topic is not None:
                for decision in topic.decisions:
                    item_records.add_decision(self.session, item.id, decision)
            if item.kind is ItemKind.DECLARATIONS and index in (2, 8):
                self.declare(meeting, items, index)
            allocated = item.minutes_allocated or 5
            self.clock.advance(allocated * self.rng.uniform(0.7, 1.3))
            if position == len(items) - 2 and index == 8:
                leaver = self.early_leaver(meeting)
                if leaver is not None:
                    attendance.stamp_departure(self.session, leaver, self.clock)
            if position < len(items) - 1:
                agenda.next_item(self.session, meeting.id, self.clock)
        agenda.end_meeting(self.session, meeting.id, self.clock)
        self.report_in(meeting, index)
        self.plan_ahead(meeting, index)
        self.set_due_dates(raised_at_item, index)
        next_date = BOARD_DATES[index + 1]
        item_records.set_next_meeting(
            self.session,
            meeting.id,
            item_records.NextMeeting(
                date=next_date,
                start_time=dt.time(10, 0),
                end_time=dt.time(13, 0),
                venue=IN_PERSON if (index + 1) % 3 == 1 else ONLINE,
                chair=self.names["chair"].short,
            ),
        )
        set_meeting_status(self.session, meeting.id, MeetingStatus.MINUTES_DRAFTED, self.clock)
        if previous is not None:
            approve_minutes(self.session, previous.id, self.clock, at_meeting_id=meeting.id)
            if index == 6:
                self.amend(previous, meeting)

    def late_arrival(self, meeting: Meeting) -> int | None:
        present = [
            row
            for row in meeting.attendance
            if row.is_member and row.status is AttendanceStatus.PRESENT and row.role is None
        ]
        present.sort(key=lambda row: row.position)
        return self.rng.choice(present).id if present else None

    def early_leaver(self, meeting: Meeting) -> int | None:
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

    def declare(self, meeting: Meeting, items: Sequence[AgendaItem], index: int) -> None:
        topical = [item for item in items if item.kind is ItemKind.TOPICAL]
        if index == 2:
            item_records.add_declaration(
                self.session,
                meeting.id,
                self.person("womens_aid").id,
                agenda_item_id=topical[0].id,
                nature="Eastmarsh Women's Aid receives funding from the drugs and alcohol "
                "treatment contract.",
                withdrew=False,
            )
        else:
            item_records.add_declaration(
                self.session,
                meeting.id,
                self.person("cllr_health").id,
                agenda_item_id=topical[-1].id,
                nature="Trustee of a local housing charity that bids for the accommodation "
                "service.",
                withdrew=True,
            )

    def standing_text(
        self, meeting: Meeting, item: AgendaItem, index: int, previous: Meeting | None
    ) -> str:
        names = self.names
        chair = names["head_cs"] if index == 4 else names["chair"]
        if item.kind is ItemKind.INTRODUCTIONS:
            return (
                f"{chair} opened the {meeting.date:%B %Y} Community Safety Partnership (CSP) "
                "board, welcomed members and noted apologies."
            )
        if item.kind is ItemKind.DECLARATIONS:
            return "" if index in (2, 8) else "No declarations of interest to note."
        if item.kind is ItemKind.PREVIOUS_MINUTES:
            return self.review_text(meeting, previous)
        if item.kind is ItemKind.FORWARD_PLAN:
            upcoming = BOARD_TOPICS[index + 1]
            lines = "\n".join(
                f"- {topic.title} ({self.names[topic.presenter].full})" for topic in upcoming
            )
            return (
                "The board reviewed the CSP forward plan and agreed the items listed for the "
                f"{BOARD_DATES[index + 1]:%B %Y} board:\n\n{lines}\n\n"
                f"ACTION: {names['note_taker'].first} to update the forward plan and circulate "
                f"it to members with the {BOARD_DATES[index + 1]:%B %Y} agenda."
            )
        if item.kind is ItemKind.ANY_OTHER_BUSINESS:
            if index % 3 != 2:
                return "No notable updates."
            return (
                f"{names['cvs' if index > 3 else 'dwp']} asked that the voluntary sector forum "
                "is invited to contribute to the next strategic assessment.\n\n"
                f"ACTION: {names['analyst'].full} to invite the voluntary sector forum to "
                "contribute data to the strategic assessment by the end of "
                f"{meeting.date + dt.timedelta(days=45):%B %Y}."
            )
        if item.kind is ItemKind.SUBGROUP_UPDATES:
            text = "Sub-group chairs presented their updates; see the sub-group reports."
            if index % 2 == 1:
                text += (
                    "\n\nThe board reminded chairs that every sub-group should report each "
                    f"quarter.\n\nACTION: {names['csp_manager'].full} to write to sub-group "
                    f"chairs who did not provide an update for the {meeting.date:%B %Y} board."
                )
            return text
        if item.kind is ItemKind.NEXT_MEETING:
            following = BOARD_DATES[index + 1]
            venue = IN_PERSON if (index + 1) % 3 == 1 else ONLINE
            return (
                f"Community Safety Partnership Board\n{uk_date(following)}, 10:00-13:00\n"
                f"{venue}\nChair: {names['chair'].short}"
            )
        return ""

    def review_text(self, meeting: Meeting, previous: Meeting | None) -> str:
        if previous is None:
            return (
                "This is the first meeting of the refreshed board; there are no previous "
                "minutes to approve."
            )

        # The review is recorded on the action records (status at review), not pasted as
        # text: the minutes list the reviewed actions from those records, so the public
        # version withholds restricted ones like everything else.
        reviews = self.session.scalars(
            select(ActionReview)
            .where(ActionReview.meeting_id == meeting.id)
            .order_by(ActionReview.position)
        ).all()
        for review in reviews:
            action = review.action
            if action.status is ActionStatus.COMPLETED or self.rng.random() < 0.35:
                review.status_at_review = ActionStatus.COMPLETED
            else:
                review.status_at_review = action.status
        self.session.flush()
        text = (
            f"The minutes of the meeting held on {uk_date(previous.date)} were agreed as a "
            "correct record."
        )
        if reviews:
            text += " The board reviewed the actions from that meeting; their status is below."
        return text

    def report_in(self, meeting: Meeting, index: int) -> None:
        """Each subgroup's update: written, verbal or not provided, with a RAG rating."""
        for row in subgroups.list_reports(self.session, meeting.id):
            body = self.session.get(Body, row.subgroup_id)
            assert body is not None
            spec = next(s for s in SUBGROUPS if s[1] == body.short_name)
            roll = self.rng.random()
            if roll < 0.2 and not (index == 8 and body.short_name in ("VAWG", "HCIE")):
                continue  # no update provided by the subgroup chair
            summary = self.rng.choice(SUBGROUP_SUMMARIES[body.short_name])
            if index == 8 and body.short_name == "HCIE":
                summary += (
                    "\n\nACTION: Aisha Rahman to share the Hate Crime Awareness Week "
                    "programme with board members."
                )
            subgroups.set_summary(self.session, row.id, summary, self.clock)
            subgroups.set_status(
                self.session,
                row.id,
                ReportStatus.WRITTEN if roll < 0.75 else ReportStatus.VERBAL,
            )
            subgroups.set_author(self.session, row.id, self.names[spec[3]].full)
            rag = self.rng.choices([Rag.GREEN, Rag.AMBER, Rag.RED], weights=[5, 3, 1])[0]
            subgroups.set_rag(self.session, row.id, rag)
            if spec[4] is not None:
                subgroups.set_priorities(self.session, row.id, [self.priorities[spec[4]].id])

    def plan_ahead(self, meeting: Meeting, index: int) -> None:
        """Forward plan: next meeting's first topic is asked for here, so `create_meeting`
        schedules it; one entry deferred; entries delivered today marked done."""
        assert self.board is not None
        for entry in forward_plan.list_entries(self.session, self.board.id):
            if entry.agenda_item_id is not None and entry.status is ForwardPlanStatus.SCHEDULED:
                item = self.session.get(AgendaItem, entry.agenda_item_id)
                if item is not None and item.meeting_id == meeting.id:
                    forward_plan.set_status(self.session, entry.id, ForwardPlanStatus.DONE)
        upcoming = BOARD_TOPICS[index + 1][0]
        forward_plan.add_entry(
            self.session,
            self.board.id,
            forward_plan.EntrySpec(
                title=upcoming.title,
                presenter=self.person(upcoming.presenter).display_name,
                target_month=BOARD_DATES[index + 1].replace(day=1),
                minutes_allocated=upcoming.minutes,
                is_restricted=upcoming.restricted,
            ),
            raised_at_meeting_id=meeting.id,
        )
        if index == 5:
            deferred = forward_plan.add_entry(
                self.session,
                self.board.id,
                forward_plan.EntrySpec(
                    title="Resettlement and housing for prison leavers",
                    presenter=self.person("probation").display_name,
                    target_month=BOARD_DATES[7].replace(day=1),
                    minutes_allocated=15,
                ),
                raised_at_meeting_id=meeting.id,
            )
            forward_plan.defer_entry(
                self.session,
                deferred,
                self.clock,
                to_month=BOARD_DATES[8].replace(day=1),
                reason="the accommodation pathway evaluation reports in August",
            )
        if index == 8:
            held_over = forward_plan.add_entry(
                self.session,
                self.board.id,
                forward_plan.EntrySpec(
                    title="Serious Violence Duty: year two strategy",
                    presenter=self.person("vru").display_name,
                    target_month=BOARD_DATES[9].replace(day=1),
                    minutes_allocated=20,
                    is_restricted=True,
                ),
                raised_at_meeting_id=meeting.id,
            )
            forward_plan.defer_entry(
                self.session,
                held_over,
                self.clock,
                to_month=dt.date(2027, 3, 1),
                reason="the VRU's London-wide review will not report until February",
            )
            for title, presenter, month in (
                ("Women's safety audit of Eastmarsh Town Centre", "vawg_lead", dt.date(2027, 3, 1)),
                ("Combating Drugs Partnership annual report", "public_health", dt.date(2027, 3, 1)),
                ("Youth Safety Summit 2027 findings", "youth_charity", dt.date(2027, 6, 1)),
            ):
                forward_plan.add_entry(
                    self.session,
                    self.board.id,
                    forward_plan.EntrySpec(
                        title=title,
                        presenter=self.person(presenter).display_name,
                        target_month=month,
                        minutes_allocated=15,
                    ),
                    raised_at_meeting_id=meeting.id,
                )

    def set_due_dates(self, raised: dict[int, list[int]], index: int) -> None:
        due = BOARD_DATES[index + 1]
        for action_ids in raised.values():
            for action_id in action_ids:
                if self.rng.random() < 0.6:
                    action_service.set_action_fields(
                        self.session,
                        action_id,
                        self.clock,
                        due_date=due - dt.timedelta(days=14),
                        due_text=f"Before the {due:%B %Y} board",
                    )

    def amend(self, approved: Meeting, at: Meeting) -> None:
        item = next(i for i in approved.items if i.kind is ItemKind.INTRODUCTIONS)
        amend_minutes(
            self.session,
            item.id,
            item.minutes_text + f" Apologies were also received from {self.names['cvs'].full}.",
            f"Confirmed as correct at the meeting of {uk_date(at.date)} with the addition of "
            f"{self.names['cvs'].full}'s apologies.",
            self.clock,
            agreed_at_meeting_id=at.id,
        )

    # --------------------------------------------------------------------- subgroups

    def run_subgroup_meetings(self) -> int:
        count = 0
        for short, dates in CONTENT.subgroup_meeting_dates.items():
            body = self.bodies[short]
            previous: Meeting | None = None
            for number, date in enumerate(dates):
                self.clock.set(date - dt.timedelta(days=14))
                meeting = create_meeting(self.session, body.id, date, self.clock)
                topic = SUBGROUP_TOPICS[short][number % len(SUBGROUP_TOPICS[short])]
                self.add_topic(meeting, topic)
                self.session.refresh(meeting)
                for row in attendance.roster(self.session, meeting.id):
                    roll = self.rng.random()
                    attendance.mark(
                        self.session,
                        row.id,
                        AttendanceStatus.PRESENT if roll < 0.8 else AttendanceStatus.APOLOGIES,
                    )
                chair = next(
                    row
                    for row in attendance.roster(self.session, meeting.id)
                    if row.person_id == self.person(SUBGROUP_CHAIRS[short]).id
                )
                attendance.mark(self.session, chair.id, AttendanceStatus.PRESENT)
                attendance.set_role(self.session, chair.id, AttendanceRole.CHAIR)
                self.add_guest(meeting, "note_taker", AttendanceRole.NOTE_TAKER)
                self.clock.set(date, 14, 0)
                agenda.start_meeting(self.session, meeting.id, self.clock)
                for position, item in enumerate(meeting.items):
                    if item.title == topic.title:
                        text, _ = self.minutes_for(topic)
                    else:
                        text = self.subgroup_standing_text(item, previous, meeting)
                    if text:
                        self.write_item(item, text)
                    self.clock.advance((item.minutes_allocated or 5) * self.rng.uniform(0.7, 1.2))
                    if position < len(meeting.items) - 1:
                        agenda.next_item(self.session, meeting.id, self.clock)
                agenda.end_meeting(self.session, meeting.id, self.clock)
                set_meeting_status(
                    self.session, meeting.id, MeetingStatus.MINUTES_DRAFTED, self.clock
                )
                if previous is not None:
                    approve_minutes(self.session, previous.id, self.clock, at_meeting_id=meeting.id)
                previous = meeting
                count += 1
        return count

    def subgroup_standing_text(
        self, item: AgendaItem, previous: Meeting | None, meeting: Meeting
    ) -> str:
        if item.kind is ItemKind.INTRODUCTIONS:
            return "The chair welcomed members and apologies were noted."
        if item.kind is ItemKind.DECLARATIONS:
            return "No declarations of interest to note."
        if item.kind is ItemKind.PREVIOUS_MINUTES:
            return self.review_text(meeting, previous)
        if item.kind is ItemKind.ANY_OTHER_BUSINESS:
            return "No notable updates."
        return ""


SUBGROUP_CHAIRS = {spec[1]: spec[3] for spec in SUBGROUPS}


def _owner_keys(index: int) -> set[str]:
    """Everyone who presents or is named as an action owner at board meeting `index`:
    they are in the room, so their ACTION lines match them."""
    keys = {"note_taker"}
    for topic in BOARD_TOPICS[index]:
        keys.add(topic.presenter)
        for owners, _task in topic.actions:
            keys.update(re.findall(r"\{(\w+)\.", owners))
    if index % 3 == 2:
        keys.add("analyst")  # named in that meeting's any-other-business action
    return keys


def count_meetings(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Meeting)) or 0


def count_bodies(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Body)) or 0


def build_demo(session: Session, *, seed: int = DEMO_SEED) -> DemoSummary:
    """Fill an empty database with the demo archive (flushed, not committed).

    The demo keeps its own time, so the archive is the same whenever it is built.
    """
    clock = _DemoClock(dt.datetime(2024, 4, 1, 9, 0))
    demo = _Demo(session=session, clock=clock, rng=random.Random(seed))
    demo.set_up()
    previous: Meeting | None = None
    boards: list[Meeting] = []
    for index in range(len(BOARD_DATES)):
        meeting = demo.run_board_meeting(index, previous)
        boards.append(meeting)
        previous = meeting
    subgroup_meetings = demo.run_subgroup_meetings()
    session.flush()
    # The plan, milestones, linked actions and chases (issue 17), added after the meetings.
    from csp_desktop.services.demo_plan import add_demo_plan

    add_demo_plan(session, PLAN, CONTENT.plan_title)
    richest = boards[-2]
    return DemoSummary(
        bodies=session.scalar(select(func.count()).select_from(Body)) or 0,
        people=session.scalar(select(func.count()).select_from(Person)) or 0,
        meetings=len(boards) + subgroup_meetings,
        board_meetings=len(boards),
        actions=session.scalar(select(func.count()).select_from(Action)) or 0,
        richest_meeting_id=richest.id,
        richest_label=f"{richest.body.name}, {uk_date(richest.date)}",
    )


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    """The meeting's attendance in roster order (a helper for the demo's tests)."""
    return sorted(meeting.attendance, key=lambda row: (row.position, row.id))
