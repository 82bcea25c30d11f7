"""Build a realistic multi-year archive through the app's own services.

    python benchmarks/make_archive.py archive.db --years 10 [--seed 7]

A board meeting quarterly and six subgroups meeting every two months: for ten years
that is about 400 meetings, 12,000 attendance rows, 6,000 actions (each raised by an
ACTION line typed into the minutes and synced by `actions.sync_item_actions`, then
updated, completed or dropped at later meetings) and about 2 MB of minutes text.
Memberships change over the years, minutes are approved at the next meeting, and the
most recent meeting of each body is still being typed, as on a real officer's laptop.

Everything is written through the services (bodies, people, meetings, agenda, minutes,
actions, attendance, subgroups), one transaction per meeting, so the archive has the
shape the app itself produces, and benchmark figures measured on it mean something.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.models import Action, AgendaItem, Attendance, Meeting
from csp_desktop.models.base import (
    ActionStatus,
    AttendanceRole,
    AttendanceStatus,
    BodyKind,
    ItemKind,
    Rag,
    ReportStatus,
)
from csp_desktop.services import actions, agenda, attendance, bodies, meetings, minutes, people
from csp_desktop.services import subgroups as subgroup_reports
from csp_desktop.storage import Database, open_database

# --- vocabulary (from the published minutes in /work/shared/seeds) ------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Andy Alison Angie Angela Chris Elizabeth Maureen Syed Daniel Narinder Nathan Pip "
    "Stuart Zahid Amolak Gary Ilirjeta Simon Steve April Fiona Jennie Tamara Martin Paul "
    "Tegan Phillipa Sarah Mohammed Priya Grace Oluwaseun Helen David Rebecca Imran Joanne "
    "Kwame Laura Michael Nadia Owen Rachel Sunita Thomas Uzma Victoria William Yvonne"
)
LAST_NAMES = _words(
    "Opie Stuart Fuller D'Urso Lyons Kangethe Worby Ghani James Dail Singleton Jones Bell "
    "Iqbal Tatter Buzoku Cornwall Calder Bald Taylor Coombes Barnett Rolston Waller Mills "
    "Banister Ahmed Patel Okafor Adeyemi Clarke Hughes Khan Murphy Mensah Walker Hussain "
    "Evans Chaudhry Thompson Wright Begum Robinson Osei Harris Ward Morgan Kaur Foster"
)
ORGANISATIONS = (
    "London Borough of Barking and Dagenham",
    "Metropolitan Police Service",
    "London Fire Brigade",
    "National Probation Service",
    "NHS North East London",
    "Youth Offending Service",
    "Public Health",
    "Victim Support",
    "Safer Neighbourhood Board",
    "Barking and Dagenham Council for Voluntary Service",
    "Community Solutions",
    "Housing Services",
    "Mayor's Office for Policing and Crime",
    "Refuge",
)
SUBGROUPS = (
    ("Contextual Safeguarding and Exploitation", "CSE"),
    ("IVOLT", "IVOLT"),
    ("Reducing Re-offending", "RRO"),
    ("Hate Crime Intolerance and Extremism", "HCIE"),
    ("Violence Against Women and Girls", "VAWG"),
    ("Anti-social Behaviour", "ASB"),
)
TOPICS = (
    "Police performance update",
    "Serious youth violence",
    "Knife crime and weapons sweeps",
    "Domestic abuse commissioning",
    "Drugs market and the national drug strategy",
    "Hate crime awareness week",
    "Prevent duty and Channel panel",
    "Town centre safety and Street Space",
    "Anti-social behaviour case review",
    "Community trigger and ASB powers",
    "Integrated offender management",
    "Resettlement of prison leavers",
    "Exploitation hotspots and missing children",
    "Safer streets funding bid",
    "CCTV upgrade programme",
    "Strategic assessment and partnership plan refresh",
    "MARAC performance and referrals",
    "Night-time economy and licensing",
    "Modern slavery and human trafficking",
    "Youth offending service inspection",
    "Parks safety audit",
    "Violence reduction unit funding",
    "Fire safety in high-rise housing",
    "Mental health crisis response",
)
SENTENCES = (
    "{name} gave an overview of the figures for the last quarter, noting a {n} per cent "
    "change in recorded offences compared with the same period last year.",
    "{name} explained that partners had met twice since the last board to agree the "
    "priorities for the coming year and that the action plan had been refreshed.",
    "Councillor {last} questioned whether the funding would continue beyond March and "
    "asked for a breakdown by ward at the next meeting.",
    "The board noted that {n} referrals had been received, most of them from schools and "
    "the police, and that waiting times had fallen.",
    "{name} highlighted the work of the outreach team in the town centre, where patrols "
    "had been increased on Friday and Saturday evenings.",
    "Members discussed the data on repeat victims and agreed that the analysis should be "
    "shared with the subgroup chairs before it is published.",
    "{name} reported that the consultation had closed with {n} responses and that the "
    "findings would shape the next version of the strategy.",
    "It was noted that the partnership had been successful in its bid and that recruitment "
    "to the two new posts was under way.",
    "{name} raised concerns about the capacity of the service over the summer holidays and "
    "asked partners to share their staffing plans.",
    "The chair thanked {name} for the presentation and for the work of the team.",
    "The board members approved the recommendation to extend the pilot for a further "
    "{n} months, subject to the evaluation being brought back to the board.",
    "{name} advised that the training offer had reached {n} frontline staff and that a "
    "further round would be offered in the spring.",
    "Partners agreed that the performance framework should include measures of victim "
    "satisfaction as well as volumes.",
    "{name} noted that the figures for the borough remained below the London average, but "
    "that the gap had narrowed over the year.",
)
TASKS = (
    "share the quarterly performance data with board members before the next meeting",
    "circulate the refreshed action plan to all partners",
    "invite the Violence Reduction Unit to present at a future board",
    "provide a breakdown of referrals by ward",
    "arrange a workshop on the strategic assessment with subgroup chairs",
    "send the evaluation report of the pilot to the board",
    "update the board on the outcome of the funding bid",
    "confirm the dates of the hate crime awareness week events",
    "contact colleagues in housing about the ASB case review",
    "bring the draft domestic abuse strategy to the next meeting for comment",
    "set up a meeting with the Safer Neighbourhood Board chair",
    "review the data-sharing agreement with health partners",
    "produce a briefing on the new duties for members",
    "map the exploitation hotspots with the police analyst",
    "report back on the recruitment of the outreach workers",
    "share the training schedule with partner organisations",
)
UPDATES = (
    "Data requested from the analyst; expected next month.",
    "Meeting arranged with partners.",
    "Draft circulated for comment; responses due by the end of the month.",
    "Delayed by staff absence; new date agreed with the chair.",
    "Discussed at the subgroup; further work needed before it returns to the board.",
    "Invitation sent; awaiting a date.",
)


@dataclass
class ArchiveStats:
    """What was built, for the summary line and the shape test."""

    bodies: int = 0
    people: int = 0
    meetings: int = 0
    attendance: int = 0
    actions: int = 0
    action_updates: int = 0
    minutes_chars: int = 0
    seconds: float = 0.0
    by_body: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.meetings} meetings ({', '.join(f'{k} {v}' for k, v in self.by_body.items())}), "
            f"{self.attendance} attendance rows, {self.actions} actions with "
            f"{self.action_updates} updates, {self.minutes_chars / 1e6:.2f} MB of minutes, "
            f"{self.people} people, in {self.seconds:.1f} s"
        )


@dataclass
class _Seat:
    body_id: int
    role: str


class ArchiveBuilder:
    """Builds the archive meeting by meeting, in date order, as officers would."""

    BOARD_SEATS = 28
    SUBGROUP_SEATS = 24
    TERM_YEARS = (2, 5)  # how long one person holds a seat

    def __init__(self, database: Database, *, years: int, seed: int, end: dt.date) -> None:
        self.database = database
        self.years = years
        self.random = random.Random(seed)
        self.end = end
        self.start = dt.date(end.year - years, end.month, 1)
        self.clock = FakeClock(dt.datetime.combine(self.start, dt.time(9, 0)), "archive.builder")
        self.stats = ArchiveStats()
        self._names: list[tuple[str, str]] = []

    # --- people and bodies -------------------------------------------------------------

    def _new_name(self) -> tuple[str, str]:
        while True:
            name = (self.random.choice(FIRST_NAMES), self.random.choice(LAST_NAMES))
            if name not in self._names:
                self._names.append(name)
                return name

    def _new_person(self, session: Session) -> int:
        first, last = self._new_name()
        title = "Councillor " if self.random.random() < 0.08 else ""
        person = people.find_or_create_person(
            session, f"{title}{first} {last}", organisation=self.random.choice(ORGANISATIONS)
        )
        self.stats.people += 1
        return person.id

    def _fill_seats(self, session: Session, body_id: int, seats: int) -> None:
        """Each seat is held by a run of people over the years (members change)."""
        for seat in range(seats):
            day = self.start
            role = "Chair" if seat == 0 else "Member"
            first = True
            while day <= self.end:
                if first:  # the first holder has been in the seat for a while already
                    term = self.random.randint(60, self.TERM_YEARS[1] * 365)
                    first = False
                else:
                    term = self.random.randint(*self.TERM_YEARS) * 365 + self.random.randint(0, 200)
                until = day + dt.timedelta(days=term)
                person_id = self._new_person(session)
                bodies.add_membership(
                    session,
                    body_id,
                    person_id,
                    role=role,
                    from_date=day,
                    to_date=until if until <= self.end else None,
                )
                day = until + dt.timedelta(days=1)

    def build_bodies(self) -> tuple[int, list[int]]:
        with self.database.transaction() as session:
            board = bodies.create_body(
                session,
                "Community Safety Partnership Board",
                "CSP",
                BodyKind.BOARD,
                quorum=6,
                default_venue="MS Teams",
                default_start=dt.time(10, 0),
                default_end=dt.time(13, 0),
            )
            self._fill_seats(session, board.id, self.BOARD_SEATS)
            subgroup_ids = []
            for name, short in SUBGROUPS:
                body = bodies.create_body(
                    session,
                    f"{name} Subgroup",
                    short,
                    BodyKind.SUBGROUP,
                    parent=board,
                    quorum=4,
                    default_venue="Town Hall, Committee Room 2",
                    default_start=dt.time(14, 0),
                    default_end=dt.time(15, 30),
                )
                self._fill_seats(session, body.id, self.SUBGROUP_SEATS)
                subgroup_ids.append(body.id)
            self.stats.bodies = 1 + len(subgroup_ids)
            return board.id, subgroup_ids

    # --- the calendar ------------------------------------------------------------------

    def calendar(self, board_id: int, subgroup_ids: list[int]) -> list[tuple[dt.date, int]]:
        """(date, body) for every meeting: the board quarterly, subgroups bi-monthly."""
        plan: list[tuple[dt.date, int]] = []
        month = self.start
        index = 0
        while month <= self.end:
            if index % 3 == 1:
                plan.append((_weekday_in(month, 2, 1), board_id))  # first Wednesday
            if index % 2 == 0:
                for offset, body_id in enumerate(subgroup_ids):
                    week = 1 + offset % 3
                    plan.append((_weekday_in(month, offset % 5, week), body_id))
            index += 1
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return sorted(p for p in plan if p[0] <= self.end)

    # --- one meeting -------------------------------------------------------------------

    def _paragraph(self, present: list[tuple[str, str]], sentences: int) -> str:
        out = []
        for _ in range(sentences):
            first, last = self.random.choice(present)
            out.append(
                self.random.choice(SENTENCES).format(
                    name=f"{first} {last}", last=last, n=self.random.randint(3, 60)
                )
            )
        return " ".join(out)

    def _minutes_for(
        self, item: AgendaItem, present: list[tuple[str, str]], action_lines: int
    ) -> str:
        if item.kind is ItemKind.INTRODUCTIONS:
            chair = present[0]
            return f"{chair[0]} {chair[1]} opened the meeting and apologies were noted."
        if item.kind is ItemKind.DECLARATIONS:
            return "No declarations of interest to note."
        if item.kind is ItemKind.NEXT_MEETING:
            return "The next meeting will be held in three months' time."
        paragraphs = [
            self._paragraph(present, self.random.randint(2, 4))
            for _ in range(self.random.randint(1, 2))
        ]
        for _ in range(action_lines):
            owner = self.random.choice(present)
            paragraphs.append(f"ACTION: {owner[0]} {owner[1]} to {self.random.choice(TASKS)}.")
        return "\n\n".join(paragraphs)

    def _hold_meeting(
        self, session: Session, day: dt.date, body_id: int, is_board: bool, *, latest: bool
    ) -> int:
        self.clock.current = dt.datetime.combine(day, dt.time(10 if is_board else 14, 0))
        meeting = meetings.create_meeting(session, body_id, day, self.clock)
        topical = self.random.randint(5, 8) if is_board else self.random.randint(3, 5)
        for topic in self.random.sample(TOPICS, topical):
            restricted = self.random.random() < 0.06
            agenda.add_item(
                session,
                meeting.id,
                agenda.ItemSpec(
                    title=("RESTRICTED: " if restricted else "") + topic,
                    presenter=" ".join(self._names[self.random.randrange(len(self._names))]),
                    minutes_allocated=self.random.choice((10, 15, 20, 30)),
                    is_restricted=restricted,
                ),
                self.clock,
            )

        # Attendance: most members present, some apologies, a few absent; guests added.
        rows = attendance.roster(session, meeting.id)
        present: list[tuple[str, str]] = []
        for row in rows:
            roll = self.random.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < 0.72
                else AttendanceStatus.APOLOGIES
                if roll < 0.92
                else AttendanceStatus.ABSENT
            )
            attendance.mark(session, row.id, status)
        for record in session.scalars(
            select(Attendance)
            .where(Attendance.meeting_id == meeting.id)
            .order_by(Attendance.position)
        ):
            if record.status is AttendanceStatus.PRESENT:
                present.append((record.person.first_name, record.person.last_name))
        guests = self.random.randint(3, 6) if is_board else self.random.randint(2, 4)
        for index in range(guests):
            first, surname = self.random.choice(self._names)
            organisation = self.random.choice(ORGANISATIONS)
            role = AttendanceRole.NOTE_TAKER if index == 0 else None
            row = attendance.add_attendee(
                session, meeting.id, f"{first} {surname}, {organisation}", role=role
            )
            if row.status is AttendanceStatus.ADDITIONAL:
                present.append((first, surname))
        if not present:
            present = [self.random.choice(self._names)]

        # Minutes: typed per item, ACTION lines synced as the editor's autosave does.
        items = list(
            session.scalars(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting.id)
                .order_by(AgendaItem.position)
            )
        )
        wanted_actions = (
            self.random.randint(12, 17) if not is_board else self.random.randint(16, 22)
        )
        topical_items = [i for i in items if i.kind is ItemKind.TOPICAL] or items
        per_item = {i.id: 0 for i in items}
        for _ in range(wanted_actions):
            per_item[self.random.choice(topical_items).id] += 1
        typed = items if not latest else items[: max(3, len(items) // 2)]
        for item in typed:
            # The live clock runs item by item while the note taker types.
            agenda.start_item(session, item.id, self.clock)
            text = self._minutes_for(item, present, per_item[item.id])
            agenda.save_item_minutes(session, item.id, text, self.clock)
            self.stats.minutes_chars += len(text)
            self.clock.advance(minutes=self.random.randint(3, 20))
        if not latest:
            agenda.end_meeting(session, meeting.id, self.clock)

        if is_board:
            for report in subgroup_reports.list_reports(session, meeting.id):
                roll = self.random.random()
                if roll < 0.15:
                    continue  # "No update provided by subgroup chair"
                summary = self._paragraph(present, self.random.randint(2, 3))
                if self.random.random() < 0.3:
                    owner = self.random.choice(present)
                    summary += f"\nACTION: {owner[0]} {owner[1]} to {self.random.choice(TASKS)}."
                subgroup_reports.set_summary(session, report.id, summary, self.clock)
                subgroup_reports.set_status(
                    session,
                    report.id,
                    ReportStatus.WRITTEN if roll < 0.7 else ReportStatus.VERBAL,
                )
                subgroup_reports.set_rag(session, report.id, self.random.choice(list(Rag)))
                self.stats.minutes_chars += len(summary)
        session.flush()
        return meeting.id

    def _between_meetings(self, session: Session, body_id: int, meeting_id: int) -> None:
        """Owners' progress after a meeting: most actions done by the next one or two."""
        open_actions = session.scalars(
            select(Action).where(
                Action.body_id == body_id,
                Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
            )
        ).all()
        for action in open_actions:
            roll = self.random.random()
            self.clock.advance(minutes=1)
            if roll < 0.55:
                actions.set_action_status(
                    session,
                    action.id,
                    ActionStatus.COMPLETED,
                    self.clock,
                    note="Completed; confirmed at the meeting.",
                    meeting_id=meeting_id,
                )
            elif roll < 0.60:
                actions.set_action_status(
                    session,
                    action.id,
                    ActionStatus.DROPPED,
                    self.clock,
                    note="No longer needed; superseded by the new plan.",
                    meeting_id=meeting_id,
                )
            elif roll < 0.85:
                if action.status is ActionStatus.OPEN:
                    actions.set_action_status(
                        session, action.id, ActionStatus.IN_PROGRESS, self.clock
                    )
                actions.add_action_update(
                    session, action.id, self.random.choice(UPDATES), self.clock
                )

    def build(self, progress: Callable[[str], None] | None = None) -> ArchiveStats:
        started = time.perf_counter()
        board_id, subgroup_ids = self.build_bodies()
        plan = self.calendar(board_id, subgroup_ids)
        last_of_body = {body_id: day for day, body_id in plan}
        previous: dict[int, int] = {}
        names = {board_id: "board"} | {
            b: short for b, (_, short) in zip(subgroup_ids, SUBGROUPS, strict=True)
        }
        for number, (day, body_id) in enumerate(plan, start=1):
            is_board = body_id == board_id
            with self.database.transaction() as session:
                if body_id in previous:
                    # The previous meeting's minutes are approved at this one... after
                    # owners have reported progress on its actions.
                    self.clock.current = dt.datetime.combine(day, dt.time(9, 0))
                    self._between_meetings(session, body_id, previous[body_id])
                meeting_id = self._hold_meeting(
                    session, day, body_id, is_board, latest=day == last_of_body[body_id]
                )
                if body_id in previous:
                    minutes.approve_minutes(
                        session, previous[body_id], self.clock, at_meeting_id=meeting_id
                    )
            previous[body_id] = meeting_id
            self.stats.by_body[names[body_id]] = self.stats.by_body.get(names[body_id], 0) + 1
            if progress and number % 25 == 0:
                progress(f"{number}/{len(plan)} meetings ({day:%Y-%m})")
        with self.database.session() as session:
            self.stats.meetings = session.scalar(select(func.count(Meeting.id))) or 0
            self.stats.attendance = session.scalar(select(func.count(Attendance.id))) or 0
            self.stats.actions = session.scalar(select(func.count(Action.id))) or 0
            from csp_desktop.models import ActionUpdate

            self.stats.action_updates = session.scalar(select(func.count(ActionUpdate.id))) or 0
        self.stats.seconds = time.perf_counter() - started
        return self.stats


def _weekday_in(month: dt.date, weekday: int, week: int) -> dt.date:
    """The `week`-th `weekday` (0 = Monday) of `month`."""
    first = month.replace(day=1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (week - 1))


def build_archive(
    path: Path,
    *,
    years: int = 10,
    seed: int = 7,
    end: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> ArchiveStats:
    """Create `path` (which must not exist) holding `years` of meetings ending at `end`."""
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose a new file.")
    database = open_database(path)
    try:
        builder = ArchiveBuilder(database, years=years, seed=seed, end=end or dt.date.today())
        return builder.build(progress)
    finally:
        database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", type=Path, help="the new database file")
    parser.add_argument("--years", type=int, default=10, help="years of meetings (10)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")
    args = parser.parse_args(argv)
    if args.years < 1:
        parser.error("--years must be at least 1")
    if args.path.exists():
        if not args.force:
            print(f"{args.path} exists; use --force to replace it.", file=sys.stderr)
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.path}{suffix}").unlink(missing_ok=True)
    stats = build_archive(
        args.path,
        years=args.years,
        seed=args.seed,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(f"{args.path}: {stats.summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
