"""The minutes parser on minutes in the shapes councils publish them (texts written here
in those styles, and the real seeds), and on text that is not minutes at all."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from csp_desktop.importers.minutes_parser import looks_like_minutes, parse_minutes
from tests.conftest import SEEDS

MODERNGOV = """Agenda and minutes

Safer Borough Partnership Board - Wednesday, 14 February 2024 2.00 pm

Venue: Committee Room 2, Town Hall. View directions

Contact: Priya Shah - Tel: 020 7000 0000

Items
No. Item

21.

Apologies for Absence

Minutes:

Apologies were received from Councillor Mark Ellis and Joanne Reid
(Helen Price attended as substitute for Joanne Reid).

22.

Minutes of the previous meeting pdf icon PDF 120 KB

Minutes:

RESOLVED:

That the minutes of the meeting held on 8 November 2023 be approved.

23.

EXEMPT: Domestic Homicide Review - Detective Inspector Sam Cole

Minutes:

The Board noted the review. ACTION: SC

Action - Priya Shah

24.

Serious Violence Duty (15 mins)

Minutes:

The Board decided: that the strategy be published.

ACTION: Helen Price to circulate the needs assessment by 30 March 2024.
"""

WORD_STYLE = """SAFER COMMUNITIES EXECUTIVE GROUP
Thursday 7th March 2019, 10:00 - 12:00, Room 4
Present:
Lucy Evans (LE) Community Safety Manager (Chair)
Omar Farouk (OF) Police
Lee Evans (LE) Probation
Apologies:
Ruth Green
1. Welcome
LE welcomed everyone.
2. Action log
A12 – action completed and closed.
Action: LE to review the tracker
3. Date of next meeting
"""


def test_moderngov_page_header_attendance_items_decisions_and_actions() -> None:
    lines = MODERNGOV.splitlines()
    meeting = parse_minutes(lines)
    assert meeting.body is not None and meeting.body.value == "Safer Borough Partnership Board"
    assert meeting.date == dt.date(2024, 2, 14)
    assert meeting.start_time == dt.time(14, 0)
    assert meeting.venue is not None and meeting.venue.value == "Committee Room 2, Town Hall"
    assert meeting.contact is not None and meeting.contact.value == "Priya Shah"
    people = {(p.name, p.status, p.substitute_for) for p in meeting.attendance}
    assert ("Councillor Mark Ellis", "apologies", None) in people
    assert ("Joanne Reid", "apologies", None) in people
    assert ("Helen Price", "present", "Joanne Reid") in people
    assert [(i.number, i.title) for i in meeting.items] == [
        ("21", "Apologies for Absence"),
        ("22", "Minutes of the previous meeting"),
        ("23", "EXEMPT: Domestic Homicide Review"),
        ("24", "Serious Violence Duty"),
    ]
    minutes_item, exempt, violence = meeting.items[1], meeting.items[2], meeting.items[3]
    assert minutes_item.papers[0].size_bytes == 120 * 1024
    assert [d.text for d in minutes_item.decisions] == [
        "That the minutes of the meeting held on 8 November 2023 be approved."
    ]
    assert exempt.restricted and exempt.presenter == "Detective Inspector Sam Cole"
    assert violence.minutes_allocated == 15
    assert [d.text for d in violence.decisions] == ["that the strategy be published."]
    [action] = violence.actions
    assert action.owners == ("Helen Price",) and action.due_date == dt.date(2024, 3, 30)
    # Every recognised field points at the line it came from.
    assert lines[action.line].startswith("ACTION: Helen Price")
    assert lines[meeting.items[0].line].strip() == "21."
    assert lines[exempt.decisions[0].line] if exempt.decisions else True


def test_initials_legend_resolves_owners_and_shared_initials_are_flagged() -> None:
    meeting = parse_minutes(WORD_STYLE.splitlines())
    assert meeting.date == dt.date(2019, 3, 7)
    assert (meeting.start_time, meeting.end_time) == (dt.time(10, 0), dt.time(12, 0))
    chair = meeting.attendance[0]
    assert (chair.name, chair.role, chair.initials) == ("Lucy Evans", "chair", "LE")
    assert [p.name for p in meeting.attendance if p.status == "apologies"] == ["Ruth Green"]
    log, action = meeting.items[1].actions
    assert (log.reference, log.status) == ("A12", "completed")
    # Two people at the meeting are "LE": flagged, never guessed.
    assert action.owners == () and action.ambiguous == ("LE",)
    assert [i.title for i in meeting.items] == ["Welcome", "Action log", "Date of next meeting"]


def test_grid_with_status_marks_and_a_distribution_list() -> None:
    text = """Date: 3 May 2017
