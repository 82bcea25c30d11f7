"""What every Word export shares: the template, styles, page numbers, marking, properties.

An officer can point the app at their council's own template (letterhead, fonts, styles).
We keep the template's section set-up, headers and footers, and styles, and remove its body
content before writing. Styles our documents need but the template lacks ("Action",
"Decision", "List Bullet" ...) are added, so a minimal template still works.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import weakref
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from csp_desktop.errors import UserError
from csp_desktop.exports.safe_text import clean_text
from csp_desktop.paths import resources_dir

TEMPLATE_NAME = "template.docx"
BODY_FONT = "Arial"
HEADING_COLOUR = RGBColor(0x1F, 0x2A, 0x44)
MARKING_COLOUR = RGBColor(0xA0, 0x00, 0x00)
DEFAULT_MARKING = "RESTRICTED"

_DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_DOTX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)

Doc = Any  # python-docx ships no type hints; `Document` objects are passed around as Any.


def default_template_path() -> Path:
    return resources_dir() / TEMPLATE_NAME


def open_template(template: Path | None = None) -> Doc:
    """Open `template` (or the shipped one) with its body emptied, ready to write into.

    A Word template saved as ``.dotx`` is accepted too: it is the same package with a
    different content type, which python-docx refuses, so the type is swapped in memory.

    Raises:
        UserError: the file is missing, unreadable, or not a Word document.
    """
    path = template or default_template_path()
    if not path.exists():
        raise UserError(f"The Word template {path} does not exist.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            f"The Word template {path} cannot be read: {exc.strerror or exc}."
        ) from None
    try:
        document = Document(io.BytesIO(_as_docx_package(data)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UserError(
            f"{path} is not a Word document (.docx); choose a Word file as the template."
        ) from None
    _empty_body(document)
    ensure_styles(document)
    return document


def _as_docx_package(data: bytes) -> bytes:
    """Return the package bytes with a .dotx main part relabelled as a .docx one."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        content_types = source.read("[Content_Types].xml")
        if _DOTX_CONTENT_TYPE.encode() not in content_types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                payload = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    payload = payload.replace(
                        _DOTX_CONTENT_TYPE.encode(), _DOCX_CONTENT_TYPE.encode()
                    )
                target.writestr(info, payload)
        return out.getvalue()


def _empty_body(document: Doc) -> None:
    """Remove paragraphs and tables from the body but keep the final section settings."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# --- styles -----------------------------------------------------------------------------


def _plain_font(style: Any, name: str, size: float | None, *, bold: bool | None = None) -> None:
    """Give a style a fixed font, removing theme-font references that would override it."""
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:cs"), name)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def _style(document: Doc, name: str, kind: Any = WD_STYLE_TYPE.PARAGRAPH) -> tuple[Any, bool]:
    styles = document.styles
    try:
        return styles[name], False
    except KeyError:
        return styles.add_style(name, kind), True


def ensure_styles(document: Doc) -> None:
    """Add the styles our exports use when the template does not define them.

    Existing styles are left alone: a council's template decides how they look.
    """
    for name in ("Heading 1", "Heading 2", "Heading 3", "List Bullet", "Title"):
        _style(document, name)
    action, created = _style(document, "Action")
    if created:
        action.base_style = document.styles["Normal"]
        action.font.bold = True
        action.paragraph_format.space_before = Pt(4)
        action.paragraph_format.space_after = Pt(6)
        action.paragraph_format.keep_together = True
    decision, created = _style(document, "Decision")
    if created:
        decision.base_style = document.styles["Normal"]
        decision.paragraph_format.left_indent = Cm(0.6)
        decision.paragraph_format.space_after = Pt(4)
    subheading, created = _style(document, "Minutes Subheading")
    if created:
        subheading.base_style = document.styles["Normal"]
        subheading.font.bold = True
        subheading.font.underline = False
        subheading.paragraph_format.space_before = Pt(6)
        subheading.paragraph_format.keep_with_next = True
    marking, created = _style(document, "Protective Marking")
    if created:
        marking.base_style = document.styles["Normal"]
        marking.font.bold = True
        marking.font.color.rgb = MARKING_COLOUR
        marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        marking.paragraph_format.space_after = Pt(0)
    note, created = _style(document, "Minutes Note")
    if created:
        note.base_style = document.styles["Normal"]
        note.font.italic = True


def build_default_template(path: Path) -> None:
    """Write the shipped council-style template: A4, Arial, real heading and list styles.

    Run ``python -m csp_desktop.exports.docx_common`` to regenerate ``resources/template.docx``.
    """
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)

    styles = document.styles
    normal = styles["Normal"]
    _plain_font(normal, BODY_FONT, 11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, before, after in (
        ("Title", 18, 0, 4),
        ("Heading 1", 14, 14, 6),
        ("Heading 2", 12, 10, 4),
        ("Heading 3", 11, 8, 2),
    ):
        style = styles[name]
        _plain_font(style, BODY_FONT, size, bold=True)
        style.font.color.rgb = HEADING_COLOUR
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    # The built-in Title carries a bottom border and big spacing; keep it plain.
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    for name in ("Header", "Footer"):
        _plain_font(styles[name], BODY_FONT, 9)
    bullet = styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(3)
    ensure_styles(document)
    document.core_properties.title = "CSP Desktop council template"
    document.core_properties.author = "CSP Desktop"
    document.core_properties.comments = (
        "Replace with your council's template: keep styles Heading 1-3, List Bullet, "
        "Action and Decision."
    )
    _empty_body(document)
    document.save(str(path))


# --- headers, footers, fields -----------------------------------------------------------


def _add_field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice compute on display."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _has_field(part_element: Any, instruction: str) -> bool:
    for node in part_element.iter(qn("w:instrText")):
        if node.text and instruction in node.text.split():
            return True
    for node in part_element.iter(qn("w:fldSimple")):
        if instruction in (node.get(qn("w:instr")) or "").split():
            return True
    return False


def _marking_paragraph(container: Any, marking: str, *, first: bool) -> None:
    """Add the protective marking as the first (header) or last (footer) paragraph."""
    paragraph = container.add_paragraph(clean_text(marking), style="Protective Marking")
    if first and len(container.paragraphs) > 1:
        # Move the new paragraph to the top, above any letterhead.
        element = paragraph._p
        element.getparent().remove(element)
        container.paragraphs[0]._p.addprevious(element)


def _drop_empty_paragraphs(container: Any) -> None:
    paragraphs = container.paragraphs
    for paragraph in paragraphs:
        empty = not paragraph.text.strip() and not paragraph._p.xpath(
            ".//w:drawing|.//w:pict|.//w:fldChar|.//w:fldSimple"
        )
        if empty and len(container.paragraphs) > 1:
            paragraph._p.getparent().remove(paragraph._p)


def decorate_pages(document: Doc, *, running_title: str, marking: str | None) -> None:
    """Header: marking and running title; footer: "Page X of Y" and marking.

    A template's own header and footer (letterhead) are kept; we add to them.
    """
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        _drop_empty_paragraphs(header)
        if running_title:
            title = header.add_paragraph(clean_text(running_title), style="Header")
            title.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if marking:
            _marking_paragraph(header, marking, first=True)
        _drop_empty_paragraphs(header)

        footer = section.footer
        footer.is_linked_to_previous = False
        _drop_empty_paragraphs(footer)
        if not _has_field(footer._element, "PAGE"):
            paragraph = footer.add_paragraph(style="Footer")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("Page ")
            _add_field(paragraph, "PAGE")
            paragraph.add_run(" of ")
            _add_field(paragraph, "NUMPAGES")
        if marking:
            _marking_paragraph(footer, marking, first=False)
        _drop_empty_paragraphs(footer)


def set_properties(
    document: Doc, *, title: str, author: str, subject: str, when: dt.datetime, keywords: str = ""
) -> None:
    """Core properties that screen readers and document stores show."""
    properties = document.core_properties
    properties.title = clean_text(title)
    properties.author = clean_text(author)
    properties.last_modified_by = clean_text(author)
    properties.subject = clean_text(subject)
    properties.keywords = clean_text(keywords)
    properties.comments = "Produced by CSP Desktop"
    properties.created = when
    properties.modified = when
    properties.revision = 1
    properties.category = "Meeting papers"
    # Word reads the document language from Normal's rPr/lang; UK English for spelling.
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")


# --- tables ------------------------------------------------------------------------------


def mark_header_row(table: Any) -> None:
    """Mark the first row as a header: repeated on each page and announced by readers."""
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def add_table(
    document: Doc, headers: list[str], rows: Iterable[list[str]], widths_cm: list[float]
) -> Any:
    """A plain grid table with a marked header row and set column widths."""
    table = document.add_table(rows=1, cols=len(headers))
    with contextlib.suppress(KeyError):  # a council template may lack "Table Grid"
        table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = clean_text(text)
    # Word reads the cell widths, LibreOffice the grid: set both, and fix the layout.
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    mark_header_row(table)
    # Describe the table for screen readers (Word's "Alt Text" title).
    tbl_pr = table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), headers[0] if headers else "Table")
    tbl_pr.append(caption)
    return table


# Style ids by name, per document. python-docx resolves a style name by scanning every
# style in the document, on every paragraph (about 5 ms each with a full template, most of
# the time of a long export); a name is looked up once per document here instead.
_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()
_DEFAULT_PARAGRAPH_STYLES: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def paragraph_style_id(document: Doc, name: str) -> str | None:
    """The id of paragraph style `name` (None for the default style), as python-docx gives it.

    Raises:
        KeyError: the document has no style of that name.
    """
    ids = _STYLE_IDS.setdefault(document.part, {})
    if name not in ids:
        # python-docx's `get_style_id` also finds the default paragraph style by scanning
        # every style again for each name (1-2 ms each with the council template); the
        # default is found once per document here, with the same answer.
        style = document.styles[name]
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            raise ValueError(f"style {name!r} is not a paragraph style")
        if document.part not in _DEFAULT_PARAGRAPH_STYLES:
            default = document.styles.element.default_for(WD_STYLE_TYPE.PARAGRAPH)
            _DEFAULT_PARAGRAPH_STYLES[document.part] = default
        is_default = style.element is _DEFAULT_PARAGRAPH_STYLES[document.part]
        ids[name] = None if is_default else style.style_id
    return ids[name]


def add_styled_paragraph(document: Doc, text: str = "", style: str | None = None) -> Any:
    """`document.add_paragraph(text, style)`, with the style looked up once per document."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        style_id = paragraph_style_id(document, style)
        if style_id is not None:
            paragraph._p.style = style_id
    return paragraph


