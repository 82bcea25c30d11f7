"""Papers as councils publish them (issue 14): timings in the house style, attendance only
as recorded, organisations, publication choices, verbal updates, agenda text, papers'
type and size, lists at their level, no repeated subgroup line, tables that keep rows
whole and size columns by content."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from csp_desktop.clock import FakeClock
from csp_desktop.exports.agenda_docx import write_agenda
from csp_desktop.exports.interchange_reader import validate_document
from csp_desktop.exports.minutes_docx import write_minutes
from csp_desktop.services.export_data import agenda_data, minutes_data
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.storage import open_database

WHEN = dt.datetime(2022, 10, 12, 9, 30)


def _item(number: str, title: str, **fields: Any) -> dict[str, Any]:
    return {
        "number": number,
        "title": title,
        "restricted": False,
        "verbal_update": False,
        "minutes_text": "",
        "decisions": [],
        "papers": [],
        **fields,
    }


def meeting_document() -> dict[str, Any]:
    return {
        "format": "csp-desktop/meeting",
        "version": 2,
        "meeting": {
            "body": {"name": "Safer Town Partnership", "short_name": "STP", "kind": "board"},
            "date": "2022-10-05",
            "start_time": "10:00",
            "end_time": "12:00",
        },
        "attendance": [
            {
                "person": "Councillor Syed Ghani",
                "organisation": "Town Council",
                "status": "present",
                "role": "chair",
            },
            {"person": "Andy Opie", "organisation": "Police", "status": "present"},
            {"person": "Gary Jones", "status": "additional"},
        ],
        "agenda_items": [
            _item("1", "Introductions and apologies", kind="introductions", minutes_allocated=5),
            _item(
                "2",
                "Neighbourhood policing",
                minutes_allocated=20,
                started_at="2022-10-05T10:06:00",
                ended_at="2022-10-05T10:31:00",
                elapsed_seconds=0,
                agenda_text="Members are asked to note the report.",
                minutes_text=(
                    "Andy Opie presented.\n"
                    "- first point\n"
                    "  - indented point\n"
                    "o sub point\n"
                    "· middle dot\n"
                    "• bullet\n"
                    "1. numbered one\n"
                    "a) lettered under it\n"
                    "2. numbered two\n"
                    "Then a paragraph.\n"
                    "1. a new list\n"
                    "ACTION: Andy Opie to share the figures."
                ),
                papers=[
                    {
                        "name": "Neighbourhood Policing Report",
                        "kind": "PDF",
                        "size_bytes": 96256,
                        "restricted": False,
                    },
                    {"name": None, "kind": "PDF", "size_bytes": 40960, "restricted": False},
                ],
            ),
            _item(
                "3",
                "RESTRICTED: Prevent update",
                restricted=False,
                minutes_text="Published in full though titled restricted.",
            ),
            _item(
                "4",
                "Serious violence duty",
                restricted=True,
                public_summary="The board noted a verbal update on the duty.",
                verbal_update=True,
                minutes_text="Secret detail of the duty.",
                papers=[
                    {"name": "Duty paper", "kind": "PDF", "size_bytes": 10240, "restricted": False}
                ],
            ),
            _item("5", "Domestic abuse", restricted=True, minutes_text="Withheld detail."),
            _item(
                "6",
                "Sub-group updates",
                kind="subgroup_updates",
                minutes_text="Reducing Reoffending board – No update provided",
            ),
        ],
        "subgroup_reports": [
            {
                "subgroup": "Reducing Re-offending Board",
                "status": "not_provided",
                "summary": "",
                "priorities": [],
            },
            {
                "subgroup": "IVOLT",
                "status": None,
                "summary": "",
                "priorities": [],
                "subgroup_chair": "Andy Opie",
            },
        ],
    }


def export(
    tmp_path: Path, document: dict[str, Any], *, public: bool = False, paper: str = "minutes"
) -> Any:
    database = open_database(tmp_path / f"m{len(list(tmp_path.iterdir()))}.db")
    try:
        with database.transaction() as session:
            meeting_id = import_meeting(session, validate_document(document), FakeClock()).id
        with database.session() as session:
            if paper == "minutes":
                data = minutes_data(session, meeting_id, public=public, generated_at=WHEN)
                path = write_minutes(data, tmp_path / f"minutes-{public}.docx")
            else:
                data = agenda_data(session, meeting_id, public=public, generated_at=WHEN)
                path = write_agenda(data, tmp_path / f"agenda-{public}.docx")
        return Document(str(path))
    finally:
        database.close()


def texts(document: Any) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def after(document: Any, heading: str, count: int) -> list[tuple[str, str]]:
    paragraphs = document.paragraphs
    index = [p.text for p in paragraphs].index(heading)
    return [(p.text, p.style.name) for p in paragraphs[index + 1 : index + 1 + count]]


def test_timings_print_in_the_house_style_and_the_body_can_hide_them(tmp_path: Path) -> None:
    document = export(tmp_path, meeting_document())
    assert after(document, "1. Introductions and apologies", 1) == [("5 minutes", "Minutes Note")]
    assert after(document, "2. Neighbourhood policing", 2) == [
        ("20 minutes; started 10:06, took 25 minutes", "Minutes Note"),
        ("Members are asked to note the report.", "Minutes Note"),
    ]
    hidden = meeting_document()
    hidden["meeting"]["body"]["minutes_show_timings"] = False
    document = export(tmp_path, hidden)
    assert not any("minutes" in text and text[0].isdigit() for text in texts(document))
    agenda = export(tmp_path, hidden, paper="agenda")
    assert [c.text for c in agenda.tables[0].rows[0].cells] == [
        "No.",
        "Item",
        "Presenter",
        "Papers",
    ]


def test_attendance_is_printed_only_as_recorded(tmp_path: Path) -> None:
    document = export(tmp_path, meeting_document())
    lines = texts(document)
    assert "Members Present: Councillor Syed Ghani (CHAIR), Andy Opie." in lines
    assert "Additional Attendees: Gary Jones." in lines
    assert not any(line.startswith("Apologies") for line in lines)  # never "Apologies: None"
    with_organisations = meeting_document()
    with_organisations["meeting"]["body"]["minutes_show_organisations"] = True
    lines = texts(export(tmp_path, with_organisations))
    assert (
        "Members Present: Councillor Syed Ghani – Town Council (CHAIR), Andy Opie – Police."
        in lines
    )
    nobody = meeting_document()
    nobody["attendance"] = []
    lines = texts(export(tmp_path, nobody))
    assert "Attendance not recorded." in lines
    assert not any(line.startswith(("Members Present", "Apologies")) for line in lines)


def test_publication_choices_and_verbal_updates(tmp_path: Path) -> None:
    full = texts(export(tmp_path, meeting_document()))
    public_document = export(tmp_path, meeting_document(), public=True)
    public = texts(public_document)
    # Open, though titled RESTRICTED: printed in full in both, label kept once.
    assert "3. RESTRICTED: Prevent update" in public
    assert "Published in full though titled restricted." in public
    # Restricted with a public summary: the summary instead of the minute, papers withheld.
    assert "4. RESTRICTED: Serious violence duty" in public
    assert after(public_document, "4. RESTRICTED: Serious violence duty", 2) == [
        ("Verbal update", "Minutes Note"),
        ("The board noted a verbal update on the duty.", "Normal"),
    ]
    assert "Secret detail of the duty." not in "\n".join(public)
    assert not any("Duty paper" in line for line in public)
    assert "Secret detail of the duty." in full and "Verbal update" in full
    # Restricted, minute withheld (the default).
    assert "Withheld detail." not in "\n".join(public)
    assert "Item restricted" in public


def test_papers_print_type_and_size_and_may_have_no_name(tmp_path: Path) -> None:
    lines = texts(export(tmp_path, meeting_document()))
    assert "Papers: Neighbourhood Policing Report (PDF 94 KB)" in lines
    assert "Additional documents: Neighbourhood policing (PDF 40 KB)" in lines
    agenda = export(tmp_path, meeting_document(), paper="agenda")
    row = [c.text for c in agenda.tables[0].rows[2].cells]
    assert row[-1] == (
        "Neighbourhood Policing Report (PDF 94 KB)\nNeighbourhood policing (PDF 40 KB)"
    )
    assert "Members are asked to note the report." in row[1]
    verbal = [c.text for c in agenda.tables[0].rows[4].cells]
    assert verbal[-1].startswith("Verbal update")


def test_every_bullet_form_becomes_a_list_paragraph_at_its_level(tmp_path: Path) -> None:
    document = export(tmp_path, meeting_document())
    got = after(document, "Andy Opie presented.", 11)
    assert got == [
        ("first point", "List Bullet"),
        ("indented point", "List Bullet 2"),
        ("sub point", "List Bullet 2"),
        ("middle dot", "List Bullet"),
        ("bullet", "List Bullet"),
        ("numbered one", "List Number"),
        ("lettered under it", "List Number 2"),
        ("numbered two", "List Number"),
        ("Then a paragraph.", "Normal"),
        ("a new list", "List Number"),
        ("ACTION: Andy Opie to share the figures.", "Action"),
    ]
    # Each numbered list starts again at 1: its own numbering instance, restarted.
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val if p._p.pPr.numPr is not None else None for p in numbered]
    assert num_ids[0] is not None and num_ids[2] is not None and num_ids[0] != num_ids[2]
    assert num_ids[1] is None  # "numbered two" continues the first list


def test_a_typed_subgroup_line_is_not_repeated(tmp_path: Path) -> None:
    lines = texts(export(tmp_path, meeting_document()))
    assert "Reducing Reoffending board – No update provided" in lines
    assert "Reducing Re-offending Board" not in lines
    # An unknown report status invents nothing: the heading only.
    index = lines.index("IVOLT")
    assert lines[index + 1 :] == [] or not lines[index + 1].startswith("No update")


def test_every_item_title_is_a_heading(tmp_path: Path) -> None:
    document = export(tmp_path, meeting_document())
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for item in meeting_document()["agenda_items"]:
        assert any(heading.endswith(item["title"]) for heading in headings), item["title"]


def test_agenda_rows_never_split_and_columns_fit_their_words(tmp_path: Path) -> None:
    document = meeting_document()
    document["agenda_items"][1]["presenter"] = "Neighbourhood Inspector Smith"
    agenda = export(tmp_path, document, paper="agenda")
    table = agenda.tables[0]
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    widths = [cell.width.cm for cell in table.rows[0].cells]
    # "Neighbourhood" (13 letters) never breaks: each column is wider than its longest word.
    presenter = [c.text for c in table.rows[0].cells].index("Presenter")
    assert widths[presenter] >= 13 * 0.21
    assert abs(sum(widths) - 16.6) < 0.05


def test_the_agenda_membership_comes_from_the_roster(tmp_path: Path) -> None:
    agenda = export(tmp_path, meeting_document(), paper="agenda")
    lines = texts(agenda)
    index = lines.index("Membership")
    assert lines[index + 1] == "Councillor Syed Ghani (CHAIR), Andy Opie."


def test_copy_of_the_document_is_untouched(tmp_path: Path) -> None:
    original = meeting_document()
    export(tmp_path, copy.deepcopy(original))
    assert original == meeting_document()


def test_a_numbered_list_runs_on_through_its_bullets(tmp_path: Path) -> None:
    document = meeting_document()
    document["agenda_items"][1]["minutes_text"] = (
        "Priorities:\n1. Education:\n- first aim\n- second aim\n2. Housing:\n- third aim\n"
        "Then a paragraph.\n1. New list"
    )
    exported = export(tmp_path, document)
    numbered = [p for p in exported.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["Education:", "Housing:", "New list"]
    restarted = [p._p.pPr.numPr is not None for p in numbered]
    assert restarted == [True, False, True]


def test_an_agenda_without_allocations_has_no_timing_columns(tmp_path: Path) -> None:
    document = meeting_document()
    for item in document["agenda_items"]:
        item["minutes_allocated"] = None
    agenda = export(tmp_path, document, paper="agenda")
    assert [c.text for c in agenda.tables[0].rows[0].cells] == [
        "No.",
        "Item",
        "Presenter",
        "Papers",
    ]
