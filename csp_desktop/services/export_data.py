"""Plain, frozen data for the Word and Excel exports, read from the database in one go.

Exports never see a session or an ORM object: they get these dataclasses, already
filtered by the public/restricted rule (`public=True`), so a writer cannot leak restricted
text by accident. Everything here is read-only.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from csp_desktop.errors import NotFound, UserError
from csp_desktop.models import (
    Action,
    ActionOwner,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Amendment,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Declaration,
    ItemKind,
    Meeting,
    MeetingStatus,
    Person,
    ReportStatus,
    SubgroupReport,
)
from csp_desktop.services import archive_identity
from csp_desktop.services.action_parser import match_action_line
from csp_desktop.services.bodies import current_members, find_body
from csp_desktop.services.formatting import short_uk_date, uk_date
from csp_desktop.services.publication import (
    RESTRICTED_PLACEHOLDER,
    Visibility,
    holds_restricted_content,
    visibility,
)
from csp_desktop.services.restricted_quotes import (
    require_public_text_clear,
    require_public_tracker_clear,
)

NO_DECLARATIONS = "No declarations of interest to note."
NO_UPDATE = "No update provided"
DEFAULT_START = dt.time(10, 0)


def hhmm(moment: dt.time | dt.datetime | None) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}" if moment else ""


def marked_title(title: str, is_restricted: bool) -> str:
    """ "RESTRICTED: Prevent update" for a restricted item, unless the title says so already."""
    if is_restricted and not title.lstrip().upper().startswith("RESTRICTED"):
        return f"RESTRICTED: {title}"
    return title


def paper_size_label(file_name: str | None, size_bytes: int | None, kind: str | None = None) -> str:
    """ "PDF 117 KB" as council websites label papers; "" when nothing is known.

    The type is the paper's recorded kind, else its file name's extension.
    """
    if kind:
        kind = kind.strip().upper()
    elif file_name and "." in file_name:
        kind = file_name.rsplit(".", 1)[1].upper()
    else:
        kind = ""
    size = ""
    if size_bytes is not None:
        if size_bytes >= 1024 * 1024:
            size = f"{size_bytes / (1024 * 1024):.1f} MB"
        else:
            size = f"{max(1, round(size_bytes / 1024))} KB"
    return " ".join(part for part in (kind, size) if part)


# --- minutes and agenda -----------------------------------------------------------------


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    ACTION = "action"
    SUBHEADING = "subheading"
    NUMBERED = "numbered"  # "1." / "a)" lists: a numbered list paragraph


@dataclass(frozen=True)
class TextBlock:
    """One line of typed minutes, classified so the writer can pick a Word style."""

    kind: BlockKind
    text: str
    level: int = 0  # list level: 0 top, 1 a sub-item ("o", indented, "a)")


@dataclass(frozen=True)
class AttendeeLine:
    name: str
    mark: str = ""  # "(CHAIR)", "(NOTE TAKER)"
    organisation: str = ""
    note: str = ""  # "substitute for Jane Smith"

    @property
    def text(self) -> str:
        parts = [self.name]
        if self.mark:
            parts.append(self.mark)
        if self.note:
            parts.append(f"({self.note})")
        return " ".join(parts)

    @property
    def text_with_organisation(self) -> str:
        """ "Andy Opie – Barking and Dagenham Council (CHAIR)", for bodies that print it:
        the organisation straight after the name, as minutes list "Name Organisation (Chair)"."""
        if not self.organisation:
            return self.text
        parts = [f"{self.name} – {self.organisation}"]
        if self.mark:
            parts.append(self.mark)
        if self.note:
            parts.append(f"({self.note})")
        return " ".join(parts)


@dataclass(frozen=True)
class PaperData:
    name: str | None  # None: listed without a name ("Additional documents")
    size_label: str  # "PDF 94 KB"

    @property
    def text(self) -> str:
        if not self.name:
            return self.size_label or "Additional document"
        return f"{self.name} ({self.size_label})" if self.size_label else self.name


@dataclass(frozen=True)
class ActionData:
    reference: str
    text: str
    owners: str
    due: str
    status: ActionStatus
    completed_on: dt.date | None
    source_line: str
    subgroup: str = ""  # the subgroup it belongs to, as `subgroup_label` names it

    @property
    def minutes_line(self) -> str:
        """The ACTION line as the minutes print it."""
        if self.source_line:
            line = self.source_line.strip()
            line = re.sub(r"^[-•·*]\s*", "", line)
        else:
            # The action's text is the whole line after "ACTION:", owners included.
            line = f"ACTION: {self.text}"
        if self.subgroup:
            # After the owner, as "(Reducing Re-offending subgroup)", before any full stop.
            line = line.rstrip()
            stop = "." if line.endswith(".") else ""
            line = f"{line.rstrip('.').rstrip()} ({_subgroup_phrase(self.subgroup)}){stop}"
        if self.status is ActionStatus.COMPLETED and "(COMPLETED)" not in line.upper():
            line = line.rstrip(". ") + " (COMPLETED)."
        return line


# A name that already says what it is is not followed by "subgroup" again.
_GROUP_WORDS = re.compile(
    r"\b(sub-?\s?groups?|groups?|boards?|panels?|forums?|partnerships?|networks?|"
    r"committees?|meetings?|teams?)\b",
    re.IGNORECASE,
)


def _subgroup_phrase(label: str) -> str:
    return label if _GROUP_WORDS.search(label) else f"{label} subgroup"


def subgroup_label(name: str, short_name: str | None, short_name_derived: bool) -> str:
    """How papers name a subgroup: its short name where one was given, else its name."""
    if short_name and not short_name_derived:
        return short_name
    return name


def _action_subgroup(action: Action) -> Body | None:
    """The subgroup an action belongs to: the one whose report raised it, else its body
    when that body is a subgroup."""
    if action.subgroup_report is not None:
        return action.subgroup_report.subgroup
    if action.body.kind is BodyKind.SUBGROUP:
        return action.body
    return None


@dataclass(frozen=True)
class SubgroupReportData:
    subgroup: str
    status: ReportStatus | None  # None: not known
    author: str
    summary: str
    rag: str  # the word: "Red", "Amber", "Green", or ""


@dataclass(frozen=True)
class ItemData:
    number: str
    title: str
    kind: ItemKind
    presenter: str
    minutes_allocated: int | None
    start_time: dt.time | None
    is_restricted: bool
    withheld: bool  # restricted and this is the public version
    blocks: tuple[TextBlock, ...]
    decisions: tuple[str, ...]
    papers: tuple[PaperData, ...]
    actions: tuple[ActionData, ...]  # raised here but not already typed in the text
    notes: tuple[str, ...]  # declarations, arrivals, departures, withdrawals at this item
    reviewed_outstanding: tuple[ActionData, ...] = ()
    reviewed_completed: tuple[ActionData, ...] = ()
    subgroup_reports: tuple[SubgroupReportData, ...] = ()
    next_meeting: tuple[str, ...] = ()
    is_verbal_update: bool = False
    agenda_text: str = ""  # what the agenda prints under the title
    shows_summary: bool = False  # blocks are the public summary, not the minute
    minutes_taken: int | None = None  # whole minutes on the clock, when it ran
    started_at: dt.time | None = None  # when the clock started it

    @property
    def allocation_text(self) -> str:
        """ "10 minutes" as the council prints an item's time allocation."""
        if not self.minutes_allocated:
            return ""
        return _minutes_words(self.minutes_allocated)

    @property
    def timing_line(self) -> str:
        """The minutes' timing line: allocation, and when the clock ran, start and time
        taken ("10 minutes; started 10:22, took 14 minutes")."""
        parts = []
        if self.allocation_text:
            parts.append(self.allocation_text)
        if self.minutes_taken is not None:
            started = f"started {hhmm(self.started_at)}, " if self.started_at else ""
            parts.append(f"{started}took {_minutes_words(self.minutes_taken)}")
        return "; ".join(parts)

    @property
    def marked_title(self) -> str:
        """The title with the house "RESTRICTED:" prefix when the item is restricted."""
        return marked_title(self.title, self.is_restricted)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.marked_title}" if self.number else self.marked_title


