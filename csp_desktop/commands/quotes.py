"""`csp-desktop quotes MEETING [--clear-item N]`: restricted words quoted in open items.

Lists each quote that blocks a public paper of the meeting (item, words, where the
restricted words are). `--clear-item N` records that a reviewer cleared item N's current
quotes for publication; the mark holds while the quoted words stay the same.
"""

from __future__ import annotations

import argparse

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.services.meetings import find_meeting, meeting_label
from csp_desktop.services.restricted_quotes import clear_quotes, find_quotes


def run(args: argparse.Namespace, context: AppContext) -> int:
    item_number = getattr(args, "clear_item", None)
    if item_number is None:
        with context.database().session() as session:
            meeting = find_meeting(session, args.meeting, getattr(args, "body", None))
            label = meeting_label(meeting)
            quotes = find_quotes(session, meeting.id)
        if not quotes:
            print(f"No open item of {label} quotes restricted text.")
            return 0
        for quote in quotes:
            state = "cleared" if quote.cleared else "blocks the public version"
            described = quote.describe()
            print(f"{described[0].upper()}{described[1:]} ({state}).")
        return 0
    if context.choice.read_only:
        raise UserError("Clearing a quote changes the database; run it without --read-only.")
    context.acquire_writer_lock(read_only_helps=False)
    context.backup_before_change()
    with context.database().transaction() as session:
        meeting = find_meeting(session, args.meeting, getattr(args, "body", None))
        label = meeting_label(meeting)
        if not any(item.number == item_number for item in meeting.items):
            raise UserError(f"{label} has no item {item_number}.")
        count = clear_quotes(session, meeting.id, item_number)
    if count == 0:
        print(f"Item {item_number} of {label} quotes no restricted text; nothing to clear.")
    else:
        print(
            f"Cleared {count} quote{'' if count == 1 else 's'} in item {item_number} of {label} "
            "for the public version."
        )
    return 0
