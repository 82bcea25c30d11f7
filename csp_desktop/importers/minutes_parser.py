"""Published minutes, as lines of text, read into a `RecognisedMeeting`.

General rules for the shapes UK partnership minutes take (ModernGov pages, Word and
PDF documents): a header (body, date, times, venue, contact); attendance blocks opened
by cue words (Present, Apologies, Absent, In attendance, Also attending ...) or by
sentences ("Apologies were received from ..."); numbered or unnumbered item headings;
decisions (RESOLVED, AGREED, Decision:, "The Board decided:", bare "That ..."); and
actions through the one ACTION grammar (`services/action_parser.py`). Page furniture
(running headers, "Page 3", "pdf icon PDF 54 KB", "Share this item") is left out; every
other line stays in some item's text or in the meeting's loose text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from csp_desktop.importers.names import (
    PersonDraft,
    initials_run,
    name_at_start,
    people_in_text,
    read_bracket,
)
from csp_desktop.importers.recognised import (
    Field,
    RecognisedAction,
    RecognisedDecision,
    RecognisedItem,
    RecognisedMeeting,
    RecognisedPaper,
    RecognisedPerson,
)
from csp_desktop.services.action_parser import OwnerCandidate, find_action_lines, parse_action

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    r"\b(?P<day>\d{1,2})(?:[a-z]{1,2})?\s+(?:of\s+)?(?P<month>"
    + _MONTH
    + r")\.?,?\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})\b")
_TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)(?![a-z])"
    r"|\b(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)\b(?!\s*(?:%|per))"
    r"|\b(?P<hhmm>[0-2]\d[0-5]\d)\s*hours\b",
    re.IGNORECASE,
)
# Page furniture and web-page artefacts: never minutes.
_NOISE = re.compile(
    r"^(?:SOURCE:\s*https?://\S+|Agenda and minutes|Items|No\.?\s+Item|Media|"
    r"•?\s*Share this item|View directions|modern\.gov app available|View upcoming public .*|"
    r"Printed:.*Page\s+\d+.*|Page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3}|"
    r"(?:OFFICIAL|OFFICIAL[- ]SENSITIVE|PROTECT|RESTRICTED)\s*$|"
    r"navigation and tools|Find it|You are here\s*-.*|Embed Size \(px\)|Citation preview|"
    r"Upload|View|Download|others|\d+\s*views?\s*\d*|VIEWS:.*PAGES:.*|"
    r".*\.\.\.\s+view the full minutes text for item.*|Supporting documents:?|"
    r"Additional documents:?|Distribution:.*|Meeting Notes Template)\s*$",
    re.IGNORECASE,
)
_PAPER = re.compile(r"\s*pdf icon\s+PDF\s+(?P<size>[\d.]+)\s*(?P<unit>KB|MB)\b\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•·*▪◦‣§ØoO]\s+|[-•·*▪◦‣§Ø])")

# --- attendance cues --------------------------------------------------------------
_STATUS_LABELS: tuple[tuple[str, str], ...] = (
    (
        r"members\s+present|councillors\s+present|present|attendees|attendance|board\s+members",
        "present",
    ),
    (r"chair(?:ed\s+by)?|chairman|chairperson", "chair"),
    (
        r"additional\s+attendees|also\s+(?:attending|present|in\s+attendance)|attending|"
        r"(?:officers|officials|staff)(?:\s+(?:present|in\s+attendance))?|in\s+addition|guests|"
        r"observers|other\s+attendees|invited\s+guests|advisers|"
        r"others?\s+present",
        "additional",
    ),
    (r"in\s+attendance", "in_attendance"),
    (
        r"apologies(?:\s+for\s+absence)?|apology|councillor['’]?s\s+apology|apols|"
        r"apologies\s+received",
        "apologies",
    ),
    (r"absent|not\s+present|absent\s+without\s+apologies", "absent"),
    (r"minutes\s+only|distribution|copy\s+to|circulation", "skip"),
    (r"note\s+taker|minute\s+taker|minutes\s+taken\s+by|notes\s+taken\s+by|clerk", "note_taker"),
)
_LABEL_ALTERNATIVES = "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_STATUS_LABELS))
# A label opening a line: "Present:", "Apologies", "Members Present:Andy ...".
_LINE_LABEL = re.compile(
    r"^\s*(?:[A-Z][A-Za-z ]{0,50}\s)?(?:"
    + _LABEL_ALTERNATIVES
    + r")\s*(?::-?|-(?=\s)|\.(?=\s|$)|$)\s*",
    re.IGNORECASE,
)
_LINE_LABEL_STRICT = re.compile(
    r"^\s*(?:" + _LABEL_ALTERNATIVES + r")\s*(?::-?|-(?=\s)|\|(?=\s)|$)\s*", re.IGNORECASE
)
# "POLICE SERVICE OF NORTHERN IRELAND IN ATTENDANCE:", "Members Present:Andy ...".
_PREFIXED_LABEL = re.compile(
    r"^\s*(?:[A-Z][A-Za-z’']*\s+){1,8}?(?:" + _LABEL_ALTERNATIVES + r")\s*:-?\s*",
)
# A label inside a flattened line: "... Vivienne Bartlett (GOL) Apologies: ...".
_MID_LABEL = re.compile(
    r"(?:^|(?<=[\s.;)]))(?:" + _LABEL_ALTERNATIVES + r")\s*:-?\s*", re.IGNORECASE
)
_APOLOGY_SENTENCE = re.compile(
    r"\bapologies(?:\s+for\s+absence)?\s+(?:were|was|had\s+been|have\s+been)?\s*"
    r"(?:received|intimated|noted|submitted|given|tendered|reported)\s*(?:from|by|on\s+behalf\s+of)?"
    r"\s*(?:the\s+following)?\s*:?-?\s*",
    re.IGNORECASE,
)
_SUBSTITUTION_SENTENCE = re.compile(
    r"^(?P<sub>.+?)\s+(?:was\s+)?(?:in\s+attendance\s+in\s+substitution\s+for|attended\s+as\s+"
    r"(?:a\s+)?substitute\s+for|substituted\s+for|attended\s+on\s+behalf\s+of|deputised\s+for|"
    r"substituting\s+for)\s+(?P<for>.+?)\.?$",
    re.IGNORECASE,
)
_JOINED_SENTENCE = re.compile(
    r"^(?P<who>.+?)\s+(?:joined|entered|arrived\s+at)\s+the\s+meeting\b", re.IGNORECASE
)
_PARAGRAPH_PREFIX = re.compile(r"^\(?\d{1,3}(?:\.\d{1,2})*[.)]?\s+")
# "The Chair welcomed Mr A, Mr B and Mr C to the meeting", "A warm welcome was extended to
# A, B and C who were attending ...": they were there.
_WELCOME = re.compile(
    r"\b(?:welcomed|welcome\s+(?:was\s+)?extended\s+to)\s+(?P<names>[A-Z][^.;]*?)"
    r"\s+(?:to\s+(?:the|this|their)\s+(?:first\s+)?(?i:meeting|board|group|panel|committee)|"
    r"who\s+(?:was|were)\s+attending|,?\s+who\s+(?:joined|attended))",
)
_LISTED_ABOVE = re.compile(r"\bapologies\b.*\b(?:listed|noted|shown)\s+above\b", re.IGNORECASE)

# --- items ---------------------------------------------------------------------------
_NUMBER = r"(?:\d{1,3}/\d{2}|\d{1,3}(?:\.\d{1,2})?[a-z]?|\d{1,3}\s?\([a-z0-9ivx]{1,4}\))"
_NUMBER_ALONE = re.compile(
    r"^\s*(?:(?:agenda\s+)?item\s+|minute\s+|no\.?\s*)?(?P<number>" + _NUMBER + r")[.)]?\s*$",
    re.IGNORECASE,
)
_NUMBERED_TITLE = re.compile(
    r"^\s*(?:(?P<word>(?:agenda\s+)?item|minute|no\.?)\s*)?(?P<number>" + _NUMBER + r")"
    r"(?:[.):]\s*|\s+[-–—:]?\s*|(?<=\.)(?=[A-Z]))(?P<title>[A-Z‘'\"(].*)$",
    re.IGNORECASE,
)
_CAPS_WITH_NUMBER = re.compile(
    r"^(?P<title>[A-Z][A-Z0-9 ’'&:,–\-/()]{3,}?)\s+"
    r"(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?!(?i:" + _MONTH + r")\b)(?P<rest>\S.*)$"
)
_PARAGRAPH_NUMBER = re.compile(r"^\s*(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+\S")
_AGENDA_ITEM_PAGE = re.compile(r"^\s*Agenda item\s*[-–:]\s*(?P<title>\S.*)$", re.IGNORECASE)
_SENTENCE_VERBS = re.compile(
    r"\b(?:was|were|is|are|had|has|have|will|would|be|been|noted|advised|reported|agreed|"
    r"welcomed|thanked|explained|presented|said|stated|asked|confirmed|received)\b"
)
_RESTRICTED_TITLE = re.compile(
    r"\b(?:RESTRICTED|EXEMPT|CONFIDENTIAL|(?i:part)\s*(?:2|II|B)\b|PRIVATE|"
    r"(?i:not\s+for\s+publication)|(?i:closed\s+session))",
)
# The motion to exclude the public is itself held in public.
_EXCLUSION_TITLE = re.compile(r"\bexclusion\s+of\s+(?:the\s+)?(?:press|public)", re.IGNORECASE)
_EXCLUSION = re.compile(r"\b(?:public|press)\b.*\bbe\s+excluded\b", re.IGNORECASE)
_READMISSION = re.compile(r"\b(?:rejoin|re-?admitted|readmitted|returned to the meeting)\b", re.I)
_ALLOCATION = re.compile(r"\(?\b(?P<mins>\d{1,3})\s*(?:mins?|minutes)\b\.?\)?", re.IGNORECASE)
_TIME_RANGE_PREFIX = re.compile(
    r"^(?P<a>\d{1,2}[:.]\d{2})\s*(?:[-–]\s*(?P<b>\d{1,2}[:.]\d{2}))?\s+(?=[A-Z])"
)
_PRESENTER_TAIL = re.compile(r"\s+[-–—]\s+(?P<who>[^-–—]+?)\s*$")
_PRESENTED_BY = re.compile(
    r"\s*[-–,(]?\s*(?:presentation|presented|introduced)\s+by\s+(?P<who>.+?)\)?\s*$", re.I
)
_BODY_WORD = re.compile(
    r"\b(?:partnership|board|panel|forum|group|committee|authority|council|commission|"
    r"network|trust|executive|cabinet|alliance|steering|sub-?group)\b",
    re.IGNORECASE,
)
# The standing items nearly every agenda has, whatever follows them ("None.").
_STANDING_HEADING = re.compile(
    r"^(?:any\s+other\s+(?:competent\s+)?business|a\.?o\.?b\.?|(?:date\s+(?:and\s+time\s+)?of\s+)?"
    r"(?:the\s+)?next\s+meeting|apologies(?:\s+for\s+absence)?|declarations?\s+of\s+interests?|"
    r"(?:minutes|notes)\s+of\s+(?:the\s+)?(?:last|previous)\s+meeting|matters\s+arising|"
    r"welcome(?:\s+and\s+introductions?)?|introductions?(?:\s+and\s+apologies)?|"
    r"urgent\s+business|close\s+of\s+meeting)\b[\w\s&,()-]{0,40}$",
    re.IGNORECASE,
)
_MINUTES_LABEL = re.compile(r"^\s*minutes\s*:\s*$", re.IGNORECASE)

# --- decisions -------------------------------------------------------------------------
_DECISION_LABEL = re.compile(
    r"^\s*(?:\(?[a-z0-9]{1,3}[.)]\s*)?(?:\d{1,3}(?:\.\d{1,2})+\s+)?"
    r"(?P<label>(?:UNANIMOUSLY\s+)?RESOLVED|Resolved|AGREED|Agreed|DECISIONS?|Decisions?|"
    r"DECIDED|It\s+was\s+(?:RESOLVED|resolved|AGREED)|The\s+(?:[A-Z][\w’'-]*\s+){1,4}decided)"
    r"\b\s*(?:that\b)?\s*(?:[:\-–—]\s*)?(?P<text>.*)$",
)
# "The Committee AGREED to note the report", "Members RESOLVED that ...".
_DECISION_IN_LINE = re.compile(r"\b(?:AGREED|RESOLVED|DECIDED)\b(?!\s*[A-Z]{2,})")
_BARE_THAT = re.compile(r"^\s*(?:\(?[a-z0-9]{1,3}[.)]\s*)?That\s+\S")
_SUBMITTED_AND_NOTED = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})?\s+)?There\s+(?:was|were)\s+submitted\s+and\s+noted\b"
)


@dataclass
class _Segment:
    line: int
    text: str


@dataclass
class _ItemDraft:
    title: str
    line: int
    number: str | None
    presenter: str | None = None
    minutes_allocated: int | None = None
    restricted: bool = False
    papers: list[RecognisedPaper] = field(default_factory=list)
    segments: list[_Segment] = field(default_factory=list)
    minutes_from: int | None = None  # index in segments of the "Minutes:" label


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    return text.rstrip()


def _segments(lines: Sequence[str]) -> list[_Segment]:
    """Logical lines: each source line, long flattened ones split at cue words."""
    segments: list[_Segment] = []
    for number, raw in enumerate(lines):
        text = _clean(raw)
        parts = _split_flattened(text) if len(text) > 200 else _split_at_labels(text)
        for part in parts:
            segments.append(_Segment(number, part))
    return segments


def _split_at_labels(text: str) -> list[str]:
    """ "... Vivienne Bartlett (GOL) Apologies:" -> the names, then the label."""
    if ":" not in text:
        return [text]
    for match in _MID_LABEL.finditer(text):
        if match.start() > 0:
            before = text[: match.start()]
            label = match.group(0).strip(" :-")
            if (
                _starts_with_person(before)
                or before.rstrip().endswith((")", ".", ";"))
                or (label.isupper() and len(label) > 3)
            ):
                return [before.rstrip(), *_split_at_labels(text[match.start() :])]
    return [text]


def _split_flattened(text: str) -> list[str]:
    """A paragraph that holds a whole document (a PDF flattened into one line)."""
    cuts: set[int] = set()
    for match in _MID_LABEL.finditer(text) if ":" in text else ():
        cuts.add(match.start())
    expected = 1
    for match in re.finditer(r"(?<=\s)(\d{1,2})\.\s+(?=[A-Z])", text):
        if int(match.group(1)) == expected:
            cuts.add(match.start())
            expected += 1
    for match in re.finditer(r"(?<=[.!?])\s+(?=Action\s*:)", text):
        cuts.add(match.end())
    # After a legend of initials the table is over and prose starts.
    for match in re.finditer(r"(?:\b[A-Z]{2,3}\s+){2,}[A-Z]{2,3}\s+(?=[A-Z]{2,3}\s+[a-z])", text):
        cuts.add(match.end())
    if not cuts:
        return [text]
    points = sorted(c for c in cuts if 0 < c < len(text))
    parts = [text[a:b].strip() for a, b in zip([0, *points], [*points, len(text)], strict=False)]
    return [p for p in parts if p]


def _running_headers(segments: Sequence[_Segment]) -> set[str]:
    """Short lines repeated through a document (a running header), not minutes."""
    counts = Counter(s.text.strip() for s in segments if s.text.strip())
    repeated = set()
    for text, count in counts.items():
        if count < 2 or len(text.split()) > 8 or text.endswith(":"):
            continue
        if _NUMBER_ALONE.match(text) or _MINUTES_LABEL.match(text) or _DECISION_LABEL.match(text):
            continue
        if re.search(r"\b(?:meeting|board|partnership|minutes|page|official)\b", text, re.I):
            repeated.add(text)
    return repeated


def _is_noise(text: str, headers: set[str]) -> bool:
    stripped = text.strip()
    return bool(_NOISE.match(stripped)) or stripped in headers


def _word_count(text: str) -> int:
    return len(text.split())


def _title_like(title: str) -> bool:
    """A heading, not a sentence: short, not ending like prose or a question."""
    title = title.strip()
    if not title or len(title) > 160 or _word_count(title) > 22:
        return False
    if title.endswith(("?", ";", ",")):
        return False
    if title.endswith(":") and not title.isupper():
        return False
    words = _word_count(title)
    if title.endswith(".") and words > 6:
        return False
    # Verbs written in lower case make a sentence; a Title Case heading capitalises them.
    return not (words > 8 and _SENTENCE_VERBS.search(title))


def _main_number(number: str) -> tuple[int, str]:
    match = re.match(r"(\d{1,3})(.*)", number)
    if match is None:
        return 0, number
    return int(match.group(1)), match.group(2)


def _date_in(text: str) -> tuple[dt.date, re.Match[str]] | None:
    for match in _DATE.finditer(text):
        month = _MONTHS.get(match.group("month").lower())
        if month is None:
            continue
        try:
            return dt.date(int(match.group("year")), month, int(match.group("day"))), match
        except ValueError:
            continue
    for match in _NUMERIC_DATE.finditer(text):
        try:
            return dt.date(
                int(match.group("year")), int(match.group("month")), int(match.group("day"))
            ), match
        except ValueError:
            continue
    return None


def _times_in(text: str) -> list[dt.time]:
    found: list[dt.time] = []
    for match in _TIME.finditer(text):
        if match.group("h"):
            hour, minute = int(match.group("h")), int(match.group("m") or 0)
            pm = match.group("ampm").lower().startswith("p")
            if pm and hour < 12:
                hour += 12
            if not pm and hour == 12:
                hour = 0
        elif match.group("h24"):
            hour, minute = int(match.group("h24")), int(match.group("m24"))
        else:
            hour, minute = int(match.group("hhmm")[:2]), int(match.group("hhmm")[2:])
        if 0 <= hour < 24 and 0 <= minute < 60:
            found.append(dt.time(hour, minute))
    # "10:00 - 13:00pm": a first time without am/pm before a pm end stays morning.
    return found


class _Parser:
    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        self.segments = _segments(lines)
        headers = _running_headers(self.segments)
        self.segments = [
            s for s in self.segments if s.text.strip() == "" or not _is_noise(s.text, headers)
        ]
        self.people: list[RecognisedPerson] = []
        self.people_keys: set[tuple[str, str]] = set()
        self.items: list[_ItemDraft] = []
        self.loose: list[_Segment] = []
        self.header: dict[str, Field] = {}
        self.date: dt.date | None = None
        self.date_line: int | None = None
        self.times: list[dt.time] = []
        self.warnings: list[str] = []
        self.restricted_pending = False
        self.in_attendance_seen = False
        self.headerless_blocks: list[list[PersonDraft]] = []
        self._headings: dict[int, tuple[str | None, str, int] | None] = {}
        self._style: str | None = None

    # --- attendance -------------------------------------------------------------------
    def _add_people(self, drafts: list[PersonDraft], status: str, line: int) -> None:
        for draft in drafts:
            self._add_person(draft, status, line)

    def _add_person(self, draft: PersonDraft, status: str, line: int) -> None:
        own_status = draft.status or status
        role = draft.role
        if status == "chair":
            own_status, role = "present", role or "chair"
        if status == "note_taker":
            own_status, role = "present", "note_taker"
        if draft.substitute_for and own_status == "apologies":
            own_status = "present"
        key = (_person_key(draft.name), own_status)
        if not any(_same_person(draft.name, p.name) for p in self.people):
            self.people.append(
                RecognisedPerson(
                    name=draft.name,
                    status=own_status,
                    line=line,
                    organisation=draft.organisation,
                    role=role,
                    substitute_for=draft.substitute_for,
                    initials=draft.initials,
                )
            )
            self.people_keys.add(key)
        else:
            self._update_person(draft, role, own_status)
        if draft.substitute is not None:
            sub = draft.substitute
            self._add_person(
                PersonDraft(name=sub.name, role="substitute", substitute_for=draft.name),
                "present",
                line,
            )

    def _update_person(self, draft: PersonDraft, role: str | None, status: str) -> None:
        for index, person in enumerate(self.people):
            if _same_person(draft.name, person.name):
                # "Absent" in a grid, then "apologies were received from ...": apologies.
                better = status == "apologies" and person.status == "absent"
                self.people[index] = RecognisedPerson(
                    name=person.name if len(person.name) >= len(draft.name) else draft.name,
                    status=status if better else person.status,
                    line=person.line,
                    organisation=person.organisation or draft.organisation,
                    role=person.role or role,
                    substitute_for=person.substitute_for or draft.substitute_for,
                    initials=person.initials or draft.initials,
                )
                return

    def _label_status(self, match: re.Match[str]) -> str:
        for index, (_, status) in enumerate(_STATUS_LABELS):
            if match.group(f"s{index}"):
                if status == "in_attendance":
                    # The first list of a document is who came; later, officers.
                    return "additional" if self._has("present") else "present"
                return status
        return "present"

    def _has(self, status: str) -> bool:
        return any(p.status == status for p in self.people)

    def _attendance_block(self, start: int, first_text: str, status: str) -> int:
        """Read a block's people from `first_text` and the lines after; return next index."""
        drafts_by_line: list[tuple[int, list[PersonDraft]]] = []
        line = self.segments[start].line
        grid = _is_grid(first_text)
        if first_text.strip():
            drafts_by_line.append((line, _people(first_text, grid)))
        index = start + 1
        misses = 0
        while index < len(self.segments):
            text = self.segments[index].text
            if not text.strip():
                index += 1
                continue
            if self._starts_something(index):
                break
            grid = grid or _is_grid(text)
            if grid and _grid_header(text):
                index += 1
                continue  # "Name | Organisation | Attended": the table's own header
            if text.strip().startswith("(") and drafts_by_line and drafts_by_line[-1][1]:
                # A bracket wrapped onto its own line belongs to the name before it.
                read_bracket(drafts_by_line[-1][1][-1], text.strip().strip("().").strip(), [])
                index += 1
                continue
            drafts = _people(text, grid)
            if not drafts and grid and drafts_by_line:
                mark = _status_mark_in(text)
                if mark is not None:
                    drafts_by_line[-1][1][-1].status = mark
                    index += 1
                    continue
            if drafts and not grid and not _starts_with_person(text):
                break  # a sentence that mentions people, not a list of them
            if not drafts:
                following = self._next_text(index)
                if (
                    _organisation_line(text)
                    and misses == 0
                    and following is not None
                    and _people(self.segments[following].text, grid)
                    and (grid or _starts_with_person(self.segments[following].text))
                ):
                    misses += 1
                    index += 1
                    continue
                break
            misses = 0
            drafts_by_line.append((self.segments[index].line, drafts))
            index += 1
        if status == "skip":
            return index
        all_drafts = [d for _, ds in drafts_by_line for d in ds]
        legend = initials_run(" ".join(self.segments[i].text for i in range(start, index)))
        if legend and len(all_drafts) > len(legend):
            keep = set(map(id, all_drafts[: len(legend)]))
            drafts_by_line = [(ln, [d for d in ds if id(d) in keep]) for ln, ds in drafts_by_line]
            all_drafts = all_drafts[: len(legend)]
        if legend and len(all_drafts) == len(legend):
            for draft, initials in zip(all_drafts, legend, strict=True):
                draft.initials = draft.initials or initials
        marked = any(d.status for d in all_drafts)
        first = True
        for line_no, drafts in drafts_by_line:
            for draft in drafts:
                if marked and draft.status is None:
                    draft.status = "absent"
                # "Chaired by: X" then the list: only X chaired.
                own = status if (first or status not in ("chair", "note_taker")) else "present"
                self._add_person(draft, own, line_no)
                first = False
        return index

    def _starts_something(self, index: int) -> bool:
        text = self.segments[index].text
        return bool(
            _LINE_LABEL_STRICT.match(text)
            or self._item_heading(index) is not None
            or _MINUTES_LABEL.match(text)
            or _APOLOGY_SENTENCE.search(text)
        )

    def _attendance_at(self, index: int) -> int | None:
        """If the segment opens an attendance block or sentence, read it; next index."""
        text = self.segments[index].text
        match = _LINE_LABEL_STRICT.match(text) or _PREFIXED_LABEL.match(text)
        if match is not None:
            return self._attendance_block(index, text[match.end() :], self._label_status(match))
        sentence = _APOLOGY_SENTENCE.search(text)
        if sentence is not None:
            rest = text[sentence.end() :]
            if _LISTED_ABOVE.search(text) and len(self.headerless_blocks) >= 2:
                # Two unlabelled lists under the header, and "apologies ... listed above":
                # the first list came, the second sent apologies.
                self._add_headerless(self.headerless_blocks[0], "present")
                self._add_headerless(self.headerless_blocks[1], "apologies")
                self.headerless_blocks = []
                return index + 1
            if re.match(r"^\s*(?:those|the\s+above|as\s+above)", rest, re.I):
                return index + 1
            return self._attendance_block(index, rest, "apologies")
        sentence_text = _PARAGRAPH_PREFIX.sub("", text.strip())
        welcome = _WELCOME.search(sentence_text)
        if welcome is not None:
            names = people_in_text(welcome.group("names"))
            if names:
                status = "additional" if self._has("present") else "present"
                for draft in names:
                    self._add_person(draft, status, self.segments[index].line)
        substitution = _SUBSTITUTION_SENTENCE.match(sentence_text)
        if substitution is not None:
            sub = name_at_start(substitution.group("sub"))
            original = name_at_start(substitution.group("for"))
            if sub is not None and original is not None:
                self._add_person(
                    PersonDraft(name=sub.name, role="substitute", substitute_for=original.name),
                    "present",
                    self.segments[index].line,
                )
                return None  # the sentence stays in the item's text
        joined = _JOINED_SENTENCE.match(sentence_text)
        if joined is not None:
            who = name_at_start(joined.group("who"))
            if who is not None and not who.rest.strip():
                self._add_person(PersonDraft(name=who.name), "present", self.segments[index].line)
        return None

    # --- items --------------------------------------------------------------------------
    def _next_text(self, index: int) -> int | None:
        index += 1
        while index < len(self.segments):
            if self.segments[index].text.strip():
                return index
            index += 1
        return None

    def _item_heading(self, index: int) -> tuple[str | None, str, int] | None:
        """(number, title, index of the title's segment) when an item starts here."""
        if index not in self._headings:
            self._headings[index] = self._find_item_heading(index)
        return self._headings[index]

    def _find_item_heading(self, index: int) -> tuple[str | None, str, int] | None:
        text = self.segments[index].text.strip()
        if not text or _BULLET.match(self.segments[index].text):
            return None
        alone = _NUMBER_ALONE.match(text)
        if alone is not None:
            following = self._next_text(index)
            if following is None:
                return None
            title = self.segments[following].text.strip()
            if _NUMBER_ALONE.match(title) or not _title_like(_PAPER.sub(" ", title)):
                return None
            return alone.group("number"), title, following
        numbered = _NUMBERED_TITLE.match(text)
        if numbered is not None:
            title = numbered.group("title").strip()
            candidate = _PAPER.sub(" ", _cut_long_title(title)).rstrip(":")
            if title.startswith("(") or not _title_like(candidate):
                return None
            if re.match(r"^\d", title) or _DATE.match(text):
                return None  # "5 May 2021" is a date, not item 5
            return numbered.group("number").replace(" ", ""), _cut_long_title(title), index
        page = _AGENDA_ITEM_PAGE.match(text)
        if page is not None and index < 8:
            return None, page.group("title").strip(), index
        if _is_caps_heading(text):
            following = self._next_text(index)
            if following is not None:
                paragraph = _PARAGRAPH_NUMBER.match(self.segments[following].text)
                if paragraph is not None:
                    return paragraph.group("number"), text, index
            caps = _CAPS_WITH_NUMBER.match(text)
            if caps is not None:
                return caps.group("number"), caps.group("title").strip(), index
        caps = _CAPS_WITH_NUMBER.match(text)
        if caps is not None and _is_caps_heading(caps.group("title"), min_words=1):
            return caps.group("number"), caps.group("title").strip(), index
        return None

    def _is_wrapper(self, index: int, heading: tuple[str | None, str, int]) -> bool:
        """ "Agenda Item 2" or "Item 2 SLP YOS June 2010 Minutes" above a document's own
        header: the file's place in another pack, not one of its items."""
        if self.items or self.people or self.date is not None:
            return False
        text = self.segments[index].text.strip()
        return bool(re.match(r"^(?:agenda\s+)?item\b", text, re.I)) and (
            _NUMBER_ALONE.match(text) is not None or bool(re.search(r"\bminutes\b", text, re.I))
        )

    def _style_allows(self, index: int, number: str | None) -> bool:
        """Items of one document are numbered one way ("14." alone, "1.", "1)", "1 Title");
        a main number written another way is a line of text ("20 Young people were ...")."""
        if number is None or self._style is None:
            return True
        if not re.fullmatch(r"\d{1,3}", number):
            return True  # a sub-item (4a, 4.1, 19(a)) may be set out differently
        return _numbering_style(self.segments[index].text) == self._style

    def _sequence_allows(self, number: str | None) -> bool:
        if number is None:
            return True
        numbered = [i for i in self.items if i.number]
        if not numbered:
            return True
        last = numbered[-1].number or ""
        main, sub = _main_number(number.replace("/", "x"))
        last_main, last_sub = _main_number(last.replace("/", "x"))
        if "/" in number:
            return main > last_main
        if main > last_main:
            return main - last_main <= 30
        return main == last_main and sub != last_sub and bool(sub)

    def _list_run(self, index: int) -> bool:
        """Three short lines numbered one after another with nothing between: a list
        inside an item ("1. Reduce violence / 2. Support victims ..."), not items."""

        def number(i: int) -> int | None:
            if not 0 <= i < len(self.segments):
                return None
            match = _NUMBERED_TITLE.match(self.segments[i].text.strip())
            if match is None or not _title_like(match.group("title")):
                return None
            digits = re.match(r"\d+", match.group("number"))
            return int(digits.group(0)) if digits else None

        here = number(index)
        if here is None:
            return False

        def step(i: int, offset: int) -> bool:
            return number(i) == here + offset

        return (
            (step(index - 1, -1) and step(index + 1, 1))
            or (step(index - 1, -1) and step(index - 2, -2))
            or (step(index + 1, 1) and step(index + 2, 2))
        )

    # --- the whole document -----------------------------------------------------------
    def parse(self) -> RecognisedMeeting:
        numbered_doc = self._has_numbered_items()
        index = 0
        segments = self.segments
        while index < len(segments):
            segment = segments[index]
            text = segment.text
            if not text.strip():
                if self.items:
                    self.items[-1].segments.append(segment)
                index += 1
                continue
            if (
                not self.items
                and self.date is None
                and _date_in(text)
                and self._header_line(segment)
            ):
                index += 1
                continue
            heading = self._item_heading(index)
            if heading is not None and self._is_wrapper(index, heading):
                self.loose.append(segment)
                index += 1
                continue
            if (
                heading is not None
                and not self._list_run(index)
                and self._sequence_allows(heading[0])
                and self._style_allows(index, heading[0])
            ):
                number, title, title_index = heading
                if number is not None and self._style is None:
                    self._style = _numbering_style(self.segments[index].text)
                self._start_item(number, title, segment.line, segments[title_index].line)
                caps = _CAPS_WITH_NUMBER.match(text.strip())
                if caps is not None and self.items and caps.group("title").strip() == title:
                    # "WELCOME AND INTRODUCTIONS 1. The Chair welcomed ...": the text stays.
                    rest = f"{caps.group('number')} {caps.group('rest')}"
                    self.items[-1].segments.append(_Segment(segment.line, rest))
                index = title_index + 1
                continue
            if (not numbered_doc and self._unnumbered_heading(index)) or (
                numbered_doc and self._fills_a_gap(index)
            ):
                self._start_item(None, text.strip(), segment.line, segment.line)
                index += 1
                continue
            consumed = self._attendance_at(index)
            if consumed is not None:
                if self.items:
                    self.items[-1].segments.extend(segments[index:consumed])
                index = consumed
                continue
            if not self.items:
                if self._header_line(segment):
                    index += 1
                    continue
                drafts = _people(text, _is_grid(text))
                if drafts and self.date is not None and _mostly_people(text, drafts):
                    index = self._headerless_block(index)
                    continue
                self.loose.append(segment)
                if _EXCLUSION.search(text):
                    self.restricted_pending = True
                index += 1
                continue
            item = self.items[-1]
            if _MINUTES_LABEL.match(text) and item.minutes_from is None:
                item.minutes_from = len(item.segments)
            paper = _PAPER.search(text)
            if paper is not None:
                name = _PAPER.sub(" ", text).strip() or item.title
                item.papers.append(
                    RecognisedPaper(name=name, line=segment.line, size_bytes=_size(paper))
                )
            if _EXCLUSION.search(text):
                self.restricted_pending = True
            if _READMISSION.search(text):
                self.restricted_pending = False
            if (
                item.presenter is None
                and len(item.segments) <= 2
                and item.minutes_from is None
                and _is_only_a_name(text)
            ):
                item.presenter = text.strip()
            item.segments.append(segment)
            index += 1
        for block in self.headerless_blocks:
            self._add_headerless(block, "present")
        return self._result()

    def _add_headerless(self, block: list[PersonDraft], status: str) -> None:
        for draft in block:
            self._add_person(draft, status, int(draft.__dict__.get("line", 0)))

    def _headerless_block(self, index: int) -> int:
        """Name/organisation lines under the header with no cue word (a table)."""
        block: list[PersonDraft] = []
        lines: list[int] = []
        while index < len(self.segments):
            text = self.segments[index].text
            if not text.strip():
                index += 1
                if block and index < len(self.segments) and not self.segments[index].text.strip():
                    continue
                # A blank line ends this block; a second block may follow.
                break
            if self._starts_something(index):
                break
            drafts = _people(text, _is_grid(text))
            if not drafts:
                break
            block.extend(drafts)
            lines.extend(self.segments[index].line for _ in drafts)
            index += 1
        if block:
            for draft, line in zip(block, lines, strict=True):
                draft.__dict__["line"] = line
            self.headerless_blocks.append(block)
        return index

    def _fills_a_gap(self, index: int) -> bool:
        """A heading that lost its number: item 1 is followed by item 3, and between
        them stands one heading-like line ("Previous Minutes and matters arising")."""
        if not self.items or self.items[-1].number is None:
            return False
        last = re.fullmatch(r"\d{1,3}", self.items[-1].number or "")
        text = self.segments[index].text.strip()
        if (
            last is None
            or not text
            or _BULLET.match(self.segments[index].text)
            or _word_count(text) > 15
            or text.endswith((".", ":", "?", ",", ";"))
            or not text[0].isupper()
            or _SENTENCE_VERBS.search(text)  # a wrapped line of prose, not a heading
            or _LINE_LABEL_STRICT.match(text)
            or _DECISION_LABEL.match(text)
            or _is_only_a_name(text)
            or find_action_lines(text)
        ):
            return False
        following = self._next_text(index)
        if following is None or _word_count(self.segments[following].text) < 4:
            return False
        for ahead in range(index + 1, len(self.segments)):
            heading = self._item_heading(ahead)
            if heading is not None and heading[0] is not None and not self._list_run(ahead):
                number = re.match(r"\d+", heading[0])
                return number is not None and int(number.group(0)) == int(last.group(0)) + 2
        return False

    def _has_numbered_items(self) -> bool:
        count = 0
        for index in range(len(self.segments)):
            if self._item_heading(index) is not None and not self._list_run(index):
                heading = self._item_heading(index)
                if heading is not None and heading[0] is not None:
                    count += 1
        return count >= 1

    def _unnumbered_heading(self, index: int) -> bool:
        text = self.segments[index].text.strip()
        if (
            not text
            or _BULLET.match(self.segments[index].text)
            or _word_count(text) > 12
            or text.endswith((".", ":", "?", ",", ";"))
            or (":" in text and not text.isupper())
            or not text[0].isupper()
            or _LINE_LABEL_STRICT.match(text)
            or _DECISION_LABEL.match(text)
            or find_action_lines(text)
            or _is_only_a_name(text)
        ):
            return False
        following = self._next_text(index)
        if following is None:
            return False
        next_text = self.segments[following].text.strip()
        if _MINUTES_LABEL.match(next_text):
            return True
        blank_before = index == 0 or not self.segments[index - 1].text.strip()
        blank_after = following > index + 1
        words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) > 3]
        capitalised = sum(1 for w in words if w[0].isupper())
        title_case = bool(words) and capitalised / len(words) >= 0.6
        letters = [c for c in next_text if c.isalpha()]
        lower = sum(1 for c in letters if c.islower())
        long_next = _word_count(next_text) >= 8 and lower > len(letters) / 2
        if text.isupper() and _word_count(text) >= 2:
            return long_next
        if blank_before and blank_after and long_next and not self.items and self.loose:
            return True
        started = self.date is not None or bool(self.people) or bool(self.items)
        if started and (blank_before or title_case) and _STANDING_HEADING.match(text):
            return True
        # "Police update" after a blank line, then a paragraph: a heading in sentence case.
        if blank_before and long_next and started and _word_count(text) <= 8:
            return True
        return title_case and long_next and started

    def _start_item(self, number: str | None, title: str, line: int, title_line: int) -> None:
        papers: list[RecognisedPaper] = []
        paper = _PAPER.search(title)
        if paper is not None:
            title = _PAPER.sub(" ", title).strip()
            papers.append(RecognisedPaper(name=title, line=title_line, size_bytes=_size(paper)))
        title = title.replace("View directions", "").strip()
        allocation = None
        prefix = _TIME_RANGE_PREFIX.match(title)
        if prefix is not None:
            if prefix.group("b"):
                allocation = _minutes_between(prefix.group("a"), prefix.group("b"))
            title = title[prefix.end() :]
        mins = _ALLOCATION.search(title)
        if mins is not None:
            allocation = int(mins.group("mins"))
            title = (title[: mins.start()] + title[mins.end() :]).strip()
        presenter = None
        by = _PRESENTED_BY.search(title)
        if by is not None and name_at_start(by.group("who")) is not None:
            presenter = by.group("who").strip()
            title = title[: by.start()].strip()
        else:
            tail = _PRESENTER_TAIL.search(title)
            if tail is not None:
                who = name_at_start(tail.group("who"))
                if who is not None and not who.rest.strip(" ,"):
                    presenter = tail.group("who").strip()
                    title = title[: tail.start()].strip()
        restricted = (
            bool(_RESTRICTED_TITLE.search(title)) and not _EXCLUSION_TITLE.search(title)
        ) or self.restricted_pending
        title = title.strip(" -–—:")
        if not title:
            return
        self.items.append(
            _ItemDraft(
                title=title,
                line=line,
                number=number,
                presenter=presenter,
                minutes_allocated=allocation,
                restricted=restricted,
                papers=papers,
            )
        )

    def _header_line(self, segment: _Segment) -> bool:
        text = segment.text.strip()
        label = re.match(
            r"^(?:th)?(?P<label>Venue|Location|Place|Contact|Date|Time|Meeting Title|Title|"
            r"Chaired by|Clerk|Note)\s*:\s*(?P<value>.*)$",
            text,
            re.IGNORECASE,
        )
        if label is not None:
            kind = label.group("label").lower()
            value = label.group("value").strip()
            if kind in ("venue", "location", "place"):
                self.header.setdefault(
                    "venue", Field(re.sub(r"\.?\s*View directions", "", value), segment.line)
                )
            elif kind == "contact":
                contact = re.split(r"\s+[-–]\s+|\s*Tel\b|\s*Email\b|,|\s+0\d{3,}", value)[0].strip()
                self.header.setdefault("contact", Field(contact, segment.line))
            elif kind in ("meeting title", "title"):
                self.header.setdefault("title", Field(value, segment.line))
                self.header.setdefault("body", Field(_body_name(value), segment.line))
            elif kind == "date":
                self._take_date(value, segment.line)
            elif kind == "time":
                self.times.extend(_times_in(value))
            elif kind == "chaired by":
                return False  # an attendance cue
            return True
        if self.date is None:
            found = _date_in(text)
            if found is not None:
                match = found[1]
                self._take_date(text, segment.line)
                before = text[: match.start()]
                before = re.sub(
                    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*$", "", before, flags=re.I
                )
                before = re.sub(r"\b(?:held\s+on|on)\s*$", "", before, flags=re.I).strip(" -–,")
                body = _body_name(before)
                if body and not _BODY_WORD.search(body) and self._loose_body():
                    body = ""
                if body and "body" not in self.header:
                    self.header["body"] = Field(body, segment.line)
                elif "body" not in self.header:
                    self._body_from_loose()
                tail = text[match.end() :]
                if "venue" not in self.header:
                    venue = re.search(
                        r"\b(?:IN|in|at)\s+(?:THE\s+|the\s+)?(?P<v>[A-Z][^.]{3,80})", tail
                    )
                    bracket = re.search(r"\((?:[^,()]*\d[^,()]*),\s*(?P<v>[^()]+)\)", tail)
                    if bracket is not None:
                        self.header["venue"] = Field(bracket.group("v").strip(), segment.line)
                    elif venue is not None and re.search(
                        r"\bhours\b|\d[ap]m|\d\s*[ap]\.?m", tail, re.I
                    ):
                        self.header["venue"] = Field(venue.group("v").strip(" ,"), segment.line)
                return True
        return False

    def _take_date(self, text: str, line: int) -> None:
        found = _date_in(text)
        if found is None or self.date is not None:
            return
        self.date, match = found
        self.date_line = line
        self.times.extend(_times_in(text[match.end() :]))

    def _loose_body(self) -> bool:
        return any(_BODY_WORD.search(_body_name(s.text)) for s in self.loose)

    def _body_from_loose(self) -> None:
        for segment in reversed(self.loose):
            name = _body_name(segment.text)
            if name and _BODY_WORD.search(name):
                self.header["body"] = Field(name, segment.line)
                return
        for segment in reversed(self.loose):
            name = _body_name(segment.text)
            if name:
                self.header["body"] = Field(name, segment.line)
                return

    def _result(self) -> RecognisedMeeting:
        if "body" not in self.header:
            self._body_from_loose()
        candidates = [
            OwnerCandidate(
                person_id=index,
                first_name=_first_last(person.name)[0],
                last_name=_first_last(person.name)[1],
                present=person.status in ("present", "additional"),
                aliases=(person.initials,) if person.initials else (),
            )
            for index, person in enumerate(self.people)
        ]
        items = tuple(self._finish_item(item, candidates) for item in self.items)
        start = self.times[0] if self.times else None
        end = self.times[1] if len(self.times) > 1 else None
        if start and end and end < start and start.hour + 12 < 24 and end.hour >= 12:
            start = None if start.hour + 12 > end.hour else start
        loose = tuple((s.line, s.text) for s in self.loose if s.text.strip())
        return RecognisedMeeting(
            lines=self.lines,
            body=self.header.get("body"),
            date=self.date,
            date_line=self.date_line,
            start_time=start,
            end_time=end if end and start and end > start else None,
            venue=self.header.get("venue"),
            contact=self.header.get("contact"),
            title=self.header.get("title"),
            attendance=tuple(self.people),
            items=items,
            loose_text=loose,
            warnings=tuple(self.warnings),
        )

    def _finish_item(self, item: _ItemDraft, candidates: list[OwnerCandidate]) -> RecognisedItem:
        segments = item.segments
        while segments and not segments[-1].text.strip():
            segments = segments[:-1]
        minutes_part = segments[item.minutes_from :] if item.minutes_from is not None else segments
        decisions = _decisions(minutes_part)
        actions = _actions(minutes_part, candidates, self.date)
        text = "\n".join(s.text for s in segments).strip("\n")
        return RecognisedItem(
            title=item.title,
            line=item.line,
            number=item.number,
            presenter=item.presenter,
            minutes_allocated=item.minutes_allocated,
            restricted=item.restricted,
            papers=tuple(item.papers),
            text=text,
            first_line=item.line,
            last_line=segments[-1].line if segments else item.line,
            decisions=tuple(decisions),
            actions=tuple(actions),
        )


