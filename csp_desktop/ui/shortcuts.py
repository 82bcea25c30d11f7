"""Every keyboard shortcut in one table: the window builds its actions from it, and
Help › Keyboard shortcuts lists it, so the two can never disagree.

Keys were chosen not to clash with text editing: no Ctrl+Alt+letter (that is AltGr on
UK and European keyboards, which types accented letters), and the standard editing keys
(Ctrl+Z, Ctrl+C, Ctrl+Left...) are left to the minutes editor.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    """One command and its keys.

    Attributes:
        name: stable id used by the window to find the action.
        label: the menu text (with & for the mnemonic).
        keys: key sequences in portable text form; the first is shown in menus.
        group: the heading it is listed under in the help dialog.
        where: where it works, when not everywhere.
    """

    name: str
    label: str
    keys: tuple[str, ...]
    group: str
    where: str = "Anywhere"

    @property
    def plain_label(self) -> str:
        return self.label.replace("&", "")


SHORTCUTS: tuple[Shortcut, ...] = (
    # Live meeting
    Shortcut("start_meeting", "&Start meeting", ("F5",), "Live meeting"),
    Shortcut("next_item", "&Next item", ("Ctrl+Alt+Right", "F8"), "Live meeting"),
    Shortcut("previous_item", "&Previous item", ("Ctrl+Alt+Left", "Shift+F8"), "Live meeting"),
    Shortcut("pause_item", "Pause or resume the item &clock", ("F6",), "Live meeting"),
    Shortcut("end_meeting", "&End meeting", ("Shift+F5",), "Live meeting"),
    Shortcut("insert_action", "Insert &ACTION line", ("Ctrl+Shift+A",), "Live meeting"),
    Shortcut(
        "clear_quotes",
        "Clear flagged restricted &quote for publication",
        ("Ctrl+Shift+Q",),
        "Live meeting",
    ),
    Shortcut("save_now", "&Save now", ("Ctrl+S",), "Live meeting"),
    # Moving around
    Shortcut("focus_items", "Go to agenda &items", ("Ctrl+Shift+I",), "Moving around"),
    Shortcut("focus_minutes", "Go to &minutes", ("Ctrl+Shift+M",), "Moving around"),
    Shortcut("focus_meetings", "Go to the meeting &list", ("Ctrl+Shift+L",), "Moving around"),
    Shortcut("tab_agenda", "&Agenda tab", ("Ctrl+1",), "Moving around"),
    Shortcut("tab_attendance", "A&ttendance tab", ("Ctrl+2",), "Moving around"),
    Shortcut("tab_actions", "A&ctions tab", ("Ctrl+3",), "Moving around"),
    Shortcut("tab_subgroup_reports", "S&ubgroup reports tab", ("Ctrl+4",), "Moving around"),
    Shortcut("tab_forward_plan", "&Forward plan tab", ("Ctrl+5",), "Moving around"),
    Shortcut("tab_plan", "&Plan tab", ("Ctrl+6",), "Moving around"),
    Shortcut("tab_dashboard", "&Dashboard tab", ("Ctrl+7",), "Moving around"),
    Shortcut("search", "&Search…", ("Ctrl+F",), "Moving around"),
    # Agenda
    Shortcut("add_item", "&Add agenda item…", ("Ctrl+Shift+N",), "Agenda"),
    Shortcut("edit_item", "&Edit agenda item…", ("F2",), "Agenda", "Agenda items"),
    Shortcut("delete_item", "&Delete agenda item…", ("Del",), "Agenda", "Agenda items"),
    Shortcut("move_item_up", "Move item &up", ("Ctrl+Up",), "Agenda", "Agenda items"),
    Shortcut("move_item_down", "Move item do&wn", ("Ctrl+Down",), "Agenda", "Agenda items"),
    Shortcut(
        "review_completed",
        "Mark carried action &completed",
        ("C",),
        "Agenda",
        "Carried actions list",
    ),
    Shortcut(
        "review_update",
        "Add an &update to a carried action…",
        ("U",),
        "Agenda",
        "Carried actions list",
    ),
    # Window
    Shortcut("new_meeting", "&New meeting…", ("Ctrl+N",), "Window"),
    Shortcut("import_minutes", "Import past min&utes…", ("Ctrl+Shift+H",), "Window"),
    Shortcut("undo", "&Undo", ("Ctrl+Z",), "Window", "Outside text boxes"),
    Shortcut("redo", "&Redo", ("Ctrl+Y", "Ctrl+Shift+Z"), "Window", "Outside text boxes"),
    Shortcut("toggle_navigator", "Show meeting &list", ("F9",), "Window"),
    Shortcut("shortcuts_help", "&Keyboard shortcuts", ("F1",), "Window"),
    Shortcut("quit", "&Quit", ("Ctrl+Q",), "Window"),
    # Teams transcript and attendance list (issue 18)
    Shortcut("import_transcript", "Import t&ranscript…", ("Ctrl+Shift+B",), "Transcript"),
    Shortcut("import_attendance_list", "Import attendance &list…", ("Ctrl+Shift+W",), "Transcript"),
    Shortcut(
        "focus_transcript",
        "Go to the item's transcript and suggestions",
        ("Ctrl+Shift+R",),
        "Transcript",
    ),
    # Working together (issue 16): answering "Changed by Jo Smith at 10:42" over the minutes.
    # Alt+Shift, not Ctrl+Alt (AltGr on UK keyboards types accented letters).
    Shortcut(
        "reload_theirs",
        "Reload their version of the minutes",
        ("Alt+Shift+R",),
        "Working together",
        "Minutes, after a save was refused",
    ),
    Shortcut(
        "keep_mine",
        "Keep my version of the minutes (theirs kept in history)",
        ("Alt+Shift+K",),
        "Working together",
        "Minutes, after a save was refused",
    ),
)

BY_NAME: dict[str, Shortcut] = {s.name: s for s in SHORTCUTS}


def key_sequences(name: str) -> list[QKeySequence]:
    return [QKeySequence(k) for k in BY_NAME[name].keys]


def make_action(
    name: str,
    parent: QWidget,
    *,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    """A QAction with the table's label and keys; the caller connects `triggered`."""
    spec = BY_NAME[name]
    action = QAction(spec.label, parent)
    action.setObjectName(f"action_{name}")
    action.setShortcuts(key_sequences(name))
    action.setShortcutContext(context)
    action.setToolTip(tooltip(name))
    action.setStatusTip(tooltip(name))
    return action


