"""How the partnership is doing, for one body and one period: the figures behind the
dashboard, the performance report and the tracker's Summary sheet.

Every figure is an aggregate computed in SQL, so building a dashboard takes the same
number of statements (about a dozen) however many years the archive holds; rows come
back per body, organisation, meeting or priority, never per action or attendance mark.
Everything returned is frozen; `describe_*` give each chart's text alternative.

Definitions (the chair's questions, answered the same way everywhere):
- Actions are those of the body and the subgroups that report to it, raised on or before
  the period's end. Open: open or in progress now. Overdue: open and due (date, or the
  due meeting's date) before the as-of day (the period's end, or today if earlier).
  Completed: completed within the period.
- Attendance: members' marks at the body's meetings in the period, cancelled meetings
  left out. "Substitute sent": the member was away and someone stood in for them.
  Quorum: members present plus substitutes standing in, against the body's quorum.
- Reporting: each subgroup's report at each of the body's meetings (for a subgroup: its
  reports to its parent's meetings): written, verbal or none, and whether a missing
  one was chased.
- Priorities: the plan in force at the period's end (with the plans it refreshes); each
  priority's RAG at each board meeting of the plan's years, the worst rating given by
  any subgroup report covering it (Red before Amber before Green).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Date, and_, case, distinct, func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import (
    Action,
    ActionOwner,
    ActionStatus,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingStatus,
    Organisation,
    Person,
    Priority,
    Rag,
    ReportChase,
    ReportStatus,
    SubgroupReport,
    subgroup_report_priority,
)
from csp_desktop.services import plans as plan_service
from csp_desktop.services.formatting import short_uk_date, uk_date

OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
NO_ORGANISATION = "No organisation recorded"
RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
RAG_LETTERS = {Rag.RED: "R", Rag.AMBER: "A", Rag.GREEN: "G"}
RAG_WORDS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}
REPORT_WORDS = {
    ReportStatus.WRITTEN: "Written",
    ReportStatus.VERBAL: "Verbal",
    ReportStatus.NOT_PROVIDED: "None",
}
# (label, first day of age, first day past it): how long open actions have been open.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Under 3 months", 0, 91),
    ("3 to 6 months", 91, 183),
    ("6 to 12 months", 183, 366),
    ("Over a year", 366, None),
)


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date

    @property
    def label(self) -> str:
        return f"{uk_date(self.date_from)} to {uk_date(self.date_to)}"

    @classmethod
    def year_to(cls, day: dt.date) -> Period:
        """The twelve months ending on `day`."""
        try:
            start = day.replace(year=day.year - 1) + dt.timedelta(days=1)
        except ValueError:  # 29 February
            start = dt.date(day.year - 1, 3, 1)
        return cls(start, day)


@dataclass(frozen=True)
class ActionCounts:
    """One bar of the action charts: a body or an owner's organisation."""

    key: int | None  # body id, or organisation id (None: no organisation recorded)
    label: str
    open: int
    overdue: int
    completed: int


@dataclass(frozen=True)
class AgeBand:
    label: str
    count: int
    min_days: int
    max_days: int | None


@dataclass(frozen=True)
class AttendanceCounts:
    organisation_id: int | None
    organisation: str
    present: int
    substitute: int
    apologies: int
    absent: int

    @property
    def expected(self) -> int:
        return self.present + self.substitute + self.apologies + self.absent

    @property
    def represented_percent(self) -> int:
        """Present or represented by a substitute, as a whole percentage."""
        if not self.expected:
            return 0
        return round(100 * (self.present + self.substitute) / self.expected)


@dataclass(frozen=True)
class QuorumRow:
    meeting_id: int
    date: dt.date
    members_present: int
    quorum: int | None

    @property
    def met(self) -> bool | None:
        return None if self.quorum is None else self.members_present >= self.quorum

    @property
    def word(self) -> str:
        return {None: "No quorum set", True: "Quorate", False: "Not quorate"}[self.met]