@dataclass(frozen=True)
class MeetingHeader:
    body_name: str
    body_short_name: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str
    contact: str
    title: str
    status: MeetingStatus
    approved_on: dt.date | None

    @property
    def date_text(self) -> str:
        return uk_date(self.date)

    @property
    def time_text(self) -> str:
        if self.start_time and self.end_time:
            return f"{hhmm(self.start_time)}-{hhmm(self.end_time)}"
        return hhmm(self.start_time)


@dataclass(frozen=True)
class AmendmentData:
    made_on: dt.date
    item: str
    reason: str
    author: str
    new_text: str


@dataclass(frozen=True)
class MinutesData:
    header: MeetingHeader
    present: tuple[AttendeeLine, ...]
    additional: tuple[AttendeeLine, ...]
    apologies: tuple[AttendeeLine, ...]
    items: tuple[ItemData, ...]
    amendments: tuple[AmendmentData, ...]
    public: bool
    has_restricted_content: bool
    next_meeting: tuple[str, ...] = ()
    generated_at: dt.datetime = field(default_factory=dt.datetime.now)
    author: str = ""
    # The body's house style, and whether anyone's attendance was recorded at all.
    show_timings: bool = True
    show_organisations: bool = False
    attendance_recorded: bool = True

    @property
    def needs_marking(self) -> bool:
        """The full version carries a protective marking when it holds restricted content."""
        return not self.public and self.has_restricted_content


@dataclass(frozen=True)
class AgendaData:
    header: MeetingHeader
    items: tuple[ItemData, ...]
    public: bool
    has_restricted_content: bool
    members: tuple[AttendeeLine, ...]
    generated_at: dt.datetime
    author: str = ""
    show_timings: bool = True
    show_organisations: bool = False

    @property
    def needs_marking(self) -> bool:
        return not self.public and self.has_restricted_content


def _minutes_words(count: int) -> str:
    return f"{count} minute" if count == 1 else f"{count} minutes"


def suggested_file_name(short_name: str, day: dt.date, kind: str, *, public: bool) -> str:
    """A file name from body, kind and date only: never an item title, so never restricted.

    "CSP minutes 2022-10-05 (public).docx"; kind is minutes, agenda, actions or attendance.
    """
    safe_short = re.sub(r"[^A-Za-z0-9 _-]", "", short_name).strip() or "All bodies"
    suffix = " (public)" if public else ""
    extension = "xlsx" if kind in ("actions", "attendance") else "docx"
    return f"{safe_short} {kind} {day.isoformat()}{suffix}.{extension}"


_BULLET = re.compile(r"^\s*(?:[-•·*▪]|\d+[.)])\s+")
_BULLET_MARK = re.compile(r"^\s*[-•·*▪]\s*")


def _is_action_line(line: str) -> bool:
    # The action parser is the one rule for what counts as an ACTION line.
    return match_action_line(line) is not None


# A typed list item: its indent, its mark (a bullet of any form, "o" as Word's second-level
# bullet, "1." / "1)" / "a)" / "(a)" / "i."), and its text. A bullet may lead a number
# ("- 1. Preventing violence"): the number wins.
_LIST_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:[-•·*▪◦‣]\s*(?=\d{1,2}[.)]\s|[a-z][.)]\s))?"
    r"(?P<mark>[-–•·*▪◦‣o]|\d{1,2}[.)]|[a-z][.)]|\((?:[a-z]|\d{1,2})\))\s+(?P<text>\S.*)$"
)
_SUB_BULLETS = ("o", "◦", "‣", "▪")
# "-Theft offences": a bullet typed without its space, before a capital.
_TIGHT_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[-•·▪])(?P<text>[A-Z].*)$")


