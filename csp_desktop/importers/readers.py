"""Text lines from a minutes file: .txt (UTF-8, as saved from a council web page),
.docx (paragraphs and tables in document order) and .pdf with a text layer.

Every reader returns the file's lines; every refusal is an `UnreadableFile` whose
message is one plain sentence for the officer.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from csp_desktop.errors import UserError

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")


class UnreadableFile(UserError):
    """The file cannot be read as minutes (no text, encrypted, wrong encoding ...)."""


def read_lines(path: Path) -> list[str]:
    """The text of `path` as lines, whatever its supported format."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file.")
    if path.is_dir():
        raise UnreadableFile(f"{path} is a folder, not a minutes file.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if suffix == ".docx":
        return docx_lines(data, path)
    if suffix == ".pdf":
        return pdf_lines(data, path)
    if suffix in (".txt", ".text", ".htm", ".html", ""):
        return text_lines(data, path)
    raise UnreadableFile(
        f"{path}: {suffix} files are not read; save the minutes as .txt, .docx or .pdf."
    )


def text_lines(data: bytes, path: Path) -> list[str]:
    """Lines of a text file: UTF-8 (with or without a BOM) or UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").splitlines()
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{path} is not UTF-8 text (byte {exc.start} cannot be read); "
            "save it as UTF-8 and import it again."
        ) from None
    if "\x00" in text:
        raise UnreadableFile(f"{path} is not a text file.")
    return text.splitlines()


def docx_lines(data: bytes, path: Path) -> list[str]:
    """Paragraphs and table rows of a Word file, in document order.

    A table row becomes one line, its cells joined by " | " (a merged cell once);
    Word's automatic list numbers, which are not in the paragraph text, are written in.
    """
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableFile(
                f"{path} is encrypted or an old Word file; save it as .docx without a password."
            ) from None
        raise UnreadableFile(f"{path} is not a Word (.docx) file it can read.") from None
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
        level = int(level_node.get(_W + "val") or 0) if level_node is not None else 0
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
        pages = [page.extract_text() or "" for page in reader.pages]
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
