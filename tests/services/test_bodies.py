"""Bodies, their standing items (from resources/) and their members over time."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy.orm import Session

from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import BodyKind, ItemKind
from csp_desktop.paths import resources_dir
from csp_desktop.services.bodies import (
    StandingItemSpec,
    add_membership,
    create_body,
    current_members,
    default_standing_items,
    end_membership,
    find_body,
    list_bodies,
    list_members,
    set_standing_items,
    standing_items,
)
from tests.factories import make_person


def test_defaults_come_from_the_resources_file() -> None:
    data = json.loads((resources_dir() / "standing_items.json").read_text(encoding="utf-8"))
    board = default_standing_items(BodyKind.BOARD)
    assert [s.title for s in board] == [entry["title"] for entry in data["board"]]
    subgroup = default_standing_items(BodyKind.SUBGROUP)
    assert [s.title for s in subgroup] == [entry["title"] for entry in data["subgroup"]]
    assert default_standing_items(BodyKind.OTHER) == subgroup


def test_board_defaults_follow_the_published_agendas() -> None:
    board = default_standing_items(BodyKind.BOARD)
    assert [s.kind for s in board] == [
        ItemKind.INTRODUCTIONS,
        ItemKind.DECLARATIONS,
        ItemKind.PREVIOUS_MINUTES,
        ItemKind.FORWARD_PLAN,
        ItemKind.ANY_OTHER_BUSINESS,
        ItemKind.SUBGROUP_UPDATES,
        ItemKind.NEXT_MEETING,
    ]
    assert [s.after_topical for s in board] == [False] * 3 + [True] * 4
    assert all(s.minutes_allocated and s.minutes_allocated > 0 for s in board)
    # A subgroup has no subgroups of its own to hear from.
    kinds = [s.kind for s in default_standing_items(BodyKind.SUBGROUP)]
    assert ItemKind.SUBGROUP_UPDATES not in kinds and ItemKind.PREVIOUS_MINUTES in kinds


def test_create_body_copies_defaults_and_items_are_editable(session: Session) -> None:
    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD, quorum=6)
    assert standing_items(session, board.id) == default_standing_items(BodyKind.BOARD)
    custom = [
        StandingItemSpec("Welcome", ItemKind.INTRODUCTIONS, 5),
        StandingItemSpec("Minutes", ItemKind.PREVIOUS_MINUTES, 15, "Chair"),
        StandingItemSpec("Performance dashboard", ItemKind.TOPICAL, 10),
        StandingItemSpec("AOB", ItemKind.ANY_OTHER_BUSINESS, 5, after_topical=True),
    ]
    set_standing_items(session, board.id, custom)
    assert standing_items(session, board.id) == custom
    # Another body keeps its own.
    vawg = create_body(session, "VAWG Strategic Group", "VAWG", BodyKind.SUBGROUP, parent=board)
    assert standing_items(session, vawg.id) == default_standing_items(BodyKind.SUBGROUP)
    assert vawg.parent is board


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([StandingItemSpec(" ", ItemKind.TOPICAL)], "title"),
        ([StandingItemSpec("AOB", ItemKind.ANY_OTHER_BUSINESS, -1)], "negative"),
        (
            [
                StandingItemSpec("Minutes", ItemKind.PREVIOUS_MINUTES),
                StandingItemSpec("Matters arising", ItemKind.PREVIOUS_MINUTES),
            ],
            "Only one",
        ),
        (
            [
                StandingItemSpec("AOB", ItemKind.ANY_OTHER_BUSINESS, after_topical=True),
                StandingItemSpec("Welcome", ItemKind.INTRODUCTIONS),
            ],
            "before the closing items",
        ),
    ],
)
def test_bad_standing_items_are_refused(
    session: Session, items: list[StandingItemSpec], message: str
) -> None:
    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    before = standing_items(session, board.id)
    with pytest.raises(ValidationError, match=message):
        set_standing_items(session, board.id, items)
    session.expire_all()
    assert standing_items(session, board.id) == before


def test_body_names_and_short_names_are_unique_and_plain(session: Session) -> None:
    create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    with pytest.raises(ValidationError, match="already a body"):
        create_body(session, "csp board", "CSP2", BodyKind.BOARD)
    with pytest.raises(ValidationError, match="already used"):
        create_body(session, "Another", "csp", BodyKind.SUBGROUP)
    with pytest.raises(ValidationError, match="short name"):
        create_body(session, "Reducing Re-offending", "RR-1", BodyKind.SUBGROUP)
    with pytest.raises(ValidationError):
        create_body(session, "  ", "X", BodyKind.SUBGROUP)


def test_find_body_by_name_short_name_or_id(session: Session) -> None:
    board = create_body(session, "Community Safety Partnership Board", "CSP", BodyKind.BOARD)
    vawg = create_body(
        session, "Violence Against Women and Girls", "VAWG", BodyKind.SUBGROUP, parent=board
    )
    assert find_body(session, "community safety partnership board") is board
    assert find_body(session, "vawg") is vawg
    assert find_body(session, str(vawg.id)) is vawg
    assert find_body(session, "women and girls") is vawg  # a unique part of the name
    with pytest.raises(NotFound) as raised:
        find_body(session, "IVOLT")
    message = str(raised.value)
    assert "'IVOLT'" in message
    assert "Violence Against Women and Girls (VAWG)" in message
    assert "Community Safety Partnership Board (CSP)" in message


def test_list_bodies_board_first_then_by_name(session: Session) -> None:
    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    for name, short in (("VAWG", "VAWG"), ("IVOLT", "IVOLT"), ("Reducing Re-offending", "RRO")):
        create_body(session, name, short, BodyKind.SUBGROUP, parent=board)
    rows = list_bodies(session)
    assert [r.name for r in rows] == ["CSP Board", "IVOLT", "Reducing Re-offending", "VAWG"]
    assert rows[1].parent_name == "CSP Board" and rows[0].parent_name is None


def test_memberships_over_time(session: Session) -> None:
    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    stuart = make_person(session, "Stuart Bell")
    alison = make_person(session, "Alison Stuart")
    april = make_person(session, "April Bald")
    add_membership(session, board.id, stuart.id, from_date=dt.date(2021, 1, 1))
    add_membership(session, board.id, alison.id, role="Vice Chair")
    left = add_membership(
        session, board.id, april.id, from_date=dt.date(2020, 1, 1), to_date=dt.date(2022, 7, 31)
    )
    on_june = current_members(session, board.id, dt.date(2022, 6, 29))
    assert [m.person.name for m in on_june] == ["April Bald", "Stuart Bell", "Alison Stuart"]
    on_october = current_members(session, board.id, dt.date(2022, 10, 5))
    assert [m.person.name for m in on_october] == ["Stuart Bell", "Alison Stuart"]
    assert current_members(session, board.id, dt.date(2020, 6, 1))[0].person.name == "April Bald"
    # Overlapping seats for one person are refused; a later, separate seat is fine.
    with pytest.raises(ValidationError, match="already a member"):
        add_membership(session, board.id, april.id, from_date=dt.date(2022, 7, 1))
    add_membership(session, board.id, april.id, from_date=dt.date(2023, 1, 1))
    with pytest.raises(ValidationError, match="cannot end before"):
        add_membership(
            session, board.id, stuart.id, from_date=dt.date(2020, 5, 1), to_date=dt.date(2020, 1, 1)
        )
    end_membership(session, left.id, dt.date(2022, 6, 1))
    assert "April Bald" not in [
        m.person.name for m in current_members(session, board.id, dt.date(2022, 6, 29))
    ]
    rows = list_members(session, board.id)
    assert [(r.display_name, r.role) for r in rows][:2] == [
        ("April Bald", "Member"),
        ("April Bald", "Member"),
    ]
    assert {r.role for r in rows} == {"Member", "Vice Chair"}


def test_minutes_style_and_chair_are_set_per_body(session: Session) -> None:
    from csp_desktop.services.bodies import set_minutes_style

    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    assert (board.minutes_show_timings, board.minutes_show_organisations, board.chair) == (
        True,
        False,
        None,
    )
    set_minutes_style(session, board.id, show_timings=False, chair="  Andy   Opie ")
    assert (board.minutes_show_timings, board.minutes_show_organisations, board.chair) == (
        False,
        False,
        "Andy Opie",
    )
    set_minutes_style(session, board.id, show_organisations=True)
    assert (board.minutes_show_timings, board.minutes_show_organisations) == (False, True)
    with pytest.raises(NotFound):
        set_minutes_style(session, 999, show_timings=True)
