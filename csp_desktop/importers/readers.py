"""Text lines from a minutes file: .txt (any common encoding), .htm/.html/.mht (a web
page saved from the council's site or Word), .docx (paragraphs and tables in document
order) and .pdf with a text layer; a PDF or Word file under another name is read as
what it is.

Every reader returns the file's lines; every refusal is an `UnreadableFile` whose
message is one plain sentence for the officer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csp_desktop.errors import UserError
from csp_desktop.importers.html_text import declared_charset, html_lines
from csp_desktop.text_decoding import decode_as, decode_text, looks_binary

# .doc too: a committee system's web page saved as .doc is read, a real one named plainly.
SUPPORTED_SUFFIXES = (".txt", ".htm", ".html", ".mht", ".mhtml", ".docx", ".doc", ".pdf")
TEXT_SUFFIXES = (".txt", ".text", ".htm", ".html", "")
HTML_SUFFIXES = (".htm", ".html")
# Far beyond any minutes (the longest seen are ~30,000 characters), low enough that a
# wrong file is refused at once instead of holding the window for a minute.
MOST_BYTES = 20 * 1024 * 1024
MOST_CHARACTERS = 1_000_000

log = logging.getLogger(__name__)


class UnreadableFile(UserError):
    """The file cannot be read as minutes (no text, encrypted, wrong encoding ...)."""


@dataclass(frozen=True)
class MinutesText:
    """A file's lines, and sentences for the summary about how it was read (an
    encoding that had to be guessed)."""

    lines: list[str]
    notes: tuple[str, ...] = ()


def read_lines(path: Path) -> list[str]:
    """The text of `path` as lines, whatever its supported format."""
    return read_minutes(path).lines


def read_minutes(path: Path) -> MinutesText:
    """The text of `path` as lines, with notes on how it was read."""
    suffix = path.suffix.lower()
    try:
        if not path.exists():
            raise UnreadableFile(f"{path}: no such file.")
        if path.is_dir():
            raise UnreadableFile(f"{path} is a folder, not a minutes file.")
        if not path.is_file():  # a device or pipe could be read for ever
            raise UnreadableFile(f"{path} is not a file.")
        size = path.stat().st_size
        if size > MOST_BYTES:
            raise UnreadableFile(  # in MB as Windows Explorer counts them
                f"{path} is {size / 1024 / 1024:.0f} MB, far larger than any minutes; "
                "check it is the right file."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if not data.strip():
        raise UnreadableFile(f"{path} is empty.")
    read = _read_by_content(data, path, suffix) or _read_by_name(data, path, suffix)
    characters = sum(len(line) for line in read.lines)
    if characters > MOST_CHARACTERS:
        raise UnreadableFile(
            f"{path} holds over {MOST_CHARACTERS:,} characters of text, far more than any "
            "minutes; check it is the right file."
        )
    if not any(line.strip() for line in read.lines):
        raise UnreadableFile(f"{path} has no text in it.")
    return read


def _read_by_content(data: bytes, path: Path, suffix: str) -> MinutesText | None:
    """A PDF or Word document under another name (a download saved without its
    extension, "minutes.pdf.txt") is read as what it is, and the summary says so."""
    if data.startswith(b"%PDF-") and suffix != ".pdf":
        lines, kind = pdf_lines(data, path), "a PDF"
    elif data.startswith(b"PK") and suffix not in (".docx", ".doc") and _is_word(data):
        lines, kind = docx_lines(data, path), "a Word document"
    else:
        return None
    named = f"named {suffix}" if suffix else "named without an extension"
    return MinutesText(lines, (f"The file is {kind} although it is {named}; it was read as one.",))


def _read_by_name(data: bytes, path: Path, suffix: str) -> MinutesText:
    if data.startswith(b"{\\rtf"):
        raise UnreadableFile(f"{path} is a Rich Text (RTF) file; save it as .docx and import that.")
    if suffix == ".docx":
        return MinutesText(docx_lines(data, path))
    if suffix == ".pdf":
        if _opens_as_html(data.lstrip(b"\xef\xbb\xbf \t\r\n")):
            raise UnreadableFile(
                f"{path} is a web page, not a PDF (a download that failed?); download it again."
            )
        return MinutesText(pdf_lines(data, path))
    if suffix in TEXT_SUFFIXES:
        return text_file(data, path, html=suffix in HTML_SUFFIXES)
    if suffix in (".mht", ".mhtml"):
        return single_file_web_page(data, path)
    if suffix == ".doc" and _opens_as_html(data.lstrip(b"\xef\xbb\xbf \t\r\n")):
        return text_file(data, path, html=True)  # committee systems serve web pages as .doc
    if suffix == ".doc":
        raise UnreadableFile(
            f"{path} is an old Word (.doc) file; open it in Word and save it as .docx."
        )
    raise UnreadableFile(
        f"{path}: {suffix} files are not read; save the minutes as .txt, .htm, .docx or .pdf."
    )


def text_file(data: bytes, path: Path, *, html: bool = False) -> MinutesText:
    """A plain text or web page file's lines; a web page is also recognised by its
    opening (`<!DOCTYPE html`, `<html` near the start), whatever it is called."""
    if looks_binary(decode_text(data[:8000]).text):
        raise UnreadableFile(f"{path} is not a text file (it holds binary data).")
    html = html or _opens_as_html(data.lstrip(b"\xef\xbb\xbf \t\r\n"))
    charset = declared_charset(data) if html else None
    decoded = (decode_as(data, charset) if charset else None) or decode_text(data)
    if html or _opens_as_html(decoded.text.lstrip()):
        lines = _page_lines(decoded.text, path)
    else:
        lines = decoded.text.splitlines()
    return MinutesText(lines, (decoded.note,) if decoded.note else ())


def single_file_web_page(data: bytes, path: Path) -> MinutesText:
    """Word's and browsers' "Single File Web Page" (.mht): the page is the archive's
    first HTML part, often quoted-printable, in the charset its part names."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                decoded = (decode_as(payload, charset) if charset else None) or decode_text(payload)
                lines = _page_lines(decoded.text, path)
                return MinutesText(lines, (decoded.note,) if decoded.note else ())
    raise UnreadableFile(f"{path} is not a web page archive (.mht) it can read.")