@dataclass(frozen=True)
class ReportCell:
    report_id: int | None  # None: no report slot at that meeting (not expected)
    status: ReportStatus | None
    chased_on: dt.date | None

    @property
    def word(self) -> str:
        if self.status is None:
            return "Not expected"
        word = REPORT_WORDS[self.status]
        if self.status is ReportStatus.NOT_PROVIDED:
            return f"{word} (chased)" if self.chased_on else f"{word} (not chased)"
        return word

    @property
    def letter(self) -> str:
        if self.status is None:
            return "-"
        letter = {"written": "W", "verbal": "V", "not_provided": "N"}[self.status.value]
        return letter + ("C" if self.chased_on and self.status is ReportStatus.NOT_PROVIDED else "")


@dataclass(frozen=True)
class MeetingColumn:
    meeting_id: int
    date: dt.date

    @property
    def label(self) -> str:
        return short_uk_date(self.date)


@dataclass(frozen=True)
class ReportingGrid:
    meetings: tuple[MeetingColumn, ...]
    subgroups: tuple[tuple[int, str], ...]  # (body id, name)
    cells: tuple[tuple[ReportCell, ...], ...]  # [subgroup][meeting]

    def totals(self) -> dict[str, int]:
        counts = {"Written": 0, "Verbal": 0, "None (chased)": 0, "None (not chased)": 0}
        for row in self.cells:
            for cell in row:
                if cell.status is not None:
                    counts[cell.word] += 1
        return counts


@dataclass(frozen=True)
class RagCell:
    rag: Rag | None
    report_ids: tuple[int, ...]

    @property
    def word(self) -> str:
        return RAG_WORDS[self.rag] if self.rag else "Not reported"

    @property
    def letter(self) -> str:
        return RAG_LETTERS[self.rag] if self.rag else "-"


@dataclass(frozen=True)
class PriorityLine:
    number: int
    title: str
    priority_ids: tuple[int, ...]  # this priority in the plan and the plans it refreshes

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class RagGrid:
    plan_label: str
    plan_title: str
    meetings: tuple[MeetingColumn, ...]
    priorities: tuple[PriorityLine, ...]
    cells: tuple[tuple[RagCell, ...], ...]  # [priority][meeting]

    def latest(self, row: int) -> RagCell:
        """The priority's most recent rating (the last meeting that rated it)."""
        for cell in reversed(self.cells[row]):
            if cell.rag is not None:
                return cell
        return RagCell(None, ())


@dataclass(frozen=True)
class Dashboard:
    body_id: int
    body_name: str
    period: Period
    as_of: dt.date
    scope_body_ids: tuple[int, ...]
    actions_by_body: tuple[ActionCounts, ...]
    actions_by_organisation: tuple[ActionCounts, ...]
    open_action_ages: tuple[AgeBand, ...]
    attendance: tuple[AttendanceCounts, ...]
    quorum: tuple[QuorumRow, ...]
    reporting: ReportingGrid
    priorities: RagGrid | None


# --- the dashboard ------------------------------------------------------------------------


def _scope(session: Session, body_id: int) -> tuple[Body, list[tuple[int, str]]]:
    body = session.get(Body, body_id)
    if body is None:
        raise NotFound(f"Body {body_id} does not exist.")
    children = session.execute(
        select(Body.id, Body.name)
        .where(Body.parent_id == body_id, Body.reports_to_parent.is_(True))
        .order_by(Body.name)
    ).all()
    return body, [(body.id, body.name), *((row.id, row.name) for row in children)]


# Made once: building an alias and adapting its columns costs more than the queries.
RAISED = aliased(Meeting, name="raised_meeting")
DUE = aliased(Meeting, name="due_meeting")
STAND_IN = aliased(Attendance, name="stand_in")
SUBGROUP = aliased(Body, name="subgroup")


def _counted(period: Period):  # type: ignore[no-untyped-def]
    """Only actions a figure can count: open now, or completed within the period."""
    return or_(
        Action.status.in_(OPEN),
        and_(
            Action.status == ActionStatus.COMPLETED,
            Action.completed_on >= period.date_from,
            Action.completed_on <= period.date_to,
        ),
    )


def _raised_on_or_before(day: dt.date):  # type: ignore[no-untyped-def]
    raised = RAISED
    return raised, or_(
        raised.date <= day,
        and_(raised.id.is_(None), Action.created_at < dt.datetime.combine(day, dt.time.max)),
    )


