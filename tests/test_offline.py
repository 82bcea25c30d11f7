"""Offline and quiet: no network code in the package, no connection attempts at run time.

Council laptops are often offline and watched by data-protection officers: the app must
not phone home, check for updates or send telemetry. (A shared PostgreSQL server chosen
with --database-url is the user's own choice and goes through the database driver.)
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "csp_desktop"

# Modules that talk to the network. `urllib.parse` is fine (SQLAlchemy URLs), so only
# the fetching half of urllib is listed.
NETWORK_MODULES = (
    "socket",
    "ssl",
    "http.client",
    "http.server",
    "urllib.request",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "websocket",
    "websockets",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "xmlrpc",
    "socketserver",
    "asyncio.streams",
    "PySide6.QtNetwork",
    "PySide6.QtWebSockets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
)


def _is_network(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in NETWORK_MODULES)


def _imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call):
            # importlib.import_module("socket") / __import__("requests")
            callee = ast.unparse(node.func)
            if callee.endswith(("import_module", "__import__")) and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def test_the_scan_finds_what_it_looks_for() -> None:
    tree = ast.parse(
        "import socket\nfrom urllib import request\nfrom PySide6 import QtNetwork\n"
        "import importlib\nimportlib.import_module('requests')\nfrom urllib.parse import quote\n"
    )
    network = {m for m in _imported_modules(tree) if _is_network(m)}
    assert network == {"socket", "urllib.request", "PySide6.QtNetwork", "requests"}


def test_no_network_modules_in_the_package() -> None:
    offenders = []
    for source in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for module in sorted(_imported_modules(tree)):
            if _is_network(module):
                offenders.append(f"{source.relative_to(PACKAGE.parent)}: {module}")
    assert offenders == []


# A child process runs commands in-process and reports every network attempt the
# interpreter makes (audit events) and which network modules got loaded.
PROBE = textwrap.dedent(
    """
    import json, sys
    attempts = []
    def audit(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                     "socket.sendto", "urllib.Request", "http.client.connect"):
            attempts.append(event)
    sys.addaudithook(audit)
    from csp_desktop.cli import main
    codes = [main(argv) for argv in json.loads(sys.argv[1])]
    print(json.dumps({"codes": codes, "attempts": attempts, "modules": sorted(sys.modules)}))
    """
)


def run_probe(commands: list[list[str]], tmp_path: Path) -> dict[str, list]:  # type: ignore[type-arg]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CSP_DESKTOP_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list] = json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[type-arg]
    return result


def _exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.mark.skipif(not _exists("csp_desktop.ui.launch"), reason="the GUI launcher is not in yet")
def test_gui_start_loads_no_network_module_and_connects_nowhere(tmp_path: Path) -> None:
    result = run_probe([["--db", str(tmp_path / "gui.db"), "--smoke-test"]], tmp_path)

    assert result["codes"] == [0]
    assert result["attempts"] == []
    assert "PySide6.QtGui" in result["modules"]  # the probe really opened the window
    assert [m for m in result["modules"] if _is_network(m) and m.startswith("PySide6")] == []


@pytest.mark.skipif(
    not all(_exists(f"csp_desktop.commands.{name}") for name in ("demo", "check", "papers")),
    reason="the demo, check and export commands are not all in yet",
)
def test_headless_commands_connect_nowhere(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    result = run_probe(
        [
            ["--db", db, "demo"],
            ["--db", db, "export", "actions", "-o", str(tmp_path / "tracker.xlsx")],
            ["--db", db, "check"],
        ],
        tmp_path,
    )

    assert result["codes"] == [0, 0, 0]
    assert result["attempts"] == []
    assert not [m for m in result["modules"] if m.startswith("PySide6")]


def test_a_command_that_opens_and_copies_a_database_connects_nowhere(tmp_path: Path) -> None:
    from csp_desktop.storage import open_database

    db = tmp_path / "meetings.db"
    open_database(db).close()

    result = run_probe([["--db", str(db), "backup", "-o", str(tmp_path / "copy.db")]], tmp_path)

    assert result["codes"] == [0]
    assert (tmp_path / "copy.db").is_file()
    assert result["attempts"] == []
    assert not [m for m in result["modules"] if m.startswith("PySide6")]