def _page_lines(text: str, path: Path) -> list[str]:
    try:
        return html_lines(text, stop_after=MOST_CHARACTERS)
    except Exception as exc:  # the standard parser's asserts on markup no page should have
        log.info("Web page not read: %s", type(exc).__name__, exc_info=True)
        raise UnreadableFile(f"{path} is a web page too damaged to read.") from None


def _opens_as_html(start: str | bytes) -> bool:
    """A web page opens with a tag and names itself HTML early (after an XML
    declaration or the "saved from url" comment a browser adds, perhaps)."""
    opening = start[:1024].lower()
    if isinstance(opening, bytes):
        return opening.startswith(b"<") and (b"<html" in opening or b"<!doctype html" in opening)
    return opening.startswith("<") and ("<html" in opening or "<!doctype html" in opening)


def docx_lines(data: bytes, path: Path) -> list[str]:
    """Paragraphs and table rows of a Word file, in document order.

    A table row becomes one line, its cells joined by " | " (a merged cell once);
    Word's automatic list numbers, which are not in the paragraph text, are written in.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            f"{path} is encrypted or an old Word file; save it as .docx without a password."
        )
    if not data.startswith(b"PK"):
        if not looks_binary(decode_text(data[:8000]).text):
            raise UnreadableFile(
                f"{path} is plain text, not a Word file; rename it to .txt and import it again."
            )
        raise UnreadableFile(f"{path} is not a Word (.docx) file.")
    if _zip_without_document(data):
        raise UnreadableFile(f"{path} is not a Word (.docx) file: it holds no document.")
    try:
        return _docx_lines(data)
    except Exception as exc:  # whatever a damaged file makes python-docx or lxml raise
        log.info("Word file not read: %s", type(exc).__name__, exc_info=True)
        raise UnreadableFile(
            f"{path} is a damaged Word file (perhaps cut short when copied); open it in "
            "Word and save it again."
        ) from None


def _zip_without_document(data: bytes) -> bool:
    """A whole zip (an .xlsx or .zip renamed) with no Word document in it."""
    return _zip_names(data) is not None and not _is_word(data)


def _is_word(data: bytes) -> bool:
    return "word/document.xml" in (_zip_names(data) or ())


def _zip_names(data: bytes) -> list[str] | None:
    """The names in a whole zip file; None when it is not one (or is damaged)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _docx_lines(data: bytes) -> list[str]:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    numbering = _ListNumbers()
    for kind, element in _body_elements(document):
        if kind == "p":
            text = "".join(node.text or "" for node in element.iter(_W + "t"))
            number = numbering.label(element)
            lines.extend(f"{number} {text}".strip().splitlines() if number else text.splitlines())
            if not text.strip():
                lines.append("")
        else:
            for row in element.iter(_W + "tr"):
                cells: list[str] = []
                for cell in row.iter(_W + "tc"):
                    cell_text = " ".join(
                        "".join(node.text or "" for node in paragraph.iter(_W + "t")).strip()
                        for paragraph in cell.iter(_W + "p")
                    ).strip()
                    if cell_text and (not cells or cells[-1] != cell_text):
                        cells.append(cell_text)
                if cells:
                    lines.append(" | ".join(cells))
            lines.append("")
    return lines


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body_elements(document: Any) -> Iterator[tuple[str, Any]]:
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            yield "p", child
        elif child.tag == _W + "tbl":
            yield "tbl", child


