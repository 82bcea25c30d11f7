"""Actions: stable references, ACTION lines kept in step with records, status and history.

An action typed in the minutes (``ACTION: Andy Opie to invite ...``) becomes a record
with a reference that never changes (``CSP-2022-10-05-04``). When the note taker edits
the line, the same record follows it; when they delete the line, the record is kept
and reported as orphaned so a person decides. Every status change is kept as an
`ActionUpdate` with who and when.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound, RecordLocked, ValidationError
from csp_desktop.models import (
    Action,
    ActionOwner,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    ActionUpdateSource,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    ItemKind,
    Meeting,
    Person,
)
from csp_desktop.services.action_parser import (
    ActionLine,
    OwnerCandidate,
    ParsedAction,
    borrows_words,
    find_action_lines,
    match_action_line,
    parse_action,
)
from csp_desktop.services.bodies import current_members
from csp_desktop.services.formatting import short_uk_date
from csp_desktop.services.meetings import get_meeting, meeting_label
from csp_desktop.services.publication import PUBLIC
from csp_desktop.text_rules import clean_stored_text, stored_form

OPEN_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
# How alike an edited line must be to its old self to keep its record (difflib ratio).
SAME_LINE_RATIO = 0.5
# A line at the same place in the item may change more and still be the same action.
SAME_PLACE_RATIO = 0.35
# How alike a line in "Minutes and actions of the previous meeting" must be to an
# earlier action's text to count as reviewing it rather than raising a new one.
REVIEW_RATIO = 0.8
REVIEW_MIN_LENGTH = 12


class _Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


UNCHANGED = _Unchanged.UNCHANGED
"""Passed to `set_action_fields` (the default) for "leave this field as it is"."""


@dataclass(frozen=True)
class ActionFilter:
    """Which actions `list_actions` returns. Every criterion given must hold.

    Attributes:
        today: the date `ActionRow.is_overdue` is judged against (None: never overdue).
        overdue_on: only actions still open whose due date is before this date.
        text: words to find in the reference, task, owners or latest update.
    """

    meeting_id: int | None = None
    body_id: int | None = None
    owner_id: int | None = None
    statuses: tuple[ActionStatus, ...] | None = None
    open_only: bool = False
    overdue_on: dt.date | None = None
    text: str = ""
    include_restricted: bool = True
    today: dt.date | None = None


@dataclass(frozen=True)
class ActionRow:
    """An action as the Actions tab and the Excel tracker show it."""

    id: int
    reference: str
    body_id: int
    body_name: str
    meeting_id: int | None
    meeting_date: dt.date | None
    item_id: int | None
    item_number: str | None
    item_title: str | None
    text: str
    owners: str
    owner_ids: tuple[int, ...]
    other_owners: str | None
    unmatched_owners: str | None
    due_date: dt.date | None
    due_text: str | None
    status: ActionStatus
    completed_on: dt.date | None
    latest_update: str | None
    latest_update_at: dt.datetime | None
    is_overdue: bool
    restricted: bool
    source_order: int | None = None
    # Status recorded when a later meeting reviewed it (only from `reviewed_actions`).
    review_status: ActionStatus | None = None
    # The version shown: an edit made from this row is refused if the action moved on.
    row_version: int = 0


@dataclass(frozen=True)
class ActionUpdateRow:
    id: int
    action_id: int
    made_at: dt.datetime
    text: str
    source: ActionUpdateSource
    author: str | None
    status_from: ActionStatus | None
    status_to: ActionStatus | None
    meeting_id: int | None


@dataclass(frozen=True)
class FlaggedOwners:
    """An action whose line names someone who could not be matched safely."""

    action_id: int
    reference: str
    line: str
    ambiguous: tuple[str, ...]
    unmatched: tuple[str, ...]


@dataclass(frozen=True)
class ActionSync:
    """What `sync_item_actions` did to bring the records in step with the text.

    Attributes:
        created: ids of actions raised by new lines.
        updated: ids of actions whose line changed.
        unchanged: ids of actions whose line is as before.
        orphaned: ids of actions whose line has gone; kept until someone confirms.
        reviewed: ids of earlier actions a previous-minutes line reviewed.
        flagged: actions with owners to check (ambiguous or unknown names).
    """

    created: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()
    orphaned: tuple[int, ...] = ()
    reviewed: tuple[int, ...] = ()
    flagged: tuple[FlaggedOwners, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.reviewed)


# --- lookups ---------------------------------------------------------------------------


def get_action(session: Session, action_id: int) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound(f"There is no action with id {action_id}.")
    return action


def find_action(session: Session, reference: str) -> Action:
    """An action by its reference (any case)."""
    wanted = reference.strip().upper()
    action = session.scalar(select(Action).where(Action.reference == wanted))
    if action is None:
        for candidate in session.scalars(select(Action)):
            if candidate.reference.upper() == wanted:
                return candidate
        raise NotFound(f"There is no action with the reference {reference.strip()}.")
    return action


# --- references ------------------------------------------------------------------------


def _reference_prefix(body: Body, day: dt.date) -> str:
    return f"{body.short_name}-{day.isoformat()}-"


def _highest_number(session: Session, prefix: str) -> int:
    highest = 0
    # Only the references with this prefix, found through the unique index on
    # `reference` (a range, not LIKE, so SQLite can use it): reading every reference
    # made each new action cost O(all actions), felt on every autosave in a big archive.
    after_prefix = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    for reference in session.scalars(
        select(Action.reference).where(Action.reference >= prefix, Action.reference < after_prefix)
    ):
        if reference.startswith(prefix) and reference[len(prefix) :].isdigit():
            highest = max(highest, int(reference[len(prefix) :]))
    return highest


def next_reference(session: Session, meeting: Meeting) -> str:
    """Reserve the next reference for an action raised at `meeting`: "CSP-2022-10-05-04".

    The number counts up within the meeting and is never handed out twice, even
    after an action is deleted (the meeting remembers the highest number used).
    """
    prefix = _reference_prefix(meeting.body, meeting.date)
    number = max(_highest_number(session, prefix), meeting.last_action_number) + 1
    meeting.last_action_number = number
    return f"{prefix}{number:02d}"


# --- owners ----------------------------------------------------------------------------


def owner_candidates(session: Session, meeting: Meeting) -> list[OwnerCandidate]:
    """Who an ACTION line's names may mean: the meeting's attendees, then the members.

    People present (or additional attendees) come first and are marked `present`, so
    a first name or initials pick the person in the room.
    """
    seen: set[int] = set()
    present: list[OwnerCandidate] = []
    others: list[OwnerCandidate] = []
    members = current_members(session, meeting.body_id, meeting.date)  # with their people
    # The attendees with their people in one query, not one per row (this runs on every
    # sync of a changed ACTION line, on the writer thread while the note taker types).
    attendees = session.scalars(
        select(Attendance)
        .where(Attendance.meeting_id == meeting.id)
        .options(joinedload(Attendance.person))
        .order_by(Attendance.id)
    ).all()
    for attendance in attendees:
        person = attendance.person
        in_room = attendance.status in (AttendanceStatus.PRESENT, AttendanceStatus.ADDITIONAL)
        candidate = OwnerCandidate(
            person_id=person.id,
            first_name=person.first_name,
            last_name=person.last_name,
            title=person.title,
            present=in_room,
        )
        (present if in_room else others).append(candidate)
        seen.add(person.id)
    for membership in members:
        if membership.person_id in seen:
            continue
        person = membership.person
        others.append(
            OwnerCandidate(
                person_id=person.id,
                first_name=person.first_name,
                last_name=person.last_name,
                title=person.title,
            )
        )
        seen.add(person.id)
    # People who own the body's open actions (officers, additional attendees of earlier
    # meetings) are known too: their names must match, not be reported as strangers.
    owners = session.scalars(
        select(Person)
        .join(ActionOwner, ActionOwner.person_id == Person.id)
        .join(Action, Action.id == ActionOwner.action_id)
        .where(Action.body_id == meeting.body_id, Action.status.in_(OPEN_STATUSES))
        .distinct()
        .order_by(Person.id)
    ).all()
    for person in owners:
        if person.id in seen:
            continue
        others.append(
            OwnerCandidate(
                person_id=person.id,
                first_name=person.first_name,
                last_name=person.last_name,
                title=person.title,
            )
        )
        seen.add(person.id)
    return present + others


def _set_owners(session: Session, action: Action, owner_ids: Sequence[int]) -> None:
    unique: list[int] = []
    for person_id in owner_ids:
        if person_id not in unique:
            unique.append(person_id)
    for person_id in unique:
        if session.get(Person, person_id) is None:
            raise NotFound(f"There is no person with id {person_id}.")
    current = [link.person_id for link in action.owner_links]
    if current == unique:
        return
    action.owner_links.clear()
    session.flush()  # the (action, person) key may come straight back
    for position, person_id in enumerate(unique):
        action.owner_links.append(ActionOwner(person_id=person_id, position=position))


def _join(names: Sequence[str]) -> str | None:
    return "; ".join(names) if names else None


# --- creating, changing, deleting ------------------------------------------------------


def create_action(
    session: Session,
    *,
    body_id: int,
    meeting_id: int | None,
    item_id: int | None,
    text: str,
    owner_ids: Sequence[int],
    other_owners: str | None = None,
    due_date: dt.date | None = None,
    status: ActionStatus = ActionStatus.OPEN,
    clock: Clock,
    due_text: str | None = None,
    unmatched_owners: str | None = None,
    is_restricted: bool | None = None,
    source: ActionUpdateSource = ActionUpdateSource.MANUAL,
    source_line: str | None = None,
    source_order: int | None = None,
    subgroup_report_id: int | None = None,
) -> Action:
    """Record an action with a new reference.

    `source_line`/`source_order`/`subgroup_report_id`: the text line it was raised from,
    given here so they go in the same INSERT.

    Raises:
        ValidationError: no task text, or the meeting/item belong elsewhere.
        NotFound: the body, meeting, item or an owner does not exist.
    """
    cleaned = " ".join(clean_stored_text(text).split())
    if not cleaned:
        raise ValidationError("An action needs a description of what is to be done.")
    body = session.get(Body, body_id)
    if body is None:
        raise NotFound(f"There is no body with id {body_id}.")
    meeting = get_meeting(session, meeting_id) if meeting_id is not None else None
    if meeting is not None and meeting.body_id != body.id:
        raise ValidationError(f"That meeting belongs to {meeting.body.name}, not {body.name}.")
    item = None
    if item_id is not None:
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise NotFound(f"There is no agenda item with id {item_id}.")
        if meeting is None or item.meeting_id != meeting.id:
            raise ValidationError("That agenda item belongs to another meeting.")
    now = clock.now()
    if meeting is not None:
        reference = next_reference(session, meeting)
    else:
        prefix = _reference_prefix(body, clock.today())
        reference = f"{prefix}{_highest_number(session, prefix) + 1:02d}"
    restricted = is_restricted if is_restricted is not None else bool(item and item.is_restricted)
    action = Action(
        reference=reference,
        body_id=body.id,
        raised_at_meeting_id=meeting.id if meeting else None,
        raised_at_item_id=item.id if item else None,
        text=cleaned,
        other_owners=other_owners or None,
        unmatched_owners=unmatched_owners or None,
        due_date=due_date,
        due_text=due_text,
        status=status,
        completed_on=_completion_day(status, meeting, clock),
        is_restricted=restricted,
        created_at=now,
        updated_at=now,
        source_line=source_line,
        source_order=source_order,
        subgroup_report_id=subgroup_report_id,
        # Known to be empty: filling them then needs no SELECT of either collection.
        owner_links=[],
        updates=[],
    )
    session.add(action)
    session.flush()
    _set_owners(session, action, owner_ids)
    action.updates.append(
        ActionUpdate(
            made_at=now,
            text=raised_note(meeting, item),
            source=source,
            author=clock.user(),
            status_to=status,
            meeting_id=meeting.id if meeting else None,
        )
    )
    session.flush()
    return action


def raised_note(meeting: Meeting | None, item: AgendaItem | None) -> str:
    """The first update of a new action: where it was raised (public words, no content)."""
    where = f"Raised at {meeting_label(meeting)}" if meeting else "Recorded"
    if item is not None:
        where += f", item {item.number or item.position}"
    return f"{where}."


def _completion_day(status: ActionStatus, meeting: Meeting | None, clock: Clock) -> dt.date | None:
    if status is not ActionStatus.COMPLETED:
        return None
    # Completed as it was raised: it was done by the meeting that recorded it.
    return meeting.date if meeting is not None else clock.today()


def _check_not_locked(action: Action) -> None:
    meeting = action.raised_at_meeting
    if meeting is not None and meeting.is_locked:
        raise RecordLocked(
            f"Action {action.reference} is part of the approved minutes of "
            f"{meeting_label(meeting)}; it cannot be deleted. Mark it dropped instead."
        )


def delete_action(session: Session, action_id: int) -> None:
    """Delete an action and its history (the caller confirms first).

    Its reference number is not reused.

    Raises:
        RecordLocked: the action belongs to approved minutes.
    """
    action = get_action(session, action_id)
    _check_not_locked(action)
    session.delete(action)
    session.flush()


def detach_action(session: Session, action_id: int) -> None:
    """Keep an orphaned action as a record of its own, no longer tied to a minutes line."""
    action = get_action(session, action_id)
    action.source_line = None
    action.source_order = None
    session.flush()


def set_action_status(
    session: Session,
    action_id: int,
    status: ActionStatus,
    clock: Clock,
    *,
    note: str = "",
    source: ActionUpdateSource = ActionUpdateSource.MANUAL,
    meeting_id: int | None = None,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Change an action's status and record who changed it, when, from what to what.

    Completing sets `completed_on` (to `on`, default today); reopening clears it.
    Setting the status it already has records nothing unless a note is given. With
    `expected_version` (the `row_version` the window showed), refused as a StaleEdit
    if someone else changed the action since (the status asked for kept in `lost_edit`).
    """
    action = get_action(session, action_id)
    _expect_version(session, action, expected_version, {"status": status.value})
    before = action.status
    note = note.strip()
    if before is status and not note:
        return
    now = clock.now()
    if before is not status:
        action.status = status
        # "Completed on" is for completed actions only; a dropped one was never done.
        action.completed_on = (on or clock.today()) if status is ActionStatus.COMPLETED else None
    action.updated_at = now
    action.updates.append(
        ActionUpdate(
            made_at=now,
            text=note,
            source=source,
            author=clock.user(),
            status_from=before if before is not status else None,
            status_to=status if before is not status else None,
            meeting_id=meeting_id,
        )
    )
    session.flush()


