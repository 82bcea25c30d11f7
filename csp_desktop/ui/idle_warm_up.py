"""Work a first tab switch would do, done in small pieces once the first meeting is painted.

The tabs the first screen does not show are stand-ins (`ui/lazy_tab.py`), so start-up
does not import or build them; left at that, the first visit to each would pay for it
(and go past the 100 ms a switch may take, issue 13). After the first paint of `watched`
(the agenda table), this runs the given steps one per turn of the event loop: a key the
note taker presses waits for at most one step, never for the whole warm-up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class IdleWarmUp(QObject):
    """Runs `steps` in order, one per event-loop turn, from `watched`'s first paint."""

    finished = Signal()

    def __init__(self, watched: QWidget, steps: Sequence[Callable[[], object]]) -> None:
        super().__init__(watched)
        self._watched = watched
        self._steps = list(steps)
        self.done = not self._steps
        # (step name, milliseconds) of each step run, for benchmarks and the log.
        self.timings: list[tuple[str, float]] = []
        # Its own timer, a child: it dies with the window, so no step runs after it.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_next)
        if not self.done:
            watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._timer.start()
        return False

    def run_first(self, step: Callable[[], object]) -> None:
        """Run `step` before the others (at once if the warm-up is already over)."""
        if self.done:
            step()
            return
        self._steps.insert(0, step)

    def cancel(self) -> None:
        """Run no more steps (what is left is done by the first visit instead)."""
        self._watched.removeEventFilter(self)
        self._timer.stop()
        self._steps.clear()

    def _run_next(self) -> None:
        if not self._steps:
            return
        step = self._steps.pop(0)
        started = time.perf_counter()
        try:
            step()
        except Exception:  # a warm-up that fails leaves the work to the first switch
            log.exception("warm-up step %s failed", _name(step))
        self.timings.append((_name(step), (time.perf_counter() - started) * 1000))
        if self._steps:
            self._timer.start()
        else:
            self.done = True
            log.debug("warm-up: %s", ", ".join(f"{n} {ms:.0f} ms" for n, ms in self.timings))
            self.finished.emit()


def _name(step: Callable[[], object]) -> str:
    owner = getattr(step, "__self__", None)
    method = getattr(step, "__name__", repr(step))
    return f"{type(owner).__name__}.{method}" if owner is not None else method
