"""models/__init__.py: `schema()` is every table, and the only way code outside models/
reaches the metadata (one place to answer "every table", for copies, checks, merges and
migrations)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "csp_desktop"

EVERY_TABLE = """
import importlib, json, pkgutil
import csp_desktop.models as models
found = sorted(models.schema().tables)
for module in pkgutil.iter_modules(models.__path__):
    importlib.import_module(f"csp_desktop.models.{module.name}")
print(json.dumps({"schema": found, "every_module": sorted(models.Base.metadata.tables)}))
"""


def test_schema_is_every_table_of_every_model_module():
    """A fresh interpreter: the package alone gives the tables of every module in it."""
    child = subprocess.run(
        [sys.executable, "-c", EVERY_TABLE], capture_output=True, text=True, timeout=120, check=True
    )
    found = json.loads(child.stdout)
    assert found["schema"] == found["every_module"]
    assert "transcript_turn" in found["schema"]


def test_only_the_models_read_base_metadata():
    """Outside models/, code asks `schema()` for every table."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "models":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "metadata"
                and isinstance(node.value, ast.Name)
                and node.value.id == "Base"
            ):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []
