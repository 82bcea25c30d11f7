"""Search every meeting's minutes, actions, people, subgroup reports and decisions.

On SQLite the words are looked up in the FTS5 table `search_index` (migration
0002_search_index), which triggers keep current in the same transaction as each save.
On PostgreSQL the same migration makes a `search_index` table with a GIN-indexed
tsvector, kept the same way and cut into the same words, so both find the same records.
Any other database falls back to case-insensitive LIKE over the tables themselves.
Either way the caller gets the same `SearchHit`s: what was found, a short snippet
around the words, and where to go (meeting, tab, item or action).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, text
from sqlalchemy.orm import QueryableAttribute, Session

from csp_desktop.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Body,
    Decision,
    Meeting,
    Organisation,
    Person,
    SubgroupReport,
    Transcript,
    TranscriptTurn,
)
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.publication import PUBLIC
from csp_desktop.storage.search_schema import accent_table, refill_statements

# Kinds of hit, with the codes the index uses in its rowids (id * 8 + code).
KIND_ITEM = "item"
KIND_ACTION = "action"
KIND_PERSON = "person"
KIND_REPORT = "report"
KIND_DECISION = "decision"
KIND_UPDATE = "update"
KIND_TURN = "turn"  # a transcript turn (migration 0007_transcripts, code 7)

KIND_LABELS = {
    KIND_ITEM: "Minutes",
    KIND_ACTION: "Action",
    KIND_PERSON: "Person",
    KIND_REPORT: "Subgroup report",
    KIND_DECISION: "Decision",
    KIND_UPDATE: "Action update",
    KIND_TURN: "Transcript",
}

# Tab names as in ui/navigation.py (kept as plain strings: services know no Qt).
TAB_AGENDA = "agenda"
TAB_ATTENDANCE = "attendance"
TAB_ACTIONS = "actions"
TAB_SUBGROUP_REPORTS = "subgroup-reports"

SNIPPET_WORDS = 12
SNIPPET_CHARS = 160
# The best 100: a results list nobody scrolls past, and snippets for more cost time
# (200 took three times as long as 100 for a one-letter query over 2 MB of minutes).
DEFAULT_LIMIT = 100
HIGHLIGHT_OPEN = "["
HIGHLIGHT_CLOSE = "]"


@dataclass(frozen=True)
class SearchHit:
    """One thing found, and where it lives.

    Attributes:
        kind: one of the KIND_* names.
        kind_label: the kind in words ("Minutes", "Action").
        title: what was found ("Item 4: Violence reduction", "CSP-2022-10-05-04").
        snippet: the matching words in context, the words themselves in [brackets].
        meeting_id: the meeting to open, if the hit belongs to one.
        meeting_label: "CSP Board, Wednesday 5 October 2022", or "" for a person.
        meeting_date: for sorting and showing.
        tab: the tab to show (TAB_* names).
        agenda_item_id: the item to select on the Agenda tab, if any.
        action_id: the action to select on the Actions tab, if any.
        ref_id: the id of the record found.
        is_restricted: the hit is in restricted content (board members only).
    """

    kind: str
    kind_label: str
    title: str
    snippet: str
    meeting_id: int | None
    meeting_label: str
    meeting_date: dt.date | None
    tab: str
    agenda_item_id: int | None
    action_id: int | None
    ref_id: int
    is_restricted: bool = False


def search_terms(query: str) -> list[str]:
    """The words of a query, without the punctuation FTS5 would treat as syntax."""
    terms = []
    for raw in query.split():
        cleaned = raw.replace('"', "").strip("*^():,;.!?'’")
        if cleaned and re.search(r"\w", cleaned):
            terms.append(cleaned)
    return terms


def fts_query(terms: Sequence[str]) -> str:
    """Every term must occur; each is a quoted phrase matched as a prefix ("ghan" finds
    "Ghani"), so a reference such as CSP-2022-10-05-04 is matched as a phrase."""
    return " ".join(f'"{term}"*' for term in terms)


def has_search_index(session: Session) -> bool:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return session.execute(text("SELECT to_regclass('search_index')")).scalar() is not None
    if dialect != "sqlite":
        return False
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = 'search_index'")
    ).scalar()
    return found is not None


@functools.cache
def _accent_folding() -> dict[int, int]:
    """Accented Latin letters to plain ones, as the index folds them (`search_schema`)."""
    accented, plain = accent_table()
    return str.maketrans(accented, plain)


def folded_words(term: str) -> list[str]:
    """A term's words as the PostgreSQL index cuts text (csp_search_fold in 0002):
    lower case, accents off, letters and digits only."""
    return re.findall(r"[^\W_]+", term.lower().translate(_accent_folding()))


def ts_query(terms: Sequence[str]) -> str:
    """The PostgreSQL tsquery for fts_query's meaning: every term, each a phrase whose
    last word is a prefix."""
    phrases = []
    for term in terms:
        words = folded_words(term)
        if words:
            phrases.append(" <-> ".join([*words[:-1], f"{words[-1]}:*"]))
    return " & ".join(f"({phrase})" for phrase in phrases)


def search(session: Session, query: str, *, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """Find the query's words across all meetings; best matches first.

    Args:
        query: words as typed; all must occur (as word starts) in one record.
        limit: at most this many hits.
    """
    terms = search_terms(query)
    if not terms:
        return []
    if has_search_index(session):
        if session.get_bind().dialect.name == "postgresql":
            found = _tsvector_matches(session, terms, limit)
        else:
            found = _fts_matches(session, terms, limit)
    else:
        found = _like_matches(session, terms, limit)
    return _resolve(session, found, terms)


def rebuild_search_index(session: Session) -> int:
    """Refill the index from the tables (after a bulk import that bypassed triggers,
    or as a repair). Returns the number of records indexed."""
    if not has_search_index(session):
        return 0
    postgresql = session.get_bind().dialect.name == "postgresql"
    session.execute(text("DELETE FROM search_index"))
    for statement in refill_statements(postgresql=postgresql):
        session.execute(text(statement))
    session.flush()
    return int(session.execute(text("SELECT count(*) FROM search_index")).scalar() or 0)


# --- matching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    kind: str
    ref_id: int
    snippet: str


def _fts_matches(session: Session, terms: Sequence[str], limit: int) -> list[_Match]:
    rows = session.execute(
        text(
            "SELECT kind, ref_id, snippet(search_index, 2, :open, :close, '…', :words) "
            "FROM search_index WHERE search_index MATCH :query ORDER BY rank LIMIT :limit"
        ),
        {
            "open": HIGHLIGHT_OPEN,
            "close": HIGHLIGHT_CLOSE,
            "words": SNIPPET_WORDS,
            "query": fts_query(terms),
            "limit": limit,
        },
    ).all()
    return [_Match(str(kind), int(ref_id), _one_line(str(snip))) for kind, ref_id, snip in rows]


def _tsvector_matches(session: Session, terms: Sequence[str], limit: int) -> list[_Match]:
    query = ts_query(terms)
    if not query:
        return []
    rows = session.execute(
        text(
            "SELECT kind, ref_id, content FROM search_index, "
            "to_tsquery('simple', :query) AS wanted WHERE document @@ wanted "
            "ORDER BY ts_rank(document, wanted) DESC, kind, ref_id LIMIT :limit"
        ),
        {"query": query, "limit": limit},
    ).all()
    return [
        _Match(str(kind), int(ref_id), _cut_snippet(str(content), terms))
        for kind, ref_id, content in rows
    ]


def _all_terms(
    columns: Sequence[QueryableAttribute[Any]], terms: Sequence[str]
) -> ColumnElement[bool]:
    """Each term in at least one of the columns (case-insensitive)."""
    return and_(
        *(
            or_(*(column.ilike(f"%{_escape_like(t)}%", escape="\\") for column in columns))
            for t in terms
        )
    )


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_matches(session: Session, terms: Sequence[str], limit: int) -> list[_Match]:
    """The portable fallback: LIKE over each source, snippets cut in Python."""
    found: list[_Match] = []
    sources: list[tuple[str, Iterable[tuple[int, str]]]] = [
        (
            KIND_ITEM,
            session.execute(
                select(AgendaItem.id, AgendaItem.title + "\n" + AgendaItem.minutes_text)
                .where(_all_terms([AgendaItem.title, AgendaItem.minutes_text], terms))
                .limit(limit)
            ).all(),
        ),
        (
            KIND_ACTION,
            session.execute(
                select(Action.id, Action.reference + "\n" + Action.text)
                .where(_all_terms([Action.reference, Action.text, Action.other_owners], terms))
                .limit(limit)
            ).all(),
        ),
        (
            KIND_REPORT,
            session.execute(
                select(SubgroupReport.id, SubgroupReport.summary)
                .where(_all_terms([SubgroupReport.summary, SubgroupReport.author], terms))
                .limit(limit)
            ).all(),
        ),
        (
            KIND_DECISION,
            session.execute(
                select(Decision.id, Decision.text)
                .where(_all_terms([Decision.text], terms))
                .limit(limit)
            ).all(),
        ),
        (
            KIND_UPDATE,
            session.execute(
                select(ActionUpdate.id, ActionUpdate.text)
                .where(_all_terms([ActionUpdate.text], terms))
                .limit(limit)
            ).all(),
        ),
    ]
    sources.append(
        (
            KIND_TURN,
            session.execute(
                select(TranscriptTurn.id, TranscriptTurn.speaker_label + "\n" + TranscriptTurn.text)
                .where(_all_terms([TranscriptTurn.speaker_label, TranscriptTurn.text], terms))
                .limit(limit)
            ).all(),
        )
    )
    people = session.execute(
        select(Person, Organisation.name)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .where(
            _all_terms(
                [Person.title, Person.first_name, Person.last_name, Organisation.name], terms
            )
        )
        .limit(limit)
    ).all()
    sources.append(
        (
            KIND_PERSON,
            [
                (person.id, person.display_name + (f", {organisation}" if organisation else ""))
                for person, organisation in people
            ],
        )
    )
    for kind, rows in sources:
        for ref_id, content in rows:
            found.append(_Match(kind, ref_id, _cut_snippet(content or "", terms)))
    return found[:limit]


def _cut_snippet(content: str, terms: Sequence[str]) -> str:
    """A window of text around the first term, with every term [bracketed]."""
    lowered = content.lower()
    positions = [lowered.find(term.lower()) for term in terms]
    first = min((p for p in positions if p >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    end = min(len(content), start + SNIPPET_CHARS)
    window = content[start:end]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    window = pattern.sub(lambda m: f"{HIGHLIGHT_OPEN}{m.group(0)}{HIGHLIGHT_CLOSE}", window)
    return _one_line(("…" if start > 0 else "") + window + ("…" if end < len(content) else ""))


def _one_line(snippet: str) -> str:
    return " ".join(snippet.split())


# --- turning matches into places ----------------------------------------------------------


def _meeting_label(body_name: str, date: dt.date) -> str:
    return f"{body_name}, {uk_date(date)}"  # as meetings.meeting_label words it


def _resolve(session: Session, matches: Sequence[_Match], terms: Sequence[str]) -> list[SearchHit]:
    """Look up each match's meeting and place in a handful of queries (not one per hit)."""
    by_kind: dict[str, list[int]] = {}
    for match in matches:
        by_kind.setdefault(match.kind, []).append(match.ref_id)

    meetings: dict[int, tuple[str, dt.date]] = {}

    def remember_meetings(ids: Iterable[int | None]) -> None:
        wanted = {i for i in ids if i is not None and i not in meetings}
        if not wanted:
            return
        rows = session.execute(
            select(Meeting.id, Body.name, Meeting.date)
            .join(Body, Meeting.body_id == Body.id)
            .where(Meeting.id.in_(wanted))
        ).all()
        for meeting_id, body_name, date in rows:
            meetings[meeting_id] = (body_name, date)

    items: dict[int, tuple[int, str, str, bool]] = {}
    item_ids = set(by_kind.get(KIND_ITEM, []))
    decisions: dict[int, int] = {}
    if by_kind.get(KIND_DECISION):
        for decision_id, item_id in session.execute(
            select(Decision.id, Decision.agenda_item_id).where(
                Decision.id.in_(by_kind[KIND_DECISION])
            )
        ).all():
            decisions[decision_id] = item_id
            item_ids.add(item_id)
    turns: dict[int, int] = {}
    if by_kind.get(KIND_TURN):
        for turn_id, turn_item_id in session.execute(
            select(TranscriptTurn.id, TranscriptTurn.agenda_item_id)
            .join(Transcript, TranscriptTurn.transcript_id == Transcript.id)
            .where(TranscriptTurn.id.in_(by_kind[KIND_TURN]), Transcript.deleted_at.is_(None))
        ).all():
            if turn_item_id is not None:
                turns[turn_id] = turn_item_id
                item_ids.add(turn_item_id)
    if item_ids:
        for item_id, meeting_id, number, title, restricted in session.execute(
            select(
                AgendaItem.id,
                AgendaItem.meeting_id,
                AgendaItem.number,
                AgendaItem.title,
                AgendaItem.is_restricted,
            ).where(AgendaItem.id.in_(item_ids))
        ).all():
            items[item_id] = (meeting_id, number, title, restricted)

    updates: dict[int, int] = {}
    action_ids = set(by_kind.get(KIND_ACTION, []))
    if by_kind.get(KIND_UPDATE):
        for update_id, action_id in session.execute(
            select(ActionUpdate.id, ActionUpdate.action_id).where(
                ActionUpdate.id.in_(by_kind[KIND_UPDATE])
            )
        ).all():
            updates[update_id] = action_id
            action_ids.add(action_id)
    actions: dict[int, tuple[int | None, str, bool]] = {}
    if action_ids:
        for found_id, raised_at, reference, restricted, item_restricted in session.execute(
            select(
                Action.id,
                Action.raised_at_meeting_id,
                Action.reference,
                Action.is_restricted,
                AgendaItem.is_restricted,
            )
            .outerjoin(AgendaItem, Action.raised_at_item_id == AgendaItem.id)
            .where(Action.id.in_(action_ids))
        ).all():
            # Restricted as the public papers decide it (raised under a restricted item too).
            withheld = not PUBLIC.shows_action_row(
                action_restricted=restricted, item_restricted=item_restricted
            )
            actions[found_id] = (raised_at, reference, withheld)

    reports: dict[int, tuple[int, str]] = {}
    if by_kind.get(KIND_REPORT):
        for report_id, meeting_id, subgroup_name in session.execute(
            select(SubgroupReport.id, SubgroupReport.meeting_id, Body.name)
            .join(Body, SubgroupReport.subgroup_id == Body.id)
            .where(SubgroupReport.id.in_(by_kind[KIND_REPORT]))
        ).all():
            reports[report_id] = (meeting_id, subgroup_name)

    people: dict[int, str] = {}
    if by_kind.get(KIND_PERSON):
        for person in session.scalars(select(Person).where(Person.id.in_(by_kind[KIND_PERSON]))):
            people[person.id] = person.display_name

    remember_meetings(m for m, *_ in items.values())
    remember_meetings(m for m, *_ in actions.values())
    remember_meetings(m for m, _ in reports.values())

    hits: list[SearchHit] = []
    for match in matches:
        if match.kind == KIND_TURN:
            hit = _turn_hit(match, turns, items, meetings)
        else:
            hit = _hit(match, items, decisions, actions, updates, reports, people, meetings)
        if hit is not None:
            hits.append(hit)
    return hits


