"""A whole live meeting typed into the real window, as a note taker types it.

The real `csp-desktop` process runs on its own Xvfb display (xcb platform) and gets real
X key events from xdotool: each key lands wherever focus really is, so a focus rule that
is wrong sends the minutes somewhere else and the checks below see it. The scenario:
launch on a fresh demo database with a board meeting today, start it (F5), mark
attendance, type minutes into several items with ACTION lines, delete one such line and
keep typing, move between items (F8, Shift+F8), search and come back, export the
minutes, `kill -9` mid-sentence, relaunch and carry on typing, then quit.

Every check reads the database through the command line's JSON export (never a widget):
every word in the right item (less at most the last second before the kill), every
action once with its owner, attendance as marked, and no other meeting changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from csp_desktop.cli import main
from csp_desktop.services.formatting import uk_date
from tests.acceptance.desktop import (
    AppProcess,
    Keyboard,
    VirtualDisplay,
    require_tools,
    screenshot,
    wait_for,
)
from tests.reliability.exports_scan import searchable_text

# How long a save may take to show in the export after the last key (autosave is within
# a second; a loaded two-core machine gets generous room) and how long a launch may take.
SAVE_TIMEOUT_S = 20
LAUNCH_TIMEOUT_S = 60
# The crash may lose what was typed in the last second before it (autosave's promise),
# plus the time the app takes to read the keys off the X connection on a busy machine.
CRASH_LOSS_S = 1.0

ITEM1_OPENING = "Councillor Chandran welcomed members to the meeting."
ITEM1_APOLOGIES = " Apologies were received from Yvonne Ashworth."
ITEM2 = "No declarations of interest were made."
ITEM3 = "The minutes of the last meeting were agreed as a true record."
ITEM4_INTRO = "Rachel Whitfield presented the delivery plan for 2026 to 2029.\n"
KEPT_ACTIONS = {
    "Neil Townsend": "Neil Townsend to circulate the delivery plan to partners.",
    "Karen Lowe": "Karen Lowe to share the fire safety data by Friday.",
}
DELETED_ACTION = "Imran Siddiqui to book a venue."
ITEM4_AFTER_DELETE = "Members discussed the hotspot review."
ITEM4_AFTER_PAUSE = " Yvonne Ashworth asked about funding for 2027."
ITEM5 = "The forward plan was noted."
UNDONE_ACTION = "Marcus Bennett to update the forward plan."
ITEM4_BACK = " The chair thanked Rachel."
ITEM4_AFTER_SEARCH = " Members agreed the plan."
ITEM4_AFTER_FILTER = " Partners welcomed the plan."
ITEM4_AFTER_EXPORT = " The plan was approved."
ITEM6_OPENING = "Superintendent Marsh raised the summer events. "
CRASH_SENTENCE = (
    "She asked partners to share their staffing rotas before the end of the month "
    "so that the licensing team can plan joint visits to the busiest venues in town"
)
ITEM6_CRASH_WORDS = CRASH_SENTENCE.split(" ")
ITEM6_AFTER_RELAUNCH = " After the restart the board went on to the next matter."
ITEM7 = "Sub-group reports were taken as read."
ITEM7_AFTER_HELP = " Officers will report back."
ITEM7_AFTER_MENU = " The meeting closed at noon."


@dataclass
class Played:
    """What the scenario typed and what the database held afterwards."""

    meeting_id: int
    today_label: str
    expected: dict[str, str] = field(default_factory=dict)  # item number -> exact text
    crash_safe: str = ""  # item 6 text that must have survived the kill
    crash_sent: str = ""  # item 6 text sent before the kill (may all have survived)
    first_title: str = ""
    relaunch_title: str = ""
    title_after_list: str = ""
    export_files: list[Path] = field(default_factory=list)
    others_before: dict[int, Any] = field(default_factory=dict)
    others_after: dict[int, Any] = field(default_factory=dict)
    final: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # steps whose wait timed out
    deleted_kept_on_item: bool = False
    deleted_gone_after_leaving: bool = False
    unmarked_at_start: int = -1
    undone_reference: str = ""
    seconds: float = 0.0

    def item(self, number: str) -> str:
        for item in self.final.get("agenda_items", []):
            if item["number"] == number:
                return str(item.get("minutes_text") or "")
        raise AssertionError(f"no item {number} in the export")

    def report(self) -> str:
        items = {item["number"]: item.get("minutes_text") for item in self.final["agenda_items"]}
        return ("; ".join(self.problems) or "no step timed out") + f"\nitems: {items}"


class Cli:
    """The command line, in this process (so polling costs milliseconds, not a start-up)."""

    def __init__(self, db: Path, folder: Path) -> None:
        self.db, self.folder = db, folder
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, *argv: str) -> str:
        """`csp-desktop --db DB ARGV`; its standard output."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", str(self.db), *argv])
        if code != 0:
            raise RuntimeError(f"csp-desktop {' '.join(argv)}: exit {code}: {err.getvalue()}")
        return out.getvalue()

    def meeting(self, meeting_id: int) -> dict[str, Any]:
        out = self.folder / f"meeting-{meeting_id}.json"
        self("export", "meeting", str(meeting_id), "-o", str(out))
        return dict(json.loads(out.read_text(encoding="utf-8")))

    def meetings(self) -> list[dict[str, Any]]:
        return list(json.loads(self("meetings", "--json")))


