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
import re
import threading
import weakref
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.package import Package
from docx.parts.styles import StylesPart
from docx.shared import Cm, Pt, RGBColor
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph

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

    The template is read, emptied and given our styles once per process (and again when
    the file changes); each call then builds a fresh document from that prepared copy, so
    no export sees another's content.

    Raises:
        UserError: the file is missing, unreadable, or not a Word document.
    """
    prepared = _prepared_template(template or default_template_path())
    package = Package()
    Unmarshaller.unmarshal(prepared.reader, package, _part_for)  # type: ignore[no-untyped-call]
    document = package.main_document_part.document
    # The styles were looked up when the template was prepared; share the table.
    _STYLE_TABLES[document.part] = prepared.styles
    return document


@dataclass(frozen=True)
class _StyleEntry:
    """One `w:style` of a prepared template, as python-docx's lookups would find it."""

    kind: Any  # WD_STYLE_TYPE
    style_id: str | None  # None: the default style of its kind, written as no style


@dataclass(frozen=True)
class _PreparedTemplate:
    """A template emptied and styled once, as the serialized parts of a package.

    Building a document from `reader` skips reading the zip and, for the styles part (a
    third of a megabyte of XML in a Word-made template), parsing and re-serializing it,
    which were most of an export's time.
    """

    reader: PackageReader
    # Styles by their stored (internal) name, first of each name, as python-docx finds them.
    styles: dict[str, _StyleEntry]


_PREPARED: dict[tuple[str, int, int, int], _PreparedTemplate] = {}
_PREPARED_LOCK = threading.Lock()
_PREPARED_LIMIT = 4  # the shipped template and a council's own, with room for a change


def _prepared_template(path: Path) -> _PreparedTemplate:
    """The prepared copy of the template at `path`, made on first use or when it changed."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise UserError(f"The Word template {path} does not exist.") from None
    except OSError as exc:
        raise UserError(
            f"The Word template {path} cannot be read: {exc.strerror or exc}."
        ) from None
    # A template saved again, or replaced by another file, is prepared afresh.
    key = (str(path.resolve()), status.st_mtime_ns, status.st_size, status.st_ino)
    with _PREPARED_LOCK:
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = _prepare_template(path)
            if len(_PREPARED) >= _PREPARED_LIMIT:
                _PREPARED.pop(next(iter(_PREPARED)))
            _PREPARED[key] = prepared
    return prepared


def _prepare_template(path: Path) -> _PreparedTemplate:
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
    _set_uk_english(document)
    styles_element = document.styles.element
    elements = styles_element.style_lst
    # As `CT_Styles.default_for`: the last style marked default for its (stated) type.
    defaults = {element.type: element for element in elements if element.default}
    styles: dict[str, _StyleEntry] = {}
    for element in elements:
        name = element.name_val
        if name is None or name in styles:
            continue
        kind = element.type or WD_STYLE_TYPE.PARAGRAPH  # as `BaseStyle.type`
        is_default = element is defaults.get(kind)
        styles[name] = _StyleEntry(kind, None if is_default else element.styleId)
    serialized = io.BytesIO()
    document.save(serialized)
    serialized.seek(0)
    reader = PackageReader.from_file(serialized)  # type: ignore[no-untyped-call]
    return _PreparedTemplate(reader, styles)


class _TemplateStylesPart(StylesPart):
    """The prepared template's styles, parsed only if an export reads or changes them.

    Until then the part is written out as the prepared bytes, which are what serializing
    the parsed styles would give.
    """

    def __init__(self, partname: Any, content_type: str, blob: bytes, package: Any) -> None:
        Part.__init__(self, partname, content_type, package=package)
        self._serialized = blob
        self._parsed: Any = None

    @property
    def _element(self) -> Any:
        if self._parsed is None:
            self._parsed = parse_xml(self._serialized)
        return self._parsed

    @_element.setter
    def _element(self, element: Any) -> None:
        self._parsed = element

    @property
    def blob(self) -> bytes:
        if self._parsed is None:
            return self._serialized
        return serialize_part_xml(self._parsed)


def _part_for(partname: Any, content_type: str, reltype: str, blob: bytes, package: Any) -> Any:
    if content_type == CT.WML_STYLES:
        return _TemplateStylesPart(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)


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
    for name in (
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "List Bullet 2",
        "List Number",
        "List Number 2",
        "Title",
    ):
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


def _append_field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice compute on display."""
    _child(append_run(paragraph), _FLD_CHAR).set(_FLD_CHAR_TYPE, "begin")
    text = _child(append_run(paragraph), _INSTR_TEXT)
    text.set(_XML_SPACE, "preserve")
    text.text = f" {instruction} "
    _child(append_run(paragraph), _FLD_CHAR).set(_FLD_CHAR_TYPE, "separate")
    append_run(paragraph, placeholder)
    _child(append_run(paragraph), _FLD_CHAR).set(_FLD_CHAR_TYPE, "end")


