"""The layering is executable: which module may import which, read from the code itself.

Two checks. At run time, nothing below `csp_desktop.ui` loads Qt (a subprocess imports
every headless module). Statically, every import in the package (function-level ones
included; the models' `if TYPE_CHECKING:` imports aside) is parsed with `ast`, each
module is given a layer, and each layer's imports are checked against the allow-list
below (the table in docs/architecture.md); the module graph must have no cycles. A
failure names the rule, the importing module, the imported module and why the rule is
there.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import importlib
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = "csp_desktop"

# --- the layers and who may import whom --------------------------------------------------

# The layers every layer may use: the package itself (its name and version), and "base":
# plain errors, the clock, where data lives, the stored-text rule.
BASE = frozenset({"package", "base"})

# Pure text helpers that happen to live under services/: they import nothing but the
# standard library (checked below), so any layer may use them without touching a database.
PURE_HELPERS = frozenset({f"{PACKAGE}.services.formatting"})

# Layer -> the layers it may import (besides itself and BASE).
ALLOWED: Mapping[str, frozenset[str]] = {
    "entry": frozenset({"ui", "app", "commands", "usecases", "services", "storage", "models"}),
    "app": frozenset({"storage"}),
    "ui": frozenset({"app", "usecases", "services", "models"}),
    "commands": frozenset(
        {"app", "usecases", "services", "storage", "exports", "importers", "transcripts", "models"}
    ),
    "usecases": frozenset(
        {"app", "services", "storage", "exports", "importers", "transcripts", "models"}
    ),
    "services": frozenset({"models", "storage", "transcripts"}),
    "exports": frozenset({"services", "models"}),
    "importers": frozenset({"services"}),
    "transcripts": frozenset(),
    "storage": frozenset({"models"}),
    "models": frozenset(),
    "base": frozenset(),
    "package": frozenset(),
}

# Why each layer's list is what it is: one sentence, quoted in every failure.
WHY: Mapping[str, str] = {
    "entry": "the entry points put the program together and may reach anything.",
    "app": "the composition root opens storage for the CLI and the window and nothing else.",
    "ui": (
        "widgets only gather choices and show results; a workflow written in a widget must "
        "be written again for the CLI, so it belongs in usecases/ or services/."
    ),
    "commands": "CLI handlers parse, call a use case or service, and print; never the window.",
    "usecases": "a use case is a workflow the window and the CLI share: it may use every "
    "layer below it and the composition root's AppContext, but never a widget or argparse.",
    "services": "services own the rules over a session; they must not depend on files, "
    "papers or screens above them.",
    "exports": "exporters take plain data made by a service and only write or read files, "
    "so a paper never depends on a database being open.",
    "importers": "past minutes are read into plain documents with no database, so a file "
    "can be checked before anything is written.",
    "transcripts": "transcripts are read by hand into plain data with no database.",
    "storage": "storage opens, migrates and copies the database; it knows the tables, not "
    "the rules or the screens.",
    "models": "the models are the tables: everything depends on them, so they depend on nothing.",
    "base": "errors, clock, paths, patterns, the text rule and text decoding are used "
    "everywhere, so they must import nothing of the package.",
    "package": "the package's __init__ is imported by every module, so it imports none.",
}

# Third-party packages only some layers may import, and why.
DATABASE_LIBRARIES = frozenset({"sqlalchemy", "alembic"})
QT_LIBRARIES = frozenset({"PySide6", "shiboken6"})
NO_DATABASE_LAYERS = frozenset({"ui", "exports", "importers", "transcripts", "base"})
WHY_NO_DATABASE = (
    "only storage, models, services and use cases hold sessions; a widget, exporter or "
    "reader that touches SQLAlchemy has a workflow hidden in the wrong room."
)
WHY_NO_QT = "the CLI and the tests run without a display; Qt lives in ui/ alone."

# The window's composition root is `app.AppContext` (ui/launch.py builds the window from
# it through usecases/open_database.py). Its two helpers in ui/ run work in a session for
# the widgets (UiContext.read/write, the background writer), so they hold the Database.
# Nothing else in ui/ may import storage or SQLAlchemy.
COMPOSITION_ROOT: Mapping[str, frozenset[str]] = {
    f"{PACKAGE}.ui.context": frozenset({"storage", "sqlalchemy"}),
    f"{PACKAGE}.ui.background_writer": frozenset({"storage", "sqlalchemy"}),
}

# Who may import ui/: the window's own modules and the entry points.
WHY_NOT_UI = "the window sits on top: anything that imports it cannot run without Qt."

# Violations another helper is fixing on another branch (issue 13, helper i13-exports:
# exports without SQLAlchemy, no service importing a migration, the agenda<->minutes
# cycle). The integrator empties this set after merging their branch; every entry must
# still be a real violation (test_pending_entries_are_still_real), so none goes stale.
PENDING_ELSEWHERE: frozenset[tuple[str, str]] = frozenset()
# Cycles another helper is breaking (as sets of modules).
PENDING_CYCLES: frozenset[frozenset[str]] = frozenset()


# --- reading the imports ------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # the module imported (a submodule when `from pkg import submodule`)
    names: tuple[str, ...]  # what `from module import ...` took; empty for `import x`
    line: int


def layer_of(module: str) -> str:
    """The layer of a module of the package, or the top-level name of a library."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return parts[0]
    if len(parts) == 1:
        return "package"
    top = parts[1]
    if top in ("entry", "cli", "__main__", "logging_setup"):
        return "entry"
    if top in ("errors", "clock", "paths", "text_rules", "patterns", "text_decoding"):
        return "base"
    return top


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(tree: ast.AST, *, skip_type_checking: bool) -> Iterator[ast.AST]:
    """Every node, leaving out `if TYPE_CHECKING:` bodies when asked (the models only)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if skip_type_checking and isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def imports_of(
    module: str, source: str, *, is_package: bool, known: frozenset[str]
) -> list[Import]:
    """The imports in one module's source, resolved to module names."""
    tree = ast.parse(source)
    skip = layer_of(module) == "models"
    found: list[Import] = []
    for node in _walk(tree, skip_type_checking=skip):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(module, alias.name, (), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            plain = tuple(a.name for a in node.names if f"{target}.{a.name}" not in known)
            for alias in node.names:
                if f"{target}.{alias.name}" in known:  # `from pkg import submodule`
                    found.append(Import(module, f"{target}.{alias.name}", (), node.lineno))
            if plain:
                found.append(Import(module, target, plain, node.lineno))
    return found


def package_modules(root: Path) -> dict[str, tuple[str, bool]]:
    """module name -> (source, is_package), migrations left out (Alembic runs them)."""
    modules: dict[str, tuple[str, bool]] = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        parts = list(relative.parts)
        if "migrations" in parts:
            continue
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path.read_text(encoding="utf-8"), is_package)
    return modules