def add_action_update(
    session: Session,
    action_id: int,
    text: str,
    clock: Clock,
    *,
    source: ActionUpdateSource = ActionUpdateSource.MANUAL,
    meeting_id: int | None = None,
) -> None:
    """Add a dated progress note ("Workshop booked for 12 December")."""
    note = stored_form(text)
    if not note:
        raise ValidationError("An update needs some text.")
    action = get_action(session, action_id)
    now = clock.now()
    # A progress note is added, the action itself is not edited: its "last changed" time
    # moves without bumping its row version, so two people adding notes at once are not
    # refused as each other's stale edits (issue 16).
    session.execute(
        sql_text("UPDATE action SET updated_at = :now WHERE id = :id"),
        {"now": now, "id": action.id},
    )
    set_committed_value(action, "updated_at", now)
    session.add(
        ActionUpdate(
            action_id=action.id,
            made_at=now,
            text=note,
            source=source,
            author=clock.user(),
            meeting_id=meeting_id,
        )
    )
    session.flush()
    session.expire(action, ["updates"])


def _expect_version(
    session: Session, action: Action, expected: int | None, asked: dict[str, str]
) -> None:
    """Refuse an edit based on a version of the action someone else has changed since."""
    from csp_desktop.services.row_versions import refuse_if_moved_on

    refuse_if_moved_on(session, action, expected, asked)