def _indent_width(indent: str) -> int:
    return sum(4 if char == "\t" else 1 for char in indent)


def _list_block(raw: str, previous: TextBlock | None) -> TextBlock | None:
    """The list paragraph a typed line is, at its level; None when it is not a list item."""
    found = _LIST_ITEM.match(raw.rstrip()) or _TIGHT_BULLET.match(raw.rstrip())
    if found is None:
        return None
    mark, text = found.group("mark"), found.group("text").strip()
    indented = _indent_width(found.group("indent")) >= 2
    if mark[0].isdigit() or (mark.startswith("(") and mark[1].isdigit()):
        return TextBlock(BlockKind.NUMBERED, text, 1 if indented else 0)
    if (mark[0].isalpha() and mark != "o") or mark.startswith("("):
        # "a)" under a numbered item is its sub-item; on its own, a list of its own.
        under_number = previous is not None and previous.kind is BlockKind.NUMBERED
        return TextBlock(BlockKind.NUMBERED, text, 1 if (indented or under_number) else 0)
    if (
        mark == "o"
        and not (previous is not None and previous.kind is BlockKind.BULLET)
        and (not indented)
    ):
        # "o" starting a line is a word, unless it follows a bullet or is indented.
        return None
    return TextBlock(BlockKind.BULLET, text, 1 if (indented or mark in _SUB_BULLETS) else 0)


def classify_lines(text: str) -> tuple[TextBlock, ...]:
    """Split typed minutes into paragraphs, bullets (with their level), numbered items,
    ACTION lines and sub-headings."""
    blocks: list[TextBlock] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        listed = _list_block(raw, blocks[-1] if blocks else None)
        if _is_action_line(line):
            blocks.append(TextBlock(BlockKind.ACTION, _BULLET_MARK.sub("", line, count=1)))
        elif listed is not None:
            blocks.append(listed)
        elif line.endswith(":") and len(line) <= 80 and ". " not in line:
            blocks.append(TextBlock(BlockKind.SUBHEADING, line))
        else:
            blocks.append(TextBlock(BlockKind.PARAGRAPH, line))
    return tuple(blocks)


def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _mentioned(needle: str, haystack_normalised: str) -> bool:
    key = _normalise(needle)
    return bool(key) and key in haystack_normalised


def _load_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.execute(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            # One statement per collection; what each row points at comes in its row.
            joinedload(Meeting.body),
            selectinload(Meeting.items).options(
                selectinload(AgendaItem.papers), selectinload(AgendaItem.decisions)
            ),
            selectinload(Meeting.attendance).options(
                joinedload(Attendance.person).joinedload(Person.organisation),
                joinedload(Attendance.substitute_for),
            ),
            selectinload(Meeting.declarations).joinedload(Declaration.person),
            selectinload(Meeting.subgroup_reports).joinedload(SubgroupReport.subgroup),
        )
    ).scalar_one_or_none()
    if meeting is None:
        raise NotFound(f"There is no meeting with id {meeting_id}.")
    return meeting


def _header(meeting: Meeting) -> MeetingHeader:
    body = meeting.body
    return MeetingHeader(
        body_name=body.name,
        body_short_name=body.short_name,
        date=meeting.date,
        start_time=meeting.start_time or body.default_start,
        end_time=meeting.end_time or body.default_end,
        venue=meeting.venue or body.default_venue or "",
        contact=meeting.contact_officer or "",
        title=meeting.title or "",
        status=meeting.status,
        approved_on=meeting.approved_on,
    )


def _attendee(row: Attendance) -> AttendeeLine:
    person = row.person
    note = ""
    if row.substitute_for is not None:
        note = f"substitute for {row.substitute_for.display_name}"
    return AttendeeLine(
        name=person.display_name,
        mark=row.role.minutes_mark if row.role else "",
        organisation=person.organisation.name if person.organisation else "",
        note=note,
    )


def _attendance_lists(
    meeting: Meeting,
) -> tuple[tuple[AttendeeLine, ...], tuple[AttendeeLine, ...], tuple[AttendeeLine, ...]]:
    rows = sorted(meeting.attendance, key=lambda a: (a.position, a.person.display_name.lower()))
    # A member whose membership is not known (None, imported) is listed as present.
    present = [
        _attendee(a)
        for a in rows
        if a.status is AttendanceStatus.PRESENT and a.is_member is not False
    ]
    additional = [
        _attendee(a)
        for a in rows
        if a.status is AttendanceStatus.ADDITIONAL
        or (a.status is AttendanceStatus.PRESENT and a.is_member is False)
    ]
    apologies = [_attendee(a) for a in rows if a.status is AttendanceStatus.APOLOGIES]
    return tuple(present), tuple(additional), tuple(apologies)


_RECORDED = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ADDITIONAL)


def attendance_recorded(meeting: Meeting) -> bool:
    """True when anyone was marked present, sent apologies or attended as a guest; a roster
    left as created (absent, or any state not yet marked) is attendance not recorded."""
    return any(row.status in _RECORDED for row in meeting.attendance)


def _due_text(action: Action) -> str:
    if action.due_date:
        return short_uk_date(action.due_date)
    if action.due_meeting is not None:
        return (
            f"{action.due_meeting.body.short_name} meeting {short_uk_date(action.due_meeting.date)}"
        )
    return action.due_text or ""


def _action_data(action: Action, meeting_body_id: int | None = None) -> ActionData:
    """An action as papers print it; its subgroup is named unless the paper is that
    subgroup's own (`meeting_body_id`)."""
    subgroup = _action_subgroup(action)
    named = subgroup is not None and subgroup.id != meeting_body_id
    return ActionData(
        reference=action.reference,
        text=action.text,
        owners=action.owner_names,
        due=_due_text(action),
        status=action.status,
        completed_on=action.completed_on,
        source_line=action.source_line or "",
        subgroup=(
            subgroup_label(subgroup.name, subgroup.short_name, subgroup.short_name_derived)
            if named and subgroup is not None
            else ""
        ),
    )