def _numbering_style(text: str) -> str:
    """How an item number is written: alone on its line, "1.", "1)", "1 Title", "Item 1"."""
    text = text.strip()
    if _NUMBER_ALONE.match(text):
        return "alone"
    if re.match(r"^(?:agenda\s+)?item\b|^minute\b|^no\b", text, re.IGNORECASE):
        return "word"
    if _CAPS_WITH_NUMBER.match(text) or not text[:1].isdigit():
        return "caps"
    match = re.match(r"^\d{1,3}(?:/\d{2})?(?P<mark>[.):]?)", text)
    return f"digits{match.group('mark') if match else ''}"


def _size(match: re.Match[str]) -> int:
    value = float(match.group("size"))
    return int(value * (1024 * 1024 if match.group("unit").upper() == "MB" else 1024))


def _minutes_between(a: str, b: str) -> int | None:
    ha, ma = (int(x) for x in re.split(r"[:.]", a))
    hb, mb = (int(x) for x in re.split(r"[:.]", b))
    minutes = (hb * 60 + mb) - (ha * 60 + ma)
    return minutes if minutes > 0 else None


def _cut_long_title(title: str) -> str:
    """ "Terms of Reference The Terms of Reference were reviewed ...": the heading only."""
    if len(title) <= 100 or title.endswith("?"):
        return title
    label = re.search(r"\s(?:Attendees|Present|Apologies)\s*:", title)
    if label is not None:
        return title[: label.start()].strip()
    starter = re.search(
        r"\s(?=(?:(?:The|This|It|There|We|Members|All)\s+\S|[A-Z]{2,3}\s+[a-z]))", title
    )
    if starter is not None and starter.start() > 3:
        return title[: starter.start()].strip()
    return title