def _action_sums(as_of: dt.date, period: Period):  # type: ignore[no-untyped-def]
    """open, overdue and completed as SQL sums over the joined Action (and due meeting)."""
    due = DUE
    is_open = Action.status.in_(OPEN)
    due_day = func.coalesce(Action.due_date, due.date)
    sums = (
        func.sum(case((is_open, 1), else_=0)),
        func.sum(case((and_(is_open, due_day < as_of), 1), else_=0)),
        func.sum(
            case(
                (
                    and_(
                        Action.status == ActionStatus.COMPLETED,
                        Action.completed_on >= period.date_from,
                        Action.completed_on <= period.date_to,
                    ),
                    1,
                ),
                else_=0,
            )
        ),
    )
    return due, sums


def _actions_by_body(
    session: Session, scope: Sequence[tuple[int, str]], period: Period, as_of: dt.date
) -> tuple[ActionCounts, ...]:
    raised, raised_filter = _raised_on_or_before(period.date_to)
    due, sums = _action_sums(as_of, period)
    rows = session.execute(
        select(Action.body_id, *sums)
        .outerjoin(raised, raised.id == Action.raised_at_meeting_id)
        .outerjoin(due, due.id == Action.due_meeting_id)
        .where(
            Action.body_id.in_([body_id for body_id, _ in scope]), raised_filter, _counted(period)
        )
        .group_by(Action.body_id)
    ).all()
    found = {row[0]: row for row in rows}
    return tuple(
        ActionCounts(
            body_id,
            name,
            int(found[body_id][1] or 0) if body_id in found else 0,
            int(found[body_id][2] or 0) if body_id in found else 0,
            int(found[body_id][3] or 0) if body_id in found else 0,
        )
        for body_id, name in scope
    )


def _actions_by_organisation(
    session: Session, scope: Sequence[tuple[int, str]], period: Period, as_of: dt.date
) -> tuple[ActionCounts, ...]:
    raised, raised_filter = _raised_on_or_before(period.date_to)
    # One row per (action, owner's organisation): two owners from one organisation count once.
    # Each action's three flags are worked out once, in the inner query.
    due = DUE
    is_open = Action.status.in_(OPEN)
    pairs = (
        select(
            Action.id.label("action_id"),
            Person.organisation_id.label("organisation_id"),
            case((is_open, 1), else_=0).label("is_open"),
            case(
                (and_(is_open, func.coalesce(Action.due_date, due.date) < as_of), 1), else_=0
            ).label("is_overdue"),
            case((is_open, 0), else_=1).label("is_completed"),  # _counted: open or completed
        )
        .distinct()
        .outerjoin(raised, raised.id == Action.raised_at_meeting_id)
        .outerjoin(due, due.id == Action.due_meeting_id)
        .outerjoin(ActionOwner, ActionOwner.action_id == Action.id)
        .outerjoin(Person, Person.id == ActionOwner.person_id)
        .where(
            Action.body_id.in_([body_id for body_id, _ in scope]), raised_filter, _counted(period)
        )
        .subquery()
    )
    rows = session.execute(
        select(
            pairs.c.organisation_id,
            Organisation.name,
            func.sum(pairs.c.is_open),
            func.sum(pairs.c.is_overdue),
            func.sum(pairs.c.is_completed),
        )
        .select_from(pairs)
        .outerjoin(Organisation, Organisation.id == pairs.c.organisation_id)
        .group_by(pairs.c.organisation_id, Organisation.name)
    ).all()
    counts = [
        ActionCounts(
            row[0], row[1] or NO_ORGANISATION, int(row[2] or 0), int(row[3] or 0), int(row[4] or 0)
        )
        for row in rows
    ]
    counts = [c for c in counts if c.open or c.completed]
    counts.sort(key=lambda c: (-(c.open + c.completed), c.label))
    return tuple(counts)