class Scenario:
    """The steps, each waiting on what the CLI export shows rather than on a clock."""

    def __init__(self, cli: Cli, keyboard: Keyboard, played: Played, app: AppProcess) -> None:
        self.cli, self.keys, self.played, self.app = cli, keyboard, played, app
        self.window = ""
        self.shots = app.log.parent  # screenshots of whatever went wrong, beside the log

    # --- waiting ---------------------------------------------------------------------------

    def _timeout(self) -> float:
        # Once something went wrong, later waits are short: report, do not hang.
        return SAVE_TIMEOUT_S if not self.played.problems else 3

    def export(self) -> dict[str, Any]:
        return self.cli.meeting(self.played.meeting_id)

    def wait_until(self, what: str, condition: Any) -> bool:
        # Each look is a full JSON export (about 0.2 s of CPU): every half second, so the
        # checking does not starve the app it checks on a two-core machine.
        try:
            wait_for(lambda: condition(self.export()), timeout=self._timeout(), interval=0.5)
            return True
        except TimeoutError:
            self.played.problems.append(what)
            shot = self.shots / f"problem-{len(self.played.problems):02d}.png"
            with contextlib.suppress(Exception):
                screenshot(self.app.display, shot)
            return False

    def item_text(self, document: dict[str, Any], number: str) -> str:
        for item in document["agenda_items"]:
            if item["number"] == number:
                return str(item.get("minutes_text") or "")
        return ""

    def type_into(self, number: str, text: str, step: str) -> bool:
        """Type `text`; wait until item `number` holds everything typed into it so far."""
        self.keys.type(text)
        expected = self.played.expected.get(number, "") + text
        self.played.expected[number] = expected
        return self.wait_until(
            f"{step}: item {number} never held the typed text",
            lambda doc: self.item_text(doc, number) == expected,
        )

    def has_action(self, owner: str, text: str) -> Any:
        def check(doc: dict[str, Any]) -> bool:
            return any(a["text"] == text and a["owners"] == [owner] for a in doc["actions_raised"])

        return check

    # --- the app -----------------------------------------------------------------------------

    def launch(self) -> str:
        self.app.start()
        self.window = self.keys.find_window(timeout=LAUNCH_TIMEOUT_S)
        # The title is set once the meeting is open: wait for it, then take the focus (no
        # window manager runs on Xvfb to give it).
        try:
            title = wait_for(
                lambda: self.keys.title(self.window) if "," in self.keys.title(self.window) else "",
                timeout=15,
                what="a meeting in the window title",
            )
        except TimeoutError:
            title = self.keys.title(self.window)
        self.keys.focus(self.window)
        return title

    # --- the meeting ---------------------------------------------------------------------------

    def play(self, export_folder: Path) -> None:
        played, keys = self.played, self.keys
        played.first_title = self.launch()

        # F5: the clock starts and the cursor is at the end of item 1's minutes.
        keys.key("F5")
        self.type_into("1", ITEM1_OPENING, "start meeting (F5) then type")

        # Nobody is marked yet: not "Absent" before anyone has looked.
        played.unmarked_at_start = _count(self.export(), "unmarked")
        # Attendance by keyboard, then back to the minutes.
        keys.key("ctrl+2", "ctrl+shift+t", "p", "p", "p", "a")
        self.wait_until(
            "attendance: three present and one apology never showed",
            lambda doc: _count(doc, "present") == 3 and _count(doc, "apologies") == 1,
        )
        keys.key("ctrl+1")  # the Agenda tab, the cursor back at the end of the minutes
        self.type_into("1", ITEM1_APOLOGIES, "back to the minutes after attendance (Ctrl+1)")

        keys.key("F8")
        self.type_into("2", ITEM2, "next item (F8)")
        keys.key("F8")
        self.type_into("3", ITEM3, "next item (F8) again")

        # Item 4: two ACTION lines kept, one deleted once its action exists.
        keys.key("F8")
        self.type_into("4", ITEM4_INTRO, "item 4 opening")
        for owner, text in KEPT_ACTIONS.items():
            self.type_into("4", f"ACTION: {text}\n", "typing an ACTION line")
            self.wait_until(f"action for {owner} never raised", self.has_action(owner, text))
        self.type_into("4", f"ACTION: {DELETED_ACTION}\n", "typing the ACTION line to delete")
        self.wait_until(
            "the action to delete was never raised",
            self.has_action("Imran Siddiqui", DELETED_ACTION),
        )
        keys.key("BackSpace", "shift+Home", "BackSpace")  # the line, selected and deleted
        played.expected["4"] = played.expected["4"].removesuffix(f"ACTION: {DELETED_ACTION}\n")
        self.type_into("4", ITEM4_AFTER_DELETE, "typing on after deleting an ACTION line")
        # The note taker listens for a few seconds; a question used to pop up meanwhile
        # and take the next letter typed ("Y" of "Yvonne" answered Yes).
        time.sleep(4)
        self.type_into("4", ITEM4_AFTER_PAUSE, "typing on after a pause")
        # Kept (with a notice offering Ctrl+Z) while the note taker is still on the item.
        played.deleted_kept_on_item = bool(
            self.has_action("Imran Siddiqui", DELETED_ACTION)(self.export())
        )

        # Next item and back: the cursor comes back at the end of item 4.
        keys.key("F8")
        self.type_into("5", ITEM5, "next item to the forward plan")
        played.deleted_gone_after_leaving = not self.has_action("Imran Siddiqui", DELETED_ACTION)(
            self.export()
        )
        # An ACTION line deleted by mistake and brought back with Ctrl+Z: the same action.
        self.type_into("5", f"\nACTION: {UNDONE_ACTION}", "typing an ACTION line to undo")
        self.wait_until(
            "the action to undo was never raised", self.has_action("Marcus Bennett", UNDONE_ACTION)
        )
        played.undone_reference = _reference_of(self.export(), UNDONE_ACTION)
        keys.key("shift+Home", "BackSpace")
        played.expected["5"] = played.expected["5"].removesuffix(f"ACTION: {UNDONE_ACTION}")
        self.wait_until(
            "the deleted ACTION line was never saved",
            lambda doc: self.item_text(doc, "5") == played.expected["5"],
        )
        keys.key("ctrl+z")
        played.expected["5"] += f"ACTION: {UNDONE_ACTION}"
        self.wait_until(
            "Ctrl+Z never brought the line back",
            lambda doc: self.item_text(doc, "5") == played.expected["5"],
        )

        keys.key("shift+F8")
        self.type_into("4", ITEM4_BACK, "previous item (Shift+F8)")

        # Search, and Escape back to the minutes.
        keys.key("ctrl+f")
        keys.type("hotspot")
        time.sleep(1.0)  # reading the results
        keys.key("Escape")
        self.type_into("4", ITEM4_AFTER_SEARCH, "closing search (Escape)")

        # The meeting list while the meeting runs: typing there jumps nowhere, moving to
        # another meeting asks first (Escape stays), and Escape in the filter clears it
        # and puts the cursor back at the end of the minutes.
        keys.key("ctrl+shift+l")
        keys.type("17 June")
        keys.key("Down", "Escape", "ctrl+shift+l", "shift+Tab")
        keys.type("zzz")
        keys.key("Escape")
        self.type_into("4", ITEM4_AFTER_FILTER, "Escape in the meeting filter")
        played.title_after_list = self.keys.title(self.window)

        # Export the minutes by keyboard; Escape closes the dialog, back to the minutes.
        before = set(export_folder.rglob("*.docx"))

        def written() -> list[Path]:
            # The writer saves a temporary file beside the output, then renames it: only
            # a file that is still there and opens as a Word (zip) file is written.
            new = set(export_folder.rglob("*.docx")) - before
            return sorted(p for p in new if not p.name.startswith(".") and _whole_zip(p))

        keys.key("ctrl+shift+e")
        time.sleep(1.0)  # the dialog opens
        keys.key("alt+x")
        try:
            wait_for(written, timeout=self._timeout(), what="the exported minutes")
        except TimeoutError:
            played.problems.append("export (Ctrl+Shift+E, Alt+X) wrote no Word file")
        played.export_files = written()
        keys.key("Escape")
        self.type_into("4", ITEM4_AFTER_EXPORT, "after the export dialog")

        # Item 6, then the crash in mid-sentence.
        keys.key("F8", "F8")
        self.type_into("6", ITEM6_OPENING, "two items on")
        self.crash_mid_sentence()

        # Relaunch: the meeting in progress, the cursor at the end of item 6.
        played.relaunch_title = self.launch()
        keys.type(ITEM6_AFTER_RELAUNCH)
        self.wait_until(
            "after the relaunch, item 6 never ended with the words typed",
            lambda doc: self.item_text(doc, "6").endswith(ITEM6_AFTER_RELAUNCH),
        )
        keys.key("F8")
        self.type_into("7", ITEM7, "next item after the relaunch")

        # The shortcuts help (F1) and a menu by Alt+letter, from the minutes: Escape closes
        # each, and the cursor is back at the end of the minutes. (Last, so a stray focus
        # here cannot spoil the steps above.)
        keys.key("F1")
        time.sleep(1.0)  # the help opens (and ignores keys for its first half second)
        keys.key("Escape")
        self.type_into("7", ITEM7_AFTER_HELP, "F1 then Escape from the minutes")
        keys.key("alt+m")
        time.sleep(0.5)  # the menu opens
        keys.key("Escape")
        self.type_into("7", ITEM7_AFTER_MENU, "Alt+M then Escape from the minutes")

        keys.key("ctrl+q")
        if self.app.wait_exit(20) is None:
            played.problems.append("Ctrl+Q did not close the window within 20 s")
            self.app.kill_hard()

    def crash_mid_sentence(self) -> None:
        """Type word by word on another thread; `kill -9` the app half way through."""
        sent: list[tuple[float, str]] = []  # (when the word's keys were all sent, text so far)
        stop = threading.Event()

        def typist() -> None:
            text = ""
            for word in ITEM6_CRASH_WORDS:
                if stop.is_set():
                    return
                with contextlib.suppress(Exception):
                    self.keys.type(word + " ")
                text += word + " "
                sent.append((time.monotonic(), text))

        thread = threading.Thread(target=typist, daemon=True)
        thread.start()
        wait_for(lambda: len(sent) >= 12, timeout=60, interval=0.02, what="half a sentence")
        killed_at = time.monotonic()
        self.app.kill_hard()
        stop.set()
        thread.join(30)
        before_kill = [text for when, text in sent if when <= killed_at]
        safe = [text for when, text in sent if when <= killed_at - CRASH_LOSS_S]
        self.played.crash_sent = ITEM6_OPENING + (before_kill[-1] if before_kill else "")
        self.played.crash_safe = ITEM6_OPENING + (safe[-1] if safe else "")