def set_action_fields(
    session: Session,
    action_id: int,
    clock: Clock,
    *,
    due_date: dt.date | _Unchanged | None = UNCHANGED,
    owner_ids: Sequence[int] | _Unchanged = UNCHANGED,
    other_owners: str | _Unchanged | None = UNCHANGED,
    text: str | _Unchanged = UNCHANGED,
    due_text: str | _Unchanged | None = UNCHANGED,
    is_restricted: bool | _Unchanged = UNCHANGED,
    expected_version: int | None = None,
) -> None:
    """Edit an action by hand; fields left as `UNCHANGED` stay as they are.

    Choosing owners clears the "could not match" flag: a person has now decided.
    The change is noted in the action's history. With `expected_version`, refused if
    someone else changed the action since (what was asked for kept in `lost_edit`).
    """
    action = get_action(session, action_id)
    asked = {
        name: "" if value is None else str(value)
        for name, value in (
            ("due_date", due_date),
            ("other_owners", other_owners),
            ("text", text),
            ("due_text", due_text),
            ("is_restricted", is_restricted),
        )
        if not isinstance(value, _Unchanged)
    }
    if not isinstance(owner_ids, _Unchanged):
        asked["owner_ids"] = ",".join(str(i) for i in owner_ids)
    _expect_version(session, action, expected_version, asked)
    changes: list[str] = []
    if not isinstance(text, _Unchanged):
        cleaned = " ".join(text.split())
        if not cleaned:
            raise ValidationError("An action needs a description of what is to be done.")
        if cleaned != action.text:
            action.text = cleaned
            changes.append("wording changed")
    if not isinstance(due_date, _Unchanged) and due_date != action.due_date:
        action.due_date = due_date
        changes.append(f"due {short_uk_date(due_date)}" if due_date else "due date removed")
    if not isinstance(due_text, _Unchanged) and (due_text or None) != action.due_text:
        action.due_text = due_text or None
        changes.append(f"due: {due_text}" if due_text else "due note removed")
    if not isinstance(owner_ids, _Unchanged):
        before = [link.person_id for link in action.owner_links]
        _set_owners(session, action, owner_ids)
        session.flush()
        if [link.person_id for link in action.owner_links] != before or action.unmatched_owners:
            action.unmatched_owners = None
            changes.append(f"owners: {action.owner_names or 'none'}")
    if not isinstance(other_owners, _Unchanged) and (other_owners or None) != action.other_owners:
        action.other_owners = (other_owners or "").strip() or None
        changes.append(f"other owners: {action.other_owners or 'none'}")
    if not isinstance(is_restricted, _Unchanged) and is_restricted != action.is_restricted:
        action.is_restricted = is_restricted
        changes.append("restricted" if is_restricted else "no longer restricted")
    if not changes:
        session.flush()
        return
    now = clock.now()
    action.updated_at = now
    action.updates.append(
        ActionUpdate(
            made_at=now,
            text="Edited: " + "; ".join(changes) + ".",
            source=ActionUpdateSource.MANUAL,
            author=clock.user(),
        )
    )
    session.flush()


def set_review_status(
    session: Session,
    meeting_id: int,
    action_id: int,
    status: ActionStatus,
    clock: Clock,
    *,
    note: str = "",
) -> None:
    """Record what a meeting said about a carried-forward action, and update the action."""
    meeting = get_meeting(session, meeting_id)
    review = session.scalar(
        select(ActionReview).where(
            ActionReview.meeting_id == meeting_id, ActionReview.action_id == action_id
        )
    )
    if review is None:
        raise NotFound(f"Action {action_id} is not up for review at {meeting_label(meeting)}.")
    review.status_at_review = status
    set_action_status(
        session,
        action_id,
        status,
        clock,
        note=note,
        source=ActionUpdateSource.MEETING,
        meeting_id=meeting_id,
        on=meeting.date if status is ActionStatus.COMPLETED else None,
    )
    session.flush()


# --- keeping records in step with the minutes text -------------------------------------


def _normalise(line: str) -> str:
    return " ".join(line.split()).casefold()


def _line_similarity(old: str, new: str) -> float:
    a, b = _normalise(old), _normalise(new)
    if a == b:
        return 1.0
    if a.startswith(b) or b.startswith(a):
        return 0.95  # the line is still being typed (autosave caught it half-way)
    import difflib  # only when an edited line is matched, not at start-up

    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair_lines(
    existing: Sequence[Action], lines: Sequence[ActionLine]
) -> tuple[dict[int, Action], list[Action]]:
    """Match each line to the record it came from: same text first, then most alike."""
    pairs: dict[int, Action] = {}
    free = list(existing)
    for line in lines:
        for action in free:
            if action.source_line is not None and _normalise(action.source_line) == _normalise(
                line.line
            ):
                pairs[line.index] = action
                free.remove(action)
                break
    scored: list[tuple[float, int, int, Action]] = []
    for line in lines:
        if line.index in pairs:
            continue
        for action in free:
            ratio = _line_similarity(action.source_line or "", line.line)
            same_place = action.source_order == line.index
            if ratio >= SAME_LINE_RATIO or (same_place and ratio >= SAME_PLACE_RATIO):
                scored.append(
                    (ratio + (0.05 if same_place else 0.0), line.index, action.id, action)
                )
    scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    used: set[int] = set()
    for _score, index, action_id, action in scored:
        if index in pairs or action_id in used:
            continue
        pairs[index] = action
        used.add(action_id)
    orphans = [a for a in free if a.id not in used]
    return pairs, orphans


