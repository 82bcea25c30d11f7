"""The export data service: house-style classification, public rule, tracker rows, register,
and the two published sample meetings exported to Word with every name and ACTION line."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import NotFound, UserError
from csp_desktop.exports.interchange_reader import validate_document
from csp_desktop.exports.minutes_docx import write_minutes
from csp_desktop.models import ActionStatus, AttendanceStatus, Meeting, MeetingStatus
from csp_desktop.services.action_parser import find_action_lines, match_action_line
from csp_desktop.services.export_data import (
    BlockKind,
    Mark,
    agenda_data,
    attendance_register,
    classify_lines,
    marked_title,
    minutes_data,
    paper_size_label,
    suggested_file_name,
    tracker_rows,
)
from csp_desktop.services.interchange_import import import_meeting
from tests.conftest import FIXTURES, SEEDS
from tests.exports.scenario import RESTRICTED_ACTION, RESTRICTED_SECRET, build_scenario
from tests.factories import make_meeting, make_person, mark

SAMPLES = ["csp-board-2022-06-29", "csp-board-2022-10-05"]


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def docx_text(path: Path) -> str:
    document = Document(path)
    return "\n".join(p.text for p in document.paragraphs)


def import_sample(session: Session, name: str) -> Meeting:
    document = validate_document(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))
    meeting = import_meeting(session, document, FakeClock())
    session.flush()
    return meeting


def test_classify_lines_follows_the_house_style() -> None:
    blocks = classify_lines(
        "Performance overview:\n\n- Burglary offences\n• Robbery offences\n"
        "- ACTION: Andy Opie to report (COMPLETED).\n"
        "Action - Chris to share the plan.\n"
        "Daniel James noted there were no significant changes: none at all. Really.\n"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.SUBHEADING, "Performance overview:"),
        (BlockKind.BULLET, "Burglary offences"),
        (BlockKind.BULLET, "Robbery offences"),
        (BlockKind.ACTION, "ACTION: Andy Opie to report (COMPLETED)."),
        (BlockKind.ACTION, "Action - Chris to share the plan."),
        (
            BlockKind.PARAGRAPH,
            "Daniel James noted there were no significant changes: none at all. Really.",
        ),
    ]


@pytest.mark.parametrize(
    ("file_name", "size", "label"),
    [
        ("x.pdf", 119_808, "PDF 117 KB"),
        ("a.docx", 3 * 1024 * 1024, "DOCX 3.0 MB"),
        (None, 100, "1 KB"),
        ("noext", None, ""),
        (None, None, ""),
    ],
)
def test_paper_size_label(file_name: str | None, size: int | None, label: str) -> None:
    assert paper_size_label(file_name, size) == label


def test_public_minutes_data_withholds_restricted_content(session: Session) -> None:
    scenario = build_scenario(session)
    full = minutes_data(session, scenario.meeting_id)
    public = minutes_data(session, scenario.meeting_id, public=True)
    assert full.needs_marking and not public.needs_marking
    restricted = next(i for i in public.items if i.number == "4")
    assert restricted.withheld
    assert [b.text for b in restricted.blocks] == ["Item restricted"]
    assert restricted.papers == () and restricted.actions == () and restricted.decisions == ()
    assert RESTRICTED_SECRET not in repr(public)
    assert RESTRICTED_ACTION not in repr(public)
    assert RESTRICTED_SECRET in repr(full)


def test_suggested_file_names_never_carry_titles(session: Session) -> None:
    scenario = build_scenario(session)
    header = minutes_data(session, scenario.meeting_id, public=True).header
    name = suggested_file_name(header.body_short_name, header.date, "minutes", public=True)
    assert name == "CSP minutes 2022-10-05 (public).docx"
    assert "Crime" not in name
    assert suggested_file_name("", header.date, "actions", public=False) == (
        "All bodies actions 2022-10-05.xlsx"
    )
    assert suggested_file_name("A/B:*", header.date, "attendance", public=False) == (
        "AB attendance 2022-10-05.xlsx"
    )


def test_agenda_start_times_are_running_totals(session: Session) -> None:
    scenario = build_scenario(session)
    data = agenda_data(session, scenario.meeting_id)
    starts = [(i.number, i.start_time) for i in data.items]
    assert starts[:4] == [
        ("1", dt.time(10, 0)),
        ("2", dt.time(10, 2)),
        ("3", dt.time(10, 4)),
        ("4", dt.time(10, 14)),
    ]


def test_unknown_meeting_is_a_user_error(session: Session) -> None:
    with pytest.raises(NotFound):
        minutes_data(session, 9999)


def test_tracker_rows_flag_overdue_and_respect_filters(session: Session) -> None:
    scenario = build_scenario(session)
    rows = tracker_rows(session, today=dt.date(2022, 12, 1))
    by_ref = {row.reference: row for row in rows}
    assert by_ref["CSP-2022-06-29-01"].is_overdue
    assert not by_ref["CSP-2022-06-29-02"].is_overdue  # completed
    assert not by_ref["CSP-2022-10-05-02"].is_overdue  # due 7 December
    assert by_ref["CSP-2022-10-05-02"].owner_list == ("Andy Opie", "Chris Lyons")
    open_rows = tracker_rows(session, today=dt.date(2022, 12, 1), open_only=True)
    assert all(row.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) for row in open_rows)
    public_rows = tracker_rows(session, today=dt.date(2022, 12, 1), public=True)
    assert scenario.restricted_action_ref not in {row.reference for row in public_rows}
    assert scenario.public_action_ref in {row.reference for row in public_rows}


def test_attendance_register_counts_and_leaves_out_cancelled(session: Session) -> None:
    scenario = build_scenario(session)
    from csp_desktop.models import Body

    board = session.get(Body, scenario.board_id)
    assert board is not None
    cancelled = make_meeting(session, board, dt.date(2022, 8, 3))
    cancelled.status = MeetingStatus.CANCELLED
    ghost = make_person(session, "Only Cancelled")
    mark(session, cancelled, ghost, AttendanceStatus.ABSENT)
    upcoming = make_meeting(session, board, dt.date(2023, 1, 11))
    mark(session, upcoming, make_person(session, "Future Member"), AttendanceStatus.ABSENT)

    register = attendance_register(session, generated_at=dt.datetime(2022, 12, 1), body_name="CSP")
    (body,) = register.bodies
    assert body.meeting_dates == (dt.date(2022, 6, 29), dt.date(2022, 10, 5))
    assert body.cancelled_left_out == 1
    assert body.future_left_out == 1  # still to come on 1 December 2022: nobody absent yet
    members = {row.name: row for row in body.members}
    assert "Only Cancelled" not in members and "Future Member" not in members
    fiona = members["Fiona Taylor"]
    assert (fiona.expected, fiona.present, fiona.apologies, fiona.substitutes_sent) == (2, 0, 1, 1)
    assert fiona.marks == (Mark.APOLOGIES.value, Mark.SUBSTITUTE.value)
    chair = members["Councillor Syed Ghani"]
    assert chair.percentage == 1.0
    april = members["April Bald"]
    assert (april.absent, april.percentage) == (2, 0.0)
    assert "Zahid Iqbal" not in members  # a substitute is not a member
    police = {row.name: row for row in body.organisations}["Metropolitan Police"]
    assert police.expected == 2 and police.present == 1 and police.people == 3

    only_june = attendance_register(
        session,
        generated_at=dt.datetime(2022, 12, 1),
        body_name="CSP",
        date_from=dt.date(2022, 6, 1),
        date_to=dt.date(2022, 7, 1),
    )
    assert only_june.bodies[0].meeting_dates == (dt.date(2022, 6, 29),)
    with pytest.raises(UserError, match="before the 'from' date"):
        attendance_register(
            session,
            generated_at=dt.datetime(2022, 12, 1),
            date_from=dt.date(2022, 7, 1),
            date_to=dt.date(2022, 6, 1),
        )


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_meetings_export_every_name_and_action_line(
    session: Session, tmp_path: Path, name: str
) -> None:
    meeting = import_sample(session, name)
    path = write_minutes(minutes_data(session, meeting.id), tmp_path / f"{name}.docx")
    text = normalise(docx_text(path))
    for row in meeting.attendance:
        assert normalise(row.person.display_name) in text, row.person.display_name
    seed_lines = find_action_lines((SEEDS / f"{name}.txt").read_text("utf-8"))
    assert seed_lines, "the seed has ACTION lines"
    for line in seed_lines:
        body = match_action_line(line.line) or ""
        body = re.sub(r"\(completed\)", "", body, flags=re.IGNORECASE)
        assert normalise(body) in text, line.line
    # ACTION lines are in the Action style, bold.
    document = Document(path)
    actions = [p for p in document.paragraphs if p.style.name == "Action"]
    assert len(actions) >= len(seed_lines) - 1
    assert all(run.bold for p in actions for run in p.runs if run.text.strip())


@pytest.mark.parametrize("name", SAMPLES)
def test_public_sample_minutes_contain_no_restricted_text(
    session: Session, tmp_path: Path, name: str
) -> None:
    meeting = import_sample(session, name)
    restricted = [item for item in meeting.items if item.is_restricted]
    # Where the council's own minutes repeat restricted words in an open item (a reviewed
    # action), the public version waits until a reviewer clears the quote (issue 12, F3).
    from csp_desktop.services.restricted_quotes import clear_quotes, find_quotes

    if find_quotes(session, meeting.id):
        with pytest.raises(UserError, match="quotes restricted"):
            minutes_data(session, meeting.id, public=True)
        clear_quotes(session, meeting.id)
    path = write_minutes(
        minutes_data(session, meeting.id, public=True), tmp_path / f"{name}-public.docx"
    )
    with zipfile.ZipFile(path) as package:
        everything = normalise(
            " ".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xml"))
        )
    body_text = normalise(docx_text(path))
    # Text the published minutes also carry in an open item (a reviewed action) may appear.
    public_text = normalise(
        " ".join(item.minutes_text for item in meeting.items if not item.is_restricted)
    )
    checked = 0
    for item in restricted:
        for paragraph in item.minutes_text.splitlines():
            words = normalise(paragraph)
            if len(words) > 40 and words not in public_text:
                checked += 1
                assert words not in everything, paragraph[:60]
        for paper in item.papers:
            assert normalise(paper.name) not in body_text or not paper.name
    if restricted:
        assert "item restricted" in body_text
        assert checked > 0


def test_restricted_items_carry_the_house_mark_once() -> None:
    assert marked_title("Prevent update", True) == "RESTRICTED: Prevent update"
    assert marked_title("RESTRICTED: Prevent update", True) == "RESTRICTED: Prevent update"
    assert marked_title("Prevent update", False) == "Prevent update"


def _statements_to_read_minutes(
    session: Session, meeting_id: int, *, public: bool
) -> tuple[int, int]:
    """(actions shown as reviewed, SQL statements) for one fresh read of the minutes."""
    from sqlalchemy import event

    session.expunge_all()  # as an export in its own session finds it: nothing loaded yet
    count = [0]

    def before(*_args: object) -> None:
        count[0] += 1

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", before)
    try:
        data = minutes_data(session, meeting_id, public=public)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    reviewed = sum(len(i.reviewed_outstanding) + len(i.reviewed_completed) for i in data.items)
    return reviewed, count[0]


def test_reading_the_minutes_costs_the_same_statements_however_many_reviewed_actions(
    session: Session,
) -> None:
    """Word export speed (issue 6): no lazy load per action, item or person, full or public."""
    from csp_desktop.models import Action, ActionOwner, ActionReview, AgendaItem

    scenario = build_scenario(session)
    few_full, full_statements = _statements_to_read_minutes(
        session, scenario.meeting_id, public=False
    )
    few_public, public_statements = _statements_to_read_minutes(
        session, scenario.meeting_id, public=True
    )

    # Six more actions carried in, each raised at its own item of the previous meeting
    # and owned by someone new: a lazy load per item or per owner would show here.
    previous = session.get(Meeting, scenario.previous_id)
    assert previous is not None
    for number in range(6):
        item = AgendaItem(position=10 + number, number=str(10 + number), title=f"Topic {number}")
        previous.items.append(item)
        session.flush()
        owner = make_person(session, f"Owner Number{number}")
        action = Action(
            reference=f"CSP-2022-06-29-{20 + number}",
            body_id=previous.body_id,
            raised_at_meeting_id=previous.id,
            raised_at_item_id=item.id,
            text=f"Owner Number{number} to report on topic {number}",
            due_text="next meeting",
            status=ActionStatus.OPEN,
            source_order=20 + number,
            created_at=dt.datetime(2022, 6, 29, 12, 0),
            updated_at=dt.datetime(2022, 6, 29, 12, 0),
        )
        action.owner_links.append(ActionOwner(person_id=owner.id, position=0))
        session.add(action)
        session.flush()
        session.add(
            ActionReview(meeting_id=scenario.meeting_id, action_id=action.id, position=50 + number)
        )
    session.flush()

    many_full, many_full_statements = _statements_to_read_minutes(
        session, scenario.meeting_id, public=False
    )
    many_public, many_public_statements = _statements_to_read_minutes(
        session, scenario.meeting_id, public=True
    )
    assert (many_full - few_full, many_public - few_public) == (6, 6)
    assert many_full_statements == full_statements <= 12
    # The public version also reads the archive's restricted text once, to find quotes of
    # it in open items (services/restricted_quotes.py): a fixed number of statements more.
    assert many_public_statements == public_statements <= full_statements + 8


def test_a_member_never_marked_is_not_recorded_never_absent(session: Session) -> None:
    """Issue 11: "Not yet marked" is not an absence in the register or the minutes."""
    scenario = build_scenario(session)
    from csp_desktop.models import Body

    board = session.get(Body, scenario.board_id)
    assert board is not None
    forgotten = make_person(session, "Never Marked")
    from sqlalchemy import select

    for meeting in session.scalars(select(Meeting).where(Meeting.body_id == board.id)):
        if meeting.status is not MeetingStatus.CANCELLED:
            mark(session, meeting, forgotten, AttendanceStatus.UNMARKED, is_member=True)
    register = attendance_register(session, generated_at=dt.datetime(2022, 12, 1), body_name="CSP")
    row = {r.name: r for r in register.bodies[0].members}["Never Marked"]
    assert row.absent == 0 and row.expected == 0 and row.percentage is None
    assert set(row.marks) == {Mark.NOT_RECORDED.value}
