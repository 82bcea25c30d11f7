"""Subgroup update reports to a board meeting, and who reported over recent meetings.

Each board meeting has one report slot per subgroup expected to report (made by
`meetings.create_meeting`). The note taker records whether the update was written,
verbal or not provided, who gave it, a summary typed live, a RAG rating and the plan
priorities it covered. `ACTION:` lines in a summary become action records exactly as
they do in an item's minutes (same parser, same action functions), linked to the report
so that editing a line updates the same record.

Each report row carries the `row_version` it was read at; the window hands it back with
every save (`expected_version`), and a save based on a report someone else has changed
since is refused as a `StaleEdit` naming who and when, the refused value kept in
`lost_edit` (issue 16, services/row_versions.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound, RecordLocked, ValidationError
from csp_desktop.models import (
    Action,
    ActionOwner,
    Body,
    Meeting,
    Membership,
    Priority,
    Rag,
    ReportStatus,
    SubgroupReport,
    priority_owner,
)
from csp_desktop.services import actions as action_service
from csp_desktop.services.action_parser import OwnerCandidate, find_action_lines
from csp_desktop.services.actions import ActionSync
from csp_desktop.services.bodies import current_members
from csp_desktop.services.formatting import short_uk_date
from csp_desktop.services.row_versions import refuse_if_moved_on

STATUS_WORDS = {
    ReportStatus.WRITTEN: "Written",
    ReportStatus.VERBAL: "Verbal",
    ReportStatus.NOT_PROVIDED: "None",
}
RAG_WORDS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}
NOT_EXPECTED = "Not expected"
NOT_KNOWN = "Not known"


def _grid_word(status: ReportStatus | None) -> str:
    return STATUS_WORDS[status] if status is not None else NOT_KNOWN


DEFAULT_GRID_MEETINGS = 5


@dataclass(frozen=True)
class PriorityRow:
    id: int
    number: int
    title: str
    plan: str

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class ReportRow:
    """One subgroup's report to one board meeting."""

    id: int
    meeting_id: int
    subgroup_id: int
    subgroup_name: str
    subgroup_chair: str  # the subgroup's chair on record, for a default author
    status: ReportStatus
    author: str
    summary: str
    rag: Rag | None
    priority_ids: tuple[int, ...]
    owned_priority_ids: tuple[int, ...]  # priorities the subgroup owns in the plan
    position: int
    row_version: int = 0  # the version read: handed back with each save (issue 16)

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def rag_word(self) -> str:
        return RAG_WORDS[self.rag] if self.rag else "Not rated"


@dataclass(frozen=True)
class ReportGrid:
    """Subgroups down, board meetings across; each cell a word."""

    meeting_ids: list[int]
    meeting_labels: list[str]  # "5 Oct 2022"
    subgroup_names: list[str]
    cells: list[list[str]]  # [subgroup][meeting]: "Written", "Verbal", "None", "Not expected"


# --- helpers ------------------------------------------------------------------------------


def _report(session: Session, report_id: int) -> SubgroupReport:
    report = session.get(SubgroupReport, report_id)
    if report is None:
        raise NotFound(f"Subgroup report {report_id} does not exist.")
    return report


def _editable(
    session: Session,
    report_id: int,
    expected_version: int | None = None,
    asked: dict[str, str] | None = None,
) -> SubgroupReport:
    """The report to change; refused if approved, or (with `expected_version`) if someone
    else changed it since the window read it (`asked` kept in `lost_edit`)."""
    report = _report(session, report_id)
    if report.meeting.is_locked:
        raise RecordLocked(
            "These minutes have been approved, so the subgroup reports can no longer be "
            "changed. Record an amendment instead."
        )
    refuse_if_moved_on(session, report, expected_version, asked or {})
    return report


def _chairs(session: Session, subgroup_ids: Sequence[int], on: dt.date) -> dict[int, str]:
    # Only the chairs' rows (a superset: the exact rule is below), not every member of ten
    # years with their person: the reports tab reads this on every visit (issue 13).
    memberships = session.scalars(
        select(Membership)
        .where(
            Membership.body_id.in_(subgroup_ids),
            func.lower(Membership.role).contains("chair", autoescape=True),
        )
        .options(selectinload(Membership.person))
    ).all()
    chairs: dict[int, str] = {}
    for membership in memberships:
        if membership.role.strip().casefold() == "chair" and membership.is_current(on):
            chairs.setdefault(membership.body_id, membership.person.display_name)
    return chairs