def _earlier_actions(session: Session, meeting: Meeting) -> list[Action]:
    return list(
        session.scalars(
            select(Action)
            .join(Meeting, Action.raised_at_meeting_id == Meeting.id)
            .where(Action.body_id == meeting.body_id, Meeting.date < meeting.date)
            .order_by(Meeting.date.desc(), Action.id)
        ).all()
    )


# How many of the most word-alike earlier actions are compared letter by letter.
REVIEW_SHORTLIST = 8


@dataclass(frozen=True)
class _Prepared:
    action: Action
    text: str
    words: frozenset[str]


@dataclass
class _ReviewPool:
    """Earlier actions a previous-minutes line may review, with their texts prepared once.

    Built once per sync: an autosave of a long "Minutes and actions" item against an
    archive of hundreds of actions must stay quick.
    """

    carried: list[_Prepared]
    others: list[_Prepared]
    by_text: dict[str, list[Action]]
    carried_ids: set[int]

    @classmethod
    def build(cls, earlier: list[Action], carried_ids: set[int]) -> _ReviewPool:
        prepared = [
            _Prepared(action, text, frozenset(text.split()))
            for action in earlier
            for text in (_normalise(action.text),)
        ]
        by_text: dict[str, list[Action]] = {}
        for entry in prepared:
            by_text.setdefault(entry.text, []).append(entry.action)
        return cls(
            carried=[p for p in prepared if p.action.id in carried_ids],
            others=[p for p in prepared if p.action.id not in carried_ids],
            by_text=by_text,
            carried_ids=carried_ids,
        )


def _shortlist(words: frozenset[str], candidates: list[_Prepared]) -> list[_Prepared]:
    """The candidates sharing most words with the line (Jaccard), best first."""

    def overlap(entry: _Prepared) -> float:
        union = len(words | entry.words)
        return len(words & entry.words) / union if union else 0.0

    return heapq.nlargest(REVIEW_SHORTLIST, candidates, key=overlap)


def _review_target(parsed: ParsedAction, pool: _ReviewPool) -> Action | None:
    """The earlier action a previous-minutes line is about, if one is clearly it.

    The same words win outright; otherwise the closest text (difflib ratio of at least
    `REVIEW_RATIO`) among the few sharing most words with the line, looking first at
    the actions carried forward to this meeting. Among equals: carried, then still
    open, then the most recent (the pool is newest first).
    """
    if len(parsed.text) < REVIEW_MIN_LENGTH:
        return None  # a line still being typed says too little to pick an action
    wanted = _normalise(parsed.text)
    exact = pool.by_text.get(wanted)
    if exact:
        order = {action.id: index for index, action in enumerate(exact)}
        return max(
            exact,
            key=lambda a: (a.id in pool.carried_ids, a.status in OPEN_STATUSES, -order[a.id]),
        )
    words = frozenset(wanted.split())
    import difflib

    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)  # difflib caches what it learns about the second text
    for candidates in (pool.carried, pool.others):
        best: tuple[float, bool, Action] | None = None
        for entry in _shortlist(words, candidates):
            # Whole-text likeness only: a half-typed line must not claim a longer action.
            matcher.set_seq1(entry.text)
            if matcher.real_quick_ratio() < REVIEW_RATIO or matcher.quick_ratio() < REVIEW_RATIO:
                continue  # cheap upper bounds rule most texts out
            ratio = round(matcher.ratio(), 3)
            if ratio < REVIEW_RATIO:
                continue
            rank = (ratio, entry.action.status in OPEN_STATUSES)
            if best is None or rank > best[:2]:
                best = (*rank, entry.action)
        if best is not None:
            return best[2]
    return None