class _ListNumbers:
    """Counters for Word's automatic numbering: "1.", then "1.1" one level down."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}

    def label(self, paragraph: Any) -> str:
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id = num_pr.find(_W + "numId")
        level_node = num_pr.find(_W + "ilvl")
        if num_id is None:
            return ""
        key = num_id.get(_W + "val") or ""
        if key == "0":
            return ""
        level_text = level_node.get(_W + "val") if level_node is not None else None
        level = int(level_text) if level_text and level_text.isdigit() else 0
        counts = self._counts.setdefault(key, [])
        del counts[level + 1 :]
        while len(counts) <= level:
            counts.append(0)
        counts[level] += 1
        if level == 0:
            return f"{counts[0]}."
        return ".".join(str(c) for c in counts[: level + 1])


def pdf_lines(data: bytes, path: Path) -> list[str]:
    """The text layer of a PDF, page after page; a scanned or encrypted one is refused."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # any failure means a password is needed
                opened = False
            if not opened:
                raise UnreadableFile(f"{path} is encrypted; save a copy without a password.")
        pages: list[str] = []
        for pdf_page in reader.pages:
            pages.append(pdf_page.extract_text() or "")
            if sum(map(len, pages)) > MOST_CHARACTERS:
                break  # an agenda pack, not minutes: refused without reading the rest
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise UnreadableFile(f"{path} is not a PDF file it can read.") from None
    except Exception as exc:
        if "crypt" in str(exc).lower() or "AES" in str(exc):
            raise UnreadableFile(f"{path} is encrypted; save a copy without a password.") from None
        raise UnreadableFile(f"{path} is not a PDF file it can read.") from None
    if not any(page.strip() for page in pages):
        raise UnreadableFile(
            f"{path} has no text layer (a scanned PDF); run it through OCR or import "
            "the Word version."
        )
    lines: list[str] = []
    for page in pages:
        lines.extend(page.splitlines())
        lines.append("")
    return lines