def _is_caps_heading(text: str, min_words: int = 2) -> bool:
    if not min_words <= _word_count(text) <= 20:
        return False
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return upper + lower >= 5 and upper / (upper + lower) > 0.9 and not _NOISE.match(text)


def _title_like_item(text: str) -> bool:
    return bool(_NUMBERED_TITLE.match(text.strip())) if text.strip() else False


def _is_grid(text: str) -> bool:
    return text.count(" / ") >= 2 or text.count(" | ") >= 1


_STATUS_MARKS = {
    "√": "present",
    "✓": "present",
    "✔": "present",
    "y": "present",
    "yes": "present",
    "p": "present",
    "present": "present",
    "x": "absent",
    "n": "absent",
    "absent": "absent",
    "apols": "apologies",
    "apol": "apologies",
    "apologies": "apologies",
    "a": "apologies",
}


def _people(text: str, grid: bool) -> list[PersonDraft]:
    if not grid:
        return people_in_text(text)
    people: list[PersonDraft] = []
    current: PersonDraft | None = None
    for cell in re.split(r"\s+[/|]\s+|\s+[/|]$|^[/|]\s+", text):
        cell = cell.strip()
        if not cell:
            continue
        mark = _STATUS_MARKS.get(cell.lower())
        if mark is not None:
            if current is not None:
                current.status = mark
            continue
        found = name_at_start(cell)
        if found is not None and not found.rest.strip(" ()"):
            current = PersonDraft(name=found.name)
            people.append(current)
        elif current is not None and current.organisation is None:
            words, _, bracket = cell.partition("(")
            current.organisation = words.strip() or None
            if bracket:
                read_bracket(current, bracket.rstrip(") "), [])
    return people


