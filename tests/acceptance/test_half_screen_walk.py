"""A new user's walk through every tab by keys only, in half a laptop screen (683x768).

The real `csp-desktop` on its own Xvfb display, real X key events from xdotool, so each
key lands where focus really is. Opened as README command 1 leaves it (a demo database),
the window snapped to half the screen. The walk: pick the next board meeting from the
meeting list (which then gets out of the way), type minutes with ACTION lines across
three items (pausing after one ACTION line's owner, as one does to hear the rest),
Ctrl+2 and P/P/A straight away (no "go to the list" key first), Ctrl+3 and Ctrl+U to
add an action update, Ctrl+5 and Insert (the forward plan's add dialog), Ctrl+6,
Ctrl+7, Ctrl+F, F1 (whose dialog must fit the screen), Ctrl+Shift+H, Ctrl+Shift+B (a
file dialog, cancelled), each followed by Ctrl+1 and more typing; then Ctrl+Q,
relaunch, type, Ctrl+Q. Checked through the command line: every word in its item,
both actions with their owners, the three marks, the update.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from csp_desktop.cli import main
from tests.acceptance.desktop import (
    AppProcess,
    Keyboard,
    VirtualDisplay,
    require_tools,
    screenshot,
    wait_for,
)
from tests.reliability.exports_scan import searchable_text

SCREEN = "683x768x24"
WIDTH, HEIGHT = 683, 768
SAVE_TIMEOUT_S = 20
# A dialog drops keys for its first half second (ui/key_guard.py): wait that out.
DIALOG_GUARD_S = 0.8

ITEM1 = "The chair welcomed members to the half-screen meeting."
ITEM2 = "Declarations were noted.\nACTION: Neil Townsend to circulate the walk plan.\n"
ITEM3 = "Members reviewed the previous minutes.\nACTION: Karen Lowe to share the data by Friday.\n"
AFTER_ATTENDANCE = "Typed after marking attendance."
AFTER_UPDATE = " Typed after the action update."
AFTER_FORWARD_PLAN = " Typed after the forward plan."
AFTER_PLAN_AND_DASHBOARD = " Typed after the plan and the dashboard."
AFTER_SEARCH = " Typed after searching."
AFTER_HELP = " Typed after the help."
AFTER_IMPORT = " Typed after closing Import past minutes."
AFTER_FILE_DIALOG = " Typed after cancelling a file dialog."
AFTER_RELAUNCH = " Typed after closing and reopening."
UPDATE = "Walk update: the draft went to partners."


@dataclass
class Walked:
    meeting_id: int
    roster: list[str]
    titles: list[str] = field(default_factory=list)
    help_width: int = 0
    add_dialog_seen: bool = False
    exit_codes: list[int | None] = field(default_factory=list)
    final: dict[str, Any] = field(default_factory=dict)
    tracker_text: str = ""
    problems: list[str] = field(default_factory=list)

    def item(self, number: str) -> str:
        for item in self.final["agenda_items"]:
            if item["number"] == number:
                return str(item.get("minutes_text") or "")
        raise AssertionError(f"no item {number}")


def cli(db: Path, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *argv])
    if code != 0:
        raise RuntimeError(f"csp-desktop {' '.join(argv)}: exit {code}: {err.getvalue()}")
    return out.getvalue()


def meeting_json(db: Path, folder: Path, meeting_id: int) -> dict[str, Any]:
    out = folder / f"meeting-{meeting_id}.json"
    cli(db, "export", "meeting", str(meeting_id), "-o", str(out))
    return dict(json.loads(out.read_text(encoding="utf-8")))


class Walk:
    def __init__(self, db: Path, folder: Path, walked: Walked, app: AppProcess) -> None:
        self.db, self.folder, self.walked, self.app = db, folder, walked, app
        self.keys = Keyboard(app.display)
        self.expected: dict[str, str] = {}

    def launch(self) -> str:
        self.app.start()
        window = self.keys.find_window(timeout=60)
        wait_for(lambda: "," in self.keys.title(window), timeout=30, what="a meeting open")
        # No window manager on Xvfb: snap the window to the (half) screen as one would.
        self.keys.run("windowmove", window, "0", "0")
        self.keys.run("windowsize", window, str(WIDTH), str(HEIGHT))
        self.keys.focus(window)
        time.sleep(1.0)
        return window

    def wait_until(self, what: str, condition: Any) -> bool:
        try:
            wait_for(
                lambda: condition(meeting_json(self.db, self.folder, self.walked.meeting_id)),
                timeout=SAVE_TIMEOUT_S if not self.walked.problems else 3,
                interval=0.5,
            )
            return True
        except TimeoutError:
            self.walked.problems.append(what)
            with contextlib.suppress(Exception):
                shot = self.folder / f"problem-{len(self.walked.problems):02d}.png"
                screenshot(self.app.display, shot)
            return False

    def type_into(self, number: str, text: str, step: str) -> None:
        self.keys.type(text)
        expected = self.expected.get(number, "") + text
        self.expected[number] = expected

        def holds(doc: dict[str, Any]) -> bool:
            return any(
                i["number"] == number and (i.get("minutes_text") or "") == expected
                for i in doc["agenda_items"]
            )

        self.wait_until(f"{step}: item {number} never held the typed text", holds)

    def play(self) -> None:
        keys, walked = self.keys, self.walked
        window = self.launch()
        walked.titles.append(self.keys.title(window))
        # The meeting list (hidden in half a screen) comes out; the body's next meeting.
        keys.key("ctrl+shift+l", "Home", "Down", "Return")
        wait_for(
            lambda: "9 December 2026" in keys.title(window), timeout=20, what="9 December open"
        )
        walked.titles.append(keys.title(window))
        self.type_into("1", ITEM1, "first words")
        keys.key("F8")
        # The note taker types the owner, then waits to hear the action: the pause lets
        # an autosave (and the ACTION sync) run on "ACTION: Neil Townsend" alone.
        pause_at = ITEM2.index(" to circulate")
        self.type_into("2", ITEM2[:pause_at], "item 2, owner typed")
        time.sleep(1.5)
        self.type_into("2", ITEM2[pause_at:], "item 2, the action's words")
        keys.key("F8")
        self.type_into("3", ITEM3, "item 3")

        keys.key("ctrl+2")
        time.sleep(0.5)
        keys.key("p", "p", "a")
        marks = walked.roster[:3]

        def marked(doc: dict[str, Any]) -> bool:
            status = {row["person"]: row["status"] for row in doc["attendance"]}
            return [status.get(name) for name in marks] == ["present", "present", "apologies"]

        self.wait_until("Ctrl+2 then P, P, A did not mark the first three", marked)
        keys.key("ctrl+1")
        self.type_into("3", AFTER_ATTENDANCE, "after attendance")

        keys.key("ctrl+3")
        time.sleep(0.5)
        keys.key("ctrl+u")
        keys.type(UPDATE)
        keys.key("Return")
        time.sleep(1.0)
        keys.key("ctrl+1")
        self.type_into("3", AFTER_UPDATE, "after the action update")

        keys.key("ctrl+5")
        time.sleep(0.5)
        keys.key("Insert")
        with contextlib.suppress(TimeoutError, RuntimeError):
            keys.find_window("Add forward plan entry", timeout=10)
            walked.add_dialog_seen = True
        time.sleep(DIALOG_GUARD_S)
        keys.key("Escape")
        time.sleep(0.5)
        keys.key("ctrl+1")
        self.type_into("3", AFTER_FORWARD_PLAN, "after the forward plan")

        keys.key("ctrl+6")
        time.sleep(1.0)
        keys.key("ctrl+7")
        time.sleep(1.5)
        keys.key("ctrl+1")
        self.type_into("3", AFTER_PLAN_AND_DASHBOARD, "after the plan and the dashboard")

        keys.key("ctrl+f")
        keys.type("hotspot")
        time.sleep(1.0)
        keys.key("Escape")
        self.type_into("3", AFTER_SEARCH, "after the search")

        keys.key("F1")
        help_window = keys.find_window("Keyboard shortcuts", timeout=20)
        geometry = keys.run("getwindowgeometry", help_window)
        walked.help_width = int(geometry.split("Geometry:")[1].split("x")[0])
        time.sleep(DIALOG_GUARD_S)
        keys.key("Escape")
        time.sleep(0.5)
        self.type_into("3", AFTER_HELP, "after the help")

        # Import past minutes is not modal, but asked for by its key it takes the keys.
        keys.key("ctrl+shift+h")
        importer = keys.find_window("Import past minutes", timeout=20)
        time.sleep(DIALOG_GUARD_S)
        keys.key("Escape")
        try:
            wait_for(
                lambda: importer not in keys.visible_windows("Import past minutes"),
                timeout=10,
                what="Escape closing Import past minutes",
            )
        except TimeoutError:
            walked.problems.append("Escape did not reach the Import past minutes dialog")
            keys.focus(importer)
            keys.key("Escape")
        keys.key("ctrl+1")
        self.type_into("3", AFTER_IMPORT, "after Import past minutes")

        # A file dialog (Import transcript) cancelled: the keyboard comes back to the window.
        keys.key("ctrl+shift+b")
        keys.find_window("Import the Teams transcript", timeout=20)
        time.sleep(DIALOG_GUARD_S)
        keys.key("Escape")
        time.sleep(0.5)
        keys.key("ctrl+1")
        self.type_into("3", AFTER_FILE_DIALOG, "after cancelling a file dialog")

        keys.key("ctrl+q")
        walked.exit_codes.append(self.app.wait_exit(30))
        window = self.launch()
        walked.titles.append(keys.title(window))
        self.type_into("3", AFTER_RELAUNCH, "after the relaunch")
        keys.key("ctrl+q")
        walked.exit_codes.append(self.app.wait_exit(30))


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walked]:
    require_tools()
    folder = tmp_path_factory.mktemp("half-screen-walk")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSP_DESKTOP_DATA_DIR", str(folder / "cli-data"))
        db = folder / "demo.db"
        cli(db, "demo")
        rows = json.loads(cli(db, "meetings", "--json"))
        meeting = next(r for r in rows if r["date"] == "2026-12-09")
        before = meeting_json(db, folder, meeting["id"])
        roster = [row["person"] for row in before["attendance"]]
        result = Walked(meeting_id=meeting["id"], roster=roster)
        display = VirtualDisplay(SCREEN).start()
        app = AppProcess(db, display.name, folder / "home", folder / "app.log")
        try:
            Walk(db, folder, result, app).play()
        finally:
            app.kill_hard()
            display.stop()
        result.final = meeting_json(db, folder, meeting["id"])
        tracker = folder / "tracker.xlsx"
        cli(db, "export", "actions", "-o", str(tracker))
        result.tracker_text = searchable_text(tracker)
    log = (folder / "app.log").read_text(encoding="utf-8", errors="replace")
    if "Traceback" in log:
        result.problems.append(f"the app wrote a traceback: {log[-1500:]}")
    yield result


def test_every_step_saw_its_words_saved_and_nothing_went_wrong(walked: Walked) -> None:
    assert walked.problems == []


def test_every_word_is_in_the_item_it_was_typed_into(walked: Walked) -> None:
    assert walked.item("1") == ITEM1
    assert walked.item("2") == ITEM2
    assert walked.item("3") == (
        ITEM3
        + AFTER_ATTENDANCE
        + AFTER_UPDATE
        + AFTER_FORWARD_PLAN
        + AFTER_PLAN_AND_DASHBOARD
        + AFTER_SEARCH
        + AFTER_HELP
        + AFTER_IMPORT
        + AFTER_FILE_DIALOG
        + AFTER_RELAUNCH
    )


def test_both_actions_exist_once_with_their_owners(walked: Walked) -> None:
    raised = [(a["owners"], a["text"]) for a in walked.final["actions_raised"]]
    assert raised == [
        (["Neil Townsend"], "Neil Townsend to circulate the walk plan."),
        (["Karen Lowe"], "Karen Lowe to share the data by Friday."),
    ]


def test_ctrl_2_then_p_p_a_marked_the_first_three(walked: Walked) -> None:
    status = {row["person"]: row["status"] for row in walked.final["attendance"]}
    assert [status[name] for name in walked.roster[:3]] == ["present", "present", "apologies"]


def test_ctrl_3_ctrl_u_added_the_update_to_an_action(walked: Walked) -> None:
    assert UPDATE in walked.tracker_text


def test_insert_on_the_forward_plan_tab_opens_its_add_dialog(walked: Walked) -> None:
    assert walked.add_dialog_seen


def test_the_keyboard_shortcuts_dialog_fits_half_a_screen(walked: Walked) -> None:
    assert 0 < walked.help_width <= WIDTH


def test_ctrl_q_closes_cleanly_and_the_relaunch_reopens_the_same_meeting(walked: Walked) -> None:
    assert walked.exit_codes == [0, 0]
    assert "9 December 2026" in walked.titles[-1]
