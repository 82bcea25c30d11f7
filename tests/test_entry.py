"""The entry point: the start-up frame comes first for the window, never for commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from csp_desktop.entry import opens_window


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], True),
        (["--smoke-test"], True),
        (["--db", "minutes.db"], True),
        (["--db", "meetings", "--read-only"], True),  # a file named like a command
        (["--database-url", "sqlite:///x.db", "gui"], True),
        (["--portable"], True),
        (["gui"], True),
        (["meetings"], False),
        (["--db", "x.db", "export", "minutes", "3"], False),
        (["screenshot", "-o", "shots"], False),
        (["--version"], False),
        (["--db", "x.db", "-h"], False),
    ],
)
def test_opens_window_reads_the_command_without_argparse(argv, expected):
    assert opens_window(argv) is expected


CHILD = """
import json, sys
from csp_desktop.entry import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
qt = sorted(n for n in sys.modules if n.split(".")[0] == "PySide6")
print(json.dumps({"code": code, "qt": qt}))
"""


def _run(*args: str, tmp_path) -> dict[str, object]:
    env = dict(os.environ, CSP_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def test_commands_never_load_qt(tmp_path):
    report = _run("--db", str(tmp_path / "new.db"), "meetings", tmp_path=tmp_path)
    assert report == {"code": 0, "qt": []}


def test_version_never_loads_qt(tmp_path):
    report = _run("--version", tmp_path=tmp_path)
    assert report["code"] == 0
    assert report["qt"] == []


def test_a_mistyped_option_without_a_display_is_one_line_not_a_qt_abort(tmp_path):
    env = dict(os.environ, CSP_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "csp_desktop", "--db", str(tmp_path / "x.db"), "--bogus"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr
    assert "platform plugin" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--db", "minutes.db"],
        ["--db", "meetings", "--read-only"],
        ["--database-url", "sqlite:///x.db", "gui"],
        ["--portable", "gui", "--db", "x.db"],
        ["--smoke-test", "--db", "x.db"],
        ["--db", "x.db", "--bogus"],  # a mistyped option: the same refusal
        ["gui", "extra"],
    ],
)
def test_the_window_only_parser_reads_window_arguments_as_the_full_one(argv, capsys):
    """`entry.main` gives the CLI `window_only` when the arguments open the window, so
    start-up does not build every command's parser; what it reads must not change."""
    from csp_desktop.cli import build_parser

    assert opens_window(argv)

    def outcome(parser):  # type: ignore[no-untyped-def]
        try:
            return vars(parser.parse_args(argv))
        except SystemExit as exc:
            return ("exit", exc.code, capsys.readouterr().err.splitlines()[-1])

    assert outcome(build_parser(window_only=True)) == outcome(build_parser())
