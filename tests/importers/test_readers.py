"""Reading minutes files: .txt (UTF-8), .docx (paragraphs and tables in order), .pdf."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from csp_desktop.importers.readers import UnreadableFile, read_lines


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


def test_text_in_another_encoding_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes("Present: Angela D’Urso".encode("cp1252"))
    with pytest.raises(UnreadableFile) as error:
        read_lines(path)
    assert "not UTF-8" in str(error.value) and "\n" not in str(error.value)


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
    with pytest.raises(UnreadableFile, match="not a Word"):
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