def _reference_of(document: dict[str, Any], text: str) -> str:
    found = [a["reference"] for a in document["actions_raised"] if a["text"] == text]
    return str(found[0]) if found else ""


def _whole_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except (OSError, zipfile.BadZipFile):
        return False


def _count(document: dict[str, Any], status: str) -> int:
    return sum(1 for row in document["attendance"] if row["status"] == status)


def _today_meeting(cli: Cli, today: dt.date) -> int:
    """The board's meeting today: the demo's next board meeting, copied to today (through
    the CLI's JSON export and import), starting this hour; or the one already today."""
    rows = cli.meetings()
    bodies = [row["body"] for row in rows]
    board = max(set(bodies), key=bodies.count)  # the body with the most meetings
    drafts = sorted(
        (row for row in rows if row["body"] == board and row["status"] == "draft"),
        key=lambda row: row["date"],
    )
    assert drafts, "the demo has no board meeting to come"
    for row in drafts:
        if row["date"] == today.isoformat():
            return int(row["id"])
    template = cli.meeting(int(drafts[0]["id"]))
    now = dt.datetime.now()
    template["meeting"].update(
        date=today.isoformat(),
        start_time=f"{now.hour:02d}:00",
        end_time=f"{now.hour + 3:02d}:00" if now.hour <= 20 else "23:59",
    )
    path = cli.folder / "today.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    cli("import", "meeting", str(path))
    return int(
        next(
            row["id"]
            for row in cli.meetings()
            if row["date"] == today.isoformat() and row["body"] == board
        )
    )


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Played]:
    require_tools()
    started = time.monotonic()
    folder = tmp_path_factory.mktemp("live-meeting")
    home = folder / "home"
    (home / "Documents").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        # The in-process CLI keeps its log and settings here, not in the user's folders.
        patch.setenv("CSP_DESKTOP_DATA_DIR", str(folder / "cli-data"))
        db = folder / "csp.db"
        cli = Cli(db, folder / "exports")
        cli("demo")
        today = dt.date.today()
        meeting_id = _today_meeting(cli, today)
        result = Played(meeting_id=meeting_id, today_label=uk_date(today))
        others = [int(row["id"]) for row in cli.meetings() if row["id"] != meeting_id]
        result.others_before = {m: cli.meeting(m) for m in others}

        display = VirtualDisplay().start()
        app = AppProcess(db, display.name, home, folder / "app.log")
        try:
            Scenario(cli, Keyboard(display.name), result, app).play(home)
        finally:
            app.kill_hard()
            display.stop()
        result.final = cli.meeting(meeting_id)
        result.others_after = {m: cli.meeting(m) for m in others}
    result.seconds = time.monotonic() - started
    survived = result.item("6").removesuffix(ITEM6_AFTER_RELAUNCH)
    print(
        f"\nlive meeting played in {result.seconds:.0f} s; {result.report()}\n"
        f"kill -9: {len(result.crash_sent)} characters sent, {len(survived)} survived, "
        f"{len(result.crash_safe)} had to (sent over {CRASH_LOSS_S} s before the kill)"
    )
    log = (folder / "app.log").read_text(encoding="utf-8", errors="replace")
    if "Traceback" in log:
        result.problems.append(f"the app wrote a traceback: {log[-1500:]}")
    yield result