def import_graph(modules: Mapping[str, tuple[str, bool]]) -> list[Import]:
    known = frozenset(modules) | frozenset(
        {f"{PACKAGE}.storage.migrations", f"{PACKAGE}.storage.migrations.versions"}
    )
    return [
        found
        for name, (source, is_package) in modules.items()
        for found in imports_of(name, source, is_package=is_package, known=known)
    ]


# --- the rules ----------------------------------------------------------------------------


def _is_plain_data(value: object) -> bool:
    """An enum, a frozen dataclass or a constant: something a screen or paper may hold."""
    if isinstance(value, type):
        if issubclass(value, enum.Enum):
            return True
        if dataclasses.is_dataclass(value):
            return bool(value.__dataclass_params__.frozen)  # type: ignore[attr-defined]
        return False
    return isinstance(value, (str, int, float, tuple, frozenset, dict))


def _needs_no_database(value: object) -> bool:
    """Plain data, or a function that takes no session (formatting, text rules)."""
    if _is_plain_data(value):
        return True
    if inspect.isfunction(value):
        parameters = list(inspect.signature(value).parameters)
        return not parameters or parameters[0] not in ("session", "database", "connection")
    return False


def _names_pass(found: Import, check: Callable[[object], bool]) -> bool:
    if not found.names or "*" in found.names:
        return False
    module = importlib.import_module(found.imported)
    return all(check(getattr(module, name, None)) for name in found.names)