def _has_field(part_element: Any, instruction: str) -> bool:
    for node in part_element.iter(qn("w:instrText")):
        if node.text and instruction in node.text.split():
            return True
    for node in part_element.iter(qn("w:fldSimple")):
        if instruction in (node.get(qn("w:instr")) or "").split():
            return True
    return False


def _styled_paragraph(document: Doc, container: Any, text: str, style: str, **options: Any) -> Any:
    """Append a paragraph of `style` with `text` to a header or footer element."""
    paragraph = append_paragraph(
        container, style_id=paragraph_style_id(document, style), properties=True, **options
    )
    if text:
        append_run(paragraph, text)
    return paragraph


def _marking_paragraph(document: Doc, container: Any, marking: str, *, first: bool) -> None:
    """Add the protective marking as the first (header) or last (footer) paragraph."""
    paragraph = _styled_paragraph(document, container, clean_text(marking), "Protective Marking")
    if first:
        # Move the new paragraph to the top, above any letterhead.
        top = container.find(_P)
        if top is not paragraph:
            top.addprevious(paragraph)


def _drop_empty_paragraphs(container: Any) -> None:
    paragraphs = container.findall(_P)
    remaining = len(paragraphs)
    for paragraph in paragraphs:
        empty = not paragraph.text.strip() and not paragraph.xpath(
            ".//w:drawing|.//w:pict|.//w:fldChar|.//w:fldSimple"
        )
        if empty and remaining > 1:
            container.remove(paragraph)
            remaining -= 1


def decorate_pages(document: Doc, *, running_title: str, marking: str | None) -> None:
    """Header: marking and running title; footer: "Page X of Y" and marking.

    A template's own header and footer (letterhead) are kept; we add to them.
    """
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        container = header._element
        _drop_empty_paragraphs(container)
        if running_title:
            _styled_paragraph(
                document, container, clean_text(running_title), "Header", alignment="right"
            )
        if marking:
            _marking_paragraph(document, container, marking, first=True)
        _drop_empty_paragraphs(container)

        footer = section.footer
        footer.is_linked_to_previous = False
        container = footer._element
        _drop_empty_paragraphs(container)
        if not _has_field(container, "PAGE"):
            paragraph = _styled_paragraph(document, container, "", "Footer", alignment="center")
            append_run(paragraph, "Page ")
            _append_field(paragraph, "PAGE")
            append_run(paragraph, " of ")
            _append_field(paragraph, "NUMPAGES")
        if marking:
            _marking_paragraph(document, container, marking, first=False)
        _drop_empty_paragraphs(container)


def _set_uk_english(document: Doc) -> None:
    """Word reads the document language from Normal's rPr/lang; UK English for spelling."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")


def set_properties(
    document: Doc, *, title: str, author: str, subject: str, when: dt.datetime, keywords: str = ""
) -> None:
    """Core properties that screen readers and document stores show, and UK English."""
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
    # A document from `open_template` has the language already (set once per template).
    if not isinstance(document.part._styles_part, _TemplateStylesPart):
        _set_uk_english(document)


# --- tables ------------------------------------------------------------------------------


def mark_header_row(table: Any) -> None:
    """Mark the first row as a header: repeated on each page and announced by readers."""
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    _cant_split(row)
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def add_table(
    document: Doc, headers: list[str], rows: Iterable[list[str]], widths_cm: list[float]
) -> Any:
    """A plain grid table with a marked header row and set column widths."""
    # `document.add_table` looks up its (default) style, which parses the whole styles part;
    # the body's own `add_table` is the same table without that.
    table = document._body.add_table(1, len(headers), document._block_width)
    with contextlib.suppress(KeyError):  # a council template may lack "Table Grid"
        table._tbl.tblStyle_val = _style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for values in rows:
        row = table.add_row()
        _cant_split(row)
        for cell, text in zip(row.cells, values, strict=True):
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


def restart_numbering(document: Doc, paragraph: Any, style: str) -> None:
    """Start a numbered list afresh at this paragraph ("1." again), as Word does when a
    new list begins: a new numbering instance of the style's list, starting at 1.

    A template whose list style carries no numbering is left as it is.
    """
    style_element = document.styles[style].element
    ppr = style_element.pPr
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is None or num_pr.numId is None:
        return
    numbering = document.part.numbering_part.element
    try:
        shared = numbering.num_having_numId(num_pr.numId.val)
    except KeyError:
        return
    num = numbering.add_num(shared.abstractNumId.val)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    paragraph_ppr = paragraph._p.get_or_add_pPr()
    paragraph_num = paragraph_ppr.get_or_add_numPr()
    paragraph_num.get_or_add_ilvl().val = 0
    paragraph_num.get_or_add_numId().val = num.numId


def _cant_split(row: Any) -> None:
    """Keep a table row on one page (a row split across the page break reads as two)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))