def _movements(meeting: Meeting) -> dict[int, list[str]]:
    """Who joined or left during each item (by item id): arrivals first, each in time order.

    Worked out once per meeting rather than by sorting the attendance again for every item.
    """
    movements: dict[int, list[str]] = defaultdict(list)
    for row in sorted(meeting.attendance, key=lambda a: a.arrived_at or dt.datetime.min):
        if row.arrived_during_item_id is not None:
            when = f" at {hhmm(row.arrived_at)}" if row.arrived_at else ""
            movements[row.arrived_during_item_id].append(
                f"{row.person.display_name} joined the meeting{when}."
            )
    left: dict[int, list[str]] = defaultdict(list)
    for row in sorted(meeting.attendance, key=lambda a: a.left_at or dt.datetime.min):
        if row.left_during_item_id is not None:
            when = f" at {hhmm(row.left_at)}" if row.left_at else ""
            left[row.left_during_item_id].append(
                f"{row.person.display_name} left the meeting{when}."
            )
    for item_id, lines in left.items():
        movements[item_id].extend(lines)
    return movements


def _item_notes(
    meeting: Meeting, item: AgendaItem, rule: Visibility, movements: dict[int, list[str]]
) -> list[str]:
    """Who arrived, left, declared or withdrew during this item, as one line each."""
    notes = list(movements.get(item.id, ()))
    for declaration in meeting.declarations:
        if declaration.agenda_item_id != item.id or not rule.shows_declaration(declaration):
            continue
        name = declaration.person.display_name
        nature = _nature(declaration)
        if declaration.withdrew:
            notes.append(
                f"{name} declared an interest{nature} and withdrew from the meeting for this item."
            )
        else:
            notes.append(f"{name} declared an interest in this item{nature}.")
    return notes


def _nature(declaration: Declaration) -> str:
    nature = declaration.nature.strip().rstrip(".")
    return f" ({nature})" if nature else ""


def _declaration_lines(meeting: Meeting, rule: Visibility) -> list[str]:
    lines = []
    items = {item.id: item for item in meeting.items}
    for declaration in meeting.declarations:
        if not rule.shows_declaration(declaration):
            continue
        item = items.get(declaration.agenda_item_id or -1)
        name = declaration.person.display_name
        withheld = item is not None and rule.withholds_item(item)
        nature = "" if withheld else _nature(declaration)
        where = f" in item {item.number} ({item.title})" if item is not None else ""
        withdrew = " and withdrew for that item" if declaration.withdrew else ""
        lines.append(f"{name} declared an interest{where}{nature}{withdrew}.")
    return lines


def _next_meeting_lines(meeting: Meeting) -> tuple[str, ...]:
    if meeting.next_date is None:
        return ()
    lines = [meeting.body.name, uk_date(meeting.next_date)]
    if meeting.next_start_time:
        end = f"-{hhmm(meeting.next_end_time)}" if meeting.next_end_time else ""
        lines[-1] += f", {hhmm(meeting.next_start_time)}{end}"
    if meeting.next_venue:
        lines.append(meeting.next_venue)
    if meeting.next_chair:
        lines.append(f"Chair: {meeting.next_chair}")
    return tuple(lines)


def _subgroup_reports(meeting: Meeting) -> tuple[SubgroupReportData, ...]:
    reports = sorted(meeting.subgroup_reports, key=lambda r: (r.position, r.subgroup.name))
    return tuple(
        SubgroupReportData(
            subgroup=report.subgroup.name,
            status=report.status,
            author=report.author or "",
            summary=report.summary,
            rag=report.rag.label if report.rag else "",
        )
        for report in reports
    )


def _start_times(meeting: Meeting, start: dt.time | None) -> list[dt.time | None]:
    """Agenda start times: the meeting start plus the running total of allocations."""
    base = dt.datetime.combine(meeting.date, start or DEFAULT_START)
    times: list[dt.time | None] = []
    elapsed = 0
    for item in meeting.items:
        times.append((base + dt.timedelta(minutes=elapsed)).time())
        elapsed += item.minutes_allocated or 0
    return times


def _actions_by_item(session: Session, meeting: Meeting) -> dict[int | None, list[Action]]:
    actions = session.execute(
        select(Action)
        .where(Action.raised_at_meeting_id == meeting.id)
        .options(
            selectinload(Action.owner_links).joinedload(ActionOwner.person),
            joinedload(Action.due_meeting).joinedload(Meeting.body),
            joinedload(Action.body),
            joinedload(Action.subgroup_report).joinedload(SubgroupReport.subgroup),
        )
        .order_by(Action.source_order, Action.id)
    ).scalars()
    grouped: dict[int | None, list[Action]] = defaultdict(list)
    for action in actions:
        grouped[action.raised_at_item_id].append(action)
    return grouped


def _reviewed(session: Session, meeting: Meeting) -> list[tuple[ActionReview, Action]]:
    rows = session.execute(
        select(ActionReview, Action)
        .join(Action, Action.id == ActionReview.action_id)
        .where(ActionReview.meeting_id == meeting.id)
        .options(
            selectinload(Action.owner_links).joinedload(ActionOwner.person),
            joinedload(Action.due_meeting).joinedload(Meeting.body),
            joinedload(Action.body),
            joinedload(Action.subgroup_report).joinedload(SubgroupReport.subgroup),
            # The public version asks where each action was raised (a lazy load apiece).
            joinedload(Action.raised_at_item),
        )
        .order_by(ActionReview.position, Action.reference)
    ).all()
    return [(review, action) for review, action in rows]