def _open_action_ages(
    session: Session, scope: Sequence[tuple[int, str]], as_of: dt.date
) -> tuple[AgeBand, ...]:
    raised, raised_filter = _raised_on_or_before(as_of)
    raised_day = func.coalesce(raised.date, func.date(Action.created_at), type_=Date)
    rows = session.execute(
        select(raised_day, func.count())
        .select_from(Action)
        .outerjoin(raised, raised.id == Action.raised_at_meeting_id)
        .where(
            Action.body_id.in_([body_id for body_id, _ in scope]),
            Action.status.in_(OPEN),
            raised_filter,
        )
        .group_by(raised_day)
    ).all()
    counts = [0] * len(AGE_BANDS)
    for day, count in rows:
        if isinstance(day, str):  # SQLite's date() of a datetime comes back as text
            day = dt.date.fromisoformat(day)
        age = (as_of - day).days
        for index, (_label, low, high) in enumerate(AGE_BANDS):
            if age >= low and (high is None or age < high):
                counts[index] += count
                break
    return tuple(
        AgeBand(label, counts[index], low, high)
        for index, (label, low, high) in enumerate(AGE_BANDS)
    )


def _meetings_in(body_id: int, period: Period):  # type: ignore[no-untyped-def]
    return and_(
        Meeting.body_id == body_id,
        Meeting.date >= period.date_from,
        Meeting.date <= period.date_to,
        Meeting.status != MeetingStatus.CANCELLED,
    )


