"""What the window's restricted-quote watch needs for an item, read off the GUI thread.

After each autosave the window compares the item's text with the archive's restricted
text (`services/restricted_quotes.py`). Reading that text takes a moment on a large
archive, so the background writer runs this with the database it holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csp_desktop.storage.database import Database

if TYPE_CHECKING:  # imported on the background thread, at the first item's check
    from csp_desktop.services.restricted_quotes import ItemWatch


def load_item_watch(database: Database, item_id: int) -> ItemWatch | None:
    """The restricted text and cleared quotes to compare `item_id`'s minutes with."""
    from csp_desktop.services.restricted_quotes import watch_item

    with database.session() as session:
        return watch_item(session, item_id)
