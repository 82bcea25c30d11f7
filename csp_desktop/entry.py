"""The entry points (`csp-desktop`, `csp-desktop-gui`, `python -m csp_desktop`).

Opening the window puts the start-up frame on screen before anything else is imported
(argparse, logging, the database layer): a double click is answered as fast as a bare
Qt window. Every other command goes straight to `cli.main` and never loads Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Options of the top-level parser that take a value (their value is not a command).
_OPTIONS_WITH_VALUES = frozenset({"--db", "--database-url"})
# These print and exit without a window.
_NO_WINDOW_OPTIONS = frozenset({"-h", "--help", "--version"})


def opens_window(argv: Sequence[str]) -> bool:
    """True when the arguments open the main window (no command, or `gui`).

    A cheap look ahead of argparse: a wrong guess only changes when the frame appears
    (argparse still reads the arguments and reports any mistake).
    """
    skip_value = False
    for token in argv:
        if skip_value:
            skip_value = False
            continue
        if token in _NO_WINDOW_OPTIONS:
            return False
        if token in _OPTIONS_WITH_VALUES:
            skip_value = True
            continue
        if token.startswith("-"):
            continue
        return token == "gui"
    return True


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    window = opens_window(arguments)
    if window:
        from csp_desktop.ui.runtime import pause_collector_for_start_up

        pause_collector_for_start_up()  # on again once the first meeting is painted
        from csp_desktop.ui.startup_frame import needs_offscreen, show_startup_frame

        headless = "--smoke-test" in arguments
        # No display and no platform chosen: Qt cannot start, so leave the arguments (and
        # their one-line errors) to the CLI before anything tries.
        if headless or not needs_offscreen():
            show_startup_frame(headless=headless)
    from csp_desktop.cli import main as cli_main

    return cli_main(arguments, window_only=window)