def _owned_priorities(session: Session, subgroup_ids: Sequence[int]) -> dict[int, list[int]]:
    """The priorities each subgroup owns, for several subgroups in one query."""
    owned: dict[int, list[int]] = {body_id: [] for body_id in subgroup_ids}
    for body_id, priority_id in session.execute(
        select(priority_owner.c.body_id, priority_owner.c.priority_id).where(
            priority_owner.c.body_id.in_(subgroup_ids)
        )
    ):
        owned[body_id].append(priority_id)
    return owned


def _row(
    report: SubgroupReport, chair: str, owned_priorities: Sequence[int] | None = None
) -> ReportRow:
    session = Session.object_session(report)
    owned: tuple[int, ...] = tuple(owned_priorities or ())
    if owned_priorities is None and session is not None:
        owned = tuple(
            session.scalars(
                select(priority_owner.c.priority_id).where(
                    priority_owner.c.body_id == report.subgroup_id
                )
            ).all()
        )
    return ReportRow(
        id=report.id,
        meeting_id=report.meeting_id,
        subgroup_id=report.subgroup_id,
        subgroup_name=report.subgroup.name,
        subgroup_chair=chair,
        # The window offers the three statuses; an unknown one (imported) shows as none.
        status=report.status or ReportStatus.NOT_PROVIDED,
        author=report.author or "",
        summary=report.summary,
        rag=report.rag,
        priority_ids=tuple(sorted(p.id for p in report.priorities)),
        owned_priority_ids=tuple(sorted(owned)),
        position=report.position,
        row_version=report.row_version,
    )


def expected_subgroups(session: Session, body_id: int) -> list[Body]:
    """The bodies expected to report to this one (children still reporting), by name."""
    return list(
        session.scalars(
            select(Body)
            .where(Body.parent_id == body_id, Body.reports_to_parent.is_(True))
            .order_by(Body.name)
        )
    )


# --- reading ------------------------------------------------------------------------------


def list_reports(session: Session, meeting_id: int) -> list[ReportRow]:
    """The meeting's report slots in order (ensure_report_slots adds missing ones)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist; it may have been deleted.")
    reports = session.scalars(
        select(SubgroupReport)
        .where(SubgroupReport.meeting_id == meeting_id)
        .options(selectinload(SubgroupReport.subgroup), selectinload(SubgroupReport.priorities))
    ).all()
    subgroup_ids = [r.subgroup_id for r in reports]
    chairs = _chairs(session, subgroup_ids, meeting.date)
    # One query for every slot's owned priorities, not one per slot.
    owned = _owned_priorities(session, subgroup_ids)
    ordered = sorted(reports, key=lambda r: (r.position, r.subgroup.name.casefold()))
    return [_row(r, chairs.get(r.subgroup_id, ""), owned[r.subgroup_id]) for r in ordered]


def get_report_row(session: Session, report_id: int) -> ReportRow | None:
    """One report slot as its meeting's list shows it; None once it is gone."""
    report = session.get(SubgroupReport, report_id)
    if report is None:
        return None
    return next((r for r in list_reports(session, report.meeting_id) if r.id == report_id), None)


def list_priorities(session: Session) -> list[PriorityRow]:
    """Priorities of the newest plan (by plan name), in number order."""
    plans = session.scalars(select(Priority.plan).distinct()).all()
    if not plans:
        return []
    newest = max(plans)
    return [
        PriorityRow(p.id, p.number, p.title, p.plan)
        for p in session.scalars(
            select(Priority).where(Priority.plan == newest).order_by(Priority.number)
        )
    ]


