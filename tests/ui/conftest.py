"""UI tests drive dialogs the instant they open; the half-second key guard that protects
a typing note taker (`ui/key_guard.py`) is lowered for them, except where a test
checks the guard itself (`tests/ui/test_key_guard.py` sets it back)."""

from __future__ import annotations

import pytest

from csp_desktop.ui import key_guard


@pytest.fixture(autouse=True)
def _dialogs_take_keys_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_guard, "GUARD_SECONDS", 0.0)