def widths_from_content(
    headers: list[str], rows: list[list[str]], total_cm: float, minimum_cm: list[float]
) -> list[float]:
    """Column widths shared out by what the columns hold: each column gets at least its
    longest word (so "Neighbourhood" never breaks) and its minimum, and the rest of the
    width goes to columns in proportion to their text."""
    columns = len(headers)
    cm_per_char = 0.21  # Arial 10-11 pt, a little generous
    padding = 0.4
    longest_word = [0.0] * columns
    text_length = [0.0] * columns
    for values in [headers, *rows]:
        for index, text in enumerate(values):
            for line in text.split("\n"):
                words = line.split()
                if words:
                    longest_word[index] = max(longest_word[index], max(len(w) for w in words))
                text_length[index] = max(text_length[index], len(line))
    floor = [max(minimum_cm[i], longest_word[i] * cm_per_char + padding) for i in range(columns)]
    spare = total_cm - sum(floor)
    if spare <= 0:
        scale = total_cm / sum(floor)
        return [round(width * scale, 2) for width in floor]
    wanted = [max(0.0, text_length[i] * cm_per_char + padding - floor[i]) for i in range(columns)]
    if sum(wanted) == 0:
        return [round(width + spare / columns, 2) for width in floor]
    share = min(1.0, spare / sum(wanted))
    widths = [floor[i] + wanted[i] * share for i in range(columns)]
    left = total_cm - sum(widths)
    widest = max(range(columns), key=lambda i: text_length[i])
    widths[widest] += left
    return [round(width, 2) for width in widths]


# Style ids by name, per document. python-docx resolves a style name by scanning every
# style in the document, on every paragraph (about 5 ms each with a full template, most of
# the time of a long export); a name is looked up once per document here instead, and for a
# document from `open_template` in the table of styles made when the template was prepared.
_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()
_DEFAULT_STYLES: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()
_STYLE_TABLES: weakref.WeakKeyDictionary[Any, dict[str, _StyleEntry]] = weakref.WeakKeyDictionary()


def paragraph_style_id(document: Doc, name: str) -> str | None:
    """The id of paragraph style `name` (None for the default style), as python-docx gives it.

    Raises:
        KeyError: the document has no style of that name.
        ValueError: the style is not a paragraph style.
    """
    ids = _STYLE_IDS.setdefault(document.part, {})
    if name not in ids:
        ids[name] = _style_id(document, name, WD_STYLE_TYPE.PARAGRAPH)
    return ids[name]


def _style_id(document: Doc, name: str, kind: Any) -> str | None:
    table = _STYLE_TABLES.get(document.part)
    entry = table.get(BabelFish.ui2internal(name)) if table is not None else None
    if entry is not None:
        if entry.kind != kind:
            raise ValueError(f"style {name!r} is not a {kind.name.lower()} style")
        return entry.style_id
    # python-docx's `get_style_id` also finds the default style by scanning every style
    # again for each name (1-2 ms each with the council template); the default is found
    # once per document here, with the same answer.
    style = document.styles[name]
    if style.type != kind:
        raise ValueError(f"style {name!r} is not a {kind.name.lower()} style")
    defaults = _DEFAULT_STYLES.setdefault(document.part, {})
    if kind not in defaults:
        defaults[kind] = document.styles.element.default_for(kind)
    return None if style.element is defaults[kind] else style.style_id


# --- paragraphs, written as XML --------------------------------------------------------


def _child(parent: Any, tag: str) -> Any:
    """Append a new `tag` child to `parent` (an element of the document) and return it."""
    child = parent.makeelement(tag)
    parent.append(child)
    return child


