"""Nothing below `csp_desktop.ui` loads Qt: the headless layers import without PySide6."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

# Every module under these is imported; `csp_desktop.ui` is the only place Qt may live.
HEADLESS = (
    "csp_desktop.models",
    "csp_desktop.storage",
    "csp_desktop.services",
    "csp_desktop.exports",
    "csp_desktop.commands",
    "csp_desktop.cli",
    "csp_desktop.app",
    "csp_desktop.clock",
    "csp_desktop.paths",
    "csp_desktop.errors",
)

PROBE = """
import importlib, json, pkgutil, sys
roots = json.loads(sys.argv[1])
imported = []
for root in roots:
    module = importlib.import_module(root)
    imported.append(root)
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, root + "."):
            if ".migrations" in info.name:
                continue  # Alembic scripts run inside Alembic, not on import
            importlib.import_module(info.name)
            imported.append(info.name)
qt = sorted(name for name in sys.modules if name == "PySide6" or name.startswith("PySide6."))
print(json.dumps({"imported": imported, "qt": qt}))
"""


def test_headless_layers_never_import_pyside6() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEADLESS)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["qt"] == [], f"PySide6 loaded by a headless module: {report['qt']}"
    imported = set(report["imported"])
    # The walk really reached the service modules, not just the packages.
    assert {
        "csp_desktop.services.meetings",
        "csp_desktop.services.actions",
        "csp_desktop.services.action_parser",
        "csp_desktop.commands.check",
        "csp_desktop.storage.database",
        "csp_desktop.models.action",
    } <= imported
