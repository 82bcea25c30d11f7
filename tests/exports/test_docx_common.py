"""What the Word exports share (`exports/docx_common.py`): the prepared template, style ids,
and paragraphs written as XML, which must come out exactly as python-docx writes them."""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree
from sqlalchemy.orm import Session

from csp_desktop.errors import UserError
from csp_desktop.exports import agenda_docx, docx_common, minutes_docx
from csp_desktop.exports.docx_common import (
    _style_id,
    add_labelled_paragraph,
    add_styled_paragraph,
    add_text_paragraph,
    append_paragraph,
    append_run,
    build_default_template,
    default_template_path,
    open_template,
    paragraph_style_id,
)
from csp_desktop.exports.safe_text import clean_text
from csp_desktop.services.export_data import agenda_data, minutes_data
from tests.exports.scenario import build_scenario

WHEN = dt.datetime(2022, 10, 12, 9, 30)

# Text that python-docx turns into more than one element, or marks to keep its spaces.
TRICKY_TEXTS = [
    "",
    "Agreed.",
    "  leading and trailing  ",
    "tab\tseparated\t",
    "one line\nanother",
    "windows\r\nline end",
    "\u00a0non-breaking spaces\u00a0",
    "ends with a line break\n",
    "\t",
    "blank\n\nline between",
    "Angela D’Urso – “quoted”, é ñ 👍",
]


def xml(element: Any) -> bytes:
    return etree.tostring(element)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


# --- style ids ----------------------------------------------------------------------------


@pytest.mark.parametrize("make", [open_template, docx.Document], ids=["template", "blank"])
def test_style_ids_match_python_docx_for_every_style(make: Callable[[], Any]) -> None:
    document = make()
    names = [(s.name, s.type) for s in document.styles if s.name is not None]
    assert ("Normal", WD_STYLE_TYPE.PARAGRAPH) in names
    for name, kind in names:
        expected = document.part.get_style_id(name, kind)
        assert _style_id(document, name, kind) == expected, name
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            assert paragraph_style_id(document, name) == expected, name
    # The default paragraph style is written as no style at all, as python-docx does.
    assert paragraph_style_id(document, "Normal") is None


def test_unknown_and_non_paragraph_styles_are_refused() -> None:
    document = open_template()
    with pytest.raises(KeyError):
        paragraph_style_id(document, "No Such Style")
    character_style = next(s.name for s in document.styles if s.type == WD_STYLE_TYPE.CHARACTER)
    with pytest.raises(ValueError, match="not a paragraph style"):
        paragraph_style_id(document, character_style)


def test_styled_paragraph_carries_the_style() -> None:
    document = open_template()
    paragraph = add_styled_paragraph(document, "Agreed.", "Heading 2")
    assert paragraph.style.name == "Heading 2"
    assert paragraph.text == "Agreed."
    assert add_styled_paragraph(document, "Plain.", "Normal").style.name == "Normal"


# --- paragraphs written as XML, against python-docx ----------------------------------------


@pytest.mark.parametrize("bold", [False, True], ids=["plain", "bold"])
@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_a_run_is_written_as_python_docx_writes_it(text: str, bold: bool) -> None:
    document = open_template()
    ours = append_paragraph(document.element.body)
    append_run(ours, text, bold=bold)
    theirs = document.add_paragraph()
    run = theirs.add_run(text)
    if bold:
        run.bold = True
    assert xml(ours) == xml(theirs._p)
    assert document.paragraphs[-2].text == theirs.text  # both went before the sectPr
    assert document.element.body[-1].tag == qn("w:sectPr")


@pytest.mark.parametrize("style", [None, "Decision", "Action", "List Bullet", "Heading 1"])
@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_a_text_paragraph_is_written_as_python_docx_writes_it(text: str, style: str | None) -> None:
    for bold, space_after in ((False, None), (True, 0), (False, 120)):
        document = open_template()
        ours = add_text_paragraph(document, text, style, bold=bold, space_after=space_after)
        theirs = reference_text_paragraph(document, text, style, bold=bold, space_after=space_after)
        assert xml(ours._p) == xml(theirs._p), (bold, space_after)


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_styled_and_labelled_paragraphs_are_written_as_python_docx_writes_them(
    text: str,
) -> None:
    document = open_template()
    for style in (None, "Title", "Heading 2", "Minutes Subheading"):
        ours = add_styled_paragraph(document, text, style)
        assert xml(ours._p) == xml(reference_styled_paragraph(document, text, style)._p)
    ours = add_labelled_paragraph(document, "Papers: ", text)
    assert xml(ours._p) == xml(reference_labelled_paragraph(document, "Papers: ", text)._p)


def test_the_default_style_writes_no_paragraph_properties() -> None:
    document = open_template()
    paragraph = add_text_paragraph(document, "Plain.", "Normal")
    assert paragraph._p.pPr is None
    assert paragraph.style.name == "Normal"


# --- whole documents, against the same documents written through python-docx -------------


def letterhead_template(folder: Path) -> Path:
    """A council's own template: a letterhead header (with an empty line) and its own
    page-numbered footer."""
    path = folder / "council.docx"
    build_default_template(path)
    template = docx.Document(str(path))
    header = template.sections[0].header
    header.paragraphs[0].text = ""
    header.add_paragraph("London Borough of Barking and Dagenham")
    footer = template.sections[0].footer
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer.paragraphs[0]._p.append(field)
    template.save(str(path))
    return path


def as_dotx(docx_path: Path) -> Path:
    dotx_path = docx_path.with_suffix(".dotx")
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(dotx_path, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                payload = payload.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, payload)
    return dotx_path


@pytest.mark.parametrize("template_kind", ["shipped", "letterhead", "dotx"])
@pytest.mark.parametrize("paper", ["minutes", "agenda"])
@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
def test_papers_are_exactly_what_python_docx_would_write(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    template_kind: str,
    paper: str,
    public: bool,
) -> None:
    """Every part of the package, byte for byte, against the same paper written the plain
    python-docx way (template parsed afresh, proxies, style lookups by name)."""
    template = None
    if template_kind != "shipped":
        template = letterhead_template(tmp_path)
        if template_kind == "dotx":
            template = as_dotx(template)
    scenario = build_scenario(session)
    read = minutes_data if paper == "minutes" else agenda_data
    write = minutes_docx.write_minutes if paper == "minutes" else agenda_docx.write_agenda
    data = read(session, scenario.meeting_id, public=public, generated_at=WHEN, author="An Officer")

    ours = write(data, tmp_path / "ours.docx", template=template, marking="OFFICIAL-SENSITIVE")
    with monkeypatch.context() as patch:
        for module in (minutes_docx, agenda_docx):
            patch.setattr(module, "open_template", reference_open_template)
            patch.setattr(module, "add_heading", reference_heading)
            patch.setattr(module, "add_styled_paragraph", reference_styled_paragraph)
            patch.setattr(module, "add_text_paragraph", reference_text_paragraph)
        patch.setattr(minutes_docx, "add_labelled_paragraph", reference_labelled_paragraph)
        patch.setattr(docx_common, "decorate_pages", reference_decorate_pages)
        theirs = write(
            data, tmp_path / "theirs.docx", template=template, marking="OFFICIAL-SENSITIVE"
        )

    our_parts, their_parts = parts(ours), parts(theirs)
    assert sorted(our_parts) == sorted(their_parts)
    for name, payload in their_parts.items():
        assert our_parts[name] == payload, name
    texts = [p.text for p in docx.Document(str(ours)).paragraphs]
    assert data.header.body_name in texts
    if paper == "minutes":
        assert f"Members Present: {', '.join(p.text for p in data.present)}." in texts
        # Both ways restart typed numbered lists the same way (a numbering instance each).
        assert b"startOverride" in our_parts["word/numbering.xml"]


# The reference writer: python-docx's own API, as the exports used it before writing XML.


def reference_open_template(template: Path | None = None) -> Any:
    path = template or default_template_path()
    data = docx_common._as_docx_package(path.read_bytes())
    document = docx.Document(io.BytesIO(data))
    docx_common._empty_body(document)
    docx_common.ensure_styles(document)
    docx_common._set_uk_english(document)
    return document


def reference_styled_paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    paragraph = document.add_paragraph(text)
    if style is not None:
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        if document.styles[style] != default:  # python-docx writes an empty pPr for it
            paragraph.style = document.styles[style]
    return paragraph


def reference_heading(document: Any, text: str, level: int) -> Any:
    return reference_styled_paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def reference_text_paragraph(
    document: Any,
    text: str,
    style: str | None = None,
    *,
    bold: bool = False,
    space_after: int | None = None,
) -> Any:
    paragraph = reference_styled_paragraph(document, "", style)
    lines = clean_text(text).split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
        if bold:
            run.bold = True
    if space_after is not None:
        paragraph.paragraph_format.space_after = Twips(space_after)
    return paragraph


def reference_labelled_paragraph(document: Any, label: str, text: str) -> Any:
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(clean_text(text))
    return paragraph


def _reference_field(paragraph: Any, instruction: str) -> None:
    for kind, content in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {content} "
        run._r.append(element)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _reference_marking(container: Any, marking: str, *, first: bool) -> None:
    paragraph = container.add_paragraph(clean_text(marking), style="Protective Marking")
    if first and len(container.paragraphs) > 1:
        element = paragraph._p
        element.getparent().remove(element)
        container.paragraphs[0]._p.addprevious(element)


def _reference_drop_empty(container: Any) -> None:
    for paragraph in container.paragraphs:
        empty = not paragraph.text.strip() and not paragraph._p.xpath(
            ".//w:drawing|.//w:pict|.//w:fldChar|.//w:fldSimple"
        )
        if empty and len(container.paragraphs) > 1:
            paragraph._p.getparent().remove(paragraph._p)


def reference_decorate_pages(document: Any, *, running_title: str, marking: str | None) -> None:
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        _reference_drop_empty(header)
        if running_title:
            title = header.add_paragraph(clean_text(running_title), style="Header")
            title.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if marking:
            _reference_marking(header, marking, first=True)
        _reference_drop_empty(header)
        footer = section.footer
        footer.is_linked_to_previous = False
        _reference_drop_empty(footer)
        if not docx_common._has_field(footer._element, "PAGE"):
            paragraph = footer.add_paragraph(style="Footer")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("Page ")
            _reference_field(paragraph, "PAGE")
            paragraph.add_run(" of ")
            _reference_field(paragraph, "NUMPAGES")
        if marking:
            _reference_marking(footer, marking, first=False)
        _reference_drop_empty(footer)


# --- the template, prepared once per process ---------------------------------------------


def body_xml(document: Any) -> bytes:
    return xml(document.element.body)


def test_each_document_from_the_template_starts_empty_and_stays_its_own() -> None:
    first = open_template()
    empty_body = body_xml(first)
    add_text_paragraph(first, "Only in the first document.")
    first.styles.add_style("Only First", WD_STYLE_TYPE.PARAGRAPH)
    first.core_properties.title = "First"

    second = open_template()
    assert body_xml(second) == empty_body
    assert "Only First" not in [style.name for style in second.styles]
    assert second.core_properties.title != "First"
    assert [p.text for p in first.paragraphs] == ["Only in the first document."]


def test_styles_changed_in_one_export_are_saved_with_it(tmp_path: Path) -> None:
    document = open_template()
    document.styles.add_style("Committee Note", WD_STYLE_TYPE.PARAGRAPH)
    add_styled_paragraph(document, "Noted.", "Committee Note")
    document.save(str(tmp_path / "styled.docx"))
    saved = docx.Document(str(tmp_path / "styled.docx"))
    assert saved.paragraphs[0].style.name == "Committee Note"
    untouched = open_template()
    untouched.save(str(tmp_path / "plain.docx"))
    assert "Committee Note" not in [
        s.name for s in docx.Document(str(tmp_path / "plain.docx")).styles
    ]


def test_a_changed_template_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "council.docx"
    build_default_template(path)
    assert open_template(path).sections[0].header.paragraphs[0].text == ""

    template = docx.Document(str(path))
    template.sections[0].header.paragraphs[0].text = "Borough letterhead"
    template.save(str(path))
    later = path.stat().st_mtime_ns + 1_000_000_000  # a coarse file-system clock
    os.utime(path, ns=(later, later))
    assert open_template(path).sections[0].header.paragraphs[0].text == "Borough letterhead"


def test_a_template_removed_after_use_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "council.docx"
    build_default_template(path)
    open_template(path)
    path.unlink()
    with pytest.raises(UserError, match="does not exist"):
        open_template(path)


def test_a_file_that_is_not_word_is_refused_as_a_template(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("not a Word file", encoding="utf-8")
    with pytest.raises(UserError, match="is not a Word document"):
        open_template(path)


def test_exports_on_several_threads_each_get_their_own_document(tmp_path: Path) -> None:
    path = tmp_path / "council.docx"
    build_default_template(path)  # not yet prepared: the threads race to prepare it
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def export(number: int) -> None:
        try:
            document = open_template(path)
            for line in range(20):
                add_text_paragraph(document, f"Thread {number} line {line}")
            output = tmp_path / f"thread-{number}.docx"
            document.save(str(output))
            results[number] = [p.text for p in docx.Document(str(output)).paragraphs]
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=export, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for number in range(4):
        assert results[number] == [f"Thread {number} line {line}" for line in range(20)]