# python-docx builds each paragraph through proxies that search the element for the right
# place of every child and the whole styles part for every style name; an export writes a
# few hundred paragraphs and runs, so they are built here directly as the same elements.

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _PPR, _PSTYLE, _SPACING, _JC = (f"{_W}{tag}" for tag in ("p", "pPr", "pStyle", "spacing", "jc"))
_R, _RPR, _B, _T, _TAB, _BR = (f"{_W}{tag}" for tag in ("r", "rPr", "b", "t", "tab", "br"))
_FLD_CHAR, _INSTR_TEXT, _SECT_PR = f"{_W}fldChar", f"{_W}instrText", f"{_W}sectPr"
_VAL, _AFTER, _FLD_CHAR_TYPE = f"{_W}val", f"{_W}after", f"{_W}fldCharType"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# What python-docx turns into elements inside a run rather than text.
_RUN_CONTROLS = re.compile(r"([\t\r\n])")


def append_paragraph(
    container: Any,
    *,
    style_id: str | None = None,
    properties: bool = False,
    space_after: int | None = None,
    alignment: str | None = None,
) -> Any:
    """Append an empty `w:p` to a body, header, footer or cell element and return it.

    In a body the paragraph goes before the final section settings, as Word requires.

    Args:
        style_id: the paragraph style's id (see `paragraph_style_id`); None for the default.
        properties: write `w:pPr` even when empty, as python-docx does when given a style.
        space_after: space after the paragraph in twips (0 to close up address lines).
        alignment: a `w:jc` value ("center", "right").
    """
    paragraph = container.makeelement(_P)
    if style_id is not None or properties or space_after is not None or alignment:
        paragraph_properties = _child(paragraph, _PPR)
        if style_id is not None:
            _child(paragraph_properties, _PSTYLE).set(_VAL, style_id)
        if space_after is not None:
            _child(paragraph_properties, _SPACING).set(_AFTER, str(space_after))
        if alignment:
            _child(paragraph_properties, _JC).set(_VAL, alignment)
    last = container[-1] if len(container) else None
    if last is not None and last.tag == _SECT_PR:
        last.addprevious(paragraph)
    else:
        container.append(paragraph)
    return paragraph


def append_run(paragraph: Any, text: str = "", *, bold: bool = False) -> Any:
    """Append a `w:r` holding `text` (tabs and line ends as python-docx writes them)."""
    run = _child(paragraph, _R)
    if bold:
        _child(_child(run, _RPR), _B)
    if not text:
        return run
    pieces = _RUN_CONTROLS.split(text) if _RUN_CONTROLS.search(text) else (text,)
    for piece in pieces:
        if piece == "\t":
            _child(run, _TAB)
        elif piece in ("\n", "\r"):
            _child(run, _BR)
        elif piece:
            element = _child(run, _T)
            element.text = piece
            if len(piece.strip()) < len(piece):
                element.set(_XML_SPACE, "preserve")
    return run


def _body(document: Doc) -> Any:
    return document.element.body


def add_styled_paragraph(document: Doc, text: str = "", style: str | None = None) -> Any:
    """`document.add_paragraph(text, style)`, with the style looked up once per document."""
    style_id = paragraph_style_id(document, style) if style is not None else None
    paragraph = append_paragraph(_body(document), style_id=style_id)
    if text:
        append_run(paragraph, text)
    return Paragraph(paragraph, document._body)


def add_heading(document: Doc, text: str, level: int) -> Any:
    """`document.add_heading(text, level)`, with the style looked up once per document."""
    return add_styled_paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def add_text_paragraph(
    document: Doc,
    text: str,
    style: str | None = None,
    *,
    bold: bool = False,
    space_after: int | None = None,
) -> Any:
    """Add a paragraph with cleaned text; a soft line break keeps typed line breaks.

    Args:
        bold: bold on every run as well as whatever the style says.
        space_after: space after the paragraph in twips (0: no gap, for address lines).
    """
    style_id = paragraph_style_id(document, style) if style is not None else None
    paragraph = append_paragraph(_body(document), style_id=style_id, space_after=space_after)
    lines = clean_text(text).split("\n")
    last = len(lines) - 1
    for index, line in enumerate(lines):
        run = append_run(paragraph, line, bold=bold)
        if index < last:
            _child(run, _BR)
    return Paragraph(paragraph, document._body)


def add_labelled_paragraph(document: Doc, label: str, text: str) -> Any:
    """A plain paragraph led by a bold label ("Apologies: ", "Papers: ")."""
    paragraph = append_paragraph(_body(document))
    append_run(paragraph, label, bold=True)
    append_run(paragraph, clean_text(text))
    return Paragraph(paragraph, document._body)


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
