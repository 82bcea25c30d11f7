"""Storage tests exercise the migrations themselves: every new database here is migrated
for real, never copied from the session's template (tests/templates.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _new_databases_from_template() -> None:
    """Overrides the root conftest's fixture of the same name: no template here."""