def _hit(
    match: _Match,
    items: dict[int, tuple[int, str, str, bool]],
    decisions: dict[int, int],
    actions: dict[int, tuple[int | None, str, bool]],
    updates: dict[int, int],
    reports: dict[int, tuple[int, str]],
    people: dict[int, str],
    meetings: dict[int, tuple[str, dt.date]],
) -> SearchHit | None:
    meeting_id: int | None = None
    item_id: int | None = None
    action_id: int | None = None
    restricted = False
    if match.kind in (KIND_ITEM, KIND_DECISION):
        item_id = match.ref_id if match.kind == KIND_ITEM else decisions.get(match.ref_id)
        if item_id is None or item_id not in items:
            return None
        meeting_id, number, item_title, restricted = items[item_id]
        title = f"Item {number}: {item_title}" if number else item_title
        tab = TAB_AGENDA
    elif match.kind in (KIND_ACTION, KIND_UPDATE):
        action_id = match.ref_id if match.kind == KIND_ACTION else updates.get(match.ref_id)
        if action_id is None or action_id not in actions:
            return None
        meeting_id, reference, restricted = actions[action_id]
        title = reference
        tab = TAB_ACTIONS
    elif match.kind == KIND_REPORT:
        if match.ref_id not in reports:
            return None
        meeting_id, subgroup_name = reports[match.ref_id]
        title = subgroup_name
        tab = TAB_SUBGROUP_REPORTS
    elif match.kind == KIND_PERSON:
        if match.ref_id not in people:
            return None
        title = people[match.ref_id]
        tab = TAB_ATTENDANCE
    else:
        return None
    body_name, date = meetings.get(meeting_id, ("", None)) if meeting_id else ("", None)
    return SearchHit(
        kind=match.kind,
        kind_label=KIND_LABELS[match.kind],
        title=title,
        snippet=match.snippet,
        meeting_id=meeting_id,
        meeting_label=_meeting_label(body_name, date) if date else "",
        meeting_date=date,
        tab=tab,
        agenda_item_id=item_id,
        action_id=action_id,
        ref_id=match.ref_id,
        is_restricted=restricted,
    )


def _turn_hit(
    match: _Match,
    turns: dict[int, int],
    items: dict[int, tuple[int, str, str, bool]],
    meetings: dict[int, tuple[str, dt.date]],
) -> SearchHit | None:
    """A transcript turn is found where its item's minutes are (Agenda tab, that item)."""
    item_id = turns.get(match.ref_id)
    if item_id is None or item_id not in items:
        return None
    as_item = _hit(_Match(KIND_ITEM, item_id, match.snippet), items, {}, {}, {}, {}, {}, meetings)
    if as_item is None:
        return None
    return replace(as_item, kind=KIND_TURN, kind_label=KIND_LABELS[KIND_TURN], ref_id=match.ref_id)