def _apply_review(
    session: Session, meeting: Meeting, action: Action, parsed: ParsedAction, clock: Clock
) -> None:
    review = session.scalar(
        select(ActionReview).where(
            ActionReview.meeting_id == meeting.id, ActionReview.action_id == action.id
        )
    )
    if parsed.completed:
        if review is not None:
            review.status_at_review = ActionStatus.COMPLETED
        if action.status is not ActionStatus.COMPLETED:
            set_action_status(
                session,
                action.id,
                ActionStatus.COMPLETED,
                clock,
                note=f"Reported completed at {meeting_label(meeting)}.",
                source=ActionUpdateSource.MINUTES,
                meeting_id=meeting.id,
                on=meeting.date,
            )
    elif review is not None and review.status_at_review is None:
        review.status_at_review = action.status


def _owners_as_parsed(parsed: ParsedAction) -> tuple[list[int], str | None, str | None]:
    return (
        list(parsed.owner_ids),
        ", ".join(parsed.other_owners) or None,
        _join([*parsed.ambiguous, *parsed.unmatched]),
    )


def _update_from_line(
    session: Session,
    action: Action,
    line: ActionLine,
    parsed: ParsedAction,
    candidates: list[OwnerCandidate],
    meeting: Meeting,
    clock: Clock,
) -> bool:
    """Carry an edited line into its record; what someone changed by hand is kept."""
    old_body = match_action_line(action.source_line or "") or ""
    old = parse_action(old_body, candidates, on=meeting.date)
    current_owners = [link.person_id for link in action.owner_links]
    current = (current_owners, action.other_owners, action.unmatched_owners)
    old_text, old_owners = old.text, _owners_as_parsed(old)
    if borrows_words(action.source_line or "") and not borrows_words(line.line):
        # "ACTION: Andy Opie" was saved while the note taker waited for the words: the
        # record took the line above's words and a half-typed name, which nobody chose
        # by hand; now that the line says its own, all of it follows the line.
        old_text, old_owners = action.text, current
    changed = False
    if action.text == old_text and action.text != parsed.text:
        action.text = parsed.text
        changed = True
    new_owners = _owners_as_parsed(parsed)
    # Owners follow the line only if nobody has chosen them by hand since.
    if current == old_owners and old_owners != new_owners:
        _set_owners(session, action, new_owners[0])
        action.other_owners, action.unmatched_owners = new_owners[1], new_owners[2]
        changed = True
    # A due point typed in the line is carried over unless someone has set it by hand.
    if action.due_date == old.due_date and parsed.due_date != old.due_date:
        action.due_date = parsed.due_date
        changed = True
    if action.due_text == old.due_text and parsed.due_text != old.due_text:
        action.due_text = parsed.due_text
        changed = True
    if parsed.completed != old.completed:
        if parsed.completed and action.status is not ActionStatus.COMPLETED:
            set_action_status(
                session,
                action.id,
                ActionStatus.COMPLETED,
                clock,
                note="Marked completed in the minutes.",
                source=ActionUpdateSource.MINUTES,
                meeting_id=meeting.id,
                on=meeting.date,
            )
        elif not parsed.completed and action.status is ActionStatus.COMPLETED:
            set_action_status(
                session,
                action.id,
                ActionStatus.OPEN,
                clock,
                note="(COMPLETED) removed from the minutes.",
                source=ActionUpdateSource.MINUTES,
                meeting_id=meeting.id,
            )
        changed = True
    if action.source_line != line.line:
        action.source_line = line.line
        changed = True
    action.source_order = line.index
    if changed:
        action.updated_at = clock.now()
    return changed


def sync_item_actions(session: Session, item_id: int, clock: Clock) -> ActionSync:
    """Bring an item's action records in step with the ACTION lines of its minutes.

    - A new line raises a new action (owners matched to attendees and members).
    - An edited line updates the same record (matched by text, then by likeness and
      place), never a duplicate; hand-made changes to the record are kept.
    - A removed line's action is not deleted: it is returned in `orphaned` for the
      user to confirm (`delete_action`) or keep (`detach_action`).
    - In the "Minutes and actions of the previous meeting" item, a line that repeats an
      earlier action reviews it instead ("(COMPLETED)" completes it).
    """
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound(f"There is no agenda item with id {item_id}.")
    meeting = item.meeting
    lines = find_action_lines(item.minutes_text or "")
    candidates = owner_candidates(session, meeting)
    parsed = {
        line.index: parse_action(line.body, candidates, on=meeting.date, owner=line.owner)
        for line in lines
    }

    reviewed: list[int] = []
    own_lines = lines
    if item.kind is ItemKind.PREVIOUS_MINUTES:
        carried = set(
            session.scalars(
                select(ActionReview.action_id).where(ActionReview.meeting_id == meeting.id)
            )
        )
        pool = _ReviewPool.build(_earlier_actions(session, meeting), carried)
        own_lines = []
        for line in lines:
            target = _review_target(parsed[line.index], pool)
            if target is None:
                own_lines.append(line)
            else:
                _apply_review(session, meeting, target, parsed[line.index], clock)
                reviewed.append(target.id)

    existing = list(
        session.scalars(
            select(Action)
            .where(Action.raised_at_item_id == item.id, Action.source_line.is_not(None))
            .order_by(Action.source_order, Action.id)
        ).all()
    )
    return sync_action_lines(
        session,
        own_lines,
        existing,
        meeting=meeting,
        candidates=candidates,
        clock=clock,
        item_id=item.id,
        parsed=parsed,
        reviewed=reviewed,
    )


