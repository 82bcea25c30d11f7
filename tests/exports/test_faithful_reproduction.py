"""Real published minutes, written by hand as interchange documents, come back out of the
Word minutes as the council printed them (see tests/exports/faithful.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, SEEDS
from tests.exports import faithful
from tests.exports.faithful import check_faithful, published_lines, squash

# (published text, document written from it)
MEETINGS = [
    (SEEDS / "csp-board-2022-06-29.txt", FIXTURES / "csp-board-2022-06-29.json"),
    (SEEDS / "csp-board-2022-10-05.txt", FIXTURES / "csp-board-2022-10-05.json"),
    (
        FIXTURES / "more" / "01_argyll-maki-csf-2011-08-02.txt",
        FIXTURES / "more" / "01_argyll-maki-csf-2011-08-02.json",
    ),
    (
        FIXTURES / "more" / "15_csrwl-childrens-partnership-board-2016-03-10.txt",
        FIXTURES / "more" / "15_csrwl-childrens-partnership-board-2016-03-10.json",
    ),
]


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("published, document", MEETINGS, ids=[m[1].stem for m in MEETINGS])
def test_published_minutes_are_reproduced(tmp_path: Path, published: Path, document: Path) -> None:
    report = check_faithful(published.read_text(encoding="utf-8"), _load(document), tmp_path)
    assert report.ok, report.explain()
    assert report.share >= 0.95


def test_the_public_version_withholds_exactly_the_restricted_minutes(tmp_path: Path) -> None:
    document = _load(FIXTURES / "csp-board-2022-10-05.json")
    restricted = [item for item in document["agenda_items"] if item["restricted"]]
    assert {item["number"] for item in restricted} == {"4", "7", "9", "10"}
    report = check_faithful(
        (SEEDS / "csp-board-2022-10-05.txt").read_text(encoding="utf-8"), document, tmp_path
    )
    assert report.ok, report.explain()
    public = squash(report.public_text)
    assert squash("Item restricted") in public
    for item in restricted:
        assert squash(item["title"]) in public  # the title is published, the minute is not
    # An item the council titled RESTRICTED but published in full: open, label kept.
    opened = copy.deepcopy(document)
    for item in opened["agenda_items"]:
        if item["number"] == "4":
            item["restricted"] = False
    report = check_faithful(
        (SEEDS / "csp-board-2022-10-05.txt").read_text(encoding="utf-8"), opened, tmp_path / "o"
    )
    assert report.ok, report.explain()
    assert squash("RESTRICTED: Crime and Disorder Strategic Assessment 2021/2022") in squash(
        report.public_text
    )
    assert squash("Daniel James noted there were no significant changes") in squash(
        report.public_text
    )


def test_a_public_summary_is_printed_instead_of_the_minute(tmp_path: Path) -> None:
    document = _load(FIXTURES / "csp-board-2022-10-05.json")
    for item in document["agenda_items"]:
        if item["number"] == "9":
            item["public_summary"] = "The board received a verbal update on the duty."
    report = check_faithful(
        (SEEDS / "csp-board-2022-10-05.txt").read_text(encoding="utf-8"), document, tmp_path
    )
    assert report.ok, report.explain()
    public = squash(report.public_text)
    assert squash("The board received a verbal update on the duty.") in public
    assert squash("The Serious Violence Duty") not in public


def test_the_check_fails_and_shows_the_difference_when_text_is_lost(tmp_path: Path) -> None:
    published, path = MEETINGS[3]
    document = _load(path)
    document["agenda_items"][2]["minutes_text"] = "Noted."
    document["agenda_items"][1]["title"] = "Elect a Chair"
    report = check_faithful(published.read_text(encoding="utf-8"), document, tmp_path)
    assert not report.ok
    explained = report.explain()
    assert (
        "- published: The Board agreed the minutes of the meeting held on 10 December" in explained
    )
    assert "+ exported:" in explained
    assert "required but missing" not in explained or "title" not in explained


def test_a_leak_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself notices restricted text in a public version that printed it,
    but not words an open item also prints."""
    published, path = MEETINGS[1]
    document = _load(path)
    secret = "The secret figure was 41 incidents in the quarter at the named address."
    shared = "These words stand in a restricted minute and in an open one alike."
    for item in document["agenda_items"]:
        if item["number"] == "4":
            item["minutes_text"] += f"\n\n{secret}\n\n{shared}"
        if item["number"] == "5":
            item["minutes_text"] += f"\n\n{shared}"
    real_export = faithful._export

    def leaky_export(document: Any, folder: Path) -> tuple[str, str]:
        full, _public = real_export(document, folder)
        return full, full  # a public version that withheld nothing

    monkeypatch.setattr(faithful, "_export", leaky_export)
    report = check_faithful(published.read_text(encoding="utf-8"), document, tmp_path)
    assert secret in report.leaked and shared not in report.leaked
    assert not report.ok


def test_published_lines_drop_marks_and_website_furniture() -> None:
    text = (
        "SOURCE: x\n\nAgenda and minutes\nMinutes:\n- Burglary offences\n1.** Ensuring\n"
        "o Sub point\n2."
    )
    assert published_lines(text) == ["Burglary offences", "Ensuring", "Sub point"]
