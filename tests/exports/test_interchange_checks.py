"""Checking a decoded meeting file: the data passes through untouched or is refused in
one line naming the field (the full list of refusals is in test_interchange.py)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from csp_desktop.errors import ValidationError
from csp_desktop.exports.interchange_checks import check_document
from tests.conftest import FIXTURES


def october() -> dict[str, Any]:
    return json.loads((FIXTURES / "csp-board-2022-10-05.json").read_text(encoding="utf-8"))


def test_a_good_document_passes_through_unchanged() -> None:
    document = october()
    before = copy.deepcopy(document)
    assert check_document(document) is document
    assert document == before


def test_a_reference_to_a_missing_item_is_refused_by_path() -> None:
    document = october()
    document["declarations"] = [{"person": "Andy Opie", "item": "99"}]
    with pytest.raises(ValidationError) as caught:
        check_document(document)
    assert str(caught.value) == (
        'declarations[0].item: refers to item "99", which is not on the agenda.'
    )


def test_a_file_that_is_not_one_meeting_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"^the file must hold one meeting"):
        check_document([october()])


def test_seconds_too_large_for_a_time_are_refused() -> None:
    """A transcript turn is read as float seconds: 1e400 (infinity) and a 400-digit whole
    number would not come back as a time, so the check refuses them by path."""
    for value, shown in ((float("inf"), "too large"), (10**400, "a number of 401 digits")):
        document = october()
        document["transcript"] = [
            {"speaker": "Speaker 1", "start_seconds": 0, "end_seconds": value, "text": "Hi"}
        ]
        with pytest.raises(ValidationError) as caught:
            check_document(document)
        assert str(caught.value).startswith(f"transcript[0].end_seconds: is {shown}, more than")
