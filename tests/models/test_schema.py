"""models/__init__.py: classes loaded later are still every class, wherever it counts.

Twenty classes load when first named, not with the package (start-up, issue 13). These
tests hold the two rules that keep that safe: the ORM never configures without them, and
whoever needs every table asks `schema()`. Each runs in a fresh interpreter, where
nothing has named the later classes yet.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "csp_desktop"


def fresh(code: str) -> dict[str, object]:
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return dict(json.loads(child.stdout))


EVERY_CLASS = """
import importlib, pkgutil
import csp_desktop.models as models
for module in pkgutil.iter_modules(models.__path__):
    importlib.import_module(f"csp_desktop.models.{module.name}")
print(sorted(m.class_.__name__ for m in models.Base.registry.mappers))
"""


def every_class() -> list[str]:
    child = subprocess.run(
        [sys.executable, "-c", EVERY_CLASS], capture_output=True, text=True, check=True
    )
    return list(ast.literal_eval(child.stdout))


def test_the_package_leaves_the_later_classes_unloaded_until_named():
    found = fresh(
        "import json, sys\n"
        "import csp_desktop.models as models\n"
        "before = sorted(m.class_.__name__ for m in models.Base.registry.mappers)\n"
        "from csp_desktop.models import Transcript\n"
        "print(json.dumps({'before': before, 'named': Transcript.__tablename__,\n"
        "    'later': sorted(models.LOADED_LATER)}))\n"
    )
    assert found["named"] == "transcript"
    assert not set(found["before"]) & set(found["later"])  # type: ignore[arg-type]


def test_configuring_the_mappers_loads_every_class_first():
    found = fresh(
        "import json\n"
        "import csp_desktop.models as models\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "configure_mappers()\n"
        "mappers = models.Base.registry.mappers\n"
        "print(json.dumps({'classes': sorted(m.class_.__name__ for m in mappers),\n"
        "    'configured': all(m.configured for m in mappers)}))\n"
    )
    assert found["classes"] == every_class()
    assert found["configured"] is True


def test_schema_is_every_table():
    found = fresh(
        "import json\n"
        "import csp_desktop.models as models\n"
        "print(json.dumps({'tables': sorted(models.schema().tables)}))\n"
    )
    expected = fresh(
        "import importlib, json, pkgutil\n"
        "import csp_desktop.models as models\n"
        "for module in pkgutil.iter_modules(models.__path__):\n"
        "    importlib.import_module(f'csp_desktop.models.{module.name}')\n"
        "print(json.dumps({'tables': sorted(models.Base.metadata.tables)}))\n"
    )
    assert found["tables"] == expected["tables"]
    assert "transcript_turn" in found["tables"]  # type: ignore[operator]


def test_only_the_models_read_base_metadata():
    """`Base.metadata` lacks the later tables until they are named: outside models/,
    code asks `schema()` (a copy or a merge that missed a table would lose rows)."""
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
