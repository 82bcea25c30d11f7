"""The Qt user interface. The only package that imports PySide6."""

import ctypes
import sys


def _guard_bool_references() -> None:
    """Work around PySide6 6.12.0 dropping a reference to True on every `Signal.emit()`.

    Measured: 100 emits from Python leave `sys.getrefcount(True)` 100 lower. Before
    Python 3.12, True is an ordinary object (about 7,000 references once the app has
    loaded), so a long meeting's autosaves (three emits each) would free it and abort
    the app with "bool_dealloc". Give True and False so many extra references that no
    session can use them up. Python 3.12+ makes both immortal, so it is skipped there.
    """
    if sys.version_info >= (3, 12):
        return
    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += 1 << 40


_guard_bool_references()