def add_heading(document: Doc, text: str, level: int) -> Any:
    """`document.add_heading(text, level)`, with the style looked up once per document."""
    return add_styled_paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def add_text_paragraph(document: Doc, text: str, style: str | None = None) -> Any:
    """Add a paragraph with cleaned text; a soft line break keeps typed line breaks."""
    paragraph = add_styled_paragraph(document, "", style)
    lines = clean_text(text).split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def save_document(document: Doc, output: Path) -> None:
    """Save to `output`, turning file-system problems into one plain sentence.

    The document is written to a temporary file beside the target and moved into place,
    so a failed save never leaves half a file where the officer expects the minutes.
    """
    from csp_desktop.exports.output_files import write_atomically

    write_atomically(output, lambda handle: document.save(handle))


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    build_default_template(default_template_path())
    print(f"wrote {default_template_path()}")


def finish_paper(
    document: Doc,
    output: Path,
    *,
    paper: str,
    body_short_name: str,
    date_text: str,
    title: str,
    subject: str,
    author: str,
    when: dt.datetime,
    public: bool,
    needs_marking: bool,
    marking: str | None,
) -> Path:
    """Page furniture, document properties and an atomic save: the same for every paper.

    Args:
        paper: what the paper is, in lower case ("minutes", "agenda").
        needs_marking: the full version holds restricted content; it then carries
            `marking` (default RESTRICTED) in header and footer.
    """
    decorate_pages(
        document,
        running_title=f"{body_short_name} {paper}, {date_text}",
        marking=(marking or DEFAULT_MARKING) if needs_marking else None,
    )
    set_properties(
        document,
        title=title,
        author=author,
        subject=subject,
        when=when,
        keywords=f"{paper}; {'public' if public else 'full'}",
    )
    save_document(document, output)
    return output