_GRID_HEADER_WORDS = frozenset(
    {
        "name",
        "names",
        "organisation",
        "organization",
        "agency",
        "role",
        "title",
        "representing",
        "attended",
        "attendance",
        "present",
        "apologies",
        "status",
        "position",
        "job",
        "service",
        "member",
        "members",
    }
)


def _grid_header(text: str) -> bool:
    cells = [c.strip(" :").lower() for c in re.split(r"\s+[/|]\s+", text.strip()) if c.strip()]
    return len(cells) >= 2 and all(
        all(word in _GRID_HEADER_WORDS for word in cell.split()) for cell in cells
    )


def _status_mark_in(text: str) -> str | None:
    for cell in re.split(r"\s+[/|]\s+|\s+[/|]$|^[/|]\s+", text.strip()):
        mark = _STATUS_MARKS.get(cell.strip().lower())
        if mark is not None:
            return mark
    return None


def _starts_with_person(text: str) -> bool:
    """A list line opens with a name, and no sentence follows it ("X joined the meeting")."""
    cleaned = re.sub(r"^\s*(?:[-•·*▪§Ø]|\d{1,2}[.)]|\(\d\))\s*", "", text)
    found = name_at_start(cleaned)
    if found is None:
        return False
    rest = found.rest.strip()
    return not re.match(r"^[a-z]", rest) or rest.startswith(("and ", "& "))


