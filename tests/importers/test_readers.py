"""Reading minutes files: .txt (UTF-8), .docx (paragraphs and tables in order), .pdf."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from csp_desktop.importers.minutes_parser import parse_minutes
from csp_desktop.importers.readers import (
    MOST_CHARACTERS,
    MinutesText,
    UnreadableFile,
    read_lines,
    read_minutes,
)
from tests.conftest import SEEDS


def _pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (written by hand: no PDF library
    that writes text is a dependency)."""
    content = (
        "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_utf8_text_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes("\ufeffPresent: Angela D’Urso\r\nApologies: Chris Lyons\r\n".encode())
    assert read_lines(path) == ["Present: Angela D’Urso", "Apologies: Chris Lyons"]


def test_windows_1252_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes("Present: Angela D’Urso – £5\r\n".encode("cp1252"))
    read = read_minutes(path)
    assert read.lines == ["Present: Angela D’Urso – £5"]
    assert len(read.notes) == 1 and "read as Windows-1252" in read.notes[0]
    path.write_text("Present: Angela D’Urso – £5\n", encoding="utf-8")
    assert read_minutes(path) == MinutesText(["Present: Angela D’Urso – £5"])


# Real minutes from other councils, written as a council officer's tools write them.
ENCODED_SEEDS = [
    SEEDS / "more" / name
    for name in (
        "02_argyll-cpp-mc-2015-03-27.txt",
        "05_transport-scot-rsf-lpf-west-2021-11-22.txt",
        "10_haringey-csp-2012-06-26.txt",
        "13_east-ayrshire-cppb-2008-03-06.txt",
        "17_wrexham-childrens-partnership-2008-07-09.txt",
    )
]


def _as_officers_write_it(text: str, attendee: str) -> str:
    """The seed with what Windows-1252 adds: smart quotes, dashes, £, and an accented
    name; characters outside Windows-1252 (none expected) made plain."""
    text = text.replace("'", "\u2019").replace(" - ", " \u2013 ").replace("GBP", "\u00a3")
    text = text.replace(attendee, attendee.replace("e", "\u00e9", 1))
    text += "\nCost of the venue: \u00a3120 \u2013 \u201cpaid\u201d.\n"
    return text.encode("cp1252", errors="replace").decode("cp1252")


ENCODINGS = {
    "cp1252": lambda text: text.replace("\n", "\r\n").encode("cp1252"),
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 BOM": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    "utf-16 LE BOM": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16 BE BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-16 LE": lambda text: text.replace("\n", "\r\n").encode("utf-16-le"),
}


@pytest.mark.parametrize("seed", ENCODED_SEEDS, ids=lambda path: path.name[:12])
def test_minutes_read_the_same_in_every_encoding(tmp_path: Path, seed: Path) -> None:
    original = parse_minutes(seed.read_text(encoding="utf-8").splitlines())
    attendee = next(p.name for p in original.attendance if "e" in p.name)
    text = _as_officers_write_it(seed.read_text(encoding="utf-8"), attendee)
    expected = parse_minutes(text.splitlines())
    accented = attendee.replace("e", "é", 1)
    assert expected.items and any(p.name == accented for p in expected.attendance)
    for name, encode in ENCODINGS.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(encode(text))
        read = read_minutes(path)
        assert parse_minutes(read.lines) == expected, name
        assert bool(read.notes) == (name == "cp1252"), name


def test_word_paragraphs_and_tables_come_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Community Safety Partnership")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        table.rows, [("No.", "Action", "Owner"), ("1.", "Send the plan", "AO")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("1. Apologies")
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    lines = [line for line in read_lines(path) if line]
    assert lines == [
        "Community Safety Partnership",
        "No. | Action | Owner",
        "1. | Send the plan | AO",
        "1. Apologies",
    ]


def test_a_damaged_word_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFile, match="damaged Word file"):
        read_lines(path)


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(_pdf_with_text(["Present: Andy Opie", "1. Apologies"]))
    text = "\n".join(read_lines(path))
    assert "Present: Andy Opie" in text and "1. Apologies" in text


