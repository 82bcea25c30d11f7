"""What a screen reader receives, measured through the real accessibility bus (AT-SPI).

The real `csp-desktop` runs on its own Xvfb display (xcb platform) with a private session
D-Bus and the AT-SPI bus switched on (`tests/acceptance/a11y_bus.py`), as Orca has it on
Linux. `tests/acceptance/atspi_dump.py`, run by the system python3 (pyatspi), switches
through every tab with its real Ctrl+N key, dumps what the bus says (role, name,
description, text, states, labels, table headers), Tabs round each tab, marks attendance
with A, P and X, and records every focus event, announcement and name change. The
checks below read only that dump: what a blind note taker's screen reader would get.

Same rule as the real-window suite: skipped with the reason when a tool is missing on a
developer's machine; a failure under CI=true (`scripts/setup.sh` installs them all).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from csp_desktop.cli import main
from tests.acceptance.a11y_bus import SYSTEM_PYTHON, AccessibilityBus
from tests.acceptance.a11y_bus import missing_tools as missing_bus_tools
from tests.acceptance.desktop import AppProcess, Keyboard, VirtualDisplay, missing_tools

DUMPER = Path(__file__).with_name("atspi_dump.py")
DISPLAYS = range(20, 30)  # :11-:19 are the other suites'
LAUNCH_TIMEOUT_S = 60
DUMP_TIMEOUT_S = 240
# Labels whose words are facts the note taker must hear, by the caption they are named with.
LIVE_FACT_CAPTIONS = (
    "Quorum",
    "People in the room",
    "Selected item",
    "Number of actions shown",
    "Selected action",
    "actions captured",
    "Meeting time",
    "Current item time",
)
MARK_WORDS = {"a": "apologies", "p": "present", "x": "absent"}


def _require_tools() -> None:
    missing = missing_tools() + missing_bus_tools()
    if not missing:
        return
    what = ", ".join(missing)
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(
            f"CI must measure what a screen reader receives, but this is missing: {what} "
            "(scripts/setup.sh installs it)",
            pytrace=False,
        )
    pytest.skip(f"the accessibility bus test needs: {what} (apt-get install them)")


def _cli(db: Path, *argv: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *argv])
    if code != 0:
        raise RuntimeError(f"csp-desktop {' '.join(argv)}: exit {code}: {err.getvalue()}")


class BusApp(AppProcess):
    """The app with Qt's AT-SPI bridge on, joined to the private session bus."""

    def __init__(self, bus: AccessibilityBus, *args: Any) -> None:
        super().__init__(*args)
        self.bus = bus

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env.update(self.bus.environment(), QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        return env


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    _require_tools()
    started = time.monotonic()
    folder = tmp_path_factory.mktemp("a11y-bus")
    home = folder / "home"
    (home / "Documents").mkdir(parents=True)
    out = folder / "dump.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSP_DESKTOP_DATA_DIR", str(folder / "cli-data"))
        db = folder / "csp.db"
        _cli(db, "demo")
    display = VirtualDisplay(displays=DISPLAYS).start()
    bus = AccessibilityBus(display.name)
    app = BusApp(bus, db, display.name, home, folder / "app.log")
    try:
        bus.start()
        app.start()
        keys = Keyboard(display.name)
        window = keys.find_window(timeout=LAUNCH_TIMEOUT_S)
        time.sleep(1.0)  # the meeting opens after the first paint
        keys.focus(window)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            **bus.environment(),
        }
        done = subprocess.run(
            [str(SYSTEM_PYTHON), str(DUMPER), "--walk", "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=DUMP_TIMEOUT_S,
        )
        assert done.returncode == 0, f"the dumper failed: {done.stderr[-2000:]}"
    finally:
        app.kill_hard()
        bus.stop()
        display.stop()
    result = json.loads(out.read_text(encoding="utf-8"))
    result["seconds"] = time.monotonic() - started
    log = (folder / "app.log").read_text(encoding="utf-8", errors="replace")
    result["traceback"] = log[-1500:] if "Traceback" in log else ""
    print(f"\n{figures(result)}")
    yield result


# --- reading the dump ---------------------------------------------------------------------


def on_screen(node: dict[str, Any]) -> bool:
    return "showing" in node["states"] and "visible" in node["states"]


def focusable(node: dict[str, Any]) -> bool:
    return "focusable" in node["states"]


def where(tab: str, node: dict[str, Any]) -> str:
    inside = f" in table {node['table']!r}" if node.get("table") else ""
    return f"{tab}: {node['role']} {node['name']!r}{inside}"


def tab_nodes(dump: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for tab, content in dump["tabs"].items():
        for node in content["nodes"]:
            yield tab, node


def figures(dump: dict[str, Any]) -> str:
    """The counts docs/accessibility.md quotes."""
    seen: dict[tuple[str, ...], dict[str, Any]] = {}
    for _tab, node in tab_nodes(dump):
        if on_screen(node) and focusable(node):
            seen.setdefault(tuple(map(str, node["path"])), node)
    named = sum(1 for node in seen.values() if node["name"])
    roles: dict[str, int] = {}
    for node in seen.values():
        roles[node["role"]] = roles.get(node["role"], 0) + 1
    said = [e["name"] for e in dump["events"] if e["type"] == "object:announcement"]
    said += [
        str(e.get("any_data"))
        for e in dump["events"]
        if e["type"] == "object:announcement" and e.get("any_data")
    ]
    announcements = [e for e in dump["events"] if e["type"] == "object:announcement"]
    return (
        f"accessibility bus: {len(seen)} focusable objects on screen across "
        f"{len(dump['tabs'])} tabs, {named} named, {len(seen) - named} unnamed; "
        f"roles {dict(sorted(roles.items()))}; {len(announcements)} announcements; "
        f"dumped in {dump.get('seconds', 0):.0f} s (tree, Tab walk per tab: "
        f"{[t.get('seconds') for t in dump['tabs'].values()]})"
    )


def announcements(events: list[dict[str, Any]]) -> list[str]:
    return [str(e.get("any_data") or "") for e in events if e["type"] == "object:announcement"]


# --- the checks -----------------------------------------------------------------------------


def test_the_app_ran_without_a_traceback(dump: dict[str, Any]) -> None:
    assert dump["traceback"] == ""


def test_every_tab_was_reached_and_read(dump: dict[str, Any]) -> None:
    for tab, content in dump["tabs"].items():
        assert any(on_screen(n) and focusable(n) for n in content["nodes"]), tab


def test_every_focusable_object_on_screen_has_a_name(dump: dict[str, Any]) -> None:
    unnamed = sorted(
        {
            where(tab, n)
            for tab, n in tab_nodes(dump)
            if on_screen(n) and focusable(n) and not n["name"]
        }
    )
    assert unnamed == [], f"{len(unnamed)} unnamed: {unnamed[:20]}"


def test_combos_are_named_by_purpose_not_by_their_value(dump: dict[str, Any]) -> None:
    """On Linux Qt gives a combo's current text as its name; the purpose must reach the
    screen reader another way: a label (labelled-by) or the description."""
    wrong = set()
    said_as: dict[tuple[str, frozenset[str]], str] = {}
    for tab, node in tab_nodes(dump):
        if node["role"] != "combo box" or not on_screen(node):
            continue
        value = node["name"]
        purposes = [p for p in [*node.get("labelled_by", []), node["description"]] if p]
        if not any(p.strip(" :") and p != value for p in purposes):
            wrong.add(f"{where(tab, node)} (labels {node.get('labelled_by')})")
        # Two combos said the same way (only their panel's title) cannot be told apart.
        key = (tab, frozenset(purposes))
        if key in said_as:
            wrong.add(f"{where(tab, node)} is said as {said_as[key]!r} is: {sorted(purposes)}")
        said_as.setdefault(key, node["name"])
    assert sorted(wrong) == []


def test_fields_and_tables_are_named_by_purpose(dump: dict[str, Any]) -> None:
    wrong = set()
    for tab, node in tab_nodes(dump):
        if not on_screen(node) or node["role"] not in ("text", "spin button", "table", "tree"):
            continue
        name, text = node["name"], (node.get("text") or "").strip()
        labels = [label for label in node.get("labelled_by", []) if label and label != text]
        if not name and not labels:
            wrong.add(f"{where(tab, node)}: no name")
        elif text and name.strip() == text and not labels:
            wrong.add(f"{where(tab, node)}: named by its value")
    assert sorted(wrong) == []


def test_live_fact_labels_say_their_facts(dump: dict[str, Any]) -> None:
    """A label showing a fact (quorum, counts, the selected item, the clock) gives the
    fact itself in its name, description or text, not only a caption."""
    checked, silent = set(), set()
    for tab, node in tab_nodes(dump):
        if node["role"] != "label" or not on_screen(node):
            continue
        said = " ".join([node["name"], node["description"], node.get("text") or ""])
        for caption in LIVE_FACT_CAPTIONS:
            if caption.lower() in node["name"].lower():
                checked.add(where(tab, node))
                facts = said.replace(caption, "").strip(" :.")
                if len(facts) < 3:
                    silent.add(where(tab, node))
    assert silent == set()
    names = " ".join(checked)
    for caption in (
        "Quorum",
        "People in the room",
        "Selected item",
        "Number of actions shown",
        "Selected action",
        "actions captured",
    ):
        assert caption in names, f"no {caption!r} label on screen in any tab"


def test_quorum_and_room_count_are_in_words_with_numbers(dump: dict[str, Any]) -> None:
    labels = [
        node
        for node in dump["tabs"]["Attendance"]["nodes"]
        if node["role"] == "label" and on_screen(node)
    ]
    quorum = [n for n in labels if n["name"].startswith("Quorum")]
    room = [n for n in labels if n["name"].startswith("People in the room")]
    assert quorum and room, [n["name"] for n in labels]
    assert re.search(r"quorum|not yet taken|no quorum", quorum[0]["name"][len("Quorum") :], re.I)
    assert re.search(r"\d+ of \d+ member", room[0]["name"]), room[0]["name"]


def test_every_table_has_column_headers(dump: dict[str, Any]) -> None:
    missing = set()
    for tab, node in tab_nodes(dump):
        headed = all(node.get("headers") or [""])
        if node["role"] == "table" and on_screen(node) and node.get("columns") and not headed:
            missing.add(f"{where(tab, node)}: headers {node.get('headers')}")
    assert sorted(missing) == []


def test_hidden_columns_are_not_exposed_as_focusable_cells(dump: dict[str, Any]) -> None:
    hidden = set()
    for tab, node in tab_nodes(dump):
        if node["role"] != "table cell" or not focusable(node):
            continue
        extents = node.get("extents")
        if extents is not None and extents[2] == 0 and extents[3] == 0 and node.get("table"):
            hidden.add(f"{tab}: a hidden cell {node['name']!r} in table {node['table']!r}")
    assert sorted(hidden) == []


def test_marking_attendance_is_said_in_words_with_where_focus_went(dump: dict[str, Any]) -> None:
    said = announcements(dump["attendance_marks"])
    for word in MARK_WORDS.values():
        pattern = re.compile(rf"^[A-Z][^:]+: {word}; (next: [A-Z].+|end of the list)$")
        assert any(pattern.match(s) for s in said), (word, said)
    # Each key press said once (never the same mark twice).
    assert len(said) == len(MARK_WORDS), said


def test_reaching_the_quorum_is_said_once_on_the_bus(dump: dict[str, Any]) -> None:
    said = announcements(dump["quorum_marks"])
    quorate = [s for s in said if s.startswith("Quorate:")]
    assert len(quorate) == 1, said
    assert re.fullmatch(r"Quorate: \d+ of quorum \d+", quorate[0]), quorate
    marks = [s for s in said if re.match(r"^[A-Z][^:]+: present; ", s)]
    assert len(marks) == 4, said


def test_a_tab_switch_never_sends_focus_to_the_meeting_list(dump: dict[str, Any]) -> None:
    for tab, content in dump["tabs"].items():
        reached = [(e["role"], e["name"]) for e in content["focus_after_switch"]]
        assert ("text", "Filter meetings") not in reached, (tab, reached)
        assert ("tree", "Meetings") not in reached, (tab, reached)


def test_down_on_the_add_attendee_button_stays_in_the_tab(dump: dict[str, Any]) -> None:
    reached = [(e["role"], e["name"]) for e in dump["add_button_down"]]
    assert reached, "no focus event after Ctrl+Shift+D, Tab"
    assert all(name not in ("Filter meetings", "Meetings") for _role, name in reached), reached


def test_agenda_focus_order_follows_the_layout(dump: dict[str, Any]) -> None:
    """Clock buttons, then Add/Edit/Delete/Up/Down above the table, the table, the minutes."""
    walk = [stop["name"] for stop in dump["tabs"]["Agenda"]["tab_walk"]]
    # The walk is a circle: read it from the first clock button.
    start = next(i for i, name in enumerate(walk) if name.startswith("Start meeting"))
    order = walk[start:] + walk[:start]
    wanted = ["Add agenda item…", "Move item down", "Agenda items", "Minutes"]
    positions = [order.index(name) if name in order else -1 for name in wanted]
    assert -1 not in positions and positions == sorted(positions), order


def test_every_tab_walk_moves_on_without_a_trap(dump: dict[str, Any]) -> None:
    """Each Tab press reaches another object (no trap), and every stop has a name."""
    for tab, content in dump["tabs"].items():
        walk = content["tab_walk"]
        assert len(walk) > 2, (tab, walk)
        reached = [(s["role"], s["name"]) for s in walk if s["name"] != "(no focus event)"]
        # Spin boxes move focus inside themselves (their text), which sends no event.
        assert len(walk) - len(reached) <= 4, (tab, walk)
        repeats = [a for a, b in itertools.pairwise(reached) if a == b]
        assert repeats == [], (tab, walk)
        assert all(name for _role, name in reached), (tab, walk)


def test_focus_never_lands_on_an_unnamed_object(dump: dict[str, Any]) -> None:
    silent = {
        f"{e['role']} after {mark}"
        for mark, e in _focus_events(dump)
        if e["type"] == "focus:" and not e["name"]
    }
    assert silent == set()


def _focus_events(dump: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    mark = "start"
    for event in dump["events"]:
        if event["type"] == "mark":
            mark = event["name"]
        else:
            yield mark, event


def test_the_dump_takes_under_two_minutes(dump: dict[str, Any]) -> None:
    assert dump["seconds"] < 120, figures(dump)