def _organisation_line(text: str) -> bool:
    """An organisation heading inside an attendance list ("North Lanarkshire Council")."""
    from csp_desktop.importers.names import is_organisation_word

    words = text.split()
    return (
        1 <= len(words) <= 8
        and any(is_organisation_word(w) for w in words)
        and not text.endswith(".")
    )


def _mostly_people(text: str, drafts: list[PersonDraft]) -> bool:
    return not text.rstrip().endswith(".") or len(drafts) >= 2


def _is_only_a_name(text: str) -> bool:
    found = name_at_start(text.strip())
    return found is not None and not found.rest.strip(" ,.") and _word_count(text) <= 5


def _body_name(text: str) -> str:
    text = text.strip().strip(" -–—,")
    text = re.sub(r"\s+held\s+(?:on|at|in)\b.*$", "", text, flags=re.I)
    text = re.sub(
        r"^(?:Meeting\s+minutes|Minutes\s+of\s+(?:an?\s+|the\s+)?(?:(?:ordinary|annual|special|"
        r"extraordinary)\s+)?meeting\s+of(?:\s+the)?|Minutes\s+of(?:\s+the)?|"
        r"Agenda\s+and\s+minutes|Notes\s+of(?:\s+the)?)\s*[-–:]?\s*",
        "",
        text,
        flags=re.I,
    )
    text = re.sub(r"\s+(?:MINUTES\s+OF\s+.*|Minutes|Notes|Meeting)$", "", text)
    text = re.sub(r"^\d+\s+(?:OFFICIAL\s+)?\d*\s*", "", text).strip(" -–—,")
    if (
        not text
        or len(text.split()) > 14
        or _NOISE.match(text)
        or text.lower().startswith("agenda item")
        or text.endswith((".", ":", "?"))
        or _BULLET.match(text)
        or not text[0].isupper()
        or _SENTENCE_VERBS.search(text)
        or ":" in text
        or " / " in text
    ):
        return ""
    generic = {"minutes", "meeting", "of", "the", "held", "on", "notes", "agenda", "and"}
    if all(word.lower() in generic for word in text.split()):
        return ""
    if re.search(r"\b(?:by|views?)\s+\S+$", text) and " by " in text:
        text = text.rsplit(" by ", 1)[0]
    return text


