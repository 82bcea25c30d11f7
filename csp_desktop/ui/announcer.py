"""What a screen reader hears: live facts as text, and polite announcements of changes.

Two jobs, used by every tab:

- `show_live_text(label, caption, text)`: a label that shows a fact the note taker must
  know ("Quorate: 10 of quorum 5") shows it on screen AND in its accessible name, so a
  screen reader reading the label (or asked "where am I") gets the fact, not only a
  caption such as "Quorum". Setting the name also sends the bus a name-change event.
- `announce(widget, text, topic=...)`: a change that matters during a meeting (quorum
  lost, an item over time, an action captured, a save failing, a mark made) is spoken
  politely, without moving focus: Qt 6.8+'s `QAccessibleAnnouncementEvent` (AT-SPI
  `object:announcement`, UIA notification on Windows). The same words twice running on
  one topic are said once: a change is announced, a state is not repeated.

Every announcement is also kept in `recent()` so tests can read what was said.
`name_by_purpose` names a combo by its purpose in a way Qt's Linux bridge keeps.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QWidget

try:  # Qt 6.8+
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt: the nearest equivalent below
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]

HAS_ANNOUNCEMENTS = QAccessibleAnnouncementEvent is not None

_last_by_topic: dict[str, str] = {}
_recent: deque[str] = deque(maxlen=100)


def announce(widget: QObject, text: str, *, topic: str | None = None) -> bool:
    """Say `text` politely; False (and nothing said) if `topic` last said the same words.

    `topic` groups announcements whose repeats mean nothing ("quorum", "clock"); without
    one every call speaks (a mark made twice on purpose is said twice).
    """
    text = " ".join(text.split())
    if not text:
        return False
    if topic is not None:
        if _last_by_topic.get(topic) == text:
            return False
        _last_by_topic[topic] = text
    _recent.append(text)
    if QAccessibleAnnouncementEvent is not None:
        event = QAccessibleAnnouncementEvent(widget, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)
    elif isinstance(widget, QWidget):  # pragma: no cover - Qt before 6.8
        # The nearest older equivalent: the description changes and the bus says so.
        widget.setAccessibleDescription(text)
        QAccessible.updateAccessibility(
            QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged)
        )
    return True


def forget(topic: str) -> None:
    """The next announcement on `topic` speaks even if it repeats the last (a new meeting)."""
    _last_by_topic.pop(topic, None)


def recent() -> list[str]:
    """What was announced lately, oldest first."""
    return list(_recent)


def show_live_text(label: QLabel, caption: str, text: str) -> None:
    """`text` on screen, and "caption: text" as the label's accessible name (not also the
    description: a screen reader reads both, and would say the fact twice)."""
    if label.text() != text:
        label.setText(text)
    plain = " ".join(text.replace("\n", ". ").split()) if text else ""
    name = f"{caption}: {plain}" if plain else caption
    if label.accessibleName() != name:
        label.setAccessibleName(name)


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 minute", "2 minutes" (never "1 minutes")."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def accessible_caption(visible: str, purpose: str) -> str:
    """An accessible name that contains the visible words (WCAG 2.5.3 "label in name").

    "Up" and "Move item up" give "Move item up" (already inside); "Pause / resume" and
    "Pause or resume the item clock" give "Pause / resume: pause or resume the item clock".
    """
    shown = " ".join(visible.replace("&", "").strip(" …▶◀.").split())
    if _words(shown) in _words(purpose):
        return purpose
    return f"{shown}: {purpose[:1].lower()}{purpose[1:]}" if purpose else shown


def _words(text: str) -> str:
    """Lower-case letters and digits, single-spaced: how the visible words are compared."""
    kept = "".join(ch.lower() if ch.isalnum() else " " for ch in text)
    return " " + " ".join(kept.split()) + " "


def name_by_purpose(combo: QWidget, label: QLabel, purpose: str) -> None:
    """A combo named by what it is for, in a way Qt's Linux bridge keeps.

    On Linux Qt gives a combo's current text as its name ("Any status"); a screen reader
    takes the purpose from the label the bus says labels it (`label` becomes the combo's
    buddy, named `purpose`). Elsewhere the name is the purpose. (Not also the description:
    it would be read after the value, saying the purpose twice.)
    """
    label.setBuddy(combo)
    label.setAccessibleName(purpose)
    combo.setAccessibleName(purpose)
