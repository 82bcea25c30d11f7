"""ACTION lines and their owners, using lines from the published minutes in seeds/."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csp_desktop.services.action_parser import (
    OwnerCandidate,
    find_action_lines,
    find_due,
    match_owner,
    owner_phrase,
    parse_action,
    split_owners,
    strip_completed,
)
from csp_desktop.services.people import split_name
from tests.conftest import SEEDS

# The 5 October 2022 board, as the minutes list it (ids are arbitrary).
ANDY = OwnerCandidate(1, "Andy", "Opie", present=True)
CHRIS_LYONS = OwnerCandidate(2, "Chris", "Lyons", present=True)
AMOLAK = OwnerCandidate(3, "Amolak", "Tatter", present=True)
PAUL = OwnerCandidate(4, "Paul", "Waller")
ANGELA = OwnerCandidate(5, "Angela", "D’Urso", present=True)
GHANI = OwnerCandidate(6, "Syed", "Ghani", title="Councillor", present=True)
WORBY = OwnerCandidate(7, "Maureen", "Worby", title="Councillor", present=True)
MARTIN = OwnerCandidate(8, "Martin", "Rolston", present=True)
DANIEL_OSEI = OwnerCandidate(9, "Daniel", "Osei", present=True)
DANIEL_JAMES = OwnerCandidate(10, "Daniel", "James", present=True)
BOARD = [ANDY, CHRIS_LYONS, AMOLAK, PAUL, ANGELA, GHANI, WORBY, MARTIN, DANIEL_OSEI, DANIEL_JAMES]


def parse_line(line: str, candidates: list[OwnerCandidate] = BOARD):  # type: ignore[no-untyped-def]
    [found] = find_action_lines(line)
    return parse_action(found.body, candidates)


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("ACTION: Chris to share the plan", "Chris to share the plan"),
        ("Action: Andy Opie and Chris Lyons to meet", "Andy Opie and Chris Lyons to meet"),
        ("ACTION : Martin Rolston to send data", "Martin Rolston to send data"),
        ("- ACTION: Tamara Barnett to contact Andy Opie", "Tamara Barnett to contact Andy Opie"),
        ("- ACTION : Martin Rolston to send data", "Martin Rolston to send data"),
        ("Action - DO to arrange a workshop", "DO to arrange a workshop"),
        ("ACTION – Andy Opie to invite", "Andy Opie to invite"),
        ("action — Andy Opie to invite", "Andy Opie to invite"),
        ("   • ACTION: Andy Opie to invite  ", "Andy Opie to invite"),
        ("·  Action: Andy Opie to invite", "Andy Opie to invite"),
        ("1. ACTION: Andy Opie to invite", "Andy Opie to invite"),
        ("ACTION:Andy Opie to invite", "Andy Opie to invite"),
    ],
)
def test_action_line_forms_are_found(line: str, body: str) -> None:
    [found] = find_action_lines(line)
    assert found.body == body
    assert found.line == line


@pytest.mark.parametrize(
    "line",
    [
        "The board agreed the actions set out in the plan.",
        "Actions: see the tracker",
        "Action plan - the VAWG strategy",
        "Serious Violence Action plan: six-month review",
        "ACTION:",
        "ACTION:    ",
        "Transaction: none",
    ],
)
def test_lines_that_are_not_actions_are_ignored(line: str) -> None:
    assert find_action_lines(line) == []


def test_action_lines_keep_their_place_in_the_text() -> None:
    text = (
        "Chris Lyons presented the plan.\n"
        "\n"
        "Action: Andy Opie and Chris Lyons to meet and create a timetable.\n"
        "Discussion followed.\n"
        "- ACTION: Amolak Tatter to draw up a plan.\n"
    )
    lines = find_action_lines(text)
    assert [(a.index, a.line_no) for a in lines] == [(0, 2), (1, 4)]
    assert lines[1].body == "Amolak Tatter to draw up a plan."


def test_two_named_owners_are_both_matched() -> None:
    parsed = parse_line(
        "Action: Andy Opie and Chris Lyons to meet and create a timetable of the tasks and "
        "governance processes that needs to be completed leading up to the publication of "
        "the 2023-2026 CSP Plan and share this with CSP board members, sub-group chairs its "
        "members."
    )
    assert parsed.owner_ids == [ANDY.person_id, CHRIS_LYONS.person_id]
    assert parsed.owner_phrase == "Andy Opie and Chris Lyons"
    assert parsed.other_owners == [] and parsed.unmatched == [] and parsed.ambiguous == []
    assert parsed.completed is False
    assert parsed.text.startswith("Andy Opie and Chris Lyons to meet")


def test_partners_are_kept_as_other_owners_beside_named_people() -> None:
    parsed = parse_line(
        "- ACTION: Amolak Tatter, Paul Waller and partners need to present a broader update "
        "on the drugs market and emerging government drug strategies as the main agenda "
        "item in Septembers CSP meeting."
    )
    assert parsed.owner_ids == [AMOLAK.person_id, PAUL.person_id]
    assert parsed.other_owners == ["partners"]
    assert parsed.unmatched == []


def test_a_unique_first_name_is_matched_and_completed_is_stripped() -> None:
    parsed = parse_line(
        "ACTION: Chris to share NHCAW event week plan with CSP board members (COMPLETED)."
    )
    assert parsed.owner_ids == [CHRIS_LYONS.person_id]
    assert parsed.completed is True
    assert parsed.text == "Chris to share NHCAW event week plan with CSP board members."


def test_two_attendees_with_one_first_name_are_flagged_not_guessed() -> None:
    chris_smith = OwnerCandidate(11, "Chris", "Smith", present=True)
    parsed = parse_line("ACTION: Chris to share the plan", [*BOARD, chris_smith])
    assert parsed.owner_ids == []
    assert parsed.ambiguous == ["Chris"]
    assert parsed.needs_attention


def test_a_first_name_prefers_the_person_in_the_room() -> None:
    absent_chris = OwnerCandidate(11, "Chris", "Smith", present=False)
    parsed = parse_line("ACTION: Chris to share the plan", [*BOARD, absent_chris])
    assert parsed.owner_ids == [CHRIS_LYONS.person_id]


def test_initials_of_an_attendee_are_matched() -> None:
    parsed = parse_line("Action – DO to arrange the CSP Plan workshop")
    assert parsed.owner_ids == [DANIEL_OSEI.person_id]


def test_shared_initials_are_flagged() -> None:
    dora = OwnerCandidate(12, "Dora", "Okafor", present=True)
    parsed = parse_line("ACTION: DO to arrange the workshop", [*BOARD, dora])
    assert parsed.owner_ids == []
    assert parsed.ambiguous == ["DO"]


def test_shared_first_name_with_surname_is_not_ambiguous() -> None:
    parsed = parse_line("ACTION: Daniel James to review the sanction detection rates")
    assert parsed.owner_ids == [DANIEL_JAMES.person_id]


def test_spaced_colon_and_unknown_owner() -> None:
    parsed = parse_line(
        "ACTION : Martin Rolston to send data surrounding VAWG areas in LBBD for comparison "
        "analysis with identified unsafe areas (COMPLETED)."
    )
    assert parsed.owner_ids == [MARTIN.person_id]
    assert parsed.completed
    unknown = parse_line("ACTION: Tamara Barnett to contact Andy Opie about MOPAC services.")
    assert unknown.owner_ids == []
    assert unknown.unmatched == ["Tamara Barnett"]


def test_curly_and_straight_apostrophes_match_the_same_person() -> None:
    straight = parse_line("ACTION: Angela D'Urso to set up VAWG strategic group meetings.")
    curly = parse_line(
        "ACTION: Angela D’Urso and Chris Lyons to meet outside of the CSP board to discuss."
    )
    assert straight.owner_ids == [ANGELA.person_id]
    assert curly.owner_ids == [ANGELA.person_id, CHRIS_LYONS.person_id]
    # The words are kept as typed.
    assert "D’Urso" in curly.text


@pytest.mark.parametrize(
    "owner",
    ["Councillor Ghani", "Cllr Ghani", "Cllr. Ghani", "Councillor Syed Ghani", "Syed Ghani"],
)
def test_titles_with_surnames_or_full_names(owner: str) -> None:
    parsed = parse_line(f"ACTION: {owner} to write to the Commissioner")
    assert parsed.owner_ids == [GHANI.person_id]


def test_generic_owners_are_not_people() -> None:
    parsed = parse_line("ACTION: Sub-group chairs and all partners to send updates")
    assert parsed.owner_ids == []
    assert parsed.other_owners == ["Sub-group chairs", "all partners"]
    board = parse_line("ACTION: The board to agree the plan")
    assert board.other_owners == ["The board"]
    everyone = parse_line("ACTION: All to read the strategy")
    assert everyone.other_owners == ["All"]
    acronym = parse_line("ACTION: MOPAC to confirm the funding")
    assert acronym.other_owners == ["MOPAC"]


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("Andy Opie will circulate the slides", "Andy Opie"),
        ("Andy Opie should circulate the slides", "Andy Opie"),
        ("Andy Opie must circulate the slides", "Andy Opie"),
        ("Andy Opie is to circulate the slides", "Andy Opie"),
        ("Andy Opie and Chris Lyons are to circulate the slides", "Andy Opie and Chris Lyons"),
        ("Andy Opie needs to circulate the slides", "Andy Opie"),
        ("Will Jones to circulate the slides", "Will Jones"),
        ("Circulate the slides", ""),
        ("to be confirmed", ""),
    ],
)
def test_owner_phrase_connectors(body: str, phrase: str) -> None:
    assert owner_phrase(body) == phrase


def test_owners_split_on_commas_and_ampersands() -> None:
    assert split_owners("Andy Opie, Chris Lyons & Paul Waller") == [
        "Andy Opie",
        "Chris Lyons",
        "Paul Waller",
    ]


@pytest.mark.parametrize(
    ("body", "text", "done"),
    [
        ("Send it (COMPLETED).", "Send it.", True),
        ("Send it. (COMPLETED)", "Send it.", True),
        ("Send it (completed)", "Send it", True),
        ("Send it ( Completed )", "Send it", True),
        ("Send it when completed", "Send it when completed", False),
        ("Send it (COMPLETED) to partners", "Send it (COMPLETED) to partners", False),
    ],
)
def test_completed_marker(body: str, text: str, done: bool) -> None:
    assert strip_completed(body) == (text, done)


def test_a_sentence_before_to_is_not_taken_for_names() -> None:
    parsed = parse_line(
        "ACTION: For each CSP subgroup lead working across the partnership and the wider "
        "borough teams to review the CDSA"
    )
    assert parsed.owner_ids == []
    assert parsed.owner_phrase == ""


def test_all_capitals_line_still_finds_owners() -> None:
    parsed = parse_line("ACTION: ANDY OPIE TO CALL THE VRU")
    assert parsed.owner_ids == [ANDY.person_id]


def test_no_candidates_leaves_everything_unmatched() -> None:
    parsed = parse_line("ACTION: Andy Opie and Chris to meet", [])
    assert parsed.owner_ids == []
    assert parsed.unmatched == ["Andy Opie", "Chris"]


@pytest.mark.parametrize(
    ("text", "due", "written"),
    [
        ("X to send the data by 31 March 2023", dt.date(2023, 3, 31), "by 31 March 2023"),
        ("X to send by Friday 31st March", dt.date(2023, 3, 31), "by Friday 31st March"),
        ("X to send by the 5th of December 2022", dt.date(2022, 12, 5), None),
        ("X to send by 5/12/22", dt.date(2022, 12, 5), "by 5/12/22"),
        ("X to brief members on 3 November", dt.date(2022, 11, 3), "on 3 November"),
        ("X to send by 1 Oct", dt.date(2023, 10, 1), "by 1 Oct"),  # next 1 October
        (
            "Amolak Tatter to draw up a plan and share this in Decembers 2022 CSP board",
            None,
            "Decembers 2022 CSP board",
        ),
        ("Z to review the plan by the end of March 2023", None, "end of March 2023"),
        ("Y to report back to the next board", None, "next board"),
        ("Y to report back in June", None, "June"),
        ("X to send by 31 February 2023", None, "by 31 February 2023"),  # no such day
        ("Angela to march on", None, None),  # a verb, not a month
        ("Chris to share the plan", None, None),
    ],
)
def test_due_points(text: str, due: dt.date | None, written: str | None) -> None:
    found_due, found_text = find_due(text, on=dt.date(2022, 10, 5))
    assert found_due == due
    if written is not None or due is None:
        assert found_text == written


def test_a_day_without_a_year_needs_the_meeting_date() -> None:
    assert find_due("X to send by 31 March") == (None, "by 31 March")
    parsed = parse_action("Andy Opie to send the data by 31 March", BOARD, on=dt.date(2022, 10, 5))
    assert parsed.due_date == dt.date(2023, 3, 31)
    assert parsed.due_text == "by 31 March"
    assert parsed.owner_ids == [ANDY.person_id]


# --- properties over any text ---------------------------------------------------------

NAMES = st.sampled_from(["Andy", "Chris", "Paul", "Amolak", "Angela", "Daniel", "Dora"])
SURNAMES = st.sampled_from(["Opie", "Lyons", "Waller", "Tatter", "D’Urso", "Osei", "Okafor"])
candidate_lists = st.lists(
    st.builds(
        OwnerCandidate,
        person_id=st.integers(min_value=1, max_value=10_000),
        first_name=NAMES,
        last_name=SURNAMES,
        present=st.booleans(),
    ),
    max_size=8,
    unique_by=lambda c: c.person_id,
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_can_be_scanned(text: str) -> None:
    lines = find_action_lines(text)
    assert [line.index for line in lines] == list(range(len(lines)))
    for line in lines:
        assert line.body and line.body in line.line


@settings(max_examples=200, deadline=None)
@given(body=st.text(min_size=1, max_size=200), candidates=candidate_lists)
def test_owners_are_only_ever_candidates_and_never_guessed(
    body: str, candidates: list[OwnerCandidate]
) -> None:
    parsed = parse_action(body, candidates, on=dt.date(2022, 10, 5))
    known = {c.person_id for c in candidates}
    assert set(parsed.owner_ids) <= known
    assert len(parsed.owner_ids) == len(set(parsed.owner_ids))
    # A name listed as ambiguous fits two or more people, and was not also matched.
    for name in parsed.ambiguous:
        assert len(match_owner(name, candidates)) >= 2


@settings(max_examples=100, deadline=None)
@given(first=NAMES, last=SURNAMES, task=st.sampled_from(["share the plan", "meet partners"]))
def test_a_unique_full_name_is_always_found(first: str, last: str, task: str) -> None:
    person = OwnerCandidate(7, first, last, present=True)
    others = [c for c in BOARD if (c.first_name, c.last_name) != (first, last)]
    parsed = parse_action(f"{first} {last} to {task} (COMPLETED)", [*others, person])
    assert 7 in parsed.owner_ids
    assert parsed.completed and parsed.text == f"{first} {last} to {task}"


# --- the published 5 October 2022 minutes, line by line --------------------------------


def seed_candidates(text: str) -> list[OwnerCandidate]:
    """The attendance lists at the top of the published minutes, as candidates."""
    candidates: list[OwnerCandidate] = []
    for heading, present in (
        ("Members Present:", True),
        ("Additional Attendees:", True),
        ("Apologies:", False),
    ):
        line = next(row for row in text.splitlines() if row.startswith(heading))
        for name in line[len(heading) :].rstrip(".").split(","):
            title, first, last = split_name(name)
            candidates.append(
                OwnerCandidate(len(candidates) + 1, first, last, title=title, present=present)
            )
    return candidates


def test_every_action_line_of_the_5_october_2022_minutes() -> None:
    seed = SEEDS / "csp-board-2022-10-05.txt"
    if not seed.exists():
        pytest.skip("the published minutes are not beside the project")
    text = seed.read_text(encoding="utf-8")
    candidates = seed_candidates(text)
    assert len(candidates) == 14 + 6 + 3
    names = {c.person_id: c.full_name for c in candidates}
    found = []
    for line in find_action_lines(text):
        parsed = parse_action(line.body, candidates, on=dt.date(2022, 10, 5))
        found.append(
            (
                [names[i] for i in parsed.owner_ids],
                parsed.other_owners,
                parsed.unmatched,
                parsed.ambiguous,
                parsed.completed,
            )
        )
    assert found == [
        # Item 3: the June actions reviewed, all completed. Tamara Barnett, Martin Rolston
        # and Paul Waller were not at this meeting, so they are flagged, not guessed.
        ([], [], ["Tamara Barnett"], [], True),
        (["Andy Opie"], [], [], [], True),
        (["Angela D’Urso"], [], [], [], True),
        ([], [], ["Martin Rolston"], [], True),
        ([], [], ["Martin Rolston"], [], True),  # "ACTION : " with a space
        (["Andy Opie"], [], [], [], True),
        (["Amolak Tatter"], ["partners"], ["Paul Waller"], [], True),
        # Items 5, 6 and 13: new actions.
        (["Andy Opie", "Chris Lyons"], [], [], [], False),  # "Action:" in mixed case
        (["Amolak Tatter"], [], [], [], False),
        (["Chris Lyons"], [], [], [], True),  # "Chris": the only Chris present
        (["Angela D’Urso", "Chris Lyons"], [], [], [], False),
    ]


def test_two_daniels_at_the_5_october_2022_board_are_not_guessed() -> None:
    seed = SEEDS / "csp-board-2022-10-05.txt"
    if not seed.exists():
        pytest.skip("the published minutes are not beside the project")
    candidates = seed_candidates(seed.read_text(encoding="utf-8"))
    parsed = parse_action("Daniel to share the sanction detection figures", candidates)
    assert parsed.owner_ids == [] and parsed.ambiguous == ["Daniel"]
    full = parse_action("Daniel Thompson to share the VAWG strategy", candidates)
    assert [c.full_name for c in candidates if c.person_id in full.owner_ids] == ["Daniel Thompson"]


# --- The wider grammar: styles from other councils' published minutes (seeds/more) ---

# People at those meetings (ids are arbitrary); TE has a legend "(TE)" in the minutes.
DOOGAN = OwnerCandidate(21, "Stephen", "Doogan", present=True)
SAMANTHA = OwnerCandidate(22, "Samantha", "Quarton", present=True)
COWAN = OwnerCandidate(23, "Douglas", "Cowan", present=True)
TANYA = OwnerCandidate(24, "Tanya", "Edwards", present=True, aliases=("TE",))
MIRIAM = OwnerCandidate(25, "Miriam", "Robertson", present=True)
FORRESTER = OwnerCandidate(26, "Lorraine", "Forrester", present=True)
OTHERS = [DOOGAN, SAMANTHA, COWAN, TANYA, MIRIAM, FORRESTER]


def actions_in(text: str, candidates: list[OwnerCandidate] = OTHERS, on: dt.date | None = None):  # type: ignore[no-untyped-def]
    return [
        (line, parse_action(line.body, candidates, on=on, owner=line.owner, due=line.due))
        for line in find_action_lines(text)
    ]


def test_trailing_owner_tag_takes_the_sentence_before_it() -> None:
    text = (
        "YOS Performance: MR advised that the annual figures on first time entrants is "
        "currently being collated, but will be available for the next one. ACTION: MR"
    )
    [(line, parsed)] = actions_in(text)
    assert line.owner == "MR"
    assert line.body.startswith("YOS Performance: MR advised")
    assert parsed.owner_ids == [MIRIAM.person_id]


def test_trailing_bare_action_tag() -> None:
    [(line, parsed)] = actions_in("Partners to review the information sharing protocol ACTION")
    assert line.body == "Partners to review the information sharing protocol"
    assert parsed.other_owners == ["Partners"]


def test_action_in_brackets() -> None:
    [(line, parsed)] = actions_in("Figures will go to members (Action: Samantha to provide)")
    assert line.body == "Samantha to provide"
    assert parsed.owner_ids == [SAMANTHA.person_id]


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("Action: Samantha to provide a link to the online Highlights, once published, to all", 22),
        ("Action: Douglas Cowan to circulate more detail on employment figures to all", 23),
        ("Action Samantha to include the date that the action was raised", 22),
        ("For Douglas Cowan to circulate the employment figures.", 23),
        ("ACTION:  Stephen Doogan would clarify this issue and advise the next meeting", 21),
    ],
)
def test_owner_first_styles(line: str, owner: int) -> None:
    [(_, parsed)] = actions_in(line)
    assert parsed.owner_ids == [owner]


def test_owner_only_line_after_the_paragraph_it_refers_to() -> None:
    text = (
        "Douglas will circulate the employment figures to all partners.\n\nAction - Douglas Cowan"
    )
    [(line, parsed)] = actions_in(text)
    assert line.body.startswith("Douglas will circulate")
    assert line.line_no == 2
    assert parsed.owner_ids == [COWAN.person_id]


def test_per_item_actions_line_names_a_role() -> None:
    text = (
        "As Fiona was absent from the meeting Rebecca will contact her to confirm.\n"
        "\n"
        "Actions: Chair\n"
    )
    [(line, parsed)] = actions_in(text)
    assert line.owner == "Chair"
    assert parsed.other_owners == ["Chair"] and parsed.owner_ids == []


def test_action_heading_takes_the_paragraph_after_it() -> None:
    text = "Action:\n\n \n\nOfficers to progress in line with members’ comments.\n"
    [(line, parsed)] = actions_in(text)
    assert line.body == "Officers to progress in line with members’ comments."
    assert parsed.other_owners == ["Officers"]


def test_two_actions_for_two_owners_in_one_line() -> None:
    found = actions_in(
        "ACTION: Samantha to circulate the paper; Douglas Cowan to book the room for May."
    )
    assert [p.owner_ids for _, p in found] == [[22], [23]]
    found = actions_in("ACTION: Samantha to circulate the paper and Douglas Cowan to book a room")
    assert [p.owner_ids for _, p in found] == [[22], [23]]
    # A name after "to the" is not a second owner.
    found = actions_in(
        "ACTION: Andy Opie to invite Tegan Mills and Phillipa Banister to the next meeting."
    )
    assert len(found) == 1


def test_action_point_block_with_owner_line() -> None:
    text = (
        "Action Point 1\nPapers to be issued to attendees.\nOwner: Lorraine Forrester\n"
        "Overview of the Road Safety Framework 2030\n"
    )
    [(line, parsed)] = actions_in(text)
    assert line.body == "Papers to be issued to attendees."
    assert parsed.owner_ids == [FORRESTER.person_id]


def test_action_sheet_rows_under_an_action_owner_header() -> None:
    text = (
        "No. | Action | Owner | Due\n"
        "1. | Circulate the revised terms of reference | SQ | June\n"
        "2. | Book the venue for the away day | Douglas Cowan | July\n"
        "\n"
        "Next meeting\n"
    )
    found = actions_in(text, [*OTHERS, OwnerCandidate(30, "Sam", "Quinn", present=True)])
    assert [line.body for line, _ in found] == [
        "Circulate the revised terms of reference",
        "Book the venue for the away day",
    ]
    assert [p.owner_ids for _, p in found][1] == [23]


def test_owner_column_is_split_off_the_task() -> None:
    [(line, parsed)] = actions_in(
        "      Action: TE to arrange for the various research papers to be          TE"
    )
    assert line.body == "TE to arrange for the various research papers to be"
    assert parsed.owner_ids == [TANYA.person_id]


def test_action_log_codes_carry_a_status_and_no_owner() -> None:
    found = actions_in(
        "HSP07 – this action had been completed and details were reflected in the report\n"
        "HSP12 – this would be updated at the next meeting.\n"
        "COVID-19 – update\n"
    )
    assert [(line.reference, line.status) for line, _ in found] == [
        ("HSP07", "completed"),
        ("HSP12", "in_progress"),
    ]
    assert all(p.owner_phrase == "" and not p.unmatched for _, p in found)


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("ACTION: Samantha to send the report - CLOSED", "completed"),
        ("ACTION: Samantha to send the report (Closed)", "completed"),
        ("ACTION: Samantha to send the report (ONGOING)", "in_progress"),
        ("ACTION: Samantha to send the report (COMPLETED).", "completed"),
    ],
)
def test_status_markers(line: str, status: str) -> None:
    [found] = find_action_lines(line)
    assert found.status == status
    assert parse_action(found.body, OTHERS).completed is (status == "completed")


@pytest.mark.parametrize(
    "line",
    [
        "ACTION: Reach out to sub-group chairs and ask them to review the plan",
        "ACTION: Add Stephen Doogan to the distribution list",
        "ACTION: Circulate the minutes to all members",
    ],
)
def test_verbs_are_never_owners(line: str) -> None:
    [(_, parsed)] = actions_in(line)
    assert parsed.owner_phrase == ""
    assert parsed.owner_ids == [] and parsed.unmatched == []


@pytest.mark.parametrize(
    ("line", "group"),
    [
        ("ACTION: Partners share data with the CSP analyst", "Partners"),
        (
            "ACTION: Sub-group chairs that could not attend December’s 2022 CSP are required "
            "to give feedback on the current CSP Plan 2023-2026 priorities.",
            "Sub-group chairs",
        ),
        ("Action: All to review TOR and forward any feedback", "All"),
    ],
)
def test_a_group_owns_a_task_with_or_without_to(line: str, group: str) -> None:
    [(_, parsed)] = actions_in(line)
    assert parsed.other_owners == [group]


def test_a_flattened_paragraph_still_gives_its_action() -> None:
    text = (
        "The group agreed to take away and review further the TOR. Action: All to review "
        "TOR and forward any feedback/comments to L"
    )
    [(line, parsed)] = actions_in(text)
    assert line.body.startswith("All to review TOR")
    assert parsed.other_owners == ["All"]


def test_due_points_only_in_the_future_of_the_meeting() -> None:
    meeting = dt.date(2011, 8, 2)
    [(_, future)] = actions_in(
        "ACTION:  Stephen Doogan would clarify this issue and advise the next meeting "
        "scheduled for 1 November 2011.",
        on=meeting,
    )
    assert future.due_date == dt.date(2011, 11, 1)
    [(_, past)] = actions_in("ACTION: Samantha to report back by 1 March 2010", on=meeting)
    assert past.due_date is None and past.due_text is None
    [(_, past_month)] = actions_in("ACTION: Samantha to present in June 2010", on=meeting)
    assert past_month.due_text is None


def test_initials_shared_by_two_attendees_are_flagged() -> None:
    terry = OwnerCandidate(31, "Terry", "Evans", present=True)
    [(_, parsed)] = actions_in(
        "ACTION: TE to send the figures", [terry, TANYA.__class__(32, "Tom", "Ellis", present=True)]
    )
    assert parsed.ambiguous == ["TE"] and parsed.owner_ids == []


@pytest.mark.parametrize(
    "line",
    [
        "Action Tracker pdf icon PDF 49 KB",
        "Action Plan to be agreed at the next meeting",
        "For information",
        "For Members to note the report",
        "Actions: see the tracker",
        "The Action Tracker was updated and approved as an accurate reflection.",
    ],
)
def test_headings_and_agenda_text_are_not_actions(line: str) -> None:
    assert find_action_lines(line) == []


def test_action_sheet_due_and_status_columns() -> None:
    text = (
        "Action Log\n"
        "No. | Action | Lead | Due Date | Status\n"
        "1 | Circulate draft strategy | DC | 30/04/2021 | Open\n"
        "2 | Invite DWP to next meeting | Chair | Next meeting | Complete\n"
        "3 | Book the conference room | SQ | 1/1/2020 | Closed\n"
    )
    found = actions_in(text, on=dt.date(2021, 4, 21))
    assert [line.status for line, _ in found] == ["open", "completed", "completed"]
    assert [(p.due_date, p.due_text) for _, p in found] == [
        (dt.date(2021, 4, 30), "30/04/2021"),
        (None, "Next meeting"),
        (None, None),  # before the meeting: history, not a due date
    ]
    assert found[1][1].other_owners == ["Chair"]


def test_trailing_initials_tag_without_a_colon_and_due_labels() -> None:
    [(line, _)] = actions_in("Douglas will follow up with schools. ACTION DC")
    assert line.owner == "DC" and line.body == "Douglas will follow up with schools"
    [(_, due)] = actions_in("ACTION: Samantha to share the dashboard. Due: October")
    assert due.due_text == "October"
