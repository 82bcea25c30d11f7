"""Restricted words quoted in open items: found before they leave in a public paper.

The public rule (services/publication.py) withholds restricted *records*; a note taker who
pastes a restricted action, decision or minute into an open item's text would publish it
all the same. This service compares the open text of a meeting with every restricted text
in the archive (restricted items' minutes and decisions, declarations at them, withheld
actions and their updates) on normalised runs of six or more words:

* words are folded (NFKC, lower case) and the commonest function words ("the", "to",
  "of" ...) are dropped, so "to report back to the next meeting" does not match every
  other action, while a sentence copied with different spacing, punctuation or case does;
* a run of at least `RUN` such words in a row shared with restricted text is a quote.

A quote can be marked as cleared by a reviewer (it is not restricted after all, e.g. the
same words were also said in public); the mark is kept in the archive (archive_meta) and
holds while the quoted words stay the same.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from csp_desktop.errors import UserError
from csp_desktop.models import Action, ActionStatus, AgendaItem, Body, Declaration, Meeting
from csp_desktop.services import archive_identity
from csp_desktop.services.publication import PUBLIC

RUN = 6
_CLEARED = "quote_cleared:"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Function words carry no content: dropping them keeps stock phrases from matching.
_FUNCTION_WORDS = frozenset(
    """a about after all also an and any are as at be been before being but by can could did
    do does done for from had has have he her here his i if in into is it its may me more
    most must my no not of on or our out over she should so some such than that the their
    them then there these they this those through to too under until up upon us was we were
    what when where which while who whom will with within would you your action actions
    agreed noted""".split()  # noqa: SIM905
)
# Dates are everywhere (next meeting, due dates): weekday and month names and numbers are
# not content either.
_DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Quote:
    """Words in an open item that also stand in restricted text."""

    meeting_id: int
    item_id: int
    item_number: str
    item_title: str
    text: str  # as typed in the open item
    source: str  # where the restricted words are, in plain words
    fingerprint: str
    cleared: bool = False

    def describe(self) -> str:
        """One line: 'item 3 (Title) quotes restricted action X: "the words"'."""
        words = " ".join(self.text.split())
        if len(words) > 160:
            words = words[:157].rstrip() + "…"
        return f'item {self.item_number} ({self.item_title}) quotes {self.source}: "{words}"'


class QuotesRestrictedText(UserError):
    """A public paper was refused because an open item quotes restricted text."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        first = quotes[0]
        more = f" (and {len(quotes) - 1} more)" if len(quotes) > 1 else ""
        super().__init__(
            f"The public version was not written: {first.describe()}{more}. Edit the text, "
            "or mark the quote as cleared (csp-desktop quotes MEETING --clear-item "
            f"{first.item_number}), then export again."
        )


@dataclass(frozen=True)
class _Token:
    word: str
    start: int
    end: int
    sentence: int  # runs never cross a sentence or line end


# Where a sentence or line ends: stock openings ("Partners agreed. ACTION: ...") would
# otherwise join with names into runs that match across unrelated items.
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n")


def _tokens(text: str) -> list[_Token]:
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):  # spans must index the original text
        folded = text
    ends = [match.start() for match in _SENTENCE_END.finditer(folded)]
    found = []
    sentence = 0
    for match in _WORD.finditer(folded):
        while sentence < len(ends) and ends[sentence] < match.start():
            sentence += 1
        word = match.group().lower().replace("’", "'")
        if word not in _FUNCTION_WORDS and word not in _DATE_WORDS and not word.isdigit():
            found.append(
                _Token(unicodedata.normalize("NFKC", word), match.start(), match.end(), sentence)
            )
    return found


def _windows(tokens: list[_Token]) -> Iterator[tuple[str, ...] | None]:
    """Each run of RUN words, in order; None where the run would cross a sentence end."""
    for start in range(len(tokens) - RUN + 1):
        window = tokens[start : start + RUN]
        if window[0].sentence != window[-1].sentence:
            yield None
        else:
            yield tuple(token.word for token in window)


def _runs(tokens: list[_Token]) -> Iterator[tuple[str, ...]]:
    return (run for run in _windows(tokens) if run is not None)


