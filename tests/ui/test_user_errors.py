"""reporting_user_errors: a UserError is said in plain words where the caller chose."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from csp_desktop.errors import UserError
from csp_desktop.ui.user_errors import reporting_user_errors


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, str, str]]:
    shown: list[tuple[object, str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *_a: shown.append((parent, title, text))
    )
    return shown


def test_a_user_error_goes_to_the_callable_in_its_own_words(boxes) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    with reporting_user_errors(said.append) as attempt:
        raise UserError("The meeting is locked; its minutes cannot change.")
    assert attempt.failed
    assert str(attempt.error) == "The meeting is locked; its minutes cannot change."
    assert said == ["The meeting is locked; its minutes cannot change."]
    assert boxes == []  # a sentence for the status bar or notice bar, never a dialog


def test_a_widget_gets_the_message_box_it_had_before(qtbot, boxes) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    with reporting_user_errors(widget) as attempt:
        raise UserError("No such action.")
    with reporting_user_errors(None, title="Nothing was imported"):
        raise UserError("The file is not a tracker.")
    assert attempt.failed
    assert boxes == [
        (widget, "Could not do that", "No such action."),
        (None, "Nothing was imported", "The file is not a tracker."),
    ]


def test_work_that_succeeds_shows_nothing_and_keeps_its_result(boxes) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    result = None
    with reporting_user_errors(said.append) as attempt:
        result = 42
    assert (result, attempt.failed, attempt.error, said) == (42, False, None, [])


def test_a_bug_is_not_dressed_up_as_a_user_error(boxes) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    with pytest.raises(ZeroDivisionError), reporting_user_errors(said.append):
        _ = 1 / 0
    assert said == []
    assert boxes == []