def sync_action_lines(
    session: Session,
    lines: Sequence[ActionLine],
    existing: Sequence[Action],
    *,
    meeting: Meeting,
    candidates: list[OwnerCandidate],
    clock: Clock,
    item_id: int | None = None,
    report_id: int | None = None,
    parsed: Mapping[int, ParsedAction] | None = None,
    reviewed: Sequence[int] = (),
) -> ActionSync:
    """Bring the action records of one text (an item's minutes, a subgroup report's
    summary) in step with its ACTION lines; the one rule for every source.

    Args:
        lines: the text's ACTION lines (`find_action_lines`).
        existing: the records raised from this text before (with a `source_line`).
        meeting: the meeting the actions belong to (its date places due days).
        item_id, report_id: what a new action is linked to.
        parsed: the lines already parsed, by line index (parsed here if not given).
        reviewed: earlier actions the text reviewed, passed through to the result.
    """
    if parsed is None:
        parsed = {
            line.index: parse_action(line.body, candidates, on=meeting.date, owner=line.owner)
            for line in lines
        }
    pairs, orphans = _pair_lines(existing, lines)
    created: list[int] = []
    updated: list[int] = []
    unchanged: list[int] = []
    flagged: list[FlaggedOwners] = []
    for line in lines:
        result = parsed[line.index]
        action = pairs.get(line.index)
        if action is None:
            owner_ids, other, unmatched = _owners_as_parsed(result)
            action = create_action(
                session,
                body_id=meeting.body_id,
                meeting_id=meeting.id,
                item_id=item_id,
                text=result.text,
                owner_ids=owner_ids,
                other_owners=other,
                unmatched_owners=unmatched,
                due_date=result.due_date,
                due_text=result.due_text,
                status=ActionStatus.COMPLETED if result.completed else ActionStatus.OPEN,
                clock=clock,
                source=ActionUpdateSource.MINUTES,
                source_line=line.line,
                source_order=line.index,
                subgroup_report_id=report_id,
            )
            created.append(action.id)
        elif action.source_line == line.line:
            # The same line parses the same way, so `_update_from_line` would change
            # nothing but its place; skipping it keeps each autosave's sync to the lines
            # that changed (it parsed every line twice and loaded its owners).
            action.source_order = line.index
            unchanged.append(action.id)
        elif _update_from_line(session, action, line, result, candidates, meeting, clock):
            updated.append(action.id)
        else:
            unchanged.append(action.id)
        if result.needs_attention and action.unmatched_owners:
            flagged.append(
                FlaggedOwners(
                    action_id=action.id,
                    reference=action.reference,
                    line=line.line,
                    ambiguous=tuple(result.ambiguous),
                    unmatched=tuple(result.unmatched),
                )
            )
    session.flush()
    return ActionSync(
        created=tuple(created),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        orphaned=tuple(a.id for a in orphans),
        reviewed=tuple(reviewed),
        flagged=tuple(flagged),
    )


def sync_item_actions_if_out_of_step(
    session: Session, item_id: int, clock: Clock
) -> ActionSync | None:
    """`sync_item_actions`, only if the item's ACTION lines and its records disagree.

    The text and its sync are saved in two transactions (the sync off the GUI thread), so
    an app that stopped between them leaves a line without its action, or an action whose
    line was deleted. Opening the item checks, and syncs if needed; in step (the usual
    case) costs two indexed reads and writes nothing. Returns None when in step or when
    the item no longer exists.
    """
    row = session.execute(
        select(AgendaItem.minutes_text, AgendaItem.kind).where(AgendaItem.id == item_id)
    ).one_or_none()
    if row is None:
        return None
    lines = Counter(line.line for line in find_action_lines(row.minutes_text or ""))
    recorded = Counter(
        line
        for line in session.scalars(
            select(Action.source_line).where(
                Action.raised_at_item_id == item_id, Action.source_line.is_not(None)
            )
        )
        if line is not None
    )
    if row.kind is ItemKind.PREVIOUS_MINUTES:
        # A line that reviews an earlier action has no record of its own here, so only a
        # record whose line has gone tells that a sync was missed.
        if not (recorded - lines):
            return None
    elif lines == recorded:
        return None
    return sync_item_actions(session, item_id, clock)


def sync_meeting_actions(session: Session, meeting_id: int, clock: Clock) -> list[ActionSync]:
    """`sync_item_actions` for every item of a meeting, in agenda order."""
    meeting = get_meeting(session, meeting_id)
    return [sync_item_actions(session, item.id, clock) for item in meeting.items]


# --- reading ---------------------------------------------------------------------------


def _due_day(action: Action) -> dt.date | None:
    if action.due_date is not None:
        return action.due_date
    return action.due_meeting.date if action.due_meeting is not None else None


def _is_overdue(action: Action, day: dt.date | None) -> bool:
    due = _due_day(action)
    return day is not None and due is not None and action.status in OPEN_STATUSES and due < day