def rule_broken(found: Import) -> str | None:
    """The broken rule and why, or None when the import is allowed."""
    source, target = layer_of(found.importer), layer_of(found.imported)
    if target in QT_LIBRARIES and source != "ui":
        return f"no Qt below ui/ ({source} imports {target}): {WHY_NO_QT}"
    if not found.imported.startswith(PACKAGE):
        if target in DATABASE_LIBRARIES and source in NO_DATABASE_LAYERS:
            if target in COMPOSITION_ROOT.get(found.importer, frozenset()):
                return None
            return f"no SQLAlchemy in {source}/: {WHY_NO_DATABASE}"
        return None
    if target == "ui" and source not in ("ui", "entry"):
        return f"nothing imports ui/ but the entry points: {WHY_NOT_UI}"
    if found.imported in PURE_HELPERS or target in BASE or target == source:
        return None
    if target in COMPOSITION_ROOT.get(found.importer, frozenset()):
        return None
    if target not in ALLOWED[source]:
        return f"{source} may import only {_listed(ALLOWED[source])}: {WHY[source]}"
    plain_models = source in ("ui", "exports") and target == "models"
    if plain_models and not _names_pass(found, _is_plain_data):
        return (
            f"{source} may take only enums and frozen data from models/, never a table "
            f"class or a query: {WHY[source]}"
        )
    plain_services = source == "exports" and target == "services"
    if plain_services and not _names_pass(found, _needs_no_database):
        return (
            "exports may take only frozen data and functions without a session from "
            f"services/: {WHY[source]}"
        )
    return None


def _listed(layers: Iterable[str]) -> str:
    return (
        ", ".join(sorted({*layers, "errors/clock/paths/patterns/text_rules/text_decoding"}))
        or "nothing"
    )


def violations(graph: Iterable[Import]) -> list[tuple[Import, str]]:
    return [(found, why) for found in graph if (why := rule_broken(found)) is not None]


def describe(found: Import, why: str) -> str:
    return f"{found.importer} (line {found.line}) imports {found.imported}: rule: {why}"


