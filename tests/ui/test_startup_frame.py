"""The start-up frame: on screen before anything heavy loads, names the file, then goes."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from csp_desktop.ui import startup_frame


def test_frame_is_shown_named_and_closed(qtbot) -> None:  # type: ignore[no-untyped-def]
    frame = startup_frame.show_startup_frame()
    try:
        assert frame.isVisible()
        assert startup_frame.show_startup_frame() is frame  # one frame, however often asked
        label = frame.findChild(QLabel, "startup_message")
        assert label.text() == "Opening CSP Desktop…"
        startup_frame.say_opening("/home/officer/Documents/CSP/csp-desktop.db")
        assert label.text() == "Opening /home/officer/Documents/CSP/csp-desktop.db…"
        # Laid out for the longer text at once, not clipped to the first one's width.
        assert label.width() >= label.sizeHint().width()
        assert frame.windowTitle() == "CSP Desktop"
    finally:
        startup_frame.close_startup_frame()
    assert not frame.isVisible()
    assert startup_frame.show_startup_frame() is not frame  # a later start gets a new one
    startup_frame.close_startup_frame()


def test_app_icon_is_set_after_the_frame(qtbot) -> None:  # type: ignore[no-untyped-def]
    startup_frame.use_app_icon()
    assert not QApplication.windowIcon().isNull()