In attendance:
Anna Bell / Housing / √ / Tom Reed / Police / Apols
Jo King / Fire Service /
Minutes only
Sam Hart / Youth Service
1. Apologies
Tom Reed
"""
    meeting = parse_minutes(text.splitlines())
    status = {p.name: p.status for p in meeting.attendance}
    assert status == {"Anna Bell": "present", "Tom Reed": "apologies", "Jo King": "absent"}


def test_labelled_prose_blocks_and_name_shapes() -> None:
    text = (
        "MINUTES OF MEETING HELD ON TUESDAY 4 JUNE 2013 AT 1000 HOURS IN THE COUNCIL CHAMBER\n"
        "PRESENT: Councillor Ann Roy, Chair; Dr Ian Moss, NHS Lothian and Kay Nairn, "
        "Victim Support. ALSO ATTENDING: Superintendent Joe Hill, Police Scotland. "
        "APOLOGIES: Councillors P. Lamb and R. Dunn.\n"
        "\n"
        "WELCOME 1. The Chair welcomed everyone to the meeting.\n"
    )
    meeting = parse_minutes(text.splitlines())
    names = [(p.name, p.status) for p in meeting.attendance]
    assert names == [
        ("Councillor Ann Roy", "present"),
        ("Dr Ian Moss", "present"),
        ("Kay Nairn", "present"),
        ("Superintendent Joe Hill", "additional"),
        ("Councillor P. Lamb", "apologies"),
        ("Councillor R. Dunn", "apologies"),
    ]
    assert meeting.start_time == dt.time(10, 0)
    assert [(i.number, i.title) for i in meeting.items] == [("1", "WELCOME")]


def test_page_furniture_and_numbered_lists_are_not_items() -> None:
    text = """Partnership Board
12 January 2021
Present: Amy Lowe, Ben Hart
1. Performance
The priorities are:
1. Reduce violence
2. Support victims
3. Build trust
Printed: 01/02/21 Page 1
2. Any other business
None.
"""
    meeting = parse_minutes(text.splitlines())
    assert [i.title for i in meeting.items] == ["Performance", "Any other business"]
    assert "Printed" not in meeting.items[0].text
    # The list stays in the item's text: nothing the minutes say is lost.
    assert "2. Support victims" in meeting.items[0].text


def test_a_document_that_is_not_minutes_is_told_apart() -> None:
    text = (SEEDS / "csp-plan-2019-2022-refresh-2021.txt").read_text(encoding="utf-8")
    assert not looks_like_minutes(parse_minutes(text.splitlines()))
    minutes = (SEEDS / "csp-board-2022-10-05.txt").read_text(encoding="utf-8")
    assert looks_like_minutes(parse_minutes(minutes.splitlines()))


def test_the_october_2022_board_is_read_whole() -> None:
    text = (SEEDS / "csp-board-2022-10-05.txt").read_text(encoding="utf-8")
    meeting = parse_minutes(text.splitlines())
    assert meeting.date == dt.date(2022, 10, 5) and meeting.start_time == dt.time(10, 0)
    assert len([p for p in meeting.attendance if p.status == "present"]) == 14
    assert len([p for p in meeting.attendance if p.status == "additional"]) == 6
    restricted = [i.number for i in meeting.items if i.restricted]
    assert restricted == ["4", "7", "9", "10"]
    actions = [a for i in meeting.items for a in i.actions]
    assert len(actions) == 11
    assert sum(a.status == "completed" for a in actions) == 8


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=40))
def test_any_text_is_parsed_without_error(lines: list[str]) -> None:
    meeting = parse_minutes(lines)
    for item in meeting.items:
        assert 0 <= item.line < max(len(lines), 1)


def test_scottish_and_district_styles() -> None:
    text = (
        (
            "MINUTES of a meeting of the SAFER TOWNS PARTNERSHIP held on Tuesday 12 March 2019 "
            "at 10.00 am in Committee Room 1\n"
        )
        + """
PRESENT

Councillor Amanda Peers (Chair);
Councillors Sue Glithero and Wendy Wild.

Officers: Jane Smith (Community Safety Manager), Mark Jones (Democratic Services)

1. MINUTES

The Committee AGREED to approve the minutes as a correct record.

2. PART 2 - EXCLUSION OF THE PUBLIC

RESOLVED - That the public be excluded from the meeting for the following item.