def _action_row(
    action: Action, today: dt.date | None, review_status: ActionStatus | None = None
) -> ActionRow:
    meeting = action.raised_at_meeting
    item = action.raised_at_item
    latest = max(action.updates, key=lambda u: (u.made_at, u.id), default=None)
    restricted = not PUBLIC.shows_action(action)
    return ActionRow(
        id=action.id,
        reference=action.reference,
        body_id=action.body_id,
        body_name=action.body.name,
        meeting_id=meeting.id if meeting else None,
        meeting_date=meeting.date if meeting else None,
        item_id=item.id if item else None,
        item_number=(item.number or str(item.position)) if item else None,
        item_title=item.title if item else None,
        text=action.text,
        owners=action.owner_names,
        owner_ids=tuple(link.person_id for link in action.owner_links),
        other_owners=action.other_owners,
        unmatched_owners=action.unmatched_owners,
        due_date=action.due_date,
        due_text=action.due_text,
        status=action.status,
        completed_on=action.completed_on,
        latest_update=(latest.text or (latest.status_to.label if latest.status_to else None))
        if latest
        else None,
        latest_update_at=latest.made_at if latest else None,
        is_overdue=_is_overdue(action, today),
        restricted=restricted,
        source_order=action.source_order,
        review_status=review_status,
        row_version=action.row_version,
    )


def list_actions(session: Session, filters: ActionFilter | None = None) -> list[ActionRow]:
    """Actions matching every criterion given, oldest meeting first, then by reference."""
    filters = filters or ActionFilter()
    query = select(Action).options(
        selectinload(Action.owner_links).selectinload(ActionOwner.person),
        selectinload(Action.updates),
        selectinload(Action.body),
        selectinload(Action.raised_at_meeting),
        selectinload(Action.raised_at_item),
        selectinload(Action.due_meeting),
    )
    if filters.meeting_id is not None:
        query = query.where(Action.raised_at_meeting_id == filters.meeting_id)
    if filters.body_id is not None:
        query = query.where(Action.body_id == filters.body_id)
    if filters.owner_id is not None:
        query = query.where(Action.owner_links.any(ActionOwner.person_id == filters.owner_id))
    statuses: set[ActionStatus] | None = set(filters.statuses) if filters.statuses else None
    if filters.open_only or filters.overdue_on is not None:
        statuses = (statuses or set(OPEN_STATUSES)) & OPEN_STATUSES
    if statuses is not None:
        query = query.where(Action.status.in_(sorted(statuses)))
    if not filters.include_restricted:
        query = query.where(Action.is_restricted.is_(False))
    rows: list[ActionRow] = []
    words = filters.text.casefold().split()
    for action in session.scalars(query):
        row = _action_row(action, filters.today or filters.overdue_on)
        if not filters.include_restricted and row.restricted:
            continue
        if filters.overdue_on is not None and not _is_overdue(action, filters.overdue_on):
            continue
        if words:
            haystack = " ".join(
                (row.reference, row.text, row.owners, row.latest_update or "")
            ).casefold()
            if not all(word in haystack for word in words):
                continue
        rows.append(row)
    rows.sort(
        key=lambda r: (r.meeting_date or dt.date.min, r.body_name, reference_sort_key(r.reference))
    )
    return rows


def reference_sort_key(reference: str) -> tuple[str, int]:
    """Order references by their number: CSP-2022-10-05-9 before CSP-2022-10-05-10."""
    prefix, _, number = reference.rpartition("-")
    return (prefix, int(number)) if number.isdigit() else (reference, -1)


def get_action_row(session: Session, action_id: int, today: dt.date | None = None) -> ActionRow:
    return _action_row(get_action(session, action_id), today)


def action_history(session: Session, action_id: int) -> list[ActionUpdateRow]:
    """Every update to an action, oldest first."""
    action = get_action(session, action_id)
    return [
        ActionUpdateRow(
            id=u.id,
            action_id=action.id,
            made_at=u.made_at,
            text=u.text,
            source=u.source,
            author=u.author,
            status_from=u.status_from,
            status_to=u.status_to,
            meeting_id=u.meeting_id,
        )
        for u in sorted(action.updates, key=lambda u: (u.made_at, u.id))
    ]


def reviewed_actions(
    session: Session, meeting_id: int, today: dt.date | None = None
) -> list[ActionRow]:
    """The earlier actions carried into a meeting for review, in review order."""
    get_meeting(session, meeting_id)
    # Everything a row shows is loaded with the actions, as in `list_actions`: lazy loads
    # cost three statements per carried action (60-90 per Actions tab switch).
    action = selectinload(ActionReview.action)
    reviews = session.scalars(
        select(ActionReview)
        .where(ActionReview.meeting_id == meeting_id)
        .options(
            action.selectinload(Action.owner_links).selectinload(ActionOwner.person),
            action.selectinload(Action.updates),
            action.selectinload(Action.body),
            action.selectinload(Action.raised_at_meeting),
            action.selectinload(Action.raised_at_item),
            action.selectinload(Action.due_meeting),
        )
        .order_by(ActionReview.position, ActionReview.id)
    ).all()
    return [_action_row(r.action, today, r.status_at_review) for r in reviews]