def _person_key(name: str) -> str:
    return " ".join(_first_last(name)).lower()


@lru_cache(maxsize=4096)
def _first_last(name: str) -> tuple[str, str]:
    found = name_at_start(name)
    bare = name
    if found is not None and found.title:
        bare = name[len(found.title) :].strip()
    words = bare.replace(".", " ").split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    return words[0], " ".join(words[1:])


def _same_person(a: str, b: str) -> bool:
    first_a, last_a = _first_last(a)
    first_b, last_b = _first_last(b)
    if last_a.lower() != last_b.lower():
        return False
    if not first_a or not first_b:
        return True
    return first_a[0].lower() == first_b[0].lower() and (
        len(first_a) == 1 or len(first_b) == 1 or first_a.lower() == first_b.lower()
    )


def _decisions(segments: Sequence[_Segment]) -> list[RecognisedDecision]:
    found: list[RecognisedDecision] = []
    waiting = False  # a label whose text is on the next lines
    for segment in segments:
        text = segment.text.strip()
        if not text:
            continue
        label = _DECISION_LABEL.match(text)
        if label is not None and not _is_prose_agreed(label):
            body = label.group("text").strip()
            found.append(RecognisedDecision(text=body or text, line=segment.line))
            waiting = not body
            continue
        if waiting:
            found[-1] = RecognisedDecision(text=text, line=found[-1].line)
            waiting = False
            continue
        if (
            _BARE_THAT.match(text)
            or _SUBMITTED_AND_NOTED.match(text)
            or _DECISION_IN_LINE.search(text)
        ):
            found.append(RecognisedDecision(text=text, line=segment.line))
    return found