3. GANG ACTIVITY (NOT FOR PUBLICATION)

The Board considered a confidential report. The Chair welcomed Inspector Tom Bell to the meeting.
"""
    )
    meeting = parse_minutes(text.splitlines())
    assert meeting.body is not None and meeting.body.value == "SAFER TOWNS PARTNERSHIP"
    assert (meeting.date, meeting.start_time) == (dt.date(2019, 3, 12), dt.time(10, 0))
    people = [(p.name, p.status) for p in meeting.attendance]
    assert people == [
        ("Councillor Amanda Peers", "present"),
        ("Councillor Sue Glithero", "present"),
        ("Councillor Wendy Wild", "present"),
        ("Jane Smith", "additional"),
        ("Mark Jones", "additional"),
        ("Inspector Tom Bell", "additional"),
    ]
    minutes, exclusion, gangs = meeting.items
    assert len(minutes.decisions) == 1 and len(exclusion.decisions) == 1
    # The motion to exclude the public is public; the item after it is not.
    assert (exclusion.restricted, gangs.restricted) == (False, True)


def test_a_number_written_another_way_than_the_items_is_text() -> None:
    text = """Youth Justice Board
3 May 2018
Present: Amy Lowe, Ben Hart
1. Youth offending
The service reported on the quarter:
20 Young people referred to the panel
2. Any other business
"""
    meeting = parse_minutes(text.splitlines())
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Youth offending"),
        ("2", "Any other business"),
    ]
    assert "20 Young people referred" in meeting.items[0].text


def test_a_word_file_with_an_attendance_table_and_an_action_sheet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import docx

    from csp_desktop.importers.readers import read_lines

    document = docx.Document()
    document.add_paragraph("Reducing Reoffending Board")
    document.add_paragraph("Minutes of the meeting held on 14 November 2023, 10:00-11:30")
    document.add_paragraph("Attendance")
    rows = [
        ("Name", "Organisation", "Attended"),
        ("Sarah Jones", "Probation", "Y"),
        ("Tom Reed", "Police", "N"),
        ("Amir Khan", "Housing", "Y"),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("1. Welcome and apologies")
    document.add_paragraph("Apologies were received from Tom Reed.")
    document.add_paragraph("2. Accommodation pathway")
    sheet = document.add_table(rows=2, cols=3)
    for row, values in zip(
        sheet.rows,
        [("Action", "Owner", "Due"), ("Review the referral form", "SJ", "January 2024")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    meeting = parse_minutes(read_lines(path))
    assert (meeting.date, meeting.start_time, meeting.end_time) == (
        dt.date(2023, 11, 14),
        dt.time(10, 0),
        dt.time(11, 30),
    )
    assert [(p.name, p.status, p.organisation) for p in meeting.attendance] == [
        ("Sarah Jones", "present", "Probation"),
        ("Tom Reed", "apologies", "Police"),
        ("Amir Khan", "present", "Housing"),
    ]
    [action] = meeting.items[1].actions
    assert (action.text, action.owners, action.due_text) == (
        "Review the referral form",
        ("Sarah Jones",),
        "January 2024",
    )


def test_notes_with_unnumbered_headings_in_sentence_case() -> None:
    text = """Safer Neighbourhood Board
Notes of meeting, 4 March 2021
Attendees: Anna Bell (Chair), Carl Dunn, Eve Ford

Police update
Inspector Carl Dunn gave an update on burglary figures, which have fallen this quarter.
Action: Carl Dunn to share the ward data with members.

Any other business
None.

Date of next meeting
5 May 2021
"""
    meeting = parse_minutes(text.splitlines())
    assert [(i.number, i.title) for i in meeting.items] == [
        (None, "Police update"),
        (None, "Any other business"),
        (None, "Date of next meeting"),
    ]
    assert meeting.items[0].actions[0].owners == ("Carl Dunn",)
    assert [p.name for p in meeting.attendance] == ["Anna Bell", "Carl Dunn", "Eve Ford"]


def test_a_heading_that_lost_its_number_fills_the_gap() -> None:
    text = """Date: 2 June 2016
Present: Amy Lowe, Ben Hart
1. Apologies
None received.
Previous minutes and matters arising
The minutes of the last meeting were agreed as an accurate record.
The Board discussed the proposal and agreed that the
3. Performance
Figures were presented.
"""
    meeting = parse_minutes(text.splitlines())
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Apologies"),
        (None, "Previous minutes and matters arising"),
        ("3", "Performance"),
    ]