def fingerprint(text: str) -> str:
    """The same for the same words whatever the spacing, punctuation or case."""
    words = " ".join(token.word for token in _tokens(text))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


class RestrictedCorpus:
    """Every run of `RUN` content words in restricted text, with where it came from."""

    def __init__(self) -> None:
        self._runs: dict[tuple[str, ...], str] = {}

    def add(self, text: str | None, source: str) -> None:
        if not text:
            return
        for run in _runs(_tokens(text)):
            self._runs.setdefault(run, source)

    def discard(self, text: str | None) -> None:
        """Forget runs that are public by design (titles, names of bodies and people)."""
        if text:
            for run in _runs(_tokens(text)):
                self._runs.pop(run, None)

    def __len__(self) -> int:
        return len(self._runs)

    def quotes_in(self, text: str) -> list[tuple[str, str]]:
        """(quoted text, source) for each maximal run of shared words in `text`."""
        tokens = _tokens(text)
        hits = [run is not None and run in self._runs for run in _windows(tokens)]
        found: list[tuple[str, str]] = []
        index = 0
        while index < len(hits):
            if not hits[index]:
                index += 1
                continue
            first = index
            while index + 1 < len(hits) and hits[index + 1]:
                index += 1
            last_token = tokens[index + RUN - 1]
            source = self._runs[tuple(t.word for t in tokens[first : first + RUN])]
            found.append((text[tokens[first].start : last_token.end], source))
            index += 1
        return found


def _action_withheld(action: Action) -> bool:
    return not PUBLIC.shows_action(action)


@dataclass(frozen=True)
class _Archive:
    """Everything the comparison reads, loaded in a fixed number of statements."""

    items: list[AgendaItem]
    actions: list[Action]
    declarations: list[Declaration]
    body_names: list[str]
    item_titles: list[str]

    @classmethod
    def load(cls, session: Session, *, withheld_only: bool = False) -> _Archive:
        """The whole archive; with `withheld_only`, only the items and actions that
        `PUBLIC` withholds (all the corpus needs: on a ten-year archive, a few hundred
        records instead of ~250,000 objects, whose garbage-collection passes on the
        writer thread stalled typing by up to 95 ms, issue 13)."""
        items_read = select(AgendaItem).options(selectinload(AgendaItem.decisions))
        actions_read = select(Action).options(
            selectinload(Action.raised_at_item),
            joinedload(Action.raised_at_meeting).joinedload(Meeting.body),
            selectinload(Action.updates),
        )
        if withheld_only:
            items_read = items_read.where(PUBLIC.withheld_items())
            actions_read = actions_read.where(PUBLIC.withheld_actions())
        items = list(session.scalars(items_read))
        actions = list(session.scalars(actions_read))
        declarations = list(session.scalars(select(Declaration)))
        body_names = list(session.scalars(select(Body.name)))
        item_titles = (
            list(session.scalars(select(AgendaItem.title)))
            if withheld_only
            else [item.title for item in items]
        )
        return cls(items, actions, declarations, body_names, item_titles)


def _corpus(archive: _Archive) -> RestrictedCorpus:
    from csp_desktop.services.actions import raised_note  # not needed at start-up

    corpus = RestrictedCorpus()
    withheld_ids: set[int] = set()
    for item in archive.items:
        if not PUBLIC.withholds_item(item):
            continue
        withheld_ids.add(item.id)
        where = f"restricted item {item.number} ({item.title})"
        corpus.add(item.minutes_text, where)
        for decision in item.decisions:
            corpus.add(decision.text, f"a decision of {where}")
    for declaration in archive.declarations:
        if declaration.agenda_item_id in withheld_ids:
            corpus.add(declaration.nature, "a declaration at a restricted item")
    for action in archive.actions:
        if not _action_withheld(action):
            continue
        where = f"restricted action {action.reference}"
        corpus.add(action.text, where)
        # The note saying where the action was raised names only a meeting and an item,
        # which are published: its words are in many public actions' updates too.
        generated = raised_note(action.raised_at_meeting, action.raised_at_item)
        for update in action.updates:
            if update.text != generated:
                corpus.add(update.text, f"an update on {where}")
    # Every item's title is published (restricted ones too), as are the names of bodies.
    for title in archive.item_titles:
        corpus.discard(title)
    for name in archive.body_names:
        corpus.discard(name)
    return corpus


