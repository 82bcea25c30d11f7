"""ACTION lines in typed minutes, and who owns them. Pure text rules: no database.

The note taker types lines such as::

    ACTION: Andy Opie and Chris Lyons to meet and create a timetable ...
    - ACTION : Martin Rolston to send data surrounding VAWG areas ... (COMPLETED).
    Action – DO to arrange a workshop

`find_action_lines` finds them; `parse_action` splits the owners off the task and
matches each owner to a known person. A name that fits two people (two attendees
called Chris, two with the initials DO) is flagged as ambiguous and never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from csp_desktop.patterns import LazyPattern
from csp_desktop.services.formatting import MONTH_NAMES
from csp_desktop.services.people import clean_text, name_key, split_title, title_key

# "ACTION:", "Action -", "ACTION –", "- ACTION : ...", "• Action — ...", "1. ACTION: ...".
_ACTION_LINE = LazyPattern(
    r"""^\s*
        (?:(?:[-*•·▪◦‣–—]|\d{1,2}[.)])\s*)*   # bullets or list numbers before it
        action\s*[:\-–—]+\s*                  # the word, then a colon or a dash
        (?P<body>\S.*?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "(COMPLETED)" closing the line, perhaps followed by the sentence's full stop.
_COMPLETED = LazyPattern(r"\s*\(\s*completed\s*\)\s*(?P<stop>[.!]?)\s*$", re.IGNORECASE)
_BULLETS = LazyPattern(r"^\s*(?:(?:[-*•·▪◦‣–—§Øo]|\d{1,2}[.)])\s+|[-*•·▪◦‣–—§Ø]\s*)*")
# "Actions: Chair" — an owner-only line after a minute (the owner may be a role).
_ACTIONS_OWNER_LINE = LazyPattern(r"^\s*actions?\s*(?:by)?\s*[:\-–—]+\s*(?P<owner>\S.*?)\s*$", re.I)
# "Action:" alone on its line: the task is the paragraph that follows.
_ACTION_HEADING = LazyPattern(r"^\s*(?:[-*•·▪◦‣–—]\s*)*actions?\s*:\s*$", re.IGNORECASE)
# "Action Andy Opie to ..." with no punctuation after the word.
_ACTION_NO_PUNCTUATION = LazyPattern(
    r"^\s*(?:(?:[-*•·▪◦‣–—]|\d{1,2}[.)])\s*)*(?i:action)\s+(?P<body>[A-Z].*?)\s*$"
)
# Words after "Action" that make a heading or a noun, not an owner: "Action Plan to ...".
_NOT_OWNER_AFTER_ACTION = frozenset(
    {
        "plan",
        "plans",
        "tracker",
        "point",
        "points",
        "log",
        "sheet",
        "notes",
        "list",
        "required",
        "taken",
        "agreed",
        "update",
        "updates",
        "arising",
        "summary",
        "register",
        "group",
        "for",
        "on",
        "the",
        "and",
        "of",
        "fraud",
        "team",
        "day",
    }
)
# "For Andy Opie to circulate ..." opening a line.
_FOR_OWNER = LazyPattern(
    r"^\s*(?:(?:[-*•·▪◦‣–—]|\d{1,2}[.)])\s*)*(?i:for)\s+(?P<body>[A-Z].*?)\s*$"
)
# Agenda purposes ("For Members to note the report") are not tasks.
_AGENDA_PURPOSE = LazyPattern(
    r"\bto\s+(?:note|consider|agree|discuss|receive|approve|comment|endorse)\b", re.I
)
# "(Action: X to provide)", "(ACTION – MR)" inside a line.
_BRACKETED = LazyPattern(r"[(\[]\s*actions?\s*[:\-–—]\s*(?P<body>[^()\[\]]+?)\s*[)\]]", re.I)
# "... will be available for the next one. ACTION: MR" and "... the protocol ACTION".
_TRAILING_TAG = LazyPattern(
    r"^(?P<text>\S.*?)[\s.;,]+(?-i:ACTION)(?:\s*[:\-–—]\s*(?P<owner>[^.:]{1,60}?)"
    r"|\s+(?P<bare>[A-Z][A-Za-z]{0,2}(?:\s*[/,&]\s*[A-Z][A-Za-z]{0,2})*))?\s*\.?\s*$"
)
# "... the group agreed. Action: All to review the TOR." inside a flattened paragraph.
_MID_LINE = LazyPattern(r"[.!?]\s+(?i:action)\s*[:\-–—]\s*(?P<body>[A-Z][^.!?]*[.!?]?)")
# A right-hand owner column: the task, a wide gap, then initials ("... to be      TE").
_OWNER_COLUMN = LazyPattern(
    r"\s{4,}(?P<owner>[A-Z][A-Za-z]{1,3}(?:\s*[/,&]\s*[A-Z][A-Za-z]{1,3})*)\s*$"
)
# Action-log entries: "HSP07 – this action had been completed ...".
_LOG_CODE = LazyPattern(
    r"^\s*(?:[-*•·▪◦‣–—]\s*)*(?P<code>[A-Z]{1,6}\d{1,4}(?:[./]\d{1,3})?[a-z]?)"
    r"\s*[–\-—:]\s+(?P<text>\S.*)$"
)
_LOG_WORDS = LazyPattern(
    r"\b(?:action|complete[d]?|closed|ongoing|outstanding|update[d]?|done|open|progress"
    r"|carried forward|deferred|discharged|superseded)\b",
    re.I,
)
_LOG_STATUS = (
    (r"\b(?:complete[d]?|closed|done|discharged|achieved)\b", "completed"),
    (r"\b(?:dropped|withdrawn|superseded|no longer)\b", "dropped"),
    (r"\b(?:ongoing|in progress|progressing|updated|underway|partially)\b", "in_progress"),
)
# A status closing a line: "- CLOSED", "(Closed)", "(DONE)", "(ONGOING)", "CLOSED."
_STATUS_MARK = LazyPattern(
    r"(?:\s*[-–—:]\s*|\s+)[(\[]?\s*(?P<word>closed|complete|done|ongoing|in progress|open"
    r"|dropped|withdrawn)\s*[)\]]?\s*(?P<stop>[.!]?)\s*$",
    re.IGNORECASE,
)
_STATUS_WORDS = {
    "closed": "completed",
    "complete": "completed",
    "done": "completed",
    "ongoing": "in_progress",
    "in progress": "in_progress",
    "open": "open",
    "dropped": "dropped",
    "withdrawn": "dropped",
}
# Where a second owner's task starts on the same line: "; Chris to", ". Chris Lyons will".
_SECOND_OWNER = LazyPattern(
    r"(?:[;.]\s+|,?\s+and\s+)(?P<next>(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]*\s+"
    r"(?:to|will|would|should|needs to|need to)\s)"
    # The owner's task starts with a verb: "and Tegan Mills to the next meeting" is no task.
    r"(?!(?:the|a|an|this|that|these|those|their|his|her|its|all|any|each|every|our|be)\b)"
    r"(?=[a-z])"
)
# Roles that may own an action: "Chair", "Vice-Chair", "Secretariat".
_ROLE_WORDS = frozenset({"chair", "co-chair", "vice-chair", "clerk", "secretary", "lead"})
# Imperative verbs: a task that starts with one names no owner ("Reach out to ...").
_VERB_WORDS = """reach add send share circulate arrange invite contact review update ensure provide
    consider check confirm include organise organize set write draft bring look follow
    email liaise book agree feed present discuss explore identify establish develop create
    produce prepare raise seek speak meet report request ask investigate find forward put
    make give take get obtain compile collate submit schedule amend pursue progress clarify
    escalate nominate consult inform notify approach approve continue work link map
    monitor gather collect refer invest explore highlight promote publish distribute
    circulate respond convene complete source update outline analyse analyze assess
    evaluate scope plan capture align engage encourage support"""
_IMPERATIVE_VERBS = frozenset(_VERB_WORDS.split())
# What separates the owners from the task: "X to ...", "X and Y need to ...".
_CONNECTORS = (
    " needs to ",
    " need to ",
    " is to ",
    " are to ",
    " will ",
    " should ",
    " must ",
    " would ",
    " to ",
)
_OWNER_SEPARATORS = LazyPattern(r"\s*(?:,|;|\s&\s|\sand\s|/)\s*", re.IGNORECASE)
# Owners who are not people on record: "partners", "sub-group chairs", "all", "the board".
_GENERIC_WORDS = frozenset(
    {
        "all",
        "everyone",
        "partners",
        "partner",
        "chairs",
        "members",
        "colleagues",
        "officers",
        "team",
        "teams",
        "board",
        "boards",
        "group",
        "groups",
        "subgroup",
        "subgroups",
        "sub-group",
        "sub-groups",
        "council",
        "police",
        "services",
        "agencies",
        "leads",
        "representatives",
        "secretariat",
        "chair",
        "officer",
        "clerk",
        "organisations",
        "attendees",
    }
)
# Small words that may sit between names: "the chair of the board and partners".
_LINKING_WORDS = frozenset({"and", "the", "of", "for", "with", "all", "other", "relevant"})
# An owner phrase longer than this is a sentence, not a list of names.
_MAX_OWNER_WORDS = 12
_MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class ActionLine:
    """One ACTION line found in a block of minutes text.

    Attributes:
        index: its place among the text's ACTION lines (0, 1, 2 ...).
        line_no: the 0-based line number in the text (a QTextDocument block number).
        line: the whole line as typed.
        body: what follows "ACTION:", e.g. "Chris to share the plan (COMPLETED)."
    """

    index: int
    line_no: int
    line: str
    body: str
    # An owner written apart from the task: a trailing "ACTION: MR" tag, an owner
    # column, an "Owner: X" line, or an owner-only line after the paragraph it names.
    owner: str = ""
    # A status the line itself gives ("(COMPLETED)", "CLOSED", an action log's words).
    status: str | None = None
    # An action-log code the line starts with ("HSP07"): a review of an earlier action.
    reference: str | None = None
    # A due point written apart from the task (an action sheet's "Due" column).
    due: str = ""


@dataclass(frozen=True)
class OwnerCandidate:
    """A person an owner's name may refer to: an attendee or a member of the body."""

    person_id: int
    first_name: str
    last_name: str
    title: str | None = None
    # At the meeting (present or additional attendee): preferred for first names/initials.
    present: bool = False
    # Initials the minutes give for this person in a legend ("Arseny Barkovskiy (ABa)").
    aliases: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def initials(self) -> str:
        words = clean_text(f"{self.first_name} {self.last_name}").replace("-", " ").split()
        return "".join(w[0].upper() for w in words if w[0].isalpha())


@dataclass(frozen=True)
class ParsedAction:
    """What one ACTION line says.

    Attributes:
        text: the task as the minutes word it, without "(COMPLETED)".
        owner_ids: people matched with certainty, in the order written.
        other_owners: owners who are not people on record ("partners").
        unmatched: names that fit nobody known.
        ambiguous: names that fit more than one person (flagged, never guessed).
        completed: the line was marked "(COMPLETED)".
        owner_phrase: the words naming the owners ("Andy Opie and Chris Lyons").
        due_date: a date the line gives ("by 31 March 2023"), when it gives one.
        due_text: the due point as written ("by 31 March 2023", "December 2022 CSP board").
    """

    text: str
    owner_ids: list[int] = field(default_factory=list)
    other_owners: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    completed: bool = False
    owner_phrase: str = ""
    due_date: dt.date | None = None
    due_text: str | None = None

    @property
    def needs_attention(self) -> bool:
        """True when a name could not be matched safely and a person should check it."""
        return bool(self.unmatched or self.ambiguous)


@dataclass(frozen=True)
class _LineMatch:
    body: str
    owner: str = ""
    status: str | None = None
    reference: str | None = None
    # The task is the paragraph before this line (an owner-only line), or after it
    # (an "Action:" heading whose text follows).
    text_before: bool = False
    text_after: bool = False


def _read_line(line: str) -> _LineMatch | None:
    """What one line says as an action, in any of the styles minutes use; None if none."""
    match = _ACTION_LINE.match(line)
    if match is not None:
        body = match.group("body")
        body, column_owner = split_owner_column(body)
        if is_owner_only(body):
            return _LineMatch(body="", owner=body, text_before=True)
        return _LineMatch(body=body, owner=column_owner, status=strip_status(body)[1])
    match = _ACTIONS_OWNER_LINE.match(line)
    if match is not None and is_owner_only(match.group("owner")):
        return _LineMatch(body="", owner=match.group("owner").strip(), text_before=True)
    match = _ACTION_HEADING.match(line)
    if match is not None:
        return _LineMatch(body="", text_after=True)
    match = _ACTION_NO_PUNCTUATION.match(line)
    if match is not None:
        body, column_owner = split_owner_column(match.group("body"))
        first = body.split()[0].lower().strip(",.")
        if first not in _NOT_OWNER_AFTER_ACTION and owner_phrase(body):
            return _LineMatch(body=body, owner=column_owner, status=strip_status(body)[1])
    match = _FOR_OWNER.match(line)
    if match is not None:
        body = match.group("body")
        phrase = owner_phrase(body)
        if phrase and not phrase.lower().startswith("the ") and not _AGENDA_PURPOSE.search(body):
            return _LineMatch(body=body, status=strip_status(body)[1])
    match = _BRACKETED.search(line)
    if match is not None:
        inner = match.group("body").strip()
        before = line[: match.start()].strip()
        if is_owner_only(inner):
            if len(before.split()) >= 3:
                return _LineMatch(body=before, owner=inner)
            return _LineMatch(body="", owner=inner, text_before=True)
        return _LineMatch(body=inner, status=strip_status(inner)[1])
    match = _TRAILING_TAG.match(line)
    if match is not None and len(match.group("text").split()) >= 3:
        owner = (match.group("owner") or match.group("bare") or "").strip(" .")
        if not owner or is_owner_only(owner):
            text = _strip_bullets(match.group("text"))
            return _LineMatch(body=text, owner=owner, status=strip_status(text)[1])
    match = _MID_LINE.search(line)
    if match is not None:
        body = match.group("body").strip()
        if owner_phrase(body) or leading_group(body):
            return _LineMatch(body=body, status=strip_status(body)[1])
    match = _LOG_CODE.match(line)
    if (
        match is not None
        and len(match.group("text").split()) >= 3
        and _LOG_WORDS.search(match.group("text"))
    ):
        text = f"{match.group('code')} – {match.group('text').strip()}"
        return _LineMatch(
            body=text, status=log_status(match.group("text")), reference=match.group("code")
        )
    return None


def borrows_words(line: str) -> bool:
    """True for a line that names only who ("ACTION: Andy Opie"): its words are the
    line before's, as minutes that put the owner under the task do."""
    found = _read_line(line)
    return found is not None and found.text_before


def match_action_line(line: str) -> str | None:
    """The body of an ACTION line ("Chris to share ..."), or None if it is not one.

    For an owner-only line ("Action - Andy Opie", "Actions: Chair") the body is the owner.
    """
    found = _read_line(line)
    if found is None:
        return None
    if found.text_after:
        return None  # "Action:" alone names nothing until its text follows
    return found.body or found.owner


def _neighbour_text(lines: Sequence[str], start: int, step: int) -> tuple[int, str] | None:
    """The nearest non-blank line before (step -1) or after (step 1) `start`."""
    index = start + step
    while 0 <= index < len(lines):
        text = _strip_bullets(lines[index]).strip()
        if text:
            if _read_line(lines[index]) is not None:
                return None
            return index, text
        index += step
    return None


_ACTION_POINT = LazyPattern(
    r"^\s*action\s*(?:point|no\.?|number|item)?\s*(?P<number>\d{1,3}[a-z]?)\s*[:.)\-–]?\s*$", re.I
)
_OWNER_FIELD = LazyPattern(
    r"^\s*(?:owner|lead|responsible(?:\s+(?:person|officer))?|by\s+whom|who)\s*[:\-–]+\s*"
    r"(?P<owner>\S.*?)\s*$",
    re.IGNORECASE,
)
_CELL_SPLIT = LazyPattern(r"\s*\t+\s*|\s{3,}|\s+\|\s+|\s+/\s+")
_ACTION_HEADER_CELL = LazyPattern(
    r"^(?:agreed\s+)?actions?(?:\s+(?:agreed|required|points?))?$", re.I
)
_OWNER_HEADER_CELL = LazyPattern(
    r"^(?:owner|lead|responsib\w*(?:\s+\w+)?|by\s+whom|who|action\s+by|officer)$", re.I
)


@dataclass(frozen=True)
class _SheetColumns:
    size: int
    action: int
    owner: int
    due: int | None
    status: int | None


_DUE_HEADER_CELL = LazyPattern(
    r"^(?:due(?:\s+date)?|deadline|by\s+when|target(?:\s+date)?|when|date)$", re.I
)
_STATUS_HEADER_CELL = LazyPattern(r"^(?:status|rag|progress|update|outcome)$", re.I)


def _table_header(line: str) -> _SheetColumns | None:
    """The columns of an action sheet's header row ("No. | Action | Owner | Due")."""
    if "action" not in line.lower() or len(line) > 200:
        return None
    cells = [c.strip(" :") for c in _CELL_SPLIT.split(line.strip())]

    def find(pattern: LazyPattern) -> int | None:
        return next((i for i, c in enumerate(cells) if pattern.match(c)), None)

    action, owner = find(_ACTION_HEADER_CELL), find(_OWNER_HEADER_CELL)
    if action is None or owner is None or len(cells) < 2:
        return None
    return _SheetColumns(
        len(cells), action, owner, find(_DUE_HEADER_CELL), find(_STATUS_HEADER_CELL)
    )


def _sheet_row(line: str, columns: _SheetColumns) -> tuple[str, str, str, str | None] | None:
    """(task, owner, due, status) from an action sheet row: "1. | Send the paper | AO"."""
    cells = [c.strip() for c in _CELL_SPLIT.split(line.strip()) if c.strip()]
    if len(cells) < 2:
        return None
    if len(cells) == columns.size + 1 and re.fullmatch(r"\d{1,3}[.)]?", cells[0]):
        cells = cells[1:]  # a row number the header has no column for

    def cell(index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else ""

    if len(cells) >= columns.size or max(columns.action, columns.owner) < len(cells):
        task, owner = cell(columns.action), cell(columns.owner)
    else:
        task = max(cells, key=len)
        owner = cells[-1] if task != cells[-1] else cells[0]
    if len(task.split()) < 2 or not is_owner_only(owner):
        return None
    status_text = cell(columns.status)
    status = None
    if status_text:
        marked = strip_status(f"x ({status_text})")[1]
        status = marked or log_status(status_text)
    return task, owner, cell(columns.due), status


def find_action_lines(text: str) -> list[ActionLine]:
    """Every action in a block of minutes, in order, in every style the grammar knows.

    An owner-only line takes the paragraph before it as its task; an "Action:" heading
    takes the paragraph after it; "Action Point N" takes the lines up to its "Owner:";
    an action sheet (a header row with Action and Owner columns) gives one per row; two
    actions for two owners on one line are two entries.
    """
    found: list[ActionLine] = []
    lines = text.splitlines()
    sheet: _SheetColumns | None = None
    point: tuple[int, list[str]] | None = None
    for line_no, line in enumerate(lines):
        if point is not None:
            owner_field = _OWNER_FIELD.match(line)
            if owner_field is not None or (not line.strip() and point[1]):
                body = " ".join(point[1])
                owner = owner_field.group("owner") if owner_field else ""
                if body:
                    found.append(
                        ActionLine(len(found), point[0], lines[point[0]], body, owner=owner)
                    )
                point = None
                continue
            if line.strip():
                point[1].append(line.strip())
            continue
        if _ACTION_POINT.match(line):
            point = (line_no, [])
            continue
        header = _table_header(line)
        if header is not None:
            sheet = header
            continue
        if sheet is not None:
            row = _sheet_row(line, sheet)
            if row is not None:
                found.append(
                    ActionLine(
                        len(found), line_no, line, row[0], owner=row[1], due=row[2], status=row[3]
                    )
                )
                continue
            if line.strip():
                sheet = None
        owner_field = _OWNER_FIELD.match(line)
        if (
            owner_field is not None
            and found
            and not found[-1].owner
            and is_owner_only(owner_field.group("owner"))
            and line_no - found[-1].line_no <= 2
        ):
            found[-1] = replace(found[-1], owner=owner_field.group("owner"))
            continue
        read = _read_line(line)
        if read is None:
            continue
        body = read.body
        if read.text_before:
            neighbour = _neighbour_text(lines, line_no, -1)
            if neighbour is None:
                continue
            body = neighbour[1]
        elif read.text_after:
            neighbour = _neighbour_text(lines, line_no, 1)
            if neighbour is None:
                continue
            body = neighbour[1]
        if not body.strip():
            continue
        parts = [body] if read.owner else split_two_actions(body)
        for part in parts:
            found.append(
                ActionLine(
                    index=len(found),
                    line_no=line_no,
                    line=line,
                    body=part,
                    owner=read.owner,
                    status=read.status,
                    reference=read.reference,
                )
            )
    if point is not None and point[1]:
        found.append(ActionLine(len(found), point[0], lines[point[0]], " ".join(point[1])))
    return found


def strip_completed(body: str) -> tuple[str, bool]:
    """Remove a closing "(COMPLETED)", keeping the sentence's full stop."""
    match = _COMPLETED.search(body)
    if match is None:
        return body.strip(), False
    return (body[: match.start()] + match.group("stop")).strip(), True


def strip_status(body: str) -> tuple[str, str | None]:
    """Remove a closing status marker: "(COMPLETED)", "- CLOSED", "(Ongoing)" ...

    Returns the text and the interchange status ("completed", "in_progress", "open",
    "dropped"), or None when the line gives none.
    """
    text, done = strip_completed(body)
    if done:
        return text, "completed"
    match = _STATUS_MARK.search(body)
    if match is None:
        return body.strip(), None
    word = match.group("word").lower()
    status = _STATUS_WORDS.get(word, "open")
    return (body[: match.start()] + match.group("stop")).strip(), status


def log_status(text: str) -> str:
    """The status an action log's words give ("had been completed" -> completed)."""
    lowered = text.lower()
    for pattern, status in _LOG_STATUS:
        if re.search(pattern, lowered):
            return status
    return "open"


def _strip_bullets(line: str) -> str:
    return _BULLETS.sub("", line)


def split_owner_column(body: str) -> tuple[str, str]:
    """A right-hand owner column ("... to be          TE") split off the task."""
    match = _OWNER_COLUMN.search(body)
    if match is None:
        return body, ""
    return body[: match.start()].rstrip(), match.group("owner")


def is_owner_only(text: str) -> bool:
    """True when `text` is only a name, initials or a role: "Andy Opie", "MR/TE", "Chair"."""
    text = text.strip().rstrip(".")
    if not text or len(text) > 60 or _has_connector(text):
        return False
    parts = split_owners(text)
    if not parts or len(parts) > 4:
        return False
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= _MAX_NAME_WORDS:
            return False
        if words[0].lower() in _IMPERATIVE_VERBS:
            return False
        lowered = [w for w in words if w[0].islower() and w not in _LINKING_WORDS]
        allowed = all(w.strip("().,") in _GENERIC_WORDS or w in _ROLE_WORDS for w in lowered)
        if lowered and not allowed:
            return False
    return True


def _has_connector(text: str) -> bool:
    padded = f" {text.lower()} "
    return any(connector in padded for connector in _CONNECTORS)


def split_two_actions(body: str) -> list[str]:
    """Two tasks for two owners on one line, as two bodies.

    "Andy to circulate the paper; Chris to book the room" and "... and Chris Lyons to
    book the room" are split; "Andy and Chris to meet" is one task for two owners.
    """
    pieces: list[str] = []
    rest = body
    while True:
        split_at = None
        for match in _SECOND_OWNER.finditer(rest):
            head = rest[: match.start()].strip(" ,;")
            if owner_phrase(head) and len(head.split()) > len(owner_phrase(head).split()) + 1:
                split_at = match
                break
        if split_at is None:
            break
        pieces.append(rest[: split_at.start()].strip(" ,;"))
        rest = rest[split_at.start("next") :]
    pieces.append(rest.strip())
    return [p for p in pieces if p]


def _first_connector(text: str) -> int | None:
    """Where the earliest connector starts in " text " (the longest one at a tie)."""
    best: tuple[int, int] | None = None
    for connector in _CONNECTORS:
        position = text.find(connector, 1)  # one at the very start names nobody
        if position < 0:
            continue
        if best is None or position < best[0] or (position == best[0] and len(connector) > best[1]):
            best = (position, len(connector))
    return best[0] if best else None


def owner_phrase(text: str) -> str:
    """The words before "to", "need to", "will" ... naming who owns the task ("" if none).

    Connectors are looked for in lower case first, so "Will Smith to call" keeps Will;
    a line typed all in capitals falls back to a search ignoring case.
    """
    padded = f" {text} "
    position = _first_connector(padded)
    if position is None:
        position = _first_connector(padded.lower())
    if position is None:
        return ""
    phrase = padded[:position].strip(" ,;:-")
    if padded[position:].lower().startswith(" to be "):
        return ""  # "Papers to be issued": a passive task names no owner
    if len(phrase.split()) > _MAX_OWNER_WORDS or not _reads_like_names(phrase):
        return ""
    # A task that opens with a verb names no owner: "Reach out to ...", "Add X to ...".
    if phrase.split()[0].lower().strip(",.") in _IMPERATIVE_VERBS:
        return ""
    return phrase


# "Partners share data ...", "All partners review ...": a group owning a task with no "to".
_LEADING_GROUP = LazyPattern(
    r"^(?P<group>(?:(?:all|the)\s+)?(?:[A-Za-z-]+\s+)?(?:"
    + "|".join(
        sorted(
            (
                "partners",
                "members",
                "officers",
                "chairs",
                "agencies",
                "colleagues",
                "all",
                "everyone",
                "attendees",
                "organisations",
                "leads",
            )
        )
    )
    + r"))\s+(?:that\s+\w+.*?\s+are\s+required\s+to\s+|[a-z])",
    re.IGNORECASE,
)


def leading_group(text: str) -> str:
    """A group named at the start with no "to": "Partners share data" -> "Partners"."""
    match = _LEADING_GROUP.match(text)
    if match is None:
        return ""
    group = match.group("group")
    if group.split()[0].lower() in _IMPERATIVE_VERBS:
        return ""
    return group


def _reads_like_names(phrase: str) -> bool:
    """Names are capitalised; a phrase full of ordinary lower-case words is a sentence."""
    ordinary = [
        word
        for word in re.split(r"[\s,;&/]+", phrase)
        if word and word[0].islower() and word not in _LINKING_WORDS and word not in _GENERIC_WORDS
    ]
    return len(ordinary) <= 2


def split_owners(phrase: str) -> list[str]:
    """Owners one by one: "A Tatter, P Waller and partners" -> [A Tatter, P Waller, partners]."""
    parts = [p.strip(" .") for p in _OWNER_SEPARATORS.split(phrase)]
    return [p for p in parts if p]


def is_generic_owner(part: str) -> bool:
    """True for an owner that is a team or organisation, not a person ("the police", "MOPAC")."""
    words = name_key(part).split()
    if not words:
        return False
    if words[0] == "the" or words[-1] in _GENERIC_WORDS:
        return True
    # An organisation's acronym ("MOPAC", "LBBD"): too long to be someone's initials.
    return len(part) >= 4 and part.isupper() and part.isalpha()


def _looks_like_initials(part: str) -> bool:
    return 2 <= len(part) <= 3 and part.isalpha() and part.isupper()


def _unique(matches: list[OwnerCandidate]) -> list[OwnerCandidate]:
    seen: dict[int, OwnerCandidate] = {}
    for candidate in matches:
        seen.setdefault(candidate.person_id, candidate)
    return list(seen.values())


def _prefer_present(matches: list[OwnerCandidate]) -> list[OwnerCandidate]:
    """Among several matches for a short name, the people in the room come first."""
    present = [m for m in matches if m.present]
    return present if present else matches


def match_owner(part: str, candidates: Sequence[OwnerCandidate]) -> list[OwnerCandidate]:
    """Everyone `part` could mean: [] for nobody, one for a match, more when ambiguous.

    Tried in turn: the full name (any title, any apostrophe); a title with a surname
    ("Councillor Ghani"); a single first name, then a single surname; an attendee's
    initials ("DO"). First names and initials look at the people in the room first.
    """
    title, name = split_title(part)
    key = name_key(name)
    words = key.split()
    if not words:
        return []
    full = _unique([c for c in candidates if name_key(c.full_name) == key])
    if full:
        return full
    if title and len(words) == 1:
        surname = _unique([c for c in candidates if name_key(c.last_name) == key])
        if len(surname) > 1:
            same_title = [c for c in surname if title_key(c.title) == title_key(title)]
            if len(same_title) == 1:
                return same_title
        return surname
    if len(words) == 1:
        by_alias = _unique([c for c in candidates if name in c.aliases])
        if by_alias:
            return by_alias
        if _looks_like_initials(name):
            by_initials = _unique([c for c in candidates if c.initials == name])
            if by_initials:
                return _prefer_present(by_initials)
        first = _unique([c for c in candidates if name_key(c.first_name) == key])
        if first:
            return _prefer_present(first)
        return _prefer_present(_unique([c for c in candidates if name_key(c.last_name) == key]))
    return []


_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _number
    _MONTHS[_name[:3].lower()] = _number
_MONTHS["sept"] = 9
# Month names and their short forms, longest first so "June" is not read as "Jun".
_MONTH_ALTERNATIVES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_CAPITALISED_MONTHS = "|".join(name.capitalize() for name in sorted(_MONTHS, key=len, reverse=True))
_MONTH_WORD = rf"(?P<month>{_MONTH_ALTERNATIVES})\.?"
# "by 31 March 2023", "by Friday 31st March", "by the 5th of December 2022".
_DUE_DAY = LazyPattern(
    r"\b(?:by|before|on|(?:scheduled\s+)?for)\s+(?:the\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_WORD + r"\b(?:,?\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)
# "by 31/03/2023" (UK order).
_DUE_NUMERIC = LazyPattern(r"\bby\s+(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})\b")
# "in December's 2022 CSP board", "by the end of March 2023", "at the next board".
_DUE_POINT = LazyPattern(
    r"\b(?:by|in|at|for|to|until)\s+(?:the\s+)?(?P<point>"
    # Month names must be capitalised here: "to march on" names no month.
    rf"(?:end\s+of\s+)?(?-i:{_CAPITALISED_MONTHS})(?:['’]?s)?\b(?:\s+\d{{4}})?"
    r"(?:\s+(?:CSP\s+)?(?:board|meeting))?"
    r"|next\s+(?:CSP\s+)?(?:board|meeting)(?:\s+meeting)?)",
    re.IGNORECASE,
)


def _month_number(word: str) -> int | None:
    return _MONTHS.get(word.lower().rstrip("."))


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_due(text: str, on: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """The due point an ACTION line gives, as (date if one is given, words as written).

    A day and month without a year ("by 31 March") is the next such day on or after
    `on` (the meeting's date); without `on` it is not turned into a date. A month or
    "next board" is kept as words only: which day that means is for a person to say.
    """
    due, written = _find_due(text, on)
    if on is not None and due is not None and due < on:
        return None, None
    if on is not None and due is None and written is not None:
        year = re.search(r"\b(\d{4})\b", written)
        if year is not None and int(year.group(1)) < on.year:
            return None, None
    return due, written


def find_due_as_typed(text: str, on: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """As `find_due`, but a due point already past is kept: the live editor reads it back
    to the note taker ("in the past?") where the record drops it."""
    return _find_due(text, on)


# "Due: October", "Deadline - 31 March 2024", "Target date: next meeting".
_DUE_LABEL = LazyPattern(
    r"\b(?:due(?:\s+date)?|deadline|target\s+date|by\s+when)\s*[:\-–]\s*(?P<point>[^.;()]{2,40})",
    re.IGNORECASE,
)


def _find_due(text: str, on: dt.date | None) -> tuple[dt.date | None, str | None]:
    label = _DUE_LABEL.search(text)
    if label is not None:
        point = label.group("point").strip()
        found, _ = _find_due(f"by {point}", on)
        return found, point
    for pattern in (_DUE_DAY, _DUE_NUMERIC):
        match = pattern.search(text)
        if match is None:
            continue
        month_word = match.group("month")
        month = int(month_word) if month_word.isdigit() else _month_number(month_word)
        if month is None or not 1 <= month <= 12:
            continue
        day = int(match.group("day"))
        written = match.group(0)
        if match.group("year"):
            year = int(match.group("year"))
            year = year + 2000 if year < 100 else year
            return _date_or_none(year, month, day), written
        if on is None:
            return None, written
        due = _date_or_none(on.year, month, day)
        if due is not None and due < on:
            due = _date_or_none(on.year + 1, month, day)
        return due, written
    point = _DUE_POINT.search(text)
    if point is not None:
        return None, point.group("point")
    return None, None


def parse_action(
    body: str,
    candidates: Sequence[OwnerCandidate],
    *,
    on: dt.date | None = None,
    owner: str = "",
    due: str = "",
) -> ParsedAction:
    """Split an ACTION line's body into task, owners and flags.

    Args:
        body: the text after "ACTION:" (see `find_action_lines`).
        candidates: the people owners may be: attendees (``present=True``) and members.
        on: the meeting's date, to place a due day given without a year; a due point
            before it is history, not a due point, and is dropped.
        owner: an owner written apart from the task (a trailing tag, an owner column,
            an "Owner:" line); used when the task itself names none.
    """
    # Keep the words as typed (curly apostrophes included); only spacing is tidied.
    text, status = strip_status(" ".join(body.split()))
    completed = status == "completed"
    if _LOG_CODE.match(text):
        phrase = owner.strip()  # an action log's code and words name no owner
    else:
        # An owner written apart (a tag, a column, "Owner:") is the one the minutes meant.
        phrase = owner.strip() or owner_phrase(text) or leading_group(text)
    owner_ids: list[int] = []
    other: list[str] = []
    unmatched: list[str] = []
    ambiguous: list[str] = []
    for part in split_owners(phrase):
        if is_generic_owner(part):
            other.append(part)
            continue
        if len(part.split()) > _MAX_NAME_WORDS:
            unmatched.append(part)
            continue
        matches = match_owner(part, candidates)
        if len(matches) == 1:
            if matches[0].person_id not in owner_ids:
                owner_ids.append(matches[0].person_id)
        elif matches:
            ambiguous.append(part)
        else:
            unmatched.append(part)
    if due:
        # A "Due" column: a date when it reads as one, else the words ("Next meeting").
        due_date, found_text = find_due(f"by {due}", on)
        past = on is not None and due_date is None and found_text is None
        due_text = None if past and re.search(r"\d", due) else due
    else:
        due_date, due_text = find_due(text, on)
    return ParsedAction(
        text=text,
        owner_ids=owner_ids,
        other_owners=other,
        unmatched=unmatched,
        ambiguous=ambiguous,
        completed=completed,
        owner_phrase=phrase,
        due_date=due_date,
        due_text=due_text,
    )
