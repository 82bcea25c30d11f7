"""What a screen reader receives from the running app, read through the AT-SPI bus.

Run with the SYSTEM python3 (Debian's python3-pyatspi; the venv has no pyatspi), on the
display and session bus the app runs on:

    DISPLAY=:21 DBUS_SESSION_BUS_ADDRESS=... /usr/bin/python3 tests/acceptance/atspi_dump.py \
        --out dump.json

For every tab (switched with its real Ctrl+N key through xdotool) it records the
accessibility tree as the bus gives it (role, name, description, text, states, table
headers) and then a Tab walk: the object each Tab press focused. It also plays a few
keys whose effect a blind note taker must hear (marking attendance) and records every
event a screen reader would get: focus, announcements, name changes. It judges nothing:
tests/acceptance/test_accessibility_bus.py reads the JSON and decides.

Standard library and pyatspi only (this file is not part of the app).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

WINDOW_NAME = "CSP Desktop"
TABS = [
    ("Agenda", "ctrl+1"),
    ("Attendance", "ctrl+2"),
    ("Actions", "ctrl+3"),
    ("Subgroup reports", "ctrl+4"),
    ("Forward plan", "ctrl+5"),
    ("Plan", "ctrl+6"),
    ("Dashboard", "ctrl+7"),
]
EVENTS = (
    "focus:",
    "object:state-changed:focused",
    "object:announcement",
    "object:property-change:accessible-name",
    "object:property-change:accessible-description",
)
MAX_NODES = 4000
TABLE_ROWS_READ = 2  # rows of cells read per table (after the header row): every column
TAB_WALK = 24  # Tab presses at most per tab; the walk stops when focus comes round again
KEY_PAUSE_S = 0.12
# Roles whose text is read (each read is a round trip on the bus).
TEXT_ROLES = ("label", "text", "spin button", "combo box", "status bar", "heading")


events: list[dict[str, Any]] = []


def pump(seconds: float) -> None:
    """Let the bus deliver what is queued (events arrive through GLib's main loop)."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.02)


def key(*names: str) -> None:
    for name in names:
        subprocess.run(["xdotool", "key", "--delay", "30", name], check=True, timeout=20)
        pump(KEY_PAUSE_S)


def safe(call: Any, default: Any = None) -> Any:
    try:
        return call()
    except Exception:
        return default


def states_of(node: Any) -> list[str]:
    state_set = safe(node.getState)
    if state_set is None:
        return []
    return sorted(pyatspi.stateToString(s) for s in state_set.getStates())


def text_of(node: Any) -> str | None:
    text = safe(node.queryText)
    if text is None:
        return None
    return safe(lambda: text.getText(0, -1))


def labelled_by(node: Any) -> list[str]:
    """Names of the objects the bus says label this one (a buddy QLabel, for one)."""
    names = []
    for relation in safe(node.getRelationSet, []) or []:
        if safe(relation.getRelationType) != pyatspi.RELATION_LABELLED_BY:
            continue
        for index in range(safe(relation.getNTargets, 0) or 0):
            target = safe(lambda i=index, r=relation: r.getTarget(i))
            if target is not None:
                names.append(safe(lambda t=target: t.name, "") or "")
    return names


def describe(node: Any) -> dict[str, Any]:
    entry = {
        "role": safe(node.getRoleName, ""),
        "name": safe(lambda: node.name, "") or "",
        "description": safe(lambda: node.description, "") or "",
        "states": states_of(node),
        "text": None,
    }
    if entry["role"] in TEXT_ROLES:
        entry["text"] = text_of(node)
    if entry["role"] in ("combo box", "text", "spin button", "table", "list", "tree"):
        entry["labelled_by"] = labelled_by(node)
    return entry


def table_facts(node: Any) -> dict[str, Any]:
    table = safe(node.queryTable)
    if table is None:
        return {}
    columns = safe(lambda: table.nColumns, 0) or 0
    headers = []
    for column in range(columns):
        header = safe(lambda c=column: table.getColumnHeader(c))
        name = safe(lambda h=header: h.name, "") if header is not None else ""
        if not name:
            name = safe(lambda c=column: table.getColumnDescription(c), "") or ""
        headers.append(name)
    return {"rows": safe(lambda: table.nRows, 0), "columns": columns, "headers": headers}


def walk(root: Any) -> list[dict[str, Any]]:
    """Every node under `root`, depth first, with its path of indexes and table facts."""
    nodes: list[dict[str, Any]] = []

    def visit(node: Any, path: list[int], in_table: str | None) -> None:
        if len(nodes) >= MAX_NODES:
            return
        entry = describe(node)
        entry["path"] = path
        entry["table"] = in_table
        if entry["role"] in ("table", "tree table", "tree"):
            entry.update(table_facts(node))
        if entry["role"] in ("table cell", "column header", "row header"):
            component = safe(node.queryComponent)
            extents = safe(lambda: component.getExtents(pyatspi.DESKTOP_COORDS))
            if extents is not None:
                entry["extents"] = [extents.x, extents.y, extents.width, extents.height]
        nodes.append(entry)
        is_cell = entry["role"] in ("table cell", "column header", "row header")
        if "showing" not in entry["states"] and not is_cell:
            return  # a hidden page, a closed menu: not what the screen reader has now
        count = safe(lambda: node.childCount, 0) or 0
        limit = count
        if entry["role"] in ("table", "tree table"):
            limit = (entry.get("columns") or 1) * (TABLE_ROWS_READ + 1) + TABLE_ROWS_READ + 1
        table_name = entry["name"] if entry["role"] in ("table", "tree table") else in_table
        for index in range(min(count, limit)):
            child = safe(lambda i=index: node.getChildAtIndex(i))
            if child is not None:
                visit(child, [*path, index], table_name)

    visit(root, [], None)
    return nodes


def find_app() -> tuple[Any, Any]:
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is None:
            continue
        for window in app:
            if window is not None and WINDOW_NAME in (safe(lambda w=window: w.name, "") or ""):
                return app, window
    raise LookupError("no application with a 'CSP Desktop' window on the bus")


def on_event(event: Any) -> None:
    source = event.source
    entry = {
        "type": event.type,
        "time": round(time.monotonic(), 3),
        "role": safe(source.getRoleName, ""),
        "name": safe(lambda: source.name, "") or "",
        "description": safe(lambda: source.description, "") or "",
        "detail1": event.detail1,
        "any_data": event.any_data if isinstance(event.any_data, str | int) else None,
    }
    if event.type.startswith("object:state-changed:focused") and not event.detail1:
        return
    events.append(entry)


def mark(label: str) -> int:
    events.append({"type": "mark", "name": label, "time": round(time.monotonic(), 3)})
    return len(events)


def focused_since(start: int) -> list[dict[str, Any]]:
    return [e for e in events[start:] if e["type"].startswith(("focus", "object:state-changed"))]


def tab_walk(label: str) -> list[dict[str, str]]:
    """Tab presses from where the tab switch put focus; the object each one reached,
    until focus comes back to the first stop (one full round)."""
    stops: list[dict[str, str]] = []
    for _ in range(TAB_WALK):
        start = mark(f"{label}: Tab")
        key("Tab")
        reached = focused_since(start)
        stop = reached[-1] if reached else {"role": "", "name": "(no focus event)"}
        here = {"role": stop["role"], "name": stop["name"]}
        if stops and here == stops[0]:
            break
        stops.append(here)
    return stops


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--walk", action="store_true", help="also Tab through every tab")
    args = parser.parse_args()

    for kind in EVENTS:
        pyatspi.Registry.registerEventListener(on_event, kind)
    deadline = time.monotonic() + 60
    while True:
        try:
            app, window = find_app()
            break
        except LookupError:
            if time.monotonic() > deadline:
                raise
            pump(0.5)
    pump(0.5)
    result: dict[str, Any] = {"application": safe(lambda: app.name, ""), "tabs": {}}
    for label, keys in TABS:
        start = mark(f"switch to {label}")
        began = time.monotonic()
        key(keys)
        pump(0.4)
        tab = {
            "focus_after_switch": focused_since(start),
            "nodes": walk(window),
        }
        walked = time.monotonic()
        if args.walk:
            tab["tab_walk"] = tab_walk(label)
        tab["seconds"] = [round(walked - began, 1), round(time.monotonic() - walked, 1)]
        result["tabs"][label] = tab

    # Marking attendance: Ctrl+2, the list (Ctrl+Shift+T), then A (apologies), P, X.
    start = mark("attendance marks")
    key("ctrl+2", "ctrl+shift+t")
    pump(0.5)
    for letter in ("a", "p", "x"):
        key(letter)
        pump(0.6)
    result["attendance_marks"] = events[start:]
    # Four more present: the demo board's quorum (5) is reached, which must be said once.
    start = mark("marks to quorum")
    for _ in range(4):
        key("p")
        pump(0.3)
    pump(0.5)
    result["quorum_marks"] = events[start:]
    # The "Add attendee" button then Down: focus must stay in the tab.
    start = mark("add attendee button, Down")
    key("ctrl+shift+d", "Tab", "Down", "Down")
    pump(0.4)
    result["add_button_down"] = focused_since(start)
    result["events"] = events
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