def _items(
    session: Session, meeting: Meeting, *, rule: Visibility, header: MeetingHeader
) -> tuple[list[ItemData], bool]:
    """Build every item, applying the public rule. Returns (items, has_restricted)."""
    by_item = _actions_by_item(session, meeting)
    reviewed = _reviewed(session, meeting)
    has_restricted = holds_restricted_content(
        meeting.items, (action for actions in by_item.values() for action in actions)
    )
    starts = _start_times(meeting, header.start_time)
    declarations = _declaration_lines(meeting, rule)
    next_lines = _next_meeting_lines(meeting)
    previous_minutes_ids = [i.id for i in meeting.items if i.kind is ItemKind.PREVIOUS_MINUTES]
    review_item_id = previous_minutes_ids[0] if previous_minutes_ids else None
    movements = _movements(meeting)
    items: list[ItemData] = []
    for item, start in zip(meeting.items, starts, strict=True):
        withheld = rule.withholds_item(item)
        notes = tuple(_item_notes(meeting, item, rule, movements))
        text = rule.minutes_text(item) or ""
        shows_summary = rule.shows_summary(item)
        if shows_summary:
            blocks = list(classify_lines(text))
        elif withheld or item.minutes_withheld:
            blocks = [TextBlock(BlockKind.PARAGRAPH, RESTRICTED_PLACEHOLDER)]
        else:
            blocks = list(classify_lines(text))
        haystack = _normalise(text)
        if item.kind is ItemKind.DECLARATIONS and not withheld:
            extra = [line for line in declarations if not _mentioned(line, haystack)]
            if not declarations and "declaration" not in haystack:
                extra = [NO_DECLARATIONS]
            blocks.extend(TextBlock(BlockKind.PARAGRAPH, line) for line in extra)
        # A paper listed without a name is the item's own paper, as council sites link
        # it from the item's title ("MINUTES OF PREVIOUS MEETING pdf icon PDF 54 KB").
        papers = tuple(
            PaperData(
                paper.name or item.title,
                paper_size_label(paper.file_name, paper.size_bytes, paper.kind),
            )
            for paper in rule.papers(item)
        )
        decisions = tuple(d.text for d in rule.decisions(item) if not _mentioned(d.text, haystack))
        raised = [] if withheld else rule.actions(by_item.get(item.id, []))
        unwritten = tuple(
            _action_data(a, meeting.body_id)
            for a in raised
            if not (a.source_line and _mentioned(a.source_line, haystack))
            and not _mentioned(a.text, haystack)
        )
        outstanding: list[ActionData] = []
        completed: list[ActionData] = []
        if item.id == review_item_id and not withheld:
            for review, action in reviewed:
                if not rule.shows_action(action):
                    continue
                if action.source_line and _mentioned(action.source_line, haystack):
                    continue
                if _mentioned(action.text, haystack):
                    continue
                data = _action_data(action, meeting.body_id)
                status = review.status_at_review or action.status
                (completed if status is ActionStatus.COMPLETED else outstanding).append(data)
        reports: tuple[SubgroupReportData, ...] = ()
        if item.kind is ItemKind.SUBGROUP_UPDATES and not withheld:
            # Reports already typed into the item's text are not repeated: a typed
            # "Reducing Reoffending board – No update provided" is that report.
            squashed = _squashed(text)
            reports = tuple(
                r
                for r in _subgroup_reports(meeting)
                if not (r.summary and _mentioned(r.summary, haystack))
                and not (not r.summary.strip() and _squashed(r.subgroup) in squashed)
            )
        next_meeting: tuple[str, ...] = ()
        # The recorded next-meeting details, unless the note taker already typed them.
        if item.kind is ItemKind.NEXT_MEETING and not withheld and not haystack:
            next_meeting = next_lines
        items.append(
            ItemData(
                number=item.number,
                title=item.title,
                kind=item.kind,
                presenter=item.presenter or "",
                minutes_allocated=item.minutes_allocated,
                start_time=start,
                is_restricted=item.is_restricted,
                withheld=withheld,
                blocks=tuple(blocks),
                decisions=decisions,
                papers=papers,
                actions=unwritten,
                notes=notes,
                reviewed_outstanding=tuple(outstanding),
                reviewed_completed=tuple(completed),
                subgroup_reports=reports,
                next_meeting=next_meeting,
                is_verbal_update=item.is_verbal_update,
                agenda_text=rule.agenda_text(item),
                shows_summary=shows_summary,
                minutes_taken=_minutes_taken(item),
                started_at=item.started_at.time() if item.started_at else None,
            )
        )
    return items, has_restricted


def _minutes_taken(item: AgendaItem) -> int | None:
    """Whole minutes the item's clock ran (None when it never ran)."""
    if item.started_at is None and not item.elapsed_seconds:
        return None
    seconds = item.elapsed_seconds
    if item.started_at is not None and item.ended_at is not None:
        seconds += max(0, int((item.ended_at - item.started_at).total_seconds()))
    return max(1, round(seconds / 60)) if seconds else None


def _squashed(text: str) -> str:
    """Letters and digits only, lower case: "Re-offending Board" matches "reoffending board"."""
    text = text.replace("’", "'")
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _amendments(session: Session, meeting: Meeting, rule: Visibility) -> tuple[AmendmentData, ...]:
    items = {item.id: item for item in meeting.items}
    rows = session.execute(
        select(Amendment).where(Amendment.meeting_id == meeting.id).order_by(Amendment.made_at)
    ).scalars()
    result = []
    for row in rows:
        item = items.get(row.agenda_item_id or -1)
        if not rule.shows_amendment(row, item):
            continue
        label = f"Item {item.number}: {item.title}" if item is not None else row.field
        result.append(
            AmendmentData(
                made_on=row.made_at.date(),
                item=label,
                reason=row.reason,
                author=row.author,
                new_text=row.new_value,
            )
        )
    return tuple(result)


