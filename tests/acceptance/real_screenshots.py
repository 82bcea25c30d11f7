"""Screenshots of every tab from the real window (xcb on Xvfb), as a note taker sees it.

    .venv/bin/python -m tests.acceptance.real_screenshots [OUTPUT]   # default docs/screenshots
    scripts/real_window_screenshots.sh                                # the same

A fresh demo database; the app is launched as a person launches it, on a 1366x768 screen
(maximised) and then on a 683x768 one (a window snapped to half of that laptop screen);
with no window manager on Xvfb, the window is sized to the screen as one would size it.
The demo's fullest meeting is opened by keyboard (Ctrl+Shift+L, the meeting list, Down,
Enter), its busiest item is selected (Ctrl+Shift+I, Home, Down...), each tab is shown
with Ctrl+1..7, then the Export dialog (Ctrl+Shift+X) and Help › Keyboard shortcuts (F1),
each closed with Escape. Each PNG is the X server's own screen (not a grab by the app), so it
shows what a real display shows: fonts, the maximised geometry, anything clipped.
Needs Xvfb and xdotool (scripts/setup.sh installs them).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.acceptance.desktop import (
    AppProcess,
    Keyboard,
    VirtualDisplay,
    missing_tools,
    screenshot,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[2]
TABS = (
    ("ctrl+1", "agenda.png"),
    ("ctrl+2", "attendance.png"),
    ("ctrl+3", "actions.png"),
    ("ctrl+4", "subgroup-reports.png"),
    ("ctrl+5", "forward-plan.png"),
    ("ctrl+6", "plan.png"),
    ("ctrl+7", "dashboard.png"),
)
# Dialogs opened from the Agenda tab, each shot then closed with Escape.
DIALOGS = (
    ("ctrl+shift+x", "Export", "export-dialog.png"),
    ("F1", "Keyboard shortcuts", "keyboard-shortcuts.png"),
)
SCREENS = (("1366x768x24", ""), ("683x768x24", "half-screen"))


def cli(db: Path, *argv: str) -> str:
    import contextlib
    import io

    from csp_desktop.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--db", str(db), *argv])
    if code != 0:
        raise SystemExit(f"csp-desktop {' '.join(argv)} failed (exit {code})")
    return out.getvalue()


def fullest_meeting(db: Path, folder: Path) -> tuple[dict[str, Any], int, int]:
    """The demo's fullest meeting (as `demo` names it), its position in the meeting list
    under its body (0 = first), and the number of its item with the longest minutes."""
    rows = json.loads(cli(db, "meetings", "--json"))
    fullest = max(
        (row for row in rows if row["status"] in ("minutes_drafted", "approved")),
        key=lambda row: row["date"],
    )
    same_body = sorted(
        (row for row in rows if row["body"] == fullest["body"]),
        key=lambda row: row["date"],
        reverse=True,
    )
    position = [row["id"] for row in same_body].index(fullest["id"])
    out = folder / "fullest.json"
    cli(db, "export", "meeting", str(fullest["id"]), "-o", str(out))
    items = json.loads(out.read_text(encoding="utf-8"))["agenda_items"]
    busiest = max(range(len(items)), key=lambda n: len(items[n].get("minutes_text") or ""))
    return fullest, position, busiest


def take(output: Path, screen: str, db: Path, folder: Path) -> list[Path]:
    meeting, position, busiest = fullest_meeting(db, folder)
    display = VirtualDisplay(screen).start()
    app = AppProcess(db, display.name, folder / f"home-{screen}", folder / "app.log")
    keys = Keyboard(display.name)
    written: list[Path] = []
    try:
        app.start()
        window = keys.find_window(timeout=60)
        wait_for(lambda: "," in keys.title(window), timeout=30, what="a meeting open")
        # Xvfb runs no window manager, so "maximised" or "snapped to half the screen" is
        # done here as a window manager would: the window takes the whole (virtual) screen.
        width, height = screen.split("x")[:2]
        keys.run("windowmove", window, "0", "0")
        keys.run("windowsize", window, width, height)
        keys.focus(window)
        # The meeting list, its body's newest meeting, down to the fullest one, open it.
        keys.key("ctrl+shift+l", "Home")
        keys.key(*(["Down"] * (position + 1)), "Return")
        label = meeting["date"]
        day = int(label[8:])
        wait_for(
            lambda: f" {day} " in keys.title(window) and label[:4] in keys.title(window),
            timeout=30,
            what=f"the meeting of {label} open",
        )
        keys.key("ctrl+1", "ctrl+shift+i", "Home", *(["Down"] * busiest))
        time.sleep(1.5)  # the item's minutes load and the clock strip repaints
        output.mkdir(parents=True, exist_ok=True)
        for key, name in TABS:
            keys.key(key)
            time.sleep(1.5)  # the tab loads and paints
            written.append(screenshot(display.name, output / name))
        keys.key("ctrl+1")
        for key, title, name in DIALOGS:
            keys.key(key)
            dialog = keys.find_window(title, timeout=20)
            time.sleep(1.0)  # the dialog paints
            written.append(screenshot(display.name, output / name))
            keys.key("Escape")
            wait_for(
                lambda d=dialog, t=title: d not in keys.visible_windows(t),  # type: ignore[misc]
                timeout=10,
                what=f"the {title} dialog closed",
            )
    finally:
        app.kill_hard()
        display.stop()
    return written


def main(argv: list[str]) -> int:
    missing = missing_tools()
    if missing:
        print(f"needs {' and '.join(missing)}: apt-get install xvfb xdotool", file=sys.stderr)
        return 2
    output = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["CSP_DESKTOP_DATA_DIR"] = str(folder / "cli-data")  # logs, not the user's
        db = folder / "demo.db"
        cli(db, "demo")
        for screen, subfolder in SCREENS:
            for path in take(output / subfolder if subfolder else output, screen, db, folder):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
