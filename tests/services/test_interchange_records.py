"""The interchange records are plain data: no database code, frozen, comparable by value."""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect

from csp_desktop.models import base as model_enums
from csp_desktop.services import interchange_records


def test_the_records_module_imports_no_database_code() -> None:
    """The reader (in exports/) builds these records: they must not bring a session in."""
    tree = ast.parse(inspect.getsource(interchange_records))
    imported: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update({alias.name: () for alias in node.names})
        elif isinstance(node, ast.ImportFrom):
            imported[node.module or ""] = tuple(alias.name for alias in node.names)
    assert not [name for name in imported if name.split(".")[0] in ("sqlalchemy", "alembic")]
    for name in imported.get("csp_desktop.models", ()):
        value = getattr(model_enums, name)
        assert isinstance(value, type) and issubclass(value, enum.Enum), name
    assert {name for name in imported if name.startswith("csp_desktop")} == {"csp_desktop.models"}


def test_every_record_is_frozen() -> None:
    records = [
        value
        for value in vars(interchange_records).values()
        if dataclasses.is_dataclass(value) and value.__module__ == interchange_records.__name__
    ]
    assert len(records) >= 18
    for record in records:
        assert record.__dataclass_params__.frozen, record.__name__