def strongly_connected(edges: Mapping[str, Iterable[str]]) -> list[frozenset[str]]:
    """Tarjan's algorithm, iterative: every strongly connected set of 2+ modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(frozenset(members))
    return found


def module_edges(graph: Iterable[Import], modules: Iterable[str]) -> dict[str, set[str]]:
    """importer -> the package's modules it imports (the package's own `__init__`s that
    only re-export their children are left out: they are not a dependency of the child)."""
    known = set(modules)
    edges: dict[str, set[str]] = {name: set() for name in known}
    for found in graph:
        if found.imported in known and found.imported != found.importer:
            if found.importer.startswith(found.imported + "."):
                continue  # a module reading its own package's __init__
            edges[found.importer].add(found.imported)
    return edges


# --- the tests ----------------------------------------------------------------------------


def _package_graph() -> tuple[dict[str, tuple[str, bool]], list[Import]]:
    modules = package_modules(REPO_ROOT)
    return modules, import_graph(modules)


def test_every_import_follows_the_layer_rules() -> None:
    _modules, graph = _package_graph()
    broken = [
        describe(found, why)
        for found, why in violations(graph)
        if (found.importer, found.imported) not in PENDING_ELSEWHERE
    ]
    assert not broken, "Imports against the layer rules:\n" + "\n".join(broken)


def test_pending_entries_are_still_real() -> None:
    """Once another branch fixes one, its entry must go (the set only ever shrinks)."""
    _modules, graph = _package_graph()
    real = {(found.importer, found.imported) for found, _why in violations(graph)}
    stale = sorted(PENDING_ELSEWHERE - real)
    assert not stale, f"Fixed meanwhile; remove from PENDING_ELSEWHERE: {stale}"


def test_no_import_cycles() -> None:
    modules, graph = _package_graph()
    found = strongly_connected(module_edges(graph, modules))
    stale = PENDING_CYCLES - set(found)
    assert not stale, f"Broken meanwhile; remove from PENDING_CYCLES: {sorted(map(sorted, stale))}"
    cycles = [c for c in found if c not in PENDING_CYCLES]
    assert not cycles, (
        "Import cycles (a cycle means neither module can be understood, tested or moved "
        "alone; a function-level import only hides it): "
        + "; ".join(" <-> ".join(sorted(c)) for c in cycles)
    )


def test_pure_helpers_import_only_the_standard_library() -> None:
    _modules, graph = _package_graph()
    leaks = [
        f"{found.importer} imports {found.imported}"
        for found in graph
        if found.importer in PURE_HELPERS
        and (found.imported.startswith(PACKAGE) or layer_of(found.imported) in DATABASE_LIBRARIES)
    ]
    assert not leaks, "A pure helper any layer may import must stay pure: " + "; ".join(leaks)


def test_the_checker_catches_planted_violations() -> None:
    """A small synthetic package with one of each violation: each must be caught."""
    modules = {
        f"{PACKAGE}.ui.sneaky_tab": (
            "from csp_desktop.storage.database import Database\n"
            "def f():\n    from sqlalchemy.orm import Session\n",
            False,
        ),
        f"{PACKAGE}.exports.paper": ("import sqlalchemy\n", False),
        f"{PACKAGE}.services.upward": ("from csp_desktop.ui import main_window\n", False),
        f"{PACKAGE}.storage.rules": ("from csp_desktop.services import meetings\n", False),
        f"{PACKAGE}.services.meetings": ("from . import ping\n", False),
        f"{PACKAGE}.services.ping": ("from csp_desktop.services import meetings\n", False),
        f"{PACKAGE}.ui.main_window": ("from csp_desktop.usecases import export_papers\n", False),
        f"{PACKAGE}.usecases.export_papers": ("from csp_desktop.services import ping\n", False),
        f"{PACKAGE}.models.meeting": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from csp_desktop.models.action import Action\n",
            False,
        ),
        f"{PACKAGE}.models.action": ("from csp_desktop.models.meeting import Meeting\n", False),
    }
    graph = import_graph(modules)
    caught = {(found.importer, found.imported): why for found, why in violations(graph)}
    assert set(caught) == {
        (f"{PACKAGE}.ui.sneaky_tab", f"{PACKAGE}.storage.database"),
        (f"{PACKAGE}.ui.sneaky_tab", "sqlalchemy.orm"),  # function-level imports count
        (f"{PACKAGE}.exports.paper", "sqlalchemy"),
        (f"{PACKAGE}.services.upward", f"{PACKAGE}.ui.main_window"),
        (f"{PACKAGE}.storage.rules", f"{PACKAGE}.services.meetings"),
    }
    message = describe(
        next(f for f in graph if f.imported == f"{PACKAGE}.storage.database"),
        caught[(f"{PACKAGE}.ui.sneaky_tab", f"{PACKAGE}.storage.database")],
    )
    assert "csp_desktop.ui.sneaky_tab" in message and "storage.database" in message
    assert "ui may import only" in message and "belongs in usecases/" in message
    # The services cycle is found; the models' TYPE_CHECKING import makes none.
    assert strongly_connected(module_edges(graph, modules)) == [
        frozenset({f"{PACKAGE}.services.meetings", f"{PACKAGE}.services.ping"})
    ]


def test_ui_may_take_enums_but_not_tables_from_models() -> None:
    enum_import = Import(f"{PACKAGE}.ui.tab", f"{PACKAGE}.models", ("ActionStatus",), 1)
    table_import = Import(f"{PACKAGE}.ui.tab", f"{PACKAGE}.models", ("SubgroupReport",), 2)
    assert rule_broken(enum_import) is None
    assert "never a table class" in (rule_broken(table_import) or "")


# Every module under these is imported; `csp_desktop.ui` is the only place Qt may live.
HEADLESS = (
    "csp_desktop.models",
    "csp_desktop.storage",
    "csp_desktop.services",
    "csp_desktop.exports",
    "csp_desktop.usecases",
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
        "csp_desktop.usecases.import_minutes",
    } <= imported
