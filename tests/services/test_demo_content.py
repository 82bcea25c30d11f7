"""services/demo_content.py: the demo's content read from resources/demo/, complete and
consistent (every person a text names exists, every date in order), so an edit to the
JSON fails here, with the file and key named, rather than halfway through
`csp-desktop demo`."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csp_desktop.errors import UserError
from csp_desktop.models import BodyKind, MilestoneStatus
from csp_desktop.paths import resources_dir
from csp_desktop.services.demo_content import DEMO_FOLDER, load_demo_content
from csp_desktop.services.demo_meeting_content import Topic
from csp_desktop.services.demo_resource import DemoContentError

CONTENT = load_demo_content()
NAMED = re.compile(r"\{(\w+)(?:\.(\w+))?(?::[^}]*)?\}")
FIGURES = {figure.name for figure in CONTENT.rhythm.figures} | {"presenter"}


def all_topics() -> list[Topic]:
    topics = [topic for meeting in CONTENT.board_meetings for topic in meeting.topics]
    return topics + [topic for group in CONTENT.subgroups.topics.values() for topic in group]


def test_the_content_is_the_partnership_the_demo_describes() -> None:
    partnership = CONTENT.partnership
    assert len(partnership.people) == 31
    dates = [meeting.date for meeting in CONTENT.board_meetings]
    assert len(dates) == 10 and dates == sorted(dates)
    assert [priority.number for priority in partnership.priorities] == [1, 2, 3, 4, 5]
    kinds = [group.kind for group in partnership.subgroups]
    assert kinds.count(BodyKind.SUBGROUP) == 5 and kinds.count(BodyKind.OTHER) == 2
    milestones = [row for rows in CONTENT.plan.milestones.values() for row in rows]
    assert len(milestones) == 10
    assert {row.status for row in milestones} == {
        MilestoneStatus.COMPLETED,
        MilestoneStatus.IN_PROGRESS,
        MilestoneStatus.NOT_STARTED,
    }


def test_everyone_a_text_names_is_a_person_of_the_demo() -> None:
    people = CONTENT.partnership.people
    for topic in all_topics():
        assert topic.presenter in people, topic.title
        texts = [*topic.paragraphs, *topic.bullets, *topic.discussion, *topic.decisions]
        texts += [part for action in topic.actions for part in (action.owners, action.task)]
        for text in texts:
            for key, attribute in NAMED.findall(text):
                assert key in people or key in FIGURES, f"{topic.title}: {{{key}}}"
                assert attribute in ("", "full", "first", "initials"), text


def test_seats_chairs_members_and_scripts_name_people_of_the_demo() -> None:
    partnership = CONTENT.partnership
    keys = {seat.person for seat in partnership.board_seats}
    for group in partnership.subgroups:
        keys |= {group.chair, *group.members}
        assert group.short_name in CONTENT.subgroups.report_summaries
    for meeting in CONTENT.board_meetings:
        keys |= {*meeting.apologies, *meeting.guests}
        keys |= {entry.presenter for entry in meeting.forward_plan_entries}
        titles = {topic.title for topic in meeting.topics}
        assert {declaration.topic for declaration in meeting.declarations} <= titles
    assert keys <= set(partnership.people)
    assert set(CONTENT.subgroups.topics) == set(CONTENT.subgroups.meeting_dates)


def test_chances_are_chances_and_the_rhythm_runs_forward() -> None:
    rhythm = CONTENT.rhythm
    chances = [
        rhythm.present_below,
        rhythm.apologies_below,
        rhythm.subgroup_present_below,
        rhythm.reviewed_as_completed,
        rhythm.due_date_chance,
        rhythm.report_missing_below,
        rhythm.report_written_below,
    ]
    assert all(0 <= chance <= 1 for chance in chances)
    assert rhythm.present_below < rhythm.apologies_below
    assert rhythm.tracker_days_before > rhythm.board_agenda_days_before > 0
    assert all(figure.low < figure.high for figure in rhythm.figures)


def _break(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _drop_presenter(board: dict[str, Any]) -> None:
    del board["meetings"][0]["topics"][0]["presenter"]


def _unknown_guest(board: dict[str, Any]) -> None:
    board["meetings"][3]["guests"] = ["nobody"]


def _text_as_number(texts: dict[str, Any]) -> None:
    texts["due_text"] = 14


def _typo_in_template(texts: dict[str, Any]) -> None:
    texts["minutes_agreed"] = "The minutes of {dat} were agreed."


def _placeholder_in_plain_text(texts: dict[str, Any]) -> None:
    texts["no_declarations"] = "No declarations from {chair}."


def _month_as_words(rhythm: dict[str, Any]) -> None:
    rhythm["starts"] = "April 2024"


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "board",
            _drop_presenter,
            r"^board\.json: meetings\[0\]\.topics\[0\]\.presenter: missing$",
        ),
        (
            "board",
            _unknown_guest,
            r"^board\.json: meetings\[3\]\.guests\[0\]: 'nobody' is not a person",
        ),
        ("texts", _text_as_number, r"^texts\.json: due_text: expected text, found a number$"),
        ("texts", _typo_in_template, r"^texts\.json: minutes_agreed: \{dat\} names nothing"),
        (
            "texts",
            _placeholder_in_plain_text,
            r"^texts\.json: no_declarations: \{chair\} names nothing",
        ),
        ("rhythm", _month_as_words, r"^rhythm\.json: starts: expected a date and time"),
    ],
)
def test_a_malformed_file_fails_to_load_and_says_which_file_and_key(
    tmp_path: Path, name: str, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(resources_dir() / DEMO_FOLDER, folder)
    _break(folder, name, change)
    with pytest.raises(DemoContentError, match=message) as raised:
        load_demo_content(folder)
    # One plain line for the command line and the window, never a traceback.
    assert isinstance(raised.value, UserError)
    assert "\n" not in str(raised.value)


def test_a_missing_or_unreadable_file_says_which(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(resources_dir() / DEMO_FOLDER, folder)
    plan = (folder / "plan.json").read_text(encoding="utf-8")
    (folder / "plan.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DemoContentError, match=r"^plan\.json: cannot be read"):
        load_demo_content(folder)
    (folder / "plan.json").write_text(plan, encoding="utf-8")
    (folder / "texts.json").unlink()
    with pytest.raises(DemoContentError, match=r"^texts\.json: missing from "):
        load_demo_content(folder)
