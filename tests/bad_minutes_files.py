"""Files a tester might feed to Import minutes, none of them minutes that can be read:
each is made in a test's folder by name (the CLI and the use case tests share them)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from tests.conftest import SEEDS

SEED = SEEDS / "more" / "10_haringey-csp-2012-06-26.txt"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00"
    b"\x00\x1f\xf3\xffa" + bytes(range(256)) * 8 + b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _word_file() -> bytes:
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _pdf(*, password: str | None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if password:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _truncated_word(folder: Path) -> Path:
    data = _word_file()
    return _write("cut.docx", data[: len(data) // 2])(folder)


def _folder(folder: Path) -> Path:
    path = folder / "minutes.txt"  # a folder even named like minutes
    path.mkdir()
    return path


def _big_single_line(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as stream:
        chunk = b"Present: " + b"x" * (1024 * 1024 - 9)
        for _ in range(50):
            stream.write(chunk)
    return path


def _unreadable(folder: Path) -> Path:
    """Exists, but reading it is refused (the tests run as root, where chmod 000 does
    not stop a read, so the refusal is the operating system's answer simulated)."""
    path = folder / "locked.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    path.chmod(0)
    return path


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "empty": _write("empty.txt", b""),
    "only whitespace": _write("blank.txt", b"  \r\n\t\n   \n"),
    "png named .txt": _write("photo.txt", PNG_BYTES),
    "text named .docx": lambda folder: _write("renamed.docx", SEED.read_bytes())(folder),
    "truncated .docx": _truncated_word,
    "password PDF": lambda folder: _write("locked.pdf", _pdf(password="secret"))(folder),
    "PDF without text": lambda folder: _write("scan.pdf", _pdf(password=None))(folder),
    "folder": _folder,
    "missing": lambda folder: folder / "nowhere.txt",
    "no permission": _unreadable,
    "50 MB one line": _big_single_line,
}


def make_bad_file(name: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = BAD_FILES[name](folder)
    if name == "no permission":
        read_bytes = Path.read_bytes

        def refused(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refused)
    return path