def minutes_data(
    session: Session,
    meeting_id: int,
    *,
    public: bool = False,
    generated_at: dt.datetime | None = None,
    author: str = "",
) -> MinutesData:
    """Everything the Word minutes need, with restricted content withheld when `public`.

    Raises:
        QuotesRestrictedText: `public`, and an open item quotes restricted text.
    """
    if public:
        require_public_text_clear(session, meeting_id)
    meeting = _load_meeting(session, meeting_id)
    header = _header(meeting)
    present, additional, apologies = _attendance_lists(meeting)
    items, has_restricted = _items(session, meeting, rule=visibility(public), header=header)
    has_next_item = any(item.kind is ItemKind.NEXT_MEETING for item in meeting.items)
    return MinutesData(
        header=header,
        present=present,
        additional=additional,
        apologies=apologies,
        items=tuple(items),
        amendments=_amendments(session, meeting, visibility(public)),
        public=public,
        has_restricted_content=has_restricted,
        next_meeting=() if has_next_item else _next_meeting_lines(meeting),
        generated_at=generated_at or dt.datetime.now().replace(microsecond=0),
        author=author or header.contact or header.body_name,
        show_timings=meeting.body.minutes_show_timings,
        show_organisations=meeting.body.minutes_show_organisations,
        attendance_recorded=attendance_recorded(meeting),
    )


def agenda_data(
    session: Session,
    meeting_id: int,
    *,
    public: bool = False,
    generated_at: dt.datetime | None = None,
    author: str = "",
) -> AgendaData:
    """The agenda: items with presenters, allocations, start times and papers."""
    meeting = _load_meeting(session, meeting_id)
    header = _header(meeting)
    items, has_restricted = _items(session, meeting, rule=visibility(public), header=header)
    return AgendaData(
        header=header,
        items=tuple(items),
        public=public,
        has_restricted_content=has_restricted,
        members=_membership(session, meeting),
        generated_at=generated_at or dt.datetime.now().replace(microsecond=0),
        author=author or header.contact or header.body_name,
        show_timings=meeting.body.minutes_show_timings,
        show_organisations=meeting.body.minutes_show_organisations,
    )


def _membership(session: Session, meeting: Meeting) -> tuple[AttendeeLine, ...]:
    """The agenda's Membership line: the body's roster on the meeting's date, then any
    member on the meeting's list the roster lacks (an imported meeting's members)."""
    lines: list[AttendeeLine] = []
    seen: set[int] = set()
    marks = {row.person_id: row for row in meeting.attendance}
    for membership in current_members(session, meeting.body_id, meeting.date):
        person = membership.person
        row = marks.get(person.id)
        lines.append(
            _attendee(row)
            if row is not None
            else AttendeeLine(
                name=person.display_name,
                organisation=person.organisation.name if person.organisation else "",
            )
        )
        seen.add(person.id)
    rows = sorted(meeting.attendance, key=lambda a: (a.position, a.person.display_name.lower()))
    for row in rows:
        if row.person_id in seen or row.is_member is False:
            continue
        if row.status is AttendanceStatus.ADDITIONAL:
            continue
        lines.append(_attendee(row))
    return tuple(lines)


# --- the action tracker -----------------------------------------------------------------

STATUS_WORDS: dict[ActionStatus, str] = {status: status.label for status in ActionStatus}
STATUS_BY_WORD: dict[str, ActionStatus] = {
    word.lower(): status for status, word in STATUS_WORDS.items()
}


@dataclass(frozen=True)
class TrackerRow:
    reference: str
    meeting_date: dt.date | None
    item: str
    action: str
    owners: str
    due_date: dt.date | None
    due_text: str
    status: ActionStatus
    completed_on: dt.date | None
    latest_update: str
    body: str
    updated_at: dt.datetime
    is_overdue: bool
    owner_list: tuple[str, ...] = ()  # each owner on their own, for counts by owner
    subgroup: str = ""  # the subgroup it belongs to, as `subgroup_label` names it

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class TrackerData:
    rows: tuple[TrackerRow, ...]
    exported_at: dt.datetime
    public: bool
    open_only: bool
    body_name: str  # "" for every body
    author: str
    archive_id: str = ""  # the exporting archive, so a tracker is matched to it on return
    export_id: str = ""  # this export, so a second import of the same file is recognised

    @property
    def title(self) -> str:
        scope = self.body_name or "All bodies"
        kind = "open actions" if self.open_only else "actions"
        return f"{scope}: {kind}"


def _person_name(title: str | None, first_name: str, last_name: str) -> str:
    """`Person.display_name` from plain columns."""
    return " ".join(part for part in (title, first_name, last_name) if part)


