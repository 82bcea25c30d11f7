"""`csp-desktop demo`: fill an empty database with the demo archive."""

from __future__ import annotations

import argparse
import time

from csp_desktop.app import AppContext
from csp_desktop.services.demo import build_demo, count_bodies, count_meetings


def run(args: argparse.Namespace, context: AppContext) -> int:
    database = context.database()
    where = database.describe()
    with database.session() as session:
        existing = count_meetings(session)
        bodies = count_bodies(session)
    # Never mix the demo into real records; exit 0 so `demo && csp-desktop` still works.
    if existing:
        noun = "meeting" if existing == 1 else "meetings"
        print(f"{where} already holds {existing} {noun}; left as it is.")
        return 0
    if bodies:
        noun = "body" if bodies == 1 else "bodies"
        print(
            f"{where} already holds {bodies} {noun} (but no meetings); the demo fills only an "
            "empty database, so it was left as it is."
        )
        return 0
    started = time.perf_counter()
    with database.transaction() as session:
        summary = build_demo(session)
    seconds = time.perf_counter() - started
    print(
        f"Created the demo archive in {where} in {seconds:.1f} s: {summary.bodies} bodies, "
        f"{summary.people} people, {summary.meetings} meetings "
        f"({summary.board_meetings} of the board), {summary.actions} actions."
    )
    print(f"The fullest meeting is {summary.richest_label} (meeting {summary.richest_meeting_id}).")
    return 0