def _attendance(
    session: Session, body_id: int, period: Period
) -> tuple[tuple[AttendanceCounts, ...], tuple[QuorumRow, ...]]:
    stand_in = STAND_IN
    member = Attendance
    away = member.status.in_([AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT])
    substituted = and_(away, stand_in.id.is_not(None))
    # Inline literals (not bound parameters): PostgreSQL must see the GROUP BY expression
    # as the very one selected.
    category = case(
        (member.status == AttendanceStatus.PRESENT, literal_column("'present'")),
        (substituted, literal_column("'substitute'")),
        (member.status == AttendanceStatus.APOLOGIES, literal_column("'apologies'")),
        else_=literal_column("'absent'"),
    )
    stand_in_join = and_(
        stand_in.meeting_id == member.meeting_id,
        stand_in.substitute_for_id == member.person_id,
        stand_in.role == AttendanceRole.SUBSTITUTE,
        stand_in.status.in_([AttendanceStatus.PRESENT, AttendanceStatus.ADDITIONAL]),
    )
    rows = session.execute(
        select(Person.organisation_id, Organisation.name, category, func.count(distinct(member.id)))
        .select_from(member)
        .join(Meeting, Meeting.id == member.meeting_id)
        .join(Person, Person.id == member.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(stand_in, stand_in_join)
        .where(_meetings_in(body_id, period), member.is_member.is_(True))
        .group_by(Person.organisation_id, Organisation.name, category)
    ).all()
    by_organisation: dict[int | None, dict[str, int]] = {}
    names: dict[int | None, str] = {}
    for organisation_id, name, kind, count in rows:
        names[organisation_id] = name or NO_ORGANISATION
        by_organisation.setdefault(organisation_id, {})[kind] = count
    attendance = sorted(
        (
            AttendanceCounts(
                organisation_id,
                names[organisation_id],
                counts.get("present", 0),
                counts.get("substitute", 0),
                counts.get("apologies", 0),
                counts.get("absent", 0),
            )
            for organisation_id, counts in by_organisation.items()
        ),
        key=lambda c: c.organisation.casefold(),
    )
    in_room = case(
        (member.status == AttendanceStatus.PRESENT, 1),
        (substituted, 1),
        else_=0,
    )
    quorum_rows = session.execute(
        select(Meeting.id, Meeting.date, Body.quorum, func.coalesce(func.sum(in_room), 0))
        .select_from(Meeting)
        .join(Body, Body.id == Meeting.body_id)
        .outerjoin(member, and_(member.meeting_id == Meeting.id, member.is_member.is_(True)))
        .outerjoin(stand_in, stand_in_join)
        .where(_meetings_in(body_id, period))
        .group_by(Meeting.id, Meeting.date, Body.quorum)
        .order_by(Meeting.date, Meeting.id)
    ).all()
    quorum = tuple(QuorumRow(row[0], row[1], int(row[3]), row[2]) for row in quorum_rows)
    return tuple(attendance), quorum


def _reporting(session: Session, body: Body, period: Period) -> ReportingGrid:
    """Reports at the body's meetings; a subgroup's own reports to its parent's meetings."""
    board_id = body.id
    only_subgroup: int | None = None
    if not body.children and body.parent_id is not None:
        board_id, only_subgroup = body.parent_id, body.id
    subgroup = SUBGROUP
    query = (
        select(
            Meeting.id,
            Meeting.date,
            subgroup.id,
            subgroup.name,
            SubgroupReport.id,
            SubgroupReport.status,
            ReportChase.chased_on,
        )
        .select_from(Meeting)
        .outerjoin(SubgroupReport, SubgroupReport.meeting_id == Meeting.id)
        .outerjoin(subgroup, subgroup.id == SubgroupReport.subgroup_id)
        .outerjoin(ReportChase, ReportChase.subgroup_report_id == SubgroupReport.id)
        .where(_meetings_in(board_id, period))
        .order_by(Meeting.date, Meeting.id)
    )
    if only_subgroup is not None:
        query = query.where(or_(SubgroupReport.id.is_(None), subgroup.id == only_subgroup))
    meetings: dict[int, MeetingColumn] = {}
    subgroups: dict[int, str] = {}
    found: dict[tuple[int, int], ReportCell] = {}
    for meeting_id, date, subgroup_id, name, report_id, status, chased_on in session.execute(query):
        meetings.setdefault(meeting_id, MeetingColumn(meeting_id, date))
        if subgroup_id is None:
            continue
        subgroups[subgroup_id] = name
        found[(subgroup_id, meeting_id)] = ReportCell(report_id, status, chased_on)
    columns = tuple(meetings.values())
    rows = tuple(sorted(subgroups.items(), key=lambda item: item[1].casefold()))
    cells = tuple(
        tuple(
            found.get((sid, column.meeting_id), ReportCell(None, None, None)) for column in columns
        )
        for sid, _name in rows
    )
    return ReportingGrid(columns, rows, cells)


def _board_of(body: Body) -> int:
    return body.parent_id if body.parent_id is not None and not body.children else body.id


def rag_grid(session: Session, board_id: int, on: dt.date) -> RagGrid | None:
    """Each priority of the plan in force on `on`, rated at each board meeting of its years."""
    plans = plan_service.list_plans(session)
    plan_id = plan_service.current_plan_id(session, on) if plans else None
    if plan_id is None:
        return None
    by_id = {plan.id: plan for plan in plans}
    plan = by_id[plan_id]
    chain = [plan.id]
    labels = {p.label: p.id for p in plans}
    current = plan
    while current.refresh_of_label and labels.get(current.refresh_of_label) in by_id:
        current = by_id[labels[current.refresh_of_label]]
        if current.id in chain:
            break
        chain.append(current.id)
    priorities = session.execute(
        select(Priority.id, Priority.plan_id, Priority.number, Priority.title).where(
            Priority.plan_id.in_(chain)
        )
    ).all()
    newest: dict[int, str] = {}
    ids_by_number: dict[int, list[int]] = {}
    for priority_id, priority_plan, number, title in priorities:
        ids_by_number.setdefault(number, []).append(priority_id)
        if priority_plan == plan.id:
            newest[number] = title
    lines = tuple(
        PriorityLine(number, title, tuple(sorted(ids_by_number[number])))
        for number, title in sorted(newest.items())
    )
    life = Period(plan.starts, plan.ends)
    rated = session.execute(
        select(
            Meeting.id,
            Meeting.date,
            subgroup_report_priority.c.priority_id,
            SubgroupReport.rag,
            SubgroupReport.id,
        )
        .select_from(Meeting)
        .outerjoin(SubgroupReport, SubgroupReport.meeting_id == Meeting.id)
        .outerjoin(
            subgroup_report_priority,
            and_(
                subgroup_report_priority.c.subgroup_report_id == SubgroupReport.id,
                subgroup_report_priority.c.priority_id.in_(
                    [pid for line in lines for pid in line.priority_ids] or [-1]
                ),
            ),
        )
        .where(_meetings_in(board_id, life))
        .order_by(Meeting.date, Meeting.id)
    ).all()
    meetings: dict[int, MeetingColumn] = {}
    ratings: dict[tuple[int, int], list[tuple[Rag | None, int]]] = {}
    for meeting_id, date, priority_id, rag, report_id in rated:
        meetings.setdefault(meeting_id, MeetingColumn(meeting_id, date))
        if priority_id is not None:
            ratings.setdefault((priority_id, meeting_id), []).append((rag, report_id))
    columns = tuple(meetings.values())

    def cell(line: PriorityLine, meeting_id: int) -> RagCell:
        given = [r for pid in line.priority_ids for r in ratings.get((pid, meeting_id), [])]
        rags = [rag for rag, _ in given if rag is not None]
        worst = min(rags, key=RAG_ORDER.__getitem__) if rags else None
        return RagCell(worst, tuple(sorted(report_id for _, report_id in given)))

    cells = tuple(tuple(cell(line, c.meeting_id) for c in columns) for line in lines)
    return RagGrid(plan.label, plan.title, columns, lines, cells)


def build_dashboard(session: Session, body_id: int, period: Period, today: dt.date) -> Dashboard:
    """The dashboard for a body and a period (see the module's definitions)."""
    if period.date_to < period.date_from:
        raise ValidationError("The period must end on or after the day it starts.")
    as_of = min(today, period.date_to)
    body, scope = _scope(session, body_id)
    attendance, quorum = _attendance(session, body_id, period)
    return Dashboard(
        body_id=body.id,
        body_name=body.name,
        period=period,
        as_of=as_of,
        scope_body_ids=tuple(body_id for body_id, _ in scope),
        actions_by_body=_actions_by_body(session, scope, period, as_of),
        actions_by_organisation=_actions_by_organisation(session, scope, period, as_of),
        open_action_ages=_open_action_ages(session, scope, as_of),
        attendance=attendance,
        quorum=quorum,
        reporting=_reporting(session, body, period),
        priorities=rag_grid(session, _board_of(body), period.date_to),
    )


# --- what lies behind a bar or a cell -----------------------------------------------------


@dataclass(frozen=True)
class ActionSelection:
    """The actions behind one bar: `kind` is "open", "on time" (open, not overdue),
    "overdue", "completed" or an age band
    label; narrowed to one body or one owner organisation (`organisation_id` None with
    `no_organisation` True: the actions with no organisation recorded)."""

    body_ids: tuple[int, ...]
    period: Period
    as_of: dt.date
    kind: str
    body_id: int | None = None
    organisation_id: int | None = None
    no_organisation: bool = False


@dataclass(frozen=True)
class DrillActionRow:
    id: int
    reference: str
    text: str
    owners: str
    status: ActionStatus
    due_date: dt.date | None
    meeting_id: int | None
    raised_on: dt.date | None

    @property
    def line(self) -> str:
        due = f"; due {uk_date(self.due_date)}" if self.due_date else ""
        return (
            f"{self.reference}: {self.text} ({self.owners or 'no owner'}; {self.status.label}{due})"
        )


def actions_behind(session: Session, selection: ActionSelection) -> list[DrillActionRow]:
    """The actions a bar counts, by the same rules as the bar (for Enter or a click)."""
    raised, raised_filter = _raised_on_or_before(
        selection.as_of
        if selection.kind not in ("open", "overdue", "completed")
        else selection.period.date_to
    )
    due = aliased(Meeting)
    query = (
        select(Action, raised.date, due.date)
        .outerjoin(raised, raised.id == Action.raised_at_meeting_id)
        .outerjoin(due, due.id == Action.due_meeting_id)
        .where(
            Action.body_id.in_(
                [selection.body_id] if selection.body_id is not None else selection.body_ids
            ),
            raised_filter,
        )
        .options(selectinload(Action.owner_links).selectinload(ActionOwner.person))
        .order_by(Action.reference)
    )
    if selection.organisation_id is not None or selection.no_organisation:
        owner_org = select(ActionOwner.action_id).join(Person, Person.id == ActionOwner.person_id)
        if selection.no_organisation:
            with_org = owner_org.where(Person.organisation_id.is_not(None))
            query = query.where(
                or_(
                    Action.id.in_(owner_org.where(Person.organisation_id.is_(None))),
                    Action.id.not_in(with_org),
                )
            )
        else:
            query = query.where(
                Action.id.in_(owner_org.where(Person.organisation_id == selection.organisation_id))
            )
    band = next((b for b in AGE_BANDS if b[0] == selection.kind), None)
    rows: list[DrillActionRow] = []
    for action, raised_on, due_meeting_day in session.execute(query):
        due_day = action.due_date or due_meeting_day
        is_open = action.status in OPEN
        raised_day = raised_on or action.created_at.date()
        is_overdue = is_open and due_day is not None and due_day < selection.as_of
        if selection.kind == "open":
            keep = is_open
        elif selection.kind == "on time":
            keep = is_open and not is_overdue
        elif selection.kind == "overdue":
            keep = is_overdue
        elif selection.kind == "completed":
            keep = (
                action.status is ActionStatus.COMPLETED
                and action.completed_on is not None
                and selection.period.date_from <= action.completed_on <= selection.period.date_to
            )
        elif band is not None:
            age = (selection.as_of - raised_day).days
            keep = is_open and age >= band[1] and (band[2] is None or age < band[2])
        else:
            raise ValidationError(f"Unknown selection {selection.kind!r}.")
        if keep:
            rows.append(
                DrillActionRow(
                    action.id,
                    action.reference,
                    action.text,
                    action.owner_names,
                    action.status,
                    due_day,
                    action.raised_at_meeting_id,
                    raised_day,
                )
            )
    return rows


# --- text alternatives (screen readers, Word alt text) -----------------------------------


def describe_actions(title: str, rows: Sequence[ActionCounts]) -> str:
    if not rows:
        return f"{title}: no actions."
    parts = [
        f"{r.label}: {r.open} open, {r.overdue} overdue, {r.completed} completed" for r in rows
    ]
    return f"{title}. " + "; ".join(parts) + "."


def describe_ages(rows: Sequence[AgeBand]) -> str:
    total = sum(r.count for r in rows)
    parts = [f"{r.label}: {r.count}" for r in rows]
    return f"How long the {total} open actions have been open. " + "; ".join(parts) + "."


def describe_attendance(rows: Sequence[AttendanceCounts]) -> str:
    if not rows:
        return "Attendance by organisation: no meetings in the period."
    parts = [
        f"{r.organisation}: {r.present} present, {r.substitute} substitute sent, "
        f"{r.apologies} apologies, {r.absent} absent ({r.represented_percent}% represented)"
        for r in rows
    ]
    return "Attendance by member organisation. " + "; ".join(parts) + "."


def describe_quorum(rows: Sequence[QuorumRow]) -> str:
    if not rows:
        return "Quorum: no meetings in the period."
    parts = [
        f"{uk_date(r.date)}: {r.members_present} members"
        + (f" of quorum {r.quorum}" if r.quorum is not None else "")
        + f", {r.word.lower()}"
        for r in rows
    ]
    met = sum(1 for r in rows if r.met)
    return f"Quorum met at {met} of {len(rows)} meetings. " + "; ".join(parts) + "."


def describe_reporting(grid: ReportingGrid) -> str:
    if not grid.meetings:
        return "Subgroup reporting: no meetings in the period."
    parts = []
    for (_, name), row in zip(grid.subgroups, grid.cells, strict=True):
        words = [
            f"{c.label} {cell.word.lower()}" for c, cell in zip(grid.meetings, row, strict=True)
        ]
        parts.append(f"{name}: " + ", ".join(words))
    totals = ", ".join(f"{word} {count}" for word, count in grid.totals().items())
    return f"Subgroup reports ({totals}). " + "; ".join(parts) + "."


def describe_rag(grid: RagGrid | None) -> str:
    if grid is None:
        return "Priorities: no plan recorded."
    if not grid.meetings:
        return f"Priorities of the {grid.plan_label} plan: no board meetings yet."
    parts = []
    for index, line in enumerate(grid.priorities):
        words = [
            f"{c.label} {cell.word}"
            for c, cell in zip(grid.meetings, grid.cells[index], strict=True)
        ]
        parts.append(f"Priority {line.label}: " + ", ".join(words))
    return f"RAG rating of each priority of the {grid.plan_label} plan. " + "; ".join(parts) + "."


@dataclass(frozen=True)
class DrillMeetingRow:
    """A line behind an attendance bar, a quorum bar or a report/RAG cell."""

    meeting_id: int
    date: dt.date
    text: str
    report_id: int | None = None

    @property
    def line(self) -> str:
        return f"{uk_date(self.date)}: {self.text}"


ATTENDANCE_WORDS = {
    "present": "present",
    "substitute": "sent a substitute",
    "apologies": "sent apologies",
    "absent": "absent",
}


def attendance_behind(
    session: Session, body_id: int, period: Period, organisation_id: int | None
) -> list[DrillMeetingRow]:
    """Each member of the organisation at each meeting of the period, with their mark."""
    stand_in = aliased(Attendance)
    member = Attendance
    rows = session.execute(
        select(Meeting.id, Meeting.date, Person, member.status, stand_in.id)
        .select_from(member)
        .join(Meeting, Meeting.id == member.meeting_id)
        .join(Person, Person.id == member.person_id)
        .outerjoin(
            stand_in,
            and_(
                stand_in.meeting_id == member.meeting_id,
                stand_in.substitute_for_id == member.person_id,
                stand_in.role == AttendanceRole.SUBSTITUTE,
            ),
        )
        .where(
            _meetings_in(body_id, period),
            member.is_member.is_(True),
            Person.organisation_id.is_(None)
            if organisation_id is None
            else Person.organisation_id == organisation_id,
        )
        .order_by(Meeting.date, Person.last_name)
    ).all()
    found: list[DrillMeetingRow] = []
    for meeting_id, date, person, status, stand_in_id in rows:
        if status is AttendanceStatus.PRESENT:
            word = "present"
        elif stand_in_id is not None:
            word = "substitute"
        else:
            word = "apologies" if status is AttendanceStatus.APOLOGIES else "absent"
        found.append(
            DrillMeetingRow(meeting_id, date, f"{person.display_name} {ATTENDANCE_WORDS[word]}")
        )
    return found


def reports_behind(session: Session, report_ids: Sequence[int]) -> list[DrillMeetingRow]:
    """The subgroup reports behind a reporting or RAG cell."""
    if not report_ids:
        return []
    rows = session.execute(
        select(SubgroupReport, Meeting.date, Body.name, ReportChase.chased_on)
        .join(Meeting, Meeting.id == SubgroupReport.meeting_id)
        .join(Body, Body.id == SubgroupReport.subgroup_id)
        .outerjoin(ReportChase, ReportChase.subgroup_report_id == SubgroupReport.id)
        .where(SubgroupReport.id.in_(report_ids))
        .order_by(Meeting.date, Body.name)
    ).all()
    found = []
    for report, date, name, chased_on in rows:
        status = ReportCell(report.id, report.status, chased_on).word
        rag = f", {RAG_WORDS[report.rag]}" if report.rag else ", not rated"
        summary = report.summary.strip().splitlines()[0][:120] if report.summary.strip() else ""
        text = f"{name}: {status}{rag}" + (f" — {summary}" if summary else "")
        found.append(DrillMeetingRow(report.meeting_id, date, text, report.id))
    return found


def tracker_dashboard(session: Session, body_name: str | None, today: dt.date) -> Dashboard | None:
    """The breakdowns for the tracker's Summary sheet: the named body (else the first
    board) over the twelve months to `today`; None when there is no such body."""
    from csp_desktop.models import BodyKind
    from csp_desktop.services.bodies import find_body

    if body_name:
        body_id: int | None = find_body(session, body_name).id
    else:
        body_id = session.scalar(
            select(Body.id).where(Body.kind == BodyKind.BOARD).order_by(Body.id).limit(1)
        )
    if body_id is None:
        return None
    return build_dashboard(session, body_id, Period.year_to(today), today)