# --- the checks: only what the JSON export says ---------------------------------------------


def test_the_window_opens_on_todays_meeting(played: Played) -> None:
    assert played.today_label in played.first_title, played.report()


def test_no_keystroke_in_the_meeting_list_switched_the_running_meeting(played: Played) -> None:
    assert played.today_label in played.title_after_list, played.report()


def test_f5_started_todays_meeting(played: Played) -> None:
    meeting = played.final["meeting"]
    assert meeting["status"] == "in_progress", played.report()
    assert meeting["started_at"], played.report()


def test_attendance_marked_by_keyboard(played: Played) -> None:
    assert _count(played.final, "present") == 3, played.report()
    assert _count(played.final, "apologies") == 1, played.report()


@pytest.mark.parametrize("number", ["1", "2", "3", "4", "5", "7"])
def test_every_word_is_in_the_item_it_was_typed_into(played: Played, number: str) -> None:
    assert played.item(number) == played.expected[number], played.report()


def test_words_typed_before_the_kill_survive_and_typing_goes_on_after_the_relaunch(
    played: Played,
) -> None:
    text = played.item("6")
    assert text.endswith(ITEM6_AFTER_RELAUNCH), played.report()
    survived = text.removesuffix(ITEM6_AFTER_RELAUNCH)
    # Everything sent more than a second before the kill is there, in order, and nothing
    # but what was sent: at most the last second's words are missing.
    assert survived.startswith(played.crash_safe.rstrip()), played.report()
    assert played.crash_sent.startswith(survived), played.report()


