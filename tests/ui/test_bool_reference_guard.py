"""csp_desktop.ui guards True and False against PySide6 6.12.0's lost references."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

import csp_desktop.ui  # noqa: F401 - importing the package installs the guard


class Emitter(QObject):
    ping = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True is immortal from Python 3.12")
def test_a_long_session_of_emits_cannot_free_true(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter = Emitter()
    for _ in range(10_000):  # more than True's ~7,000 references in an unguarded app
        emitter.ping.emit()
    assert sys.getrefcount(True) > 1 << 39
    assert sys.getrefcount(False) > 1 << 39