def restricted_corpus(session: Session) -> RestrictedCorpus:
    """Everything restricted in the archive, as runs of words."""
    return _corpus(_Archive.load(session, withheld_only=True))


def _open_texts(archive: _Archive, meeting_id: int) -> Iterable[tuple[AgendaItem, str]]:
    by_id: dict[int, AgendaItem] = {}
    for item in archive.items:
        if item.meeting_id != meeting_id or PUBLIC.withholds_item(item):
            continue
        by_id[item.id] = item
        yield item, item.minutes_text or ""
        for decision in item.decisions:
            yield item, decision.text
    for action in archive.actions:
        raised_at = by_id.get(action.raised_at_item_id or -1)
        if raised_at is not None and not _action_withheld(action):
            yield raised_at, action.text


def _cleared(session: Session) -> set[str]:
    return set(archive_identity.values_with_prefix(session, _CLEARED))


def _quotes(
    meeting_id: int,
    pieces: Iterable[tuple[AgendaItem, str]],
    corpus: RestrictedCorpus,
    cleared: set[str],
) -> list[Quote]:
    quotes: list[Quote] = []
    seen: set[tuple[int, str]] = set()
    for item, text in pieces:
        for quoted, source in corpus.quotes_in(text):
            mark = fingerprint(quoted)
            if (item.id, mark) in seen:
                continue
            seen.add((item.id, mark))
            quotes.append(
                Quote(
                    meeting_id=meeting_id,
                    item_id=item.id,
                    item_number=item.number,
                    item_title=item.title,
                    text=quoted,
                    source=source,
                    fingerprint=mark,
                    cleared=f"{item.id}:{mark}" in cleared,
                )
            )
    return quotes


def find_quotes(session: Session, meeting_id: int) -> list[Quote]:
    """Quotes of restricted text in the open items of this meeting (cleared ones flagged)."""
    archive = _Archive.load(session)
    corpus = _corpus(archive)
    if not len(corpus):
        return []
    return _quotes(meeting_id, _open_texts(archive, meeting_id), corpus, _cleared(session))


def quotes_in_item_text(session: Session, item_id: int, text: str) -> list[Quote]:
    """Quotes in text being typed into an item (the window calls this after each save)."""
    item = session.get(AgendaItem, item_id)
    if item is None or PUBLIC.withholds_item(item):
        return []
    corpus = restricted_corpus(session)
    return [
        quote
        for quote in _quotes(item.meeting_id, [(item, text)], corpus, _cleared(session))
        if not quote.cleared
    ]


@dataclass(frozen=True)
class ActionQuote:
    """A public action whose text or latest update quotes restricted text."""

    reference: str
    meeting_date: str  # ISO date of the meeting the action was raised at
    quote: Quote

    def describe(self) -> str:
        return f"action {self.reference} ({self.quote.describe()})"


class TrackerQuotesRestrictedText(UserError):
    """A public tracker was refused because an action in an open item quotes restricted text."""

    def __init__(self, quotes: list[ActionQuote]) -> None:
        self.quotes = quotes
        first = quotes[0]
        more = f" (and {len(quotes) - 1} more)" if len(quotes) > 1 else ""
        super().__init__(
            f"The public tracker was not written: {first.describe()}{more}. Edit the action, "
            f"or mark the quote as cleared (csp-desktop quotes {first.meeting_date} "
            f"--clear-item {first.quote.item_number}), then export again."
        )


def _latest_update(action: Action) -> str:
    """The note a tracker shows: the latest non-blank update (as `tracker_rows` picks it)."""
    notes = sorted(action.updates, key=lambda u: (u.made_at, u.id), reverse=True)
    return next((u.text.strip() for u in notes if u.text and u.text.strip()), "")


def _public_actions(archive: _Archive, meeting_id: int | None = None) -> Iterator[Action]:
    """Actions a public paper shows that were raised at an (open) item."""
    for action in archive.actions:
        item = action.raised_at_item
        if item is None or _action_withheld(action):
            continue
        if meeting_id is None or item.meeting_id == meeting_id:
            yield action


def _update_texts(archive: _Archive, meeting_id: int) -> Iterable[tuple[AgendaItem, str]]:
    """The latest updates of the public actions raised at this meeting (the tracker's)."""
    for action in _public_actions(archive, meeting_id):
        assert action.raised_at_item is not None
        yield action.raised_at_item, _latest_update(action)


def tracker_quotes(
    session: Session, *, open_only: bool = False, body_id: int | None = None
) -> list[ActionQuote]:
    """Uncleared quotes in the text or latest update of the actions a public tracker shows."""
    archive = _Archive.load(session)
    corpus = _corpus(archive)
    if not len(corpus):
        return []
    cleared = _cleared(session)
    found: list[ActionQuote] = []
    for action in _public_actions(archive):
        if open_only and action.status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
            continue
        if body_id is not None and action.body_id != body_id:
            continue
        item = action.raised_at_item
        assert item is not None
        pieces = [(item, action.text), (item, _latest_update(action))]
        for quote in _quotes(item.meeting_id, pieces, corpus, cleared):
            if not quote.cleared:
                found.append(ActionQuote(action.reference, item.meeting.date.isoformat(), quote))
    return found


def require_public_tracker_clear(
    session: Session, *, open_only: bool = False, body_id: int | None = None
) -> None:
    """Refuse a public tracker while a public action's text or update quotes restricted text.

    Raises:
        TrackerQuotesRestrictedText: naming the action, its item and the quoted words.
    """
    blocking = tracker_quotes(session, open_only=open_only, body_id=body_id)
    if blocking:
        raise TrackerQuotesRestrictedText(blocking)


def clear_quotes(session: Session, meeting_id: int, item_number: str | None = None) -> int:
    """Mark the current quotes of this meeting (or one item) as cleared; how many.

    The quotes in the latest updates of actions raised at the item (which the public
    tracker shows) are cleared with the item's own."""
    archive = _Archive.load(session)
    corpus = _corpus(archive)
    if not len(corpus):
        return 0
    pieces = [*_open_texts(archive, meeting_id), *_update_texts(archive, meeting_id)]
    count = 0
    for quote in _quotes(meeting_id, pieces, corpus, _cleared(session)):
        if quote.cleared or (item_number is not None and quote.item_number != item_number):
            continue
        archive_identity.set_value(session, f"{_CLEARED}{quote.item_id}:{quote.fingerprint}", "1")
        count += 1
    return count


@dataclass(frozen=True)
class ItemWatch:
    """What the window needs to flag quotes while the note taker types in one open item:
    the restricted runs and the cleared marks, read once when the item is opened, so
    each check after an autosave is only a pass over the item's text."""

    corpus: RestrictedCorpus
    cleared: frozenset[str]
    meeting_id: int
    item_id: int
    item_number: str
    item_title: str

    def quotes(self, text: str) -> list[Quote]:
        found = _quotes(
            self.meeting_id,
            [(_ItemRef(self.item_id, self.item_number, self.item_title), text)],  # type: ignore[list-item]
            self.corpus,
            set(self.cleared),
        )
        return [quote for quote in found if not quote.cleared]


@dataclass(frozen=True)
class _ItemRef:
    id: int
    number: str
    title: str


def watch_item(session: Session, item_id: int) -> ItemWatch | None:
    """None for a missing or withheld (restricted) item: its text may hold anything."""
    item = session.get(AgendaItem, item_id)
    if item is None or PUBLIC.withholds_item(item):
        return None
    return ItemWatch(
        corpus=restricted_corpus(session),
        cleared=frozenset(_cleared(session)),
        meeting_id=item.meeting_id,
        item_id=item.id,
        item_number=item.number,
        item_title=item.title,
    )


def require_public_text_clear(session: Session, meeting_id: int) -> None:
    """Refuse a public paper of this meeting while an open item quotes restricted text.

    The quotes are found by `find_quotes` (runs of six or more words shared
    with a restricted item, decision or action); a quote a reviewer marked as cleared no
    longer blocks.

    Raises:
        QuotesRestrictedText: naming the item and the quoted words.
    """
    blocking = [quote for quote in find_quotes(session, meeting_id) if not quote.cleared]
    if blocking:
        raise QuotesRestrictedText(blocking)
