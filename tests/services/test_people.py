"""Names split and matched however the minutes write them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import Attendance, AttendanceStatus, BodyKind, Person
from csp_desktop.services.actions import create_action
from csp_desktop.services.bodies import add_membership, create_body, end_membership
from csp_desktop.services.meetings import create_meeting
from csp_desktop.services.people import (
    find_or_create_organisation,
    find_or_create_person,
    list_people,
    merge_people,
    possible_duplicates,
    split_name,
    update_person,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Councillor Syed Ghani", ("Councillor", "Syed", "Ghani")),
        ("Cllr Maureen Worby", ("Cllr", "Maureen", "Worby")),
        ("cllr maureen worby", ("Cllr", "maureen", "worby")),
        ("Dr. Jennie Coombes", ("Dr", "Jennie", "Coombes")),
        ("DCI Sam Hodges", ("DCI", "Sam", "Hodges")),
        ("Det Supt Stuart Bell", ("Det Supt", "Stuart", "Bell")),
        ("Chief Superintendent Stuart Bell", ("Chief Superintendent", "Stuart", "Bell")),
        ("Prof Kit Weller", ("Prof", "Kit", "Weller")),
        ("Angela D’Urso", (None, "Angela", "D’Urso")),
        ("Pip-Salvador Jones", (None, "Pip-Salvador", "Jones")),
        ("Mary van der Berg", (None, "Mary", "van der Berg")),
        ("Ilirjeta Buzoku (NOTE TAKER)", (None, "Ilirjeta", "Buzoku")),
        ("  Chris   Lyons ", (None, "Chris", "Lyons")),
        ("Chris", (None, "Chris", "")),
        ("Di Smith", (None, "Di", "Smith")),  # a name, not the rank DI
        ("DI Smith", ("DI", "Smith", "")),
        ("Councillor", (None, "Councillor", "")),  # a title alone is kept as a name
    ],
)
def test_split_name(text: str, expected: tuple[str | None, str, str]) -> None:
    assert split_name(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "(CHAIR)", " , "])
def test_split_name_refuses_blank(text: str) -> None:
    with pytest.raises(ValidationError):
        split_name(text)


def test_same_person_however_written(session: Session) -> None:
    ghani = find_or_create_person(session, "Councillor Syed Ghani")
    assert find_or_create_person(session, "Cllr Syed Ghani").id == ghani.id
    assert find_or_create_person(session, "syed ghani").id == ghani.id
    assert find_or_create_person(session, "Syed  Ghani (CHAIR)").id == ghani.id
    angela = find_or_create_person(session, "Angela D’Urso")
    assert find_or_create_person(session, "Angela D'Urso").id == angela.id
    assert angela.last_name == "D’Urso"  # spelling kept as first typed
    assert len(list_people(session)) == 2


def test_title_and_organisation_fill_blanks_but_do_not_overwrite(session: Session) -> None:
    person = find_or_create_person(session, "Maureen Worby")
    assert person.title is None and person.organisation is None
    again = find_or_create_person(session, "Councillor Maureen Worby", organisation="LBBD")
    assert again.id == person.id
    assert again.title == "Councillor"
    assert again.organisation is not None and again.organisation.name == "LBBD"
    third = find_or_create_person(session, "Dr Maureen Worby", organisation="NHS")
    assert third.id == person.id
    assert third.title == "Councillor"
    assert third.organisation is not None and third.organisation.name == "LBBD"


def test_namesakes_at_different_organisations(session: Session) -> None:
    police = find_or_create_person(session, "Daniel James", organisation="Metropolitan Police")
    # Same name at a known other organisation: prefer the one already there.
    again = find_or_create_person(session, "Daniel James", organisation="Metropolitan Police")
    assert again.id == police.id


def test_organisations_match_by_name_or_short_name(session: Session) -> None:
    mps = find_or_create_organisation(session, "Metropolitan Police Service")
    mps.short_name = "MPS"
    session.flush()
    assert find_or_create_organisation(session, "metropolitan police service").id == mps.id
    assert find_or_create_organisation(session, "MPS").id == mps.id
    other = find_or_create_organisation(session, "London Fire Brigade")
    assert other.id != mps.id
    with pytest.raises(ValidationError):
        find_or_create_organisation(session, "  ")


def test_list_people_sorted_by_surname(session: Session) -> None:
    for name in ("Zahid Iqbal", "Councillor Syed Ghani", "Andy Opie", "Alison Stuart"):
        find_or_create_person(session, name, organisation="LBBD")
    rows = list_people(session)
    assert [r.name for r in rows] == ["Syed Ghani", "Zahid Iqbal", "Andy Opie", "Alison Stuart"]
    ghani = rows[0]
    assert ghani.display_name == "Councillor Syed Ghani"
    assert ghani.title == "Councillor"
    assert ghani.organisation == "LBBD"


def test_a_title_with_a_surname_finds_the_one_person_of_that_surname(session: Session) -> None:
    ghani = find_or_create_person(session, "Councillor Syed Ghani")
    worby = find_or_create_person(session, "Councillor Maureen Worby")
    assert find_or_create_person(session, "Councillor Ghani").id == ghani.id
    assert find_or_create_person(session, "Cllr Worby").id == worby.id
    # Two people of one surname: the title decides, or nobody is guessed.
    dr_worby = find_or_create_person(session, "Dr Alan Worby")
    assert find_or_create_person(session, "Dr Worby").id == dr_worby.id
    assert find_or_create_person(session, "Councillor Worby").id == worby.id
    stranger = find_or_create_person(session, "Mr Worby")
    assert stranger.id not in (worby.id, dr_worby.id)
    # A plain single name is a first name, never a surname lookup.
    assert find_or_create_person(session, "Ghani").id != ghani.id


def test_a_short_form_recorded_first_is_completed_later(session: Session) -> None:
    short = find_or_create_person(session, "Councillor Kangethe")
    assert (short.first_name, short.last_name) == ("Kangethe", "")
    full = find_or_create_person(session, "Councillor Elizabeth Kangethe")
    assert full.id == short.id
    assert (full.title, full.first_name, full.last_name) == ("Councillor", "Elizabeth", "Kangethe")
    assert len(list_people(session)) == 1


def test_update_person(session: Session) -> None:
    person = find_or_create_person(session, "Steven Calder", organisation="LBBD")
    update_person(session, person.id, first_name="Steve", title="Supt.", job_title="BCU lead")
    assert (person.display_name, person.job_title) == ("Supt Steve Calder", "BCU lead")
    update_person(session, person.id, organisation="Metropolitan Police", title="")
    assert person.title is None
    assert person.organisation is not None and person.organisation.name == "Metropolitan Police"
    update_person(session, person.id, organisation="")
    assert person.organisation is None
    with pytest.raises(ValidationError):
        update_person(session, person.id, first_name="  ")
    with pytest.raises(NotFound):
        update_person(session, 9999, first_name="X")


def test_merge_people_moves_every_reference(session: Session, clock: FakeClock) -> None:
    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    keep = find_or_create_person(session, "Steve Calder")
    duplicate = find_or_create_person(session, "Steven Calder", organisation="Met Police")
    other = find_or_create_person(session, "Andy Opie")
    seat = add_membership(session, board.id, keep.id)
    june = create_meeting(session, board.id, dt.date(2022, 6, 29), clock)  # keep on roster
    june.attendance.append(
        Attendance(person_id=duplicate.id, status=AttendanceStatus.ADDITIONAL, is_member=False)
    )
    end_membership(session, seat.id, dt.date(2022, 7, 1))
    add_membership(session, board.id, duplicate.id, from_date=dt.date(2022, 8, 1))
    october = create_meeting(session, board.id, dt.date(2022, 10, 5), clock)
    october.attendance.append(
        Attendance(
            person_id=other.id, status=AttendanceStatus.PRESENT, substitute_for_id=duplicate.id
        )
    )
    session.flush()
    shared = create_action(
        session,
        body_id=board.id,
        meeting_id=june.id,
        item_id=None,
        text="Share the data",
        owner_ids=[keep.id, duplicate.id],
        clock=clock,
    )
    own = create_action(
        session,
        body_id=board.id,
        meeting_id=june.id,
        item_id=None,
        text="Send the data",
        owner_ids=[duplicate.id],
        clock=clock,
    )
    assert [group[0].name for group in possible_duplicates(session)] == []
    merged = merge_people(session, keep.id, duplicate.id)
    assert merged.id == keep.id
    assert session.get(Person, duplicate.id) is None
    # June: both rows were one person; the kept row takes the "additional" mark.
    [june_row] = [a for a in june.attendance]
    assert (june_row.person_id, june_row.status) == (keep.id, AttendanceStatus.ADDITIONAL)
    # October: on the roster through the moved membership; named as substituted for.
    assert {a.person_id for a in october.attendance} == {keep.id, other.id}
    assert [a.substitute_for_id for a in october.attendance if a.person_id == other.id] == [keep.id]
    assert [p.id for p in shared.owners] == [keep.id]
    assert [p.id for p in own.owners] == [keep.id]
    assert merged.organisation is not None and merged.organisation.name == "Met Police"
    assert len(list_people(session)) == 2
    with pytest.raises(ValidationError):
        merge_people(session, keep.id, keep.id)
    with pytest.raises(NotFound):
        merge_people(session, keep.id, duplicate.id)


def test_possible_duplicates_are_listed(session: Session) -> None:
    first = find_or_create_person(session, "Andy Opie")
    session.add(Person(title="Mr", first_name="andy", last_name="OPIE"))
    session.flush()
    [group] = possible_duplicates(session)
    assert group[0].id == first.id and len(group) == 2


def test_display_names_of_some_people_in_list_order(session: Session) -> None:
    from csp_desktop.services.people import display_names

    names = ("Councillor Syed Ghani", "andy Opie", "Angela D’Urso", "Paul Waller", "Chris Lyons")
    people = [find_or_create_person(session, name) for name in names]
    wanted = {p.id for p in people if p.last_name != "Waller"}
    expected = [(row.display_name, row.id) for row in list_people(session) if row.id in wanted]
    assert display_names(session, wanted) == expected
    assert expected[0][0] == "Angela D’Urso"  # by surname
    assert "Councillor Syed Ghani" in [name for name, _ in expected]
    assert display_names(session, []) == []


# One import's names, in order: spellings, a short form completed later, a title with a
# surname alone, namesakes at two organisations, an organisation by its short name.
_IMPORT_NAMES: list[tuple[str, str | None]] = [
    ("Councillor Ghani", None),
    ("Angela D’Urso", "Metropolitan Police"),
    ("angela d'urso", None),
    ("Councillor Syed Ghani", "London Borough"),
    ("Cllr Ghani", None),
    ("Sam Hodges", "Probation"),
    ("Sam Hodges", "Metropolitan Police"),
    ("DCI Hodges", None),
    ("Dr Jennie Coombes", "NHS"),
    ("Jennie Coombes", "nhs"),
    ("Chris", None),
    ("Mr Chris", None),
]


def _people_by_both_paths(session: Session, *, indexed: bool) -> list[tuple[int, str, str | None]]:
    from csp_desktop.services.people import PeopleIndex

    index = PeopleIndex(session) if indexed else None
    found = [
        find_or_create_person(session, name, organisation=org, index=index)
        for name, org in _IMPORT_NAMES
    ]
    return [(p.id, p.display_name, p.organisation.name if p.organisation else None) for p in found]


def _same_person_pattern(
    rows: list[tuple[int, str, str | None]],
) -> list[tuple[int, str, str | None]]:
    """Ids renumbered in order of first appearance."""
    order: dict[int, int] = {}
    return [(order.setdefault(i, len(order)), name, org) for i, name, org in rows]


def test_people_index_answers_as_the_queries_do(session: Session) -> None:
    """The same names through an index give the same people as one query per name."""
    find_or_create_person(session, "Councillor Hodges")  # on record before the import
    find_or_create_organisation(session, "Probation")
    savepoint = session.begin_nested()
    by_query = _people_by_both_paths(session, indexed=False)
    everyone = [(p.id, p.display_name) for p in session.query(Person).order_by(Person.id)]
    savepoint.rollback()
    by_index = _people_by_both_paths(session, indexed=True)
    # PostgreSQL's sequences do not roll back with the savepoint: compare which answers
    # are the same person, not the ids themselves.
    assert _same_person_pattern(by_index) == _same_person_pattern(by_query)
    assert [p.display_name for p in session.query(Person).order_by(Person.id)] == [
        name for _, name in everyone
    ]
    assert len({person_id for person_id, _, _ in by_index}) == 6


def test_known_people_answers_for_each_name(session: Session) -> None:
    from csp_desktop.services.people import known_people

    find_or_create_person(session, "Councillor Syed Ghani")
    find_or_create_person(session, "Angela D'Urso")
    assert known_people(session, ["Cllr Ghani", "angela d’urso", "Sam Hodges", "Syed"]) == [
        True,
        True,
        False,
        False,
    ]
