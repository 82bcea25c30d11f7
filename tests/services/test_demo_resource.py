"""services/demo_resource.py: reading a demo resource file names the file and the key
path of whatever is missing or of the wrong kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from csp_desktop.services.demo_resource import DemoContentError, ResourceValue, read_resource

FILE = ResourceValue(
    {
        "_about": "notes for editors, never read",
        "meetings": [{"date": "2024-09-18", "venue": "online", "guests": ["mopac"]}],
        "milestones": {"1": ["a"], "2": []},
        "start": "14:00",
        "chance": 0.35,
        "count": 3,
        "flag": True,
        "template": "{chair.full} opened the {month:%B %Y} board.",
    },
    "board.json",
)


def test_values_are_read_by_kind_with_their_place_in_the_file() -> None:
    meeting = FILE["meetings"].list()[0]
    assert meeting.where == "meetings[0]"
    assert meeting["guests"].list()[0].where == "meetings[0].guests[0]"
    assert meeting["date"].day() == dt.date(2024, 9, 18)
    assert FILE["start"].clock_time() == dt.time(14, 0)
    assert FILE["chance"].number() == 0.35 and FILE["count"].number() == 3.0
    assert FILE["count"].whole() == 3 and FILE["flag"].flag() is True
    assert "_about" not in {key for key, _value in FILE.entries()}
    assert [number for number, _rows in FILE["milestones"].numbered_entries()] == [1, 2]
    assert meeting.list_or_empty("apologies") == [] and not meeting.flag_or_false("early")


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (
            lambda: FILE["meetings"].list()[0]["topics"],
            r"^board\.json: meetings\[0\]\.topics: missing$",
        ),
        (lambda: FILE["count"].text(), r"^board\.json: count: expected text, found a number$"),
        (
            lambda: FILE["flag"].whole(),
            r"^board\.json: flag: expected a whole number, found true/false$",
        ),
        (lambda: FILE["chance"].whole(), r"^board\.json: chance: expected a whole number"),
        (
            lambda: FILE["start"].day(),
            r"^board\.json: start: expected a date like 2024-09-18, found '14:00'$",
        ),
        (
            lambda: FILE["meetings"].list(2),
            r"^board\.json: meetings: expected at least 2 entries, found 1$",
        ),
        (
            lambda: FILE["meetings"].entries(),
            r"^board\.json: meetings: expected an object, found a list$",
        ),
        (
            lambda: FILE["start"].key_of({"online"}, "a venue"),
            r"^board\.json: start: '14:00' is not a venue$",
        ),
        (lambda: FILE["count"]["x"], r"^board\.json: count: expected an object, found a number$"),
    ],
)
def test_what_is_wrong_and_where(read: Callable[[], object], message: str) -> None:
    with pytest.raises(DemoContentError, match=message):
        read()


def test_a_template_names_only_what_is_filled_in() -> None:
    template = FILE["template"]
    assert template.template({"chair", "month"}, ("full",)).startswith("{chair.full}")
    with pytest.raises(DemoContentError, match=r"^board\.json: template: \{month\} names nothing"):
        template.template({"chair"}, ("full",))
    with pytest.raises(DemoContentError, match=r"no such detail as 'full'"):
        template.template({"chair", "month"}, ("first",))
    broken = ResourceValue("{chair opened", "texts.json", "introductions")
    with pytest.raises(
        DemoContentError, match=r"^texts\.json: introductions: not a valid template"
    ):
        broken.template({"chair"})


def test_the_top_level_must_be_an_object(tmp_path: Path) -> None:
    (tmp_path / "board.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(
        DemoContentError, match=r"^board\.json: \(the whole file\): expected an object"
    ):
        read_resource(tmp_path, "board")
