"""What a public document may show: the one rule for restricted content.

Every export (interchange JSON, Word minutes and agendas, Excel trackers) asks a
`Visibility` what to print, so restricted content is withheld the same way everywhere:

* a restricted item keeps its number, title and presenter, but its minutes text becomes
  "Item restricted" and its papers and decisions are withheld;
* a restricted paper is withheld wherever it is attached;
* actions raised in a restricted item (or marked restricted themselves) are withheld,
  both where they were raised and where later meetings review them;
* restricted forward-plan entries, and amendments to restricted items, are withheld.

`FULL` shows everything (the board members' version); `PUBLIC` applies the rules above.

What an item's publication is, is a choice (`ItemPublication`): open; restricted with the
minute withheld (the default for a restricted item); restricted with a public summary,
which public papers print instead of the minute (its papers, decisions and actions are
still withheld). The "RESTRICTED:" label of a title is separate: an open item may carry
it in its title, as councils sometimes publish such items in full.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import ColumnElement, false, or_

from csp_desktop.models import (
    Action,
    AgendaItem,
    Amendment,
    Decision,
    Declaration,
    ForwardPlanEntry,
    Paper,
)

RESTRICTED_PLACEHOLDER = "Item restricted"
VERBAL_UPDATE = "Verbal update"


class ItemPublication(StrEnum):
    """How an item's minute is published, as the item edit dialog offers it."""

    OPEN = "open"
    WITHHELD = "withheld"  # restricted: "Item restricted"
    SUMMARY = "summary"  # restricted: the public summary instead of the minute

    @property
    def label(self) -> str:
        return {
            ItemPublication.OPEN: "Open",
            ItemPublication.WITHHELD: "Restricted: minute withheld",
            ItemPublication.SUMMARY: "Restricted: public summary printed",
        }[self]


def publication_of(item: AgendaItem) -> ItemPublication:
    """The item's choice, read from its restricted flag and public summary."""
    if not item.is_restricted:
        return ItemPublication.OPEN
    return ItemPublication.WITHHELD if item.public_summary is None else ItemPublication.SUMMARY


def set_publication(item: AgendaItem, choice: ItemPublication, summary: str | None = None) -> None:
    """Record `choice` on the item; a summary is kept only for the SUMMARY choice."""
    item.is_restricted = choice is not ItemPublication.OPEN
    item.public_summary = (summary or "") if choice is ItemPublication.SUMMARY else None


T = TypeVar("T")


@dataclass(frozen=True)
class Visibility:
    """Answers "may this be shown?" for one kind of document (full or public)."""

    public: bool

    def withholds_item(self, item: AgendaItem) -> bool:
        """True when the item's content (text, papers, decisions, actions) is withheld."""
        return self.public and item.is_restricted

    def minutes_text(self, item: AgendaItem) -> str:
        """The minute as this document prints it: the public summary or "Item restricted"
        where the minute is withheld (or this file does not hold it)."""
        if self.withholds_item(item) or item.minutes_withheld:
            return (
                item.public_summary if item.public_summary is not None else RESTRICTED_PLACEHOLDER
            )
        return item.minutes_text

    def minutes_text_or_none(self, item: AgendaItem) -> str | None:
        """The minute for a data file: None where it is withheld or not held, so a
        withheld minute never reads as an empty one."""
        if self.withholds_item(item) or item.minutes_withheld:
            return None
        return item.minutes_text

    def agenda_text(self, item: AgendaItem) -> str:
        """What the agenda prints under the title; withheld with a withheld item's content."""
        return "" if self.withholds_item(item) else (item.agenda_text or "").strip()

    def shows_summary(self, item: AgendaItem) -> bool:
        """True when this document prints the item's public summary instead of its minute."""
        return item.public_summary is not None and (
            self.withholds_item(item) or item.minutes_withheld
        )

    def papers(self, item: AgendaItem) -> list[Paper]:
        if self.withholds_item(item):
            return []
        return [paper for paper in item.papers if not (self.public and paper.is_restricted)]

    def decisions(self, item: AgendaItem) -> list[Decision]:
        return [] if self.withholds_item(item) else list(item.decisions)

    def shows_action(self, action: Action) -> bool:
        if not self.public:
            return True  # without loading where it was raised
        item = action.raised_at_item
        return self.shows_action_row(
            action_restricted=action.is_restricted,
            item_restricted=None if item is None else item.is_restricted,
        )

    def shows_action_row(self, *, action_restricted: bool, item_restricted: bool | None) -> bool:
        """`shows_action` for an action read as plain columns (the tracker reads 13,000
        of them as rows): withheld when restricted itself or raised under a restricted
        item (`item_restricted` None: raised outside any item)."""
        return not (self.public and (action_restricted or bool(item_restricted)))

    # The same two rules as SQL, to read only what they withhold (the restricted-quote
    # corpus reads a ten-year archive): kept here, beside them, so that they change
    # together; tests/services/test_publication.py holds each equal to its rule.

    def withheld_items(self) -> ColumnElement[bool]:
        """`withholds_item` as a WHERE clause on agenda items."""
        return AgendaItem.is_restricted.is_(True) if self.public else false()

    def withheld_actions(self) -> ColumnElement[bool]:
        """`not shows_action` as a WHERE clause on actions."""
        if not self.public:
            return false()
        return or_(
            Action.is_restricted.is_(True),
            Action.raised_at_item.has(AgendaItem.is_restricted.is_(True)),
        )

    def shows_forward_plan_entry(self, entry: ForwardPlanEntry) -> bool:
        return not (self.public and entry.is_restricted)

    def shows_amendment(self, amendment: Amendment, item: AgendaItem | None) -> bool:
        return not (self.public and item is not None and item.is_restricted)

    def shows_transcript_turn(self, item: AgendaItem | None) -> bool:
        """Words said during a restricted item never reach a public document."""
        return not (self.public and item is not None and item.is_restricted)

    def actions(self, actions: Iterable[Action]) -> list[Action]:
        return [action for action in actions if self.shows_action(action)]

    def shows_declaration(self, declaration: Declaration) -> bool:
        """A declaration made at a restricted item is withheld whole (who, and the nature)."""
        item = declaration.agenda_item
        return not (self.public and item is not None and item.is_restricted)

    def shows_decision(self, decision: Decision, item: AgendaItem) -> bool:
        return not self.withholds_item(item)


def holds_restricted_content(items: Iterable[AgendaItem], actions: Iterable[Action]) -> bool:
    """True when a meeting's full version holds anything the public one withholds, so
    the full paper carries a protective marking."""
    items = list(items)
    return (
        any(item.is_restricted for item in items)
        or any(action.is_restricted for action in actions)
        or any(paper.is_restricted for item in items for paper in item.papers)
    )


FULL = Visibility(public=False)
PUBLIC = Visibility(public=True)


def visibility(public: bool) -> Visibility:
    """The rule set for a document: `PUBLIC` withholds restricted content, `FULL` does not."""
    return PUBLIC if public else FULL
