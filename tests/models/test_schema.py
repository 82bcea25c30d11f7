"""models/__init__.py: the classes loaded later are still every class, wherever it counts.

Twenty-two classes load together when one of them is first named, not with the package
(start-up, issue 13). These tests hold the rules that keep that safe: the ORM never
configures without them, their modules are imported only under SQLAlchemy's configure
lock (no deadlock between a thread loading them and one configuring), and whoever needs
every table asks `schema()`. Each runs in a fresh interpreter, where nothing has named
the later classes yet.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy.orm import mapperlib

from csp_desktop.models import LOADED_LATER

PACKAGE = Path(__file__).resolve().parents[2] / "csp_desktop"
LATER_MODULES = {f"csp_desktop.models.{name}" for name in LOADED_LATER}


def fresh(code: str, timeout: float = 120) -> dict[str, object]:
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, check=True
    )
    return dict(json.loads(child.stdout))


EVERY_MODULE = """
import importlib, json, pkgutil
import csp_desktop.models as models
for module in pkgutil.iter_modules(models.__path__):
    importlib.import_module(f"csp_desktop.models.{module.name}")
print(json.dumps({"classes": sorted(m.class_.__name__ for m in models.Base.registry.mappers),
    "tables": sorted(models.Base.metadata.tables)}))
"""


def test_the_package_leaves_the_later_classes_unloaded_until_one_is_named():
    found = fresh(
        "import json, sys\n"
        "import csp_desktop.models as models\n"
        "before = sorted(m.class_.__name__ for m in models.Base.registry.mappers)\n"
        "from csp_desktop.models import Transcript\n"
        "after = sorted(m.class_.__name__ for m in models.Base.registry.mappers)\n"
        "print(json.dumps({'before': before, 'after': after, 'named': Transcript.__tablename__,\n"
        "    'later': sorted(n for names in models.LOADED_LATER.values() for n in names)}))\n"
    )
    assert found["named"] == "transcript"
    assert not set(found["before"]) & set(found["later"])  # type: ignore[arg-type]
    # One name loads them all: no state in which some later classes exist and others not.
    assert found["after"] == fresh(EVERY_MODULE)["classes"]


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
    assert found["classes"] == fresh(EVERY_MODULE)["classes"]
    assert found["configured"] is True


def test_schema_is_every_table_of_every_model_module():
    found = fresh(
        "import json\n"
        "import csp_desktop.models as models\n"
        "print(json.dumps({'tables': sorted(models.schema().tables)}))\n"
    )
    assert found["tables"] == fresh(EVERY_MODULE)["tables"]
    assert "transcript_turn" in found["tables"]  # type: ignore[operator]


RACE = """
import json, threading
import csp_desktop.models as models
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, configure_mappers
engine = create_engine("sqlite://")
start = threading.Barrier(6)
errors = []
def configure():
    start.wait(); configure_mappers()
def name_one():
    start.wait(); models.ActionOwner.__tablename__
def name_in_a_statement():
    start.wait(); str(select(models.SubgroupReport).where(models.SubgroupReport.id == 1))
def orm_on_a_first_screen_class():
    start.wait()
    with Session(engine) as session:
        str(select(models.Meeting).join(models.Meeting.items).compile(engine))
def schema():
    start.wait(); models.schema()
def import_a_service():
    start.wait(); import csp_desktop.services.actions
def run(job):
    try:
        job()
    except Exception as error:
        errors.append(repr(error))
jobs = [configure, name_one, name_in_a_statement, orm_on_a_first_screen_class, schema,
    import_a_service]
threads = [threading.Thread(target=run, args=(job,), daemon=True) for job in jobs]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(60)
mappers = models.Base.registry.mappers
print(json.dumps({"hung": sum(t.is_alive() for t in threads), "errors": errors,
    "classes": len(mappers), "configured": all(m.configured for m in mappers)}))
"""


def test_loading_and_configuring_on_six_threads_at_once_never_hangs():
    """Each job on its own thread, released together: the classes are loaded and the
    mappers configured by whichever gets there first, the others wait, none deadlocks."""
    classes = len(fresh(EVERY_MODULE)["classes"])  # type: ignore[arg-type]
    for _ in range(4):
        found = fresh(RACE, timeout=90)
        assert found == {"hung": 0, "errors": [], "classes": classes, "configured": True}


def test_the_lock_the_loading_takes_is_sqlalchemys_reentrant_configure_lock():
    """`load_every_class` relies on a private SQLAlchemy name; a release that renames it
    or makes it a plain lock must fail here, not deadlock a user's window."""
    lock = mapperlib._CONFIGURE_MUTEX
    assert isinstance(lock, type(threading.RLock()))


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, except those under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_later_modules_are_imported_only_by_load_every_class():
    """Imported any other way, a later class would be built outside the configure lock:
    name the class through the package (`models.Action`, `from csp_desktop.models import
    Action`) instead."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "models" / "__init__.py":
            continue
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif node.module == "csp_desktop.models":
                modules = [f"csp_desktop.models.{alias.name}" for alias in node.names]
            else:
                modules = [node.module or ""]
            for module in modules:
                if module in LATER_MODULES:
                    offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {module}")
    assert offenders == []


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


def test_the_warm_ups_steps_load_every_class_and_a_configure_midway_completes_them():
    found = fresh(
        "import json\n"
        "import csp_desktop.models as models\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "steps = models.later_class_loaders()\n"
        "for step in steps[:3]:\n"
        "    step()\n"
        "midway = len(models.Base.registry.mappers)\n"
        "configure_mappers()\n"
        "mappers = models.Base.registry.mappers\n"
        "configured = len(mappers), all(m.configured for m in mappers)\n"
        "for step in steps:\n"
        "    step()\n"
        "print(json.dumps({'steps': len(steps), 'midway': midway, 'configured': configured,\n"
        "    'named': models.TranscriptTurn.__tablename__}))\n"
    )
    classes = len(fresh(EVERY_MODULE)["classes"])  # type: ignore[arg-type]
    assert found["steps"] == len(LOADED_LATER) + 1
    assert 8 < found["midway"] < classes  # type: ignore[operator]
    assert found["configured"] == [classes, True]
    assert found["named"] == "transcript_turn"


def test_every_later_class_is_exported_and_every_export_resolves() -> None:
    """`__all__` stays a plain list for tools and readers; this keeps it in step with
    `LOADED_LATER`, the list the lazy loader goes by."""
    import csp_desktop.models as models

    later = {name for names in LOADED_LATER.values() for name in names}
    assert later <= set(models.__all__)
    for name in models.__all__:
        assert getattr(models, name) is not None, name
