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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from csp_desktop.models import (
    Action,
    AgendaItem,
    Amendment,
    Decision,
    ForwardPlanEntry,
    Paper,
)

RESTRICTED_PLACEHOLDER = "Item restricted"

T = TypeVar("T")


@dataclass(frozen=True)
class Visibility:
    """Answers "may this be shown?" for one kind of document (full or public)."""

    public: bool

    def withholds_item(self, item: AgendaItem) -> bool:
        """True when the item's content (text, papers, decisions, actions) is withheld."""
        return self.public and item.is_restricted

    def minutes_text(self, item: AgendaItem) -> str:
        return RESTRICTED_PLACEHOLDER if self.withholds_item(item) else item.minutes_text

    def papers(self, item: AgendaItem) -> list[Paper]:
        if self.withholds_item(item):
            return []
        return [paper for paper in item.papers if not (self.public and paper.is_restricted)]

    def decisions(self, item: AgendaItem) -> list[Decision]:
        return [] if self.withholds_item(item) else list(item.decisions)

    def shows_action(self, action: Action) -> bool:
        if not self.public:
            return True
        if action.is_restricted:
            return False
        item = action.raised_at_item
        return item is None or not item.is_restricted

    def shows_forward_plan_entry(self, entry: ForwardPlanEntry) -> bool:
        return not (self.public and entry.is_restricted)

    def shows_amendment(self, amendment: Amendment, item: AgendaItem | None) -> bool:
        return not (self.public and item is not None and item.is_restricted)

    def shows_transcript_turn(self, item: AgendaItem | None) -> bool:
        """Words said during a restricted item never reach a public document."""
        return not (self.public and item is not None and item.is_restricted)

    def actions(self, actions: Iterable[Action]) -> list[Action]:
        return [action for action in actions if self.shows_action(action)]


FULL = Visibility(public=False)
PUBLIC = Visibility(public=True)


def visibility(public: bool) -> Visibility:
    """The rule set for a document: `PUBLIC` withholds restricted content, `FULL` does not."""
    return PUBLIC if public else FULL