def _owner_names(names: list[str]) -> str:
    """`Action.owner_names`' joining: "Andy Opie, Paul Waller and partners"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def tracker_rows(
    session: Session,
    *,
    today: dt.date,
    open_only: bool = False,
    body_id: int | None = None,
    public: bool = False,
) -> list[TrackerRow]:
    """One row per action, newest meeting first, then by reference.

    Read as plain columns in three queries (actions with their body, meetings and item;
    owners; notes) rather than as ORM objects: on a 10-year archive building an object
    per action, owner, meeting and item (13,000 of them) was most of the export's reading.
    """
    raised_at = aliased(Meeting)
    due_meeting = aliased(Meeting)
    reporting = aliased(Body)  # the subgroup whose report raised the action
    query = (
        select(
            Action.id,
            Action.reference,
            Action.text,
            Action.other_owners,
            Action.unmatched_owners,
            Action.due_date,
            Action.due_text,
            Action.status,
            Action.completed_on,
            Action.is_restricted,
            Action.updated_at,
            Body.name,
            raised_at.date,
            AgendaItem.id,
            AgendaItem.number,
            AgendaItem.title,
            AgendaItem.is_restricted,
            due_meeting.date,
            Body.kind,
            Body.short_name,
            Body.short_name_derived,
            reporting.name,
            reporting.short_name,
            reporting.short_name_derived,
        )
        .join(Body, Action.body_id == Body.id)
        .outerjoin(SubgroupReport, Action.subgroup_report_id == SubgroupReport.id)
        .outerjoin(reporting, SubgroupReport.subgroup_id == reporting.id)
        .outerjoin(raised_at, Action.raised_at_meeting_id == raised_at.id)
        .outerjoin(AgendaItem, Action.raised_at_item_id == AgendaItem.id)
        .outerjoin(due_meeting, Action.due_meeting_id == due_meeting.id)
    )
    owners = (
        select(ActionOwner.action_id, Person.title, Person.first_name, Person.last_name)
        .join(Person, ActionOwner.person_id == Person.id)
        .join(Action, ActionOwner.action_id == Action.id)
        .order_by(ActionOwner.action_id, ActionOwner.position)
    )
    # The latest note per action from plain (action, text) rows, newest first: loading
    # every update as an object (15,000 in a 10-year archive) was half the export's time.
    notes = (
        select(ActionUpdate.action_id, ActionUpdate.text)
        .join(Action, ActionUpdate.action_id == Action.id)
        .order_by(ActionUpdate.action_id, ActionUpdate.made_at.desc(), ActionUpdate.id.desc())
    )
    if open_only:
        wanted = Action.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
        query, owners, notes = query.where(wanted), owners.where(wanted), notes.where(wanted)
    if body_id is not None:
        same_body = Action.body_id == body_id
        query, owners = query.where(same_body), owners.where(same_body)
        notes = notes.where(same_body)
    rule = visibility(public)
    people: defaultdict[int, list[str]] = defaultdict(list)
    for action_id, title, first_name, last_name in session.execute(owners):
        people[action_id].append(_person_name(title, first_name, last_name))
    latest_note: dict[int, str] = {}
    for action_id, text in session.execute(notes):
        # Latest by time, then by insertion (notes made in one go keep their order);
        # blank notes (a bare status change) do not count.
        if action_id not in latest_note and text and text.strip():
            latest_note[action_id] = text.strip()
    rows: list[TrackerRow] = []
    for (
        action_id,
        reference,
        text,
        other_owners,
        unmatched_owners,
        action_due_date,
        due_text,
        status,
        completed_on,
        action_restricted,
        updated_at,
        body_name,
        meeting_date,
        item_id,
        item_number,
        item_title,
        item_restricted,
        due_meeting_date,
        body_kind,
        body_short_name,
        body_short_name_derived,
        report_subgroup,
        report_short_name,
        report_short_name_derived,
    ) in session.execute(query):
        if not rule.shows_action_row(
            action_restricted=action_restricted,
            item_restricted=None if item_id is None else item_restricted,
        ):
            continue
        due_date = action_due_date if action_due_date is not None else due_meeting_date
        named = people.get(action_id, [])
        # The owners as `Action.owner_names` shows them, and each on their own (counts).
        shown = list(named)
        owner_list = list(named)
        if other_owners:
            shown.append(other_owners)
            owner_list.append(other_owners)
        if unmatched_owners:
            unmatched = unmatched_owners.split("; ")
            shown.extend(n for n in unmatched if n not in shown)
            owner_list.extend(n for n in unmatched if n and n not in owner_list)
        rows.append(
            TrackerRow(
                reference=reference,
                meeting_date=meeting_date,
                item=(
                    f"{item_number}. {marked_title(item_title, item_restricted)}"
                    if item_id is not None
                    else ""
                ),
                action=text,
                owners=_owner_names(shown),
                due_date=due_date,
                due_text="" if action_due_date else (due_text or ""),
                status=status,
                completed_on=completed_on,
                latest_update=latest_note.get(action_id, ""),
                body=body_name,
                updated_at=updated_at,
                is_overdue=(due_date is not None and due_date < today and not status.is_closed),
                owner_list=tuple(owner_list),
                subgroup=(
                    subgroup_label(report_subgroup, report_short_name, report_short_name_derived)
                    if report_subgroup is not None
                    else subgroup_label(body_name, body_short_name, body_short_name_derived)
                    if body_kind is BodyKind.SUBGROUP
                    else ""
                ),
            )
        )
    rows.sort(
        key=lambda r: (
            -(r.meeting_date or dt.date.min).toordinal(),
            r.reference,
        )
    )
    return rows


def tracker_data(
    session: Session,
    *,
    exported_at: dt.datetime,
    open_only: bool = False,
    body_name: str | None = None,
    public: bool = False,
    author: str = "",
) -> TrackerData:
    body_id = None
    name = ""
    if body_name:
        body = find_body(session, body_name)
        body_id, name = body.id, body.name
    if public:
        require_public_tracker_clear(session, open_only=open_only, body_id=body_id)
    rows = tracker_rows(
        session,
        today=exported_at.date(),
        open_only=open_only,
        body_id=body_id,
        public=public,
    )
    return TrackerData(
        rows=tuple(rows),
        exported_at=exported_at,
        public=public,
        open_only=open_only,
        body_name=name,
        author=author,
        archive_id=archive_identity.archive_id(session) or "",
        export_id=uuid.uuid4().hex,
    )


# --- the attendance register ------------------------------------------------------------


class Mark(StrEnum):
    PRESENT = "Present"
    APOLOGIES = "Apologies"
    SUBSTITUTE = "Substitute sent"
    ABSENT = "Absent"
    NOT_RECORDED = "Not recorded"  # on the roster, never marked: not counted as absent
    NOT_EXPECTED = ""


@dataclass(frozen=True)
class RegisterRow:
    name: str
    organisation: str
    expected: int
    present: int
    apologies: int
    absent: int
    substitutes_sent: int
    marks: tuple[str, ...]  # one per meeting of the register, as words
    people: int = 1  # for an organisation: how many of its members are counted

    @property
    def percentage(self) -> float | None:
        """Share of expected meetings attended in person (0-1); None if none expected."""
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True)
class BodyRegister:
    body_name: str
    body_short_name: str
    meeting_dates: tuple[dt.date, ...]
    members: tuple[RegisterRow, ...]
    organisations: tuple[RegisterRow, ...]
    cancelled_left_out: int
    future_left_out: int = 0


@dataclass(frozen=True)
class AttendanceRegister:
    bodies: tuple[BodyRegister, ...]
    date_from: dt.date | None
    date_to: dt.date | None
    generated_at: dt.datetime
    author: str = ""


def _body_register(
    session: Session,
    body: Body,
    date_from: dt.date | None,
    date_to: dt.date | None,
    today: dt.date,
) -> BodyRegister:
    query = (
        select(Meeting)
        .where(Meeting.body_id == body.id)
        .options(
            selectinload(Meeting.attendance)
            .selectinload(Attendance.person)
            .selectinload(Person.organisation)
        )
        .order_by(Meeting.date, Meeting.start_time)
    )
    if date_from:
        query = query.where(Meeting.date >= date_from)
    if date_to:
        query = query.where(Meeting.date <= date_to)
    meetings = list(session.execute(query).scalars())
    cancelled = sum(1 for m in meetings if m.status is MeetingStatus.CANCELLED)
    meetings = [m for m in meetings if m.status is not MeetingStatus.CANCELLED]
    # A meeting still to come has a roster but no attendance yet: everyone would be absent.
    future = sum(1 for m in meetings if m.date > today)
    meetings = [m for m in meetings if m.date <= today]

    # Per person: status at each meeting where they were expected as a member.
    people: dict[int, Person] = {}
    marks: dict[int, dict[int, Mark]] = defaultdict(dict)
    for index, meeting in enumerate(meetings):
        substituted = {
            row.substitute_for_id
            for row in meeting.attendance
            if row.substitute_for_id is not None
            and row.status in (AttendanceStatus.PRESENT, AttendanceStatus.ADDITIONAL)
        }
        for row in meeting.attendance:
            if not row.is_member:
                continue
            people[row.person_id] = row.person
            if row.person_id in substituted and row.status is not AttendanceStatus.PRESENT:
                mark = Mark.SUBSTITUTE
            elif row.status is AttendanceStatus.PRESENT:
                mark = Mark.PRESENT
            elif row.status is AttendanceStatus.APOLOGIES:
                mark = Mark.APOLOGIES
            elif row.status is AttendanceStatus.UNMARKED:
                mark = Mark.NOT_RECORDED
            else:
                mark = Mark.ABSENT
            marks[row.person_id][index] = mark
        # A substitute's absent member may have no row of their own; count them too.
        for person_id in substituted:
            if person_id is not None and index not in marks[person_id]:
                person = session.get(Person, person_id)
                if person is not None:
                    people[person_id] = person
                    marks[person_id][index] = Mark.SUBSTITUTE

    def row_for(name: str, organisation: str, per_meeting: dict[int, Mark]) -> RegisterRow:
        counts = Counter(per_meeting.values())
        return RegisterRow(
            name=name,
            organisation=organisation,
            # A meeting whose register was never taken says nothing about this person.
            expected=len(per_meeting) - counts[Mark.NOT_RECORDED],
            present=counts[Mark.PRESENT],
            apologies=counts[Mark.APOLOGIES],
            absent=counts[Mark.ABSENT],
            substitutes_sent=counts[Mark.SUBSTITUTE],
            marks=tuple(per_meeting.get(i, Mark.NOT_EXPECTED).value for i in range(len(meetings))),
        )

    member_rows = sorted(
        (
            row_for(
                person.display_name,
                person.organisation.name if person.organisation else "",
                marks[person_id],
            )
            for person_id, person in people.items()
        ),
        key=lambda r: (r.name.split()[-1].lower() if r.name else "", r.name.lower()),
    )
    # An organisation is represented at a meeting if any of its expected members attended.
    by_org: dict[str, dict[int, Mark]] = defaultdict(dict)
    rank = {
        Mark.PRESENT: 0,
        Mark.SUBSTITUTE: 1,
        Mark.APOLOGIES: 2,
        Mark.ABSENT: 3,
        Mark.NOT_RECORDED: 4,
    }
    for person_id, person in people.items():
        org = person.organisation.name if person.organisation else "No organisation recorded"
        for index, mark in marks[person_id].items():
            current = by_org[org].get(index)
            if current is None or rank[mark] < rank[current]:
                by_org[org][index] = mark
    org_people = Counter(
        person.organisation.name if person.organisation else "No organisation recorded"
        for person in people.values()
    )
    org_rows = sorted(
        (replace(row_for(org, org, per), people=org_people[org]) for org, per in by_org.items()),
        key=lambda r: r.name.lower(),
    )
    return BodyRegister(
        body_name=body.name,
        body_short_name=body.short_name,
        meeting_dates=tuple(m.date for m in meetings),
        members=tuple(member_rows),
        organisations=tuple(org_rows),
        cancelled_left_out=cancelled,
        future_left_out=future,
    )


def attendance_register(
    session: Session,
    *,
    generated_at: dt.datetime,
    body_name: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    author: str = "",
) -> AttendanceRegister:
    """Per body: for each member and organisation, expected/present/apologies/absent."""
    if date_from and date_to and date_to < date_from:
        raise UserError("The 'to' date is before the 'from' date; swap them and try again.")
    if body_name:
        bodies: Sequence[Body] = [find_body(session, body_name)]
    else:
        bodies = list(session.execute(select(Body).order_by(Body.kind, Body.name)).scalars())
        # The board first, then subgroups by name.
        bodies = sorted(bodies, key=lambda b: (b.parent_id is not None, b.name.lower()))
    registers = tuple(
        _body_register(session, body, date_from, date_to, generated_at.date()) for body in bodies
    )
    if not body_name:
        # A sheet per body that met in the period; an empty sheet per idle subgroup is noise.
        registers = tuple(r for r in registers if r.meeting_dates) or registers[:1]
    return AttendanceRegister(
        bodies=registers,
        date_from=date_from,
        date_to=date_to,
        generated_at=generated_at,
        author=author,
    )
