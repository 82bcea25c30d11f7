"""services/demo_content.py: the demo's content read from resources/demo/, complete and
consistent (every person a text names exists, every date in order), so an edit to the
JSON fails here rather than halfway through `csp-desktop demo`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from csp_desktop.models import BodyKind, MilestoneStatus
from csp_desktop.paths import resources_dir
from csp_desktop.services.demo_content import DEMO_FOLDER, Topic, load_demo_content

CONTENT = load_demo_content()
NAMED = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
FIGURES = {"n1", "n2", "n3", "big", "p1", "p2", "p3", "rank", "presenter"}


def all_topics() -> list[Topic]:
    topics = [topic for meeting in CONTENT.board_topics for topic in meeting]
    return topics + [topic for group in CONTENT.subgroup_topics.values() for topic in group]


def test_the_content_is_the_partnership_the_demo_describes() -> None:
    assert len(CONTENT.people) == 31
    assert len(CONTENT.board_dates) == len(CONTENT.board_topics) == 10
    assert CONTENT.board_dates == sorted(CONTENT.board_dates)
    assert [number for number, _title, _text in CONTENT.priorities] == [1, 2, 3, 4, 5]
    kinds = [kind for _name, _short, kind, *_rest in CONTENT.subgroups]
    assert kinds.count(BodyKind.SUBGROUP) == 5 and kinds.count(BodyKind.OTHER) == 2
    assert sum(len(rows) for rows in CONTENT.milestones.values()) == 10
    assert {status for rows in CONTENT.milestones.values() for *_r, status in rows} == {
        MilestoneStatus.COMPLETED,
        MilestoneStatus.IN_PROGRESS,
        MilestoneStatus.NOT_STARTED,
    }


def test_everyone_a_text_names_is_a_person_of_the_demo() -> None:
    for topic in all_topics():
        assert topic.presenter in CONTENT.people, topic.title
        texts = [*topic.paragraphs, *topic.bullets, *topic.discussion, *topic.decisions]
        texts += [part for action in topic.actions for part in action]
        for text in texts:
            for key, attribute in NAMED.findall(text):
                assert key in CONTENT.people or key in FIGURES, f"{topic.title}: {{{key}}}"
                assert attribute in ("", "full", "first", "initials"), text


def test_seats_chairs_and_members_are_people_of_the_demo() -> None:
    keys = {seat[0] for seat in CONTENT.board_seats}
    for _name, short, _kind, chair, _priority, members in CONTENT.subgroups:
        keys |= {chair, *members}
        assert short in CONTENT.report_summaries
    assert keys <= set(CONTENT.people)
    assert set(CONTENT.subgroup_topics) == set(CONTENT.subgroup_meeting_dates)


def test_a_file_missing_a_field_fails_to_load_and_says_which(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(resources_dir() / DEMO_FOLDER, folder)
    board = json.loads((folder / "board.json").read_text(encoding="utf-8"))
    del board["meetings"][0]["topics"][0]["presenter"]
    (folder / "board.json").write_text(json.dumps(board), encoding="utf-8")
    with pytest.raises(KeyError, match="presenter"):
        load_demo_content(folder)