def _is_prose_agreed(label: re.Match[str]) -> bool:
    """ "Agreed to meet again" is a sentence; "AGREED:" and "Agreed that" are decisions."""
    word = label.group("label")
    if word in ("Agreed", "Resolved", "Decision", "Decisions"):
        rest = label.string[label.end("label") :]
        return not re.match(r"\s*(?:that\b|[:\-–—]|$)", rest)
    return False


def _actions(
    segments: Sequence[_Segment], candidates: list[OwnerCandidate], on: dt.date | None
) -> list[RecognisedAction]:
    text = "\n".join(s.text for s in segments)
    names = {c.person_id: c for c in candidates}
    found: list[RecognisedAction] = []
    for line in find_action_lines(text):
        parsed = parse_action(line.body, candidates, on=on, owner=line.owner, due=line.due)
        status = line.status or ("completed" if parsed.completed else None)
        found.append(
            RecognisedAction(
                text=parsed.text,
                line=segments[line.line_no].line,
                source_line=line.line.strip(),
                owners=tuple(names[i].full_name for i in parsed.owner_ids),
                other_owners=tuple(parsed.other_owners),
                unmatched=tuple(parsed.unmatched),
                ambiguous=tuple(parsed.ambiguous),
                owner_phrase=parsed.owner_phrase,
                status=status,
                reference=line.reference,
                due_date=parsed.due_date,
                due_text=parsed.due_text,
            )
        )
    return found


def parse_minutes(lines: Sequence[str]) -> RecognisedMeeting:
    """Recognise one meeting's minutes in `lines` (as a reader returned them)."""
    return _Parser(lines).parse()


def looks_like_minutes(meeting: RecognisedMeeting) -> bool:
    """Minutes name who came, or record decisions or actions under items."""
    if meeting.attendance:
        return True
    if not meeting.items:
        return False
    if any(item.decisions or item.actions for item in meeting.items):
        return True
    cues = re.compile(
        r"^\s*(?:minutes|apologies|present|attendees|declarations?\s+of\s+interest|matters\s+arising|"
        r"any\s+other\s+business|notes\s+of|minutes\s+of)\b",
        re.IGNORECASE,
    )
    titles = [item.title for item in meeting.items]
    return any(cues.match(title) for title in titles) or any(
        cues.match(line) for line in meeting.lines[:80]
    )