def test_no_words_went_into_an_item_nobody_typed_in(played: Played) -> None:
    assert played.item("8") == "", played.report()


def test_attendance_starts_not_yet_marked(played: Played) -> None:
    members = len(played.final["attendance"])
    assert played.unmarked_at_start == members, "members started other than 'not yet marked'"
    assert _count(played.final, "unmarked") == members - 4


def test_a_deleted_action_line_keeps_its_action_until_the_item_is_left(played: Played) -> None:
    assert played.deleted_kept_on_item, played.report()
    assert played.deleted_gone_after_leaving, played.report()


def test_every_action_exists_once_with_its_owner(played: Played) -> None:
    raised = [(a["text"], a["owners"]) for a in played.final["actions_raised"]]
    kept = {**KEPT_ACTIONS, "Marcus Bennett": UNDONE_ACTION}
    for owner, text in kept.items():
        assert raised.count((text, [owner])) == 1, (raised, played.report())
    assert [t for t, _ in raised if t == DELETED_ACTION] == [], "a deleted line's action stayed"
    assert len(raised) == len(kept), raised


def test_ctrl_z_brings_a_deleted_action_line_back_with_the_same_action(played: Played) -> None:
    assert played.undone_reference, played.report()
    assert _reference_of(played.final, UNDONE_ACTION) == played.undone_reference


def test_the_exported_minutes_hold_what_was_typed_before_the_export(played: Played) -> None:
    assert len(played.export_files) == 1, played.report()
    text = searchable_text(played.export_files[0])
    assert "Rachel Whitfield presented the delivery plan" in text
    assert "Members agreed the plan." in text


def test_the_relaunch_reopens_the_meeting_in_progress(played: Played) -> None:
    assert played.today_label in played.relaunch_title, played.report()


def test_no_other_meeting_changed(played: Played) -> None:
    assert played.others_before.keys() == played.others_after.keys()
    changed = [m for m in played.others_before if played.others_before[m] != played.others_after[m]]
    assert changed == [], f"meetings changed: {changed}"


def test_the_whole_meeting_plays_in_under_three_minutes(played: Played) -> None:
    assert played.seconds < 180, f"{played.seconds:.0f} s"
