"""The transcript benchmark runs (figures are for people; nothing timed is asserted)."""

from __future__ import annotations

from benchmarks.transcript_import import measure


def test_a_short_run_imports_every_turn() -> None:
    figures = measure(repeats=1, minutes=10)
    assert figures["cues"] > 100 and 0 < figures["turns"] <= figures["cues"]
