"""The restricted-quote watch's read, as the background writer runs it: an open item is
watched against the archive's restricted text; a restricted item is not watched."""

from __future__ import annotations

from sqlalchemy import select

from csp_desktop.models import AgendaItem
from csp_desktop.storage import Database
from csp_desktop.usecases.quote_watch import load_item_watch
from tests.exports.scenario import RESTRICTED_SECRET, build_scenario


def test_open_items_are_watched_and_restricted_ones_are_not(db: Database) -> None:
    with db.transaction() as session:
        meeting_id = build_scenario(session).meeting_id
    with db.session() as session:
        item_ids = list(
            session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id))
        )
    watches = {item_id: load_item_watch(db, item_id) for item_id in item_ids}
    watched = [watch for watch in watches.values() if watch is not None]
    assert watched and len(watched) < len(item_ids)  # the restricted item is not watched
    watch = watched[0]
    assert watch.quotes(f"We heard that {RESTRICTED_SECRET} were presented.")
    assert not watch.quotes("The partnership agreed the plan.")
    assert load_item_watch(db, max(item_ids) + 1000) is None
