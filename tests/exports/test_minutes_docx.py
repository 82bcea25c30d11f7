"""Word minutes read back with python-docx: content, styles, marking, properties, leaks."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from sqlalchemy.orm import Session

from csp_desktop.errors import UserError
from csp_desktop.exports.docx_common import build_default_template
from csp_desktop.exports.minutes_docx import write_minutes
from csp_desktop.exports.output_files import OutputLocked, OutputNotWritable
from csp_desktop.models import Action, AgendaItem, Body, Meeting
from csp_desktop.services.export_data import minutes_data
from tests.exports.scenario import (
    FORMULA_TEXT,
    RESTRICTED_ACTION,
    RESTRICTED_SECRET,
    Scenario,
    build_scenario,
)
from tests.factories import NOW

WHEN = dt.datetime(2022, 10, 12, 9, 30)


def package_text(path: Path) -> str:
    """Every XML part of the package, so a leak in a header or property is caught too."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )


def export(session: Session, tmp_path: Path, *, public: bool = False, **options) -> Path:
    scenario = build_scenario(session)
    data = minutes_data(
        session, scenario.meeting_id, public=public, generated_at=WHEN, author="Ilirjeta Buzoku"
    )
    output = tmp_path / ("public.docx" if public else "full.docx")
    return write_minutes(data, output, **options)


