"""The live clock strip above the agenda: time used against the plan, and the item now on.

It ticks once a second from state it already holds (no database read per tick). The
overrun cue is amber then red AND words ("nearly out of time", "OVER by 2:10"), so it
never depends on colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from csp_desktop.services.agenda import AgendaItemRow, MeetingClock, Timing, format_duration
from csp_desktop.ui.agenda_table_model import AMBER, CUE_TEXT, RED
from csp_desktop.ui.announcer import accessible_caption, announce

TICK_MS = 1000
# Narrower than this, the times go on a line of their own below the buttons.
STACK_BELOW_WIDTH = 1000


def meeting_text(state: MeetingClock | None, now: dt.datetime) -> tuple[str, Timing]:
    """ "Meeting: 1:12:30 used · ends 13:00 (1:47:30 left)" and how it stands."""
    if state is None:
        return "No meeting selected", Timing.NOT_STARTED
    planned_end = state.planned_end
    end_words = f"planned end {planned_end:%H:%M}" if planned_end else "no planned end"
    if state.started_at is None:
        planned = state.planned_seconds()
        length = f" · {format_duration(planned)} planned" if planned else ""
        allocated = (
            f" · {state.allocated_minutes} min allocated to items"
            if state.allocated_minutes
            else ""
        )
        return f"Meeting not started{length}{allocated}", Timing.NOT_STARTED
    used = format_duration(state.used_seconds(now))
    if state.ended_at is not None:
        planned = state.planned_seconds()
        of_plan = f" of {format_duration(planned)} planned" if planned else ""
        over = state.seconds_to_planned_end(now)
        cue = Timing.OVERRUN if over is not None and over < 0 else Timing.ON_TIME
        late = f" · ran {format_duration(-over)} over" if cue is Timing.OVERRUN and over else ""
        return f"Meeting ended at {state.ended_at:%H:%M} · {used} used{of_plan}{late}", cue
    prefix = "Meeting: "
    left = state.seconds_to_planned_end(now)
    if left is None:
        return f"{prefix}{used} used", Timing.NO_ALLOCATION
    if left < 0:
        return (
            f"{prefix}{used} used · OVER {end_words} by {format_duration(-left)}",
            Timing.OVERRUN,
        )
    planned = state.planned_seconds() or 0
    cue = Timing.NEARLY_OUT if planned and left <= planned * 0.1 else Timing.ON_TIME
    return f"{prefix}{used} used · {end_words} ({format_duration(left)} left)", cue


def item_text(item: AgendaItemRow | None, now: dt.datetime) -> tuple[str, Timing]:
    """ "Now: 4 Drugs Partnership Profile · 6:10 of 15 min" and how it stands."""
    if item is None:
        return "No item running", Timing.NOT_STARTED
    elapsed = item.elapsed_at(now)
    state = item.timing_at(now)
    text = f"Now: {item.number} {item.title} · {format_duration(elapsed)}"
    if item.minutes_allocated:
        text += f" of {item.minutes_allocated} min"
        over = elapsed - item.minutes_allocated * 60
        if state is Timing.OVERRUN:
            text += f" · OVER by {format_duration(over)}"
        elif state is Timing.NEARLY_OUT:
            text += f" · nearly out of time ({format_duration(-over)} left)"
    return text, state


def _cue(label: QLabel, state: Timing) -> None:
    """Amber/red background with black text for the overrun cue; palette colours otherwise."""
    parent = label.parentWidget()
    palette = parent.palette() if parent is not None else QPalette()
    if state in (Timing.NEARLY_OUT, Timing.OVERRUN):
        palette = QPalette(palette)
        palette.setColor(QPalette.ColorRole.Window, RED if state is Timing.OVERRUN else AMBER)
        palette.setColor(QPalette.ColorRole.WindowText, CUE_TEXT)
        label.setAutoFillBackground(True)
    else:
        label.setAutoFillBackground(False)
    label.setPalette(palette)


class LiveClockBar(QFrame):
    """Meeting time and current item, with the live-meeting buttons."""

    def __init__(
        self,
        now: Callable[[], dt.datetime],
        actions: list[QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._state: MeetingClock | None = None
        self._item: AgendaItemRow | None = None
        # How each item (and the meeting) last stood: an overrun is announced on the change.
        self._timing: dict[tuple[str, object], Timing] = {}
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Live clock")

        self.meeting_label = QLabel(self)
        self.meeting_label.setAccessibleName("Meeting time")
        self.item_label = QLabel(self)
        self.item_label.setAccessibleName("Current item time")
        for label in (self.meeting_label, self.item_label):
            label.setMargin(3)
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        # Buttons and times side by side; in half a screen the times go below the buttons.
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAccessibleName(
                accessible_caption(action.iconText(), action.text().replace("&", ""))
            )
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        times = QHBoxLayout()
        times.setContentsMargins(0, 0, 0, 0)
        times.addWidget(self.meeting_label, 1)
        times.addWidget(self.item_label, 1)
        self._layout.addLayout(buttons)
        self._layout.addLayout(times, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= STACK_BELOW_WIDTH
            else QBoxLayout.Direction.TopToBottom
        )
        if self._layout.direction() != wanted:
            self._layout.setDirection(wanted)

    def set_state(self, state: MeetingClock | None, running: AgendaItemRow | None) -> None:
        self._state = state
        self._item = running
        self.tick()

    def tick(self) -> None:
        now = self._now()
        text, state = meeting_text(self._state, now)
        self.meeting_label.setText(text)
        self.meeting_label.setAccessibleDescription(text)
        _cue(self.meeting_label, state)
        self._announce_change("meeting", self.meeting_label, state, text)
        text, state = item_text(self._item, now)
        self.item_label.setText(text)
        self.item_label.setAccessibleDescription(text)
        _cue(self.item_label, state)
        self._announce_change("item", self.item_label, state, text)

    def _announce_change(self, which: str, label: QLabel, state: Timing, text: str) -> None:
        """Say when the item or meeting runs over (once), never the second-by-second tick."""
        subject = (
            (self._item.id if self._item else None)
            if which == "item"
            else (self._state.started_at if self._state else None)
        )
        key = (which, subject)
        before = self._timing.get(key)
        self._timing[key] = state
        if before is not None and before is not state and state is Timing.OVERRUN:
            what = "This item" if which == "item" else "The meeting"
            announce(label, f"{what} is over time. {text}")
