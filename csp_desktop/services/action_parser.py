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
from dataclasses import dataclass, field

from csp_desktop.services.formatting import MONTH_NAMES
from csp_desktop.services.people import clean_text, name_key, split_title, title_key

# "ACTION:", "Action -", "ACTION –", "- ACTION : ...", "• Action — ...", "1. ACTION: ...".
_ACTION_LINE = re.compile(
    r"""^\s*
        (?:(?:[-*•·▪◦‣–—]|\d{1,2}[.)])\s*)*   # bullets or list numbers before it
        action\s*[:\-–—]+\s*                  # the word, then a colon or a dash
        (?P<body>\S.*?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "(COMPLETED)" closing the line, perhaps followed by the sentence's full stop.
_COMPLETED = re.compile(r"\s*\(\s*completed\s*\)\s*(?P<stop>[.!]?)\s*$", re.IGNORECASE)
# What separates the owners from the task: "X to ...", "X and Y need to ...".
_CONNECTORS = (
    " needs to ",
    " need to ",
    " is to ",
    " are to ",
    " will ",
    " should ",
    " must ",
    " to ",
)
_OWNER_SEPARATORS = re.compile(r"\s*(?:,|;|\s&\s|\sand\s|/)\s*", re.IGNORECASE)
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


@dataclass(frozen=True)
class OwnerCandidate:
    """A person an owner's name may refer to: an attendee or a member of the body."""

    person_id: int
    first_name: str
    last_name: str
    title: str | None = None
    # At the meeting (present or additional attendee): preferred for first names/initials.
    present: bool = False

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


def match_action_line(line: str) -> str | None:
    """The body of an ACTION line ("Chris to share ..."), or None if it is not one."""
    match = _ACTION_LINE.match(line)
    return match.group("body") if match else None


def find_action_lines(text: str) -> list[ActionLine]:
    """Every ACTION line in a block of minutes, in order."""
    found: list[ActionLine] = []
    for line_no, line in enumerate(text.splitlines()):
        body = match_action_line(line)
        if body is not None:
            found.append(ActionLine(index=len(found), line_no=line_no, line=line, body=body))
    return found


def strip_completed(body: str) -> tuple[str, bool]:
    """Remove a closing "(COMPLETED)", keeping the sentence's full stop."""
    match = _COMPLETED.search(body)
    if match is None:
        return body.strip(), False
    return (body[: match.start()] + match.group("stop")).strip(), True


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
    if len(phrase.split()) > _MAX_OWNER_WORDS or not _reads_like_names(phrase):
        return ""
    return phrase


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
_DUE_DAY = re.compile(
    r"\b(?:by|before|on)\s+(?:the\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_WORD + r"\b(?:,?\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)
# "by 31/03/2023" (UK order).
_DUE_NUMERIC = re.compile(r"\bby\s+(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})\b")
# "in December's 2022 CSP board", "by the end of March 2023", "at the next board".
_DUE_POINT = re.compile(
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
    body: str, candidates: Sequence[OwnerCandidate], *, on: dt.date | None = None
) -> ParsedAction:
    """Split an ACTION line's body into task, owners and flags.

    Args:
        body: the text after "ACTION:" (see `find_action_lines`).
        candidates: the people owners may be: attendees (``present=True``) and members.
        on: the meeting's date, to place a due day given without a year.
    """
    # Keep the words as typed (curly apostrophes included); only spacing is tidied.
    text, completed = strip_completed(" ".join(body.split()))
    phrase = owner_phrase(text)
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