def report_grid(
    session: Session, meeting_id: int, *, count: int = DEFAULT_GRID_MEETINGS
) -> ReportGrid:
    """Who reported to the last `count` meetings of this meeting's body, up to this one."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist; it may have been deleted.")
    meetings = list(
        session.scalars(
            select(Meeting)
            .where(Meeting.body_id == meeting.body_id, Meeting.date <= meeting.date)
            .order_by(Meeting.date.desc(), Meeting.id.desc())
            .limit(count)
        )
    )
    meetings.reverse()  # oldest on the left, as a tracker reads
    ids = [m.id for m in meetings]
    reports = session.scalars(
        select(SubgroupReport)
        .where(SubgroupReport.meeting_id.in_(ids))
        .options(selectinload(SubgroupReport.subgroup))
    ).all()
    status: dict[tuple[int, int], ReportStatus | None] = {
        (r.subgroup_id, r.meeting_id): r.status for r in reports
    }
    subgroups = {b.id: b.name for b in expected_subgroups(session, meeting.body_id)}
    for report in reports:
        subgroups.setdefault(report.subgroup_id, report.subgroup.name)
    order = sorted(subgroups, key=lambda i: subgroups[i].casefold())
    cells = [
        [_grid_word(status[(sid, mid)]) if (sid, mid) in status else NOT_EXPECTED for mid in ids]
        for sid in order
    ]
    return ReportGrid(
        meeting_ids=ids,
        meeting_labels=[short_uk_date(m.date) for m in meetings],
        subgroup_names=[subgroups[i] for i in order],
        cells=cells,
    )


# --- writing ------------------------------------------------------------------------------


def ensure_report_slots(session: Session, meeting_id: int) -> int:
    """Add a NOT_PROVIDED slot for each expected subgroup that has none. Returns how many."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist; it may have been deleted.")
    if meeting.is_locked:
        return 0
    present = set(
        session.scalars(
            select(SubgroupReport.subgroup_id).where(SubgroupReport.meeting_id == meeting_id)
        )
    )
    positions = session.scalars(
        select(SubgroupReport.position).where(SubgroupReport.meeting_id == meeting_id)
    ).all()
    position = max(positions, default=0)
    added = 0
    for subgroup in expected_subgroups(session, meeting.body_id):
        if subgroup.id in present:
            continue
        position += 1
        session.add(
            SubgroupReport(
                meeting_id=meeting_id,
                subgroup_id=subgroup.id,
                status=ReportStatus.NOT_PROVIDED,
                position=position,
            )
        )
        added += 1
    session.flush()
    return added


# Each setter takes `expected_version`, the `row_version` the window showed: refused as a
# StaleEdit (what was asked for kept in `lost_edit`) if the report moved on since. The
# field setters return the report's version after the save, for the window's next one.


def report_version(session: Session, report_id: int) -> int:
    """The report's current `row_version` (what the window bases its next save on)."""
    return _report(session, report_id).row_version


def set_status(
    session: Session,
    report_id: int,
    status: ReportStatus,
    *,
    expected_version: int | None = None,
) -> int:
    """Record how the update came. A report given (written or verbal) with nobody named
    yet is credited to the subgroup's chair on record; the note taker can change it."""
    report = _editable(session, report_id, expected_version, {"status": status.value})
    report.status = status
    if status is not ReportStatus.NOT_PROVIDED and not report.author:
        chair = _chairs(session, [report.subgroup_id], report.meeting.date).get(report.subgroup_id)
        report.author = chair or None
    session.flush()
    return report.row_version


def set_author(
    session: Session, report_id: int, author: str, *, expected_version: int | None = None
) -> int:
    report = _editable(session, report_id, expected_version, {"author": author})
    report.author = " ".join(author.split()) or None
    session.flush()
    return report.row_version


def set_rag(
    session: Session, report_id: int, rag: Rag | None, *, expected_version: int | None = None
) -> int:
    asked = {"rag": rag.value if rag else ""}
    report = _editable(session, report_id, expected_version, asked)
    report.rag = rag
    session.flush()
    return report.row_version


def set_priorities(
    session: Session,
    report_id: int,
    priority_ids: Sequence[int],
    *,
    expected_version: int | None = None,
) -> int:
    asked = {"priority_ids": ",".join(str(i) for i in priority_ids)}
    report = _editable(session, report_id, expected_version, asked)
    wanted = set(priority_ids)
    priorities = list(session.scalars(select(Priority).where(Priority.id.in_(wanted))))
    if len(priorities) != len(wanted):
        raise ValidationError("One of those priorities no longer exists; reload the meeting.")
    if {p.id for p in report.priorities} != wanted:
        report.priorities = sorted(priorities, key=lambda p: p.number)
        # A change to the link table alone would not move the report's version on, and
        # a stale save of the priorities would then land over someone else's silently.
        flag_modified(report, "changed_by")
    session.flush()
    return report.row_version