def tooltip(name: str) -> str:
    """What a command does and its keys, for a button that stands in for the command."""
    spec = BY_NAME[name]
    shown = " or ".join(
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in spec.keys
    )
    return f"{spec.plain_label} ({shown})"


def extra_rows(widgets: list[QWidget]) -> list[tuple[str, str, str, str]]:
    """Tab-specific keys a tab advertises as `KEYBOARD_HELP = [(keys, what, where), ...]`."""
    rows: list[tuple[str, str, str, str]] = []
    for widget in widgets:
        for keys, what, where in getattr(widget, "KEYBOARD_HELP", ()):
            rows.append((type(widget).__name__, keys, what, where))
    return rows


# Export and import (issue 11): every command on the File menu has a key. Left alone:
# Ctrl+E (end of line in Linux text boxes), Ctrl+Shift+U (Unicode entry in input
# methods), and the tabs' own Ctrl+Shift+C/D/F/G/T (a shared key fires neither).
SHORTCUTS = (
    *SHORTCUTS,
    Shortcut("export", "&Export…", ("Ctrl+Shift+X",), "Papers"),
    Shortcut("export_minutes", "Export &minutes…", ("Ctrl+Shift+E",), "Papers"),
    Shortcut("export_agenda", "Export &agenda…", ("Ctrl+Shift+J",), "Papers"),
    Shortcut("export_tracker", "Export action &tracker…", ("Ctrl+Shift+K",), "Papers"),
    Shortcut("import_tracker", "&Import tracker updates…", ("Ctrl+Shift+O",), "Papers"),
)
BY_NAME.update({s.name: s for s in SHORTCUTS})

# Meetings taken offline (issue 16): rare commands, so function keys no text box uses,
# leaving the last Ctrl+Shift letters to commands used while minuting.
SHORTCUTS = (
    *SHORTCUTS,
    Shortcut("take_offline", "Take meeting o&ffline…", ("Ctrl+F11",), "Window"),
    Shortcut("bring_back_offline", "Bring offline meeting bac&k…", ("Ctrl+F12",), "Window"),
)
BY_NAME.update({s.name: s for s in SHORTCUTS})