def paragraphs_by_style(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_full_minutes_have_the_house_structure(session: Session, tmp_path: Path) -> None:
    document = Document(export(session, tmp_path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Community Safety Partnership Board"
    assert document.paragraphs[0].style.name == "Title"
    assert "Wednesday 5 October 2022, 10:00-13:00" in texts
    assert "Venue: MS Teams" in texts
    assert "Contact: Ilirjeta Buzoku, Community Safety Partnership Officer" in texts

    present = next(t for t in texts if t.startswith("Members Present:"))
    assert "Councillor Syed Ghani (CHAIR)" in present
    assert "Stuart Bell (Interim Chair)" in present
    assert "April Bald" not in present
    additional = next(t for t in texts if t.startswith("Additional Attendees:"))
    assert "Ilirjeta Buzoku (NOTE TAKER)" in additional
    assert "Zahid Iqbal (substitute for Fiona Taylor)" in additional
    assert next(t for t in texts if t.startswith("Apologies:")) == "Apologies: Fiona Taylor."

    headings = paragraphs_by_style(document, "Heading 1")
    assert "4. RESTRICTED: Crime and Disorder Strategic Assessment" in headings
    assert "5. Plan for Community Safety Partnership 2023-2026" in headings
    assert headings.index("1. Introductions and Apologies") < headings.index(
        "7. Date of next meeting"
    )

    bullets = paragraphs_by_style(document, "List Bullet")
    assert "Keeping children and young people safe" in bullets
    assert "Burglary offences" in bullets

    actions = [p for p in document.paragraphs if p.style.name == "Action"]
    action_texts = [p.text for p in actions]
    assert (
        "Action: Andy Opie and Chris Lyons to meet and create a timetable for the plan."
        in action_texts
    )
    assert f"ACTION: Andy Opie to {RESTRICTED_ACTION}." in action_texts
    assert all(run.bold for p in actions for run in p.runs if run.text)
    # An action raised in the item but not typed in its text is still printed.
    assert "ACTION: " + FORMULA_TEXT in action_texts

    assert "The following actions remain outstanding:" in texts
    assert "ACTION: Andy Opie to invite Street Space to the town centre meeting" in action_texts
    assert "The following actions have been completed:" in texts
    assert any(t.endswith("(COMPLETED).") and "VAWG strategic group" in t for t in action_texts)

    assert "Recommendations Approved:" in texts
    assert paragraphs_by_style(document, "Decision") == [
        "The CSP board members approved the recommendation to hold a workshop."
    ]
    assert "Papers: CSP Plan update (PDF 64 KB)" in texts
    assert "Papers: Strategic Assessment 2021-22 (PDF 117 KB)" in texts


def test_notes_declarations_reports_and_next_meeting(session: Session, tmp_path: Path) -> None:
    texts = [p.text for p in Document(export(session, tmp_path)).paragraphs]
    item5 = texts.index("5. Plan for Community Safety Partnership 2023-2026")
    item6 = texts.index("6. Sub-Group Updates")
    within5 = texts[item5:item6]
    assert "Councillor Maureen Worby joined the meeting at 10:25." in within5
    assert any(
        "Angela D’Urso declared an interest (trustee of a local charity) and withdrew" in t
        for t in within5
    )
    item2 = texts.index("2. Declarations of Interest")
    assert texts[item2 + 1] == "2 minutes"  # the time allowed, in the house style
    assert texts[item2 + 2].startswith("Angela D’Urso declared an interest in item 5")

    within6 = texts[item6 : texts.index("7. Date of next meeting")]
    assert "Violence Against Women and Girls" in within6
    assert "Reported by Angela D’Urso; RAG status: Amber." in within6
    assert "IVOLT" in within6
    assert within6[within6.index("IVOLT") + 1] == "No update provided"

    after7 = texts[texts.index("7. Date of next meeting") :]
    assert "Wednesday 7 December 2022, 10:00-13:00" in after7
    assert "BLC Conference Room" in after7
    assert "Chair: TBC" in after7
    assert "Amendments to these minutes" in texts


VAWG_ACTION = "ACTION: Angela D’Urso to circulate the VAWG strategy draft."
IVOLT_ACTION = "ACTION: Chris Lyons to share the IVOLT referral figures."


def add_subgroup_actions(session: Session, scenario: Scenario) -> None:
    """Two actions that belong to subgroups: one raised by the VAWG subgroup's report (its
    short name given: "VAWG"), one of the IVOLT subgroup itself (short name made up on
    import, so its name is printed)."""
    meeting = session.get(Meeting, scenario.meeting_id)
    assert meeting is not None
    bodies = {body.name: body for body in session.query(Body)}
    vawg = bodies["Violence Against Women and Girls"]
    ivolt = bodies["IVOLT"]
    vawg.short_name, vawg.short_name_derived = "VAWG", False
    ivolt.short_name, ivolt.short_name_derived = "IVO", True
    report = next(r for r in meeting.subgroup_reports if r.subgroup_id == vawg.id)
    updates = next(i for i in meeting.items if i.title == "Sub-Group Updates")
    plan: AgendaItem = next(i for i in meeting.items if i.number == "5")
    for reference, body, item, line, report_id in (
        ("CSP-2022-10-05-11", scenario.board_id, updates, VAWG_ACTION, report.id),
        ("IVO-2022-10-05-01", ivolt.id, plan, IVOLT_ACTION, None),
    ):
        session.add(
            Action(
                reference=reference,
                body_id=body,
                raised_at_meeting_id=meeting.id,
                raised_at_item_id=item.id,
                text=line.removeprefix("ACTION: ").rstrip("."),
                source_line=line,
                source_order=9,
                subgroup_report_id=report_id,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    session.flush()


@pytest.mark.parametrize("public", [False, True])
def test_an_actions_subgroup_is_named_beside_it(
    session: Session, tmp_path: Path, public: bool
) -> None:
    scenario = build_scenario(session)
    add_subgroup_actions(session, scenario)
    data = minutes_data(session, scenario.meeting_id, public=public, generated_at=WHEN)
    document = Document(write_minutes(data, tmp_path / "minutes.docx"))
    actions = paragraphs_by_style(document, "Action")
    texts = [p.text for p in document.paragraphs]
    vawg = "ACTION: Angela D’Urso to circulate the VAWG strategy draft (VAWG subgroup)."
    ivolt = "ACTION: Chris Lyons to share the IVOLT referral figures (IVOLT subgroup)."
    assert vawg in actions and ivolt in actions
    # Each under the item that raised it; the board's own actions name no subgroup.
    assert texts.index(vawg) > texts.index("6. Sub-Group Updates")
    item5, item6 = (
        texts.index("5. Plan for Community Safety Partnership 2023-2026"),
        texts.index("6. Sub-Group Updates"),
    )
    assert item5 < texts.index(ivolt) < item6
    assert [a for a in actions if "subgroup" in a] == sorted([vawg, ivolt], key=texts.index)


def test_a_subgroups_own_minutes_do_not_name_it_beside_each_action(
    session: Session, tmp_path: Path
) -> None:
    scenario = build_scenario(session)
    ivolt = session.query(Body).filter_by(name="IVOLT").one()
    meeting = session.get(Meeting, scenario.meeting_id)
    assert meeting is not None
    meeting.body_id = ivolt.id  # the same meeting, held by the subgroup itself
    add_subgroup_actions(session, scenario)
    session.expire_all()
    data = minutes_data(session, scenario.meeting_id, public=False, generated_at=WHEN)
    actions = paragraphs_by_style(
        Document(write_minutes(data, tmp_path / "minutes.docx")), "Action"
    )
    assert IVOLT_ACTION in actions
    assert "ACTION: Angela D’Urso to circulate the VAWG strategy draft (VAWG subgroup)." in actions


def test_unusual_text_survives_and_control_characters_go(session: Session, tmp_path: Path) -> None:
    texts = [p.text for p in Document(export(session, tmp_path)).paragraphs]
    paragraph = next(t for t in texts if t.startswith("A very long paragraph"))
    assert "“like this”" in paragraph and "🚓" in paragraph and "café" in paragraph
    assert "مرحبا" in paragraph
    assert "control character" in paragraph and "\x07" not in paragraph


def test_full_version_is_marked_and_numbered(session: Session, tmp_path: Path) -> None:
    document = Document(export(session, tmp_path))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "RESTRICTED"
    assert section.header.paragraphs[0].style.name == "Protective Marking"
    assert section.footer.paragraphs[-1].text == "RESTRICTED"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    properties = document.core_properties
    assert properties.title == (
        "Community Safety Partnership Board: minutes, Wednesday 5 October 2022"
    )
    assert properties.author == "Ilirjeta Buzoku"
    assert properties.created.replace(tzinfo=None) == WHEN
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_marking_is_configurable(session: Session, tmp_path: Path) -> None:
    document = Document(export(session, tmp_path, marking="OFFICIAL-SENSITIVE"))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE"


def test_public_version_contains_no_restricted_text(session: Session, tmp_path: Path) -> None:
    path = export(session, tmp_path, public=True)
    document = Document(path)
    texts = [p.text for p in document.paragraphs]
    everything = package_text(path)
    assert RESTRICTED_SECRET not in everything
    assert RESTRICTED_ACTION not in everything
    assert "Strategic Assessment 2021-22" not in everything  # the restricted item's paper
    assert "Burglary offences" not in everything
    heading = texts.index("4. RESTRICTED: Crime and Disorder Strategic Assessment")
    assert texts[heading + 1] == "30 minutes"
    assert texts[heading + 2] == "Item restricted"
    assert "RESTRICTED" not in [p.text for p in document.sections[0].header.paragraphs]
    assert "RESTRICTED" not in [p.text for p in document.sections[0].footer.paragraphs]
    assert document.core_properties.title.endswith("(public version)")
    # Public content is still there.
    assert "Keeping children and young people safe" in texts


def test_council_template_keeps_letterhead_fonts_and_gets_missing_styles(
    session: Session, tmp_path: Path
) -> None:
    template_path = tmp_path / "council.docx"
    template = Document()
    template.sections[0].header.paragraphs[0].text = "London Borough letterhead"
    template.styles["Normal"].font.name = "Georgia"
    template.styles["Normal"].font.size = Pt(12)
    template.add_paragraph("Sample body text that must not appear in the minutes")
    template.save(template_path)

    path = export(session, tmp_path, template=template_path)
    document = Document(path)
    header_texts = [p.text for p in document.sections[0].header.paragraphs]
    assert "London Borough letterhead" in header_texts
    assert header_texts[0] == "RESTRICTED"
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Action"].font.bold
    assert "Sample body text" not in package_text(path)


def test_dotx_template_is_accepted(session: Session, tmp_path: Path) -> None:
    docx_path = tmp_path / "shipped.docx"
    build_default_template(docx_path)
    dotx_path = tmp_path / "council.dotx"
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(dotx_path, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                payload = payload.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, payload)
    document = Document(export(session, tmp_path, template=dotx_path))
    assert document.paragraphs[0].text == "Community Safety Partnership Board"


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_template_that_is_not_word_is_refused(
    session: Session, tmp_path: Path, content: bytes
) -> None:
    scenario = build_scenario(session)
    data = minutes_data(session, scenario.meeting_id)
    template = tmp_path / "bad.docx"
    template.write_bytes(content)
    with pytest.raises(UserError, match="is not a Word document"):
        write_minutes(data, tmp_path / "out.docx", template=template)
    with pytest.raises(UserError, match="does not exist"):
        write_minutes(data, tmp_path / "out.docx", template=tmp_path / "missing.docx")
    assert not (tmp_path / "out.docx").exists()


def test_locked_target_gives_a_clear_message_and_keeps_the_old_file(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "full.docx"
    target.write_bytes(b"previous minutes")

    def locked(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputLocked, match="may be open in Word or Excel"):
        export(session, tmp_path)
    assert target.read_bytes() == b"previous minutes"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_missing_folder_is_reported(session: Session, tmp_path: Path) -> None:
    scenario = build_scenario(session)
    data = minutes_data(session, scenario.meeting_id)
    with pytest.raises(OutputNotWritable, match="does not exist"):
        write_minutes(data, tmp_path / "nowhere" / "minutes.docx")


def test_very_long_minutes_come_out_whole(session: Session, tmp_path: Path) -> None:
    scenario = build_scenario(session)
    meeting = session.get(Meeting, scenario.meeting_id)
    assert meeting is not None
    long_paragraph = "Ward level data shows Abbey ward highest; " * 2500  # ~105,000 characters
    meeting.items[0].minutes_text = long_paragraph.strip() + "\n- é, ñ, ø, “quotes”, 👍"
    session.flush()
    path = write_minutes(minutes_data(session, scenario.meeting_id), tmp_path / "long.docx")
    texts = [p.text for p in Document(path).paragraphs]
    assert long_paragraph.strip() in texts
    assert "é, ñ, ø, “quotes”, 👍" in texts


def test_the_shipped_template_is_a4_arial_with_the_styles_officers_restyle() -> None:
    from csp_desktop.exports.docx_common import default_template_path

    document = Document(default_template_path())
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert document.styles["Normal"].font.name == "Arial"
    names = {style.name for style in document.styles}
    assert {"Heading 1", "Heading 2", "Heading 3", "List Bullet", "Action", "Decision"} <= names
    assert document.styles["Action"].font.bold
    assert document.paragraphs == [] and document.tables == []