def set_summary(
    session: Session,
    report_id: int,
    text: str,
    clock: Clock,
    *,
    expected_version: int | None = None,
) -> ActionSync:
    """Save the summary as typed and sync its ACTION lines into actions.

    Typing a summary for a report still marked "None" marks it verbal: someone spoke.
    """
    report = _editable(session, report_id, expected_version, {"summary": text})
    report.summary = text
    if text.strip() and report.status in (None, ReportStatus.NOT_PROVIDED):
        report.status = ReportStatus.VERBAL
    session.flush()
    return sync_report_actions(session, report_id, clock)


# --- ACTION lines in a summary ------------------------------------------------------------


def owner_candidates(session: Session, report: SubgroupReport) -> list[OwnerCandidate]:
    """Who an ACTION line's names may mean: the board meeting's attendees and members
    (as for an item's minutes), then the members of the reporting subgroup."""
    meeting = report.meeting
    candidates = action_service.owner_candidates(session, meeting)
    seen = {c.person_id for c in candidates}
    for membership in current_members(session, report.subgroup_id, meeting.date):
        person = membership.person
        if person.id not in seen:
            seen.add(person.id)
            candidates.append(
                OwnerCandidate(
                    person_id=person.id,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    title=person.title,
                )
            )
    return candidates


def report_actions(session: Session, report_id: int) -> list[Action]:
    """The actions captured from this report's summary, in line order."""
    return list(
        session.scalars(
            select(Action)
            .where(Action.subgroup_report_id == report_id, Action.source_line.is_not(None))
            .order_by(Action.source_order, Action.id)
        )
    )


def captured_action_labels(session: Session, meeting_id: int) -> dict[int, list[str]]:
    """Report id -> "CSP-2022-10-05-03: Andy Opie" for each action its summary raised,
    for every report of the meeting in one read."""
    actions = session.scalars(
        select(Action)
        .join(SubgroupReport, Action.subgroup_report_id == SubgroupReport.id)
        .where(SubgroupReport.meeting_id == meeting_id, Action.source_line.is_not(None))
        .options(selectinload(Action.owner_links).selectinload(ActionOwner.person))
        .order_by(Action.source_order, Action.id)
    ).all()
    labels: dict[int, list[str]] = {}
    for action in actions:
        assert action.subgroup_report_id is not None
        labels.setdefault(action.subgroup_report_id, []).append(
            f"{action.reference}: {action.owner_names or 'no owner'}"
        )
    return labels


def missing_slot_count(session: Session, meeting_id: int) -> int:
    """How many expected subgroups have no report slot at this meeting yet."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return 0
    have = set(
        session.scalars(
            select(SubgroupReport.subgroup_id).where(SubgroupReport.meeting_id == meeting_id)
        )
    )
    return sum(1 for body in expected_subgroups(session, meeting.body_id) if body.id not in have)


def report_action_sources(session: Session) -> dict[int, str]:
    """For actions captured from a subgroup report: action id -> the subgroup's name
    (the Actions tab shows it where an item would be)."""
    rows = session.execute(
        select(Action.id, Body.name)
        .join(SubgroupReport, Action.subgroup_report_id == SubgroupReport.id)
        .join(Body, SubgroupReport.subgroup_id == Body.id)
    ).all()
    return {action_id: name for action_id, name in rows}


def sync_report_actions(session: Session, report_id: int, clock: Clock) -> ActionSync:
    """Create or update one action per ACTION line of the report's summary.

    The same rules as an item's minutes (services.actions.sync_item_actions), through the
    same parser and record functions: a new line raises an action of the board meeting
    (linked to the report, not to an item); an edited line updates the same record; a
    line that disappears is returned in `orphaned` for the window to confirm.
    """
    report = _report(session, report_id)
    return action_service.sync_action_lines(
        session,
        find_action_lines(report.summary or ""),
        report_actions(session, report_id),
        meeting=report.meeting,
        candidates=owner_candidates(session, report),
        clock=clock,
        report_id=report.id,
    )
