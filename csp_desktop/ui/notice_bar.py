"""An inline bar above the minutes: notices and questions that never take a keystroke.

Two kinds:
- a *notice* ("Action CSP-2026-12-09-03 removed with its line · Ctrl+Z to bring it
  back") is shown while focus stays where the note taker types; it goes when dismissed.
- a *question* ("Restart its clock? Enter = restart, Esc = keep") is asked after a
  command key (F5, opening another meeting) while the note taker's hands are on the
  keyboard: the bar takes focus, Enter answers yes, Esc answers no, and any other key
  answers no and is handed on to the minutes, so a word typed on regardless is not lost.
Either way focus goes back to the end of the minutes afterwards (`return_focus`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from csp_desktop.ui.announcer import announce, forget, show_live_text

Callback = Callable[[], object]  # what a callback returns is not used


class NoticeBar(QFrame):
    """One line of words with optional buttons; hidden when there is nothing to say."""

    # Emitted when the bar closes (answered or dismissed): the owner puts focus back.
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#notice_bar { background: #fff4ce; border: 1px solid #c8a600; }"
            "#notice_bar[question='true'] { background: #dcecff; border-color: #2b6cb0; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName("Notice")
        self.yes_button = QToolButton(self)
        self.no_button = QToolButton(self)
        for button in (self.yes_button, self.no_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.yes_button.clicked.connect(self.accept)
        self.no_button.clicked.connect(self.reject)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.yes_button)
        layout.addWidget(self.no_button)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._on_yes: Callback | None = None
        self._on_no: Callback | None = None
        self._forward_to: Callable[[], QWidget | None] | None = None
        self.is_question = False
        self.hide()

    # --- showing -------------------------------------------------------------------------

    def notify(
        self,
        text: str,
        *,
        action_text: str | None = None,
        on_action: Callback | None = None,
        on_dismiss: Callback | None = None,
    ) -> None:
        """Show a notice; focus is left where it is (the note taker keeps typing)."""
        self._set_mode(question=False)
        self.label.setText(text)
        self._say(text)
        self._on_yes = on_action
        self._on_no = on_dismiss
        self.yes_button.setText(action_text or "")
        self.yes_button.setVisible(bool(action_text))
        self.no_button.setText("Dismiss")
        self.no_button.setVisible(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show()

    def ask(
        self,
        text: str,
        *,
        on_yes: Callback,
        on_no: Callback | None = None,
        yes_text: str = "Yes (Enter)",
        no_text: str = "No (Esc)",
        forward_to: Callable[[], QWidget | None] | None = None,
    ) -> None:
        """Ask a yes/no question: the bar takes focus; Enter = yes, anything else = no."""
        self._set_mode(question=True)
        self.label.setText(text)
        self._say(f"{text} {yes_text}, {no_text}")
        self._on_yes = on_yes
        self._on_no = on_no
        self._forward_to = forward_to
        self.yes_button.setText(yes_text)
        self.yes_button.setVisible(True)
        self.no_button.setText(no_text)
        self.no_button.setVisible(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, words: str) -> None:
        """A screen reader hears the notice (focus stays in the minutes): its words in the
        label's name, said once politely; the same notice again while shown is not news."""
        if self.isHidden():
            forget("notice")
        show_live_text(self.label, "Notice", self.label.text())
        announce(self.label, words, topic="notice")

    def _set_mode(self, *, question: bool) -> None:
        self.is_question = question
        self.setProperty("question", "true" if question else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def text(self) -> str:
        return self.label.text() if self.isVisible() or not self.isHidden() else ""

    @property
    def showing(self) -> bool:
        return not self.isHidden()

    # --- answering -----------------------------------------------------------------------

    def accept(self) -> None:
        callback = self._on_yes
        self._close()
        if callback is not None:
            callback()
        self.closed.emit()

    def reject(self) -> None:
        callback = self._on_no
        self._close()
        if callback is not None:
            callback()
        self.closed.emit()

    def dismiss_quietly(self) -> None:
        """Hide without answering (the subject went away, e.g. another item opened)."""
        self._close()

    def _close(self) -> None:
        self._on_yes = None
        self._on_no = None
        self.is_question = False
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.is_question:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.reject()
            return
        if key in (
            Qt.Key.Key_Shift,
            Qt.Key.Key_Control,
            Qt.Key.Key_Alt,
            Qt.Key.Key_Meta,
            Qt.Key.Key_AltGr,
        ):
            return  # a modifier alone answers nothing
        # Anything else: the note taker typed on. Answer no, and give the key to the
        # minutes so the word is not lost.
        forward = self._forward_to
        self.reject()
        target = forward() if forward is not None else None
        if target is not None and event.text():
            QApplication.sendEvent(
                target,
                QKeyEvent(
                    QKeyEvent.Type.KeyPress,
                    event.key(),
                    event.modifiers(),
                    event.text(),
                    event.isAutoRepeat(),
                    event.count(),
                ),
            )