def test_a_scanned_pdf_without_text_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(UnreadableFile, match="no text layer"):
        read_lines(path)


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(UnreadableFile, match="encrypted"):
        read_lines(path)


@pytest.mark.parametrize(
    ("name", "message"), [("notes.odt", "not read"), ("missing.txt", "no such file")]
)
def test_other_files_are_refused_plainly(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if name.endswith(".odt"):
        path.write_bytes(b"x")
    with pytest.raises(UnreadableFile, match=message):
        read_lines(path)


def test_text_far_longer_than_minutes_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text("Present: Angela D'Urso\n" * (MOST_CHARACTERS // 20), encoding="utf-8")
    with pytest.raises(UnreadableFile, match="far more than any minutes"):
        read_minutes(path)
    page = tmp_path / "dump.htm"
    page.write_text("<p>Present: Angela D'Urso</p>" * (MOST_CHARACTERS // 20), encoding="utf-8")
    with pytest.raises(UnreadableFile, match="far more than any minutes"):
        read_minutes(page)


def test_a_word_file_that_is_another_zip_says_so(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableFile, match="holds no document"):
        read_minutes(path)


def test_an_old_word_file_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "minutes.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(UnreadableFile, match=r"old Word \(.doc\) file"):
        read_minutes(path)


def _encrypted_pdf(path: Path, *, user_password: str, algorithm: str) -> Path:
    """A one-line PDF encrypted with an owner password and `user_password` to open."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_with_text(["Present: Andy Opie"]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    with path.open("wb") as stream:
        writer.write(stream)
    return path


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_locked_only_against_editing_is_read(tmp_path: Path, algorithm: str) -> None:
    """An owner password alone (no password to open) is how councils publish PDFs."""
    path = _encrypted_pdf(tmp_path / "published.pdf", user_password="", algorithm=algorithm)
    assert "Present: Andy Opie" in read_lines(path)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_pdf_that_needs_a_password_to_open_is_refused(tmp_path: Path, algorithm: str) -> None:
    path = _encrypted_pdf(tmp_path / "locked.pdf", user_password="secret", algorithm=algorithm)
    with pytest.raises(UnreadableFile, match="is encrypted; save a copy without a password"):
        read_lines(path)


@pytest.mark.parametrize("name", ["minutes.txt", "minutes", "minutes.pdf.htm"])
def test_a_pdf_under_another_name_is_read_as_a_pdf_and_said_so(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_pdf_with_text(["Present: Andy Opie"]))
    read = read_minutes(path)
    assert "Present: Andy Opie" in read.lines
    assert read.notes and "is a PDF although it is named" in read.notes[0]


def test_a_word_document_without_its_extension_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Present: Andy Opie")
    path = tmp_path / "ieListDocuments"
    document.save(str(path))
    read = read_minutes(path)
    assert read.lines == ["Present: Andy Opie"]
    assert "a Word document although it is named without an extension" in read.notes[0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("minutes.pdf", b"<!DOCTYPE html><html><p>Please sign in</p>", "a web page, not a PDF"),
        ("minutes.txt", b"{\\rtf1\\ansi Present: Andy Opie\\par}", "Rich Text"),
        ("minutes.rtf", b"{\\rtf1\\ansi Present: Andy Opie\\par}", "Rich Text"),
    ],
)
def test_files_that_are_not_what_they_are_named_say_what_they_are(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=message):
        read_minutes(path)


def test_a_pdf_far_longer_than_minutes_is_not_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PageObject

    from csp_desktop.importers import readers

    one_page = PdfReader(io.BytesIO(_pdf_with_text(["Present: Andy Opie"])))
    writer = PdfWriter()
    for _ in range(3):
        writer.add_page(one_page.pages[0])
    path = tmp_path / "pack.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    read_pages: list[int] = []
    extract_text = PageObject.extract_text

    def counted(page: PageObject, *args: object, **kwargs: object) -> str:
        read_pages.append(1)
        return extract_text(page)

    monkeypatch.setattr(PageObject, "extract_text", counted)
    monkeypatch.setattr(readers, "MOST_CHARACTERS", 10)
    with pytest.raises(UnreadableFile, match="far more than any minutes"):
        read_minutes(path)
    assert len(read_pages) == 1
