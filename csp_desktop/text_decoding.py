"""Bytes to text for files whose encoding nobody chose: minutes saved as plain text or a
web page, Teams exports. Teams writes UTF-8 (with or without a BOM) or UTF-16 LE; Word's
"Plain Text" and most Windows editors leave Windows-1252 (£, smart quotes, dashes, é).

Used by the minutes readers and the transcript readers alike, so it imports nothing of
the package.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

WINDOWS_1252 = "cp1252"
GUESSED_1252_NOTE = "The file was not UTF-8; it was read as Windows-1252 text."


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    # A sentence for the import summary when the encoding had to be guessed.
    note: str = ""


def decode_text(data: bytes) -> DecodedText:
    """Decode by BOM, then UTF-16 without a BOM (NULs in every other byte), then UTF-8,
    with any byte that is not UTF-8 read as Windows-1252.

    Line endings become "\\n" whatever they were (CRLF from Windows, lone CR). Binary
    data decodes too (into junk): ask `looks_binary` before treating it as text."""
    note = ""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding, note = _utf8_else_1252(data[len(codecs.BOM_UTF8) :])
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif (utf16 := _utf16_without_bom(data)) is not None:
        text, encoding = data.decode(utf16, errors="replace"), utf16
    else:
        text, encoding, note = _utf8_else_1252(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text, encoding, note)


def decode_as(data: bytes, declared: str) -> DecodedText | None:
    """`data` in the encoding a file declares (an HTML `<meta charset>`), or None when the
    name is unknown or the bytes are not in it. Latin-1 is read as Windows-1252, as
    browsers do, since that is what such files really hold; either, declared over bytes
    that are UTF-8, is read as UTF-8."""
    try:
        name = codecs.lookup(declared.strip()).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = WINDOWS_1252
    if name.startswith("utf-16") and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return None  # a UTF-16 declaration in a file whose bytes are ASCII is a mistake
    if name == WINDOWS_1252 and not data.isascii() and _is_utf8(data):
        # A page saved by a browser is rewritten as UTF-8 under its old declaration;
        # Windows-1252 text with accents is almost never valid UTF-8 by chance.
        name = "utf-8"
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text, name)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def looks_binary(text: str) -> bool:
    """Text full of NULs, replacement or control characters is not a text file at all."""
    sample = text[:4000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if ch in "\x00\ufffd" or (ord(ch) < 32 and ch not in "\n\t\f"))
    return odd > len(sample) // 20


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the bytes look like English in UTF-16 (a NUL as the
    high byte of nearly every character, almost none in the low ones), else None. Binary
    files have NULs too, but spread over both halves."""
    sample = data[:8000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    if odd_nuls > 0.7 * len(odd) and even_nuls < 0.05 * len(even):
        return "utf-16-le"
    if even_nuls > 0.7 * len(even) and odd_nuls < 0.05 * len(odd):
        return "utf-16-be"
    return None


_NOT_UTF8 = re.compile("[\udc80-\udcff]+")


def _utf8_else_1252(data: bytes) -> tuple[str, str, str]:
    """UTF-8, with each byte that is not UTF-8 read as Windows-1252: a file pasted
    together from both keeps its UTF-8 characters whole."""
    text = data.decode("utf-8", errors="surrogateescape")
    guessed = 0

    def as_1252(run: re.Match[str]) -> str:
        nonlocal guessed
        raw = bytes(ord(ch) - 0xDC00 for ch in run.group())
        guessed += len(raw)
        # The five bytes Windows-1252 leaves undefined are read as Latin-1 (control
        # characters), so nothing is lost and binary data still looks binary.
        return "".join(_BYTES_1252[byte] for byte in raw)

    text = _NOT_UTF8.sub(as_1252, text)
    if not guessed:
        return text, "utf-8", ""
    non_ascii = len(data.translate(None, bytes(range(0x80))))  # ASCII deleted
    if guessed >= non_ascii:
        return text, WINDOWS_1252, GUESSED_1252_NOTE
    return (
        text,
        "utf-8",
        f"The file was mostly UTF-8; {guessed} byte{'s' if guessed != 1 else ''} not in "
        f"UTF-8 {'were' if guessed != 1 else 'was'} read as Windows-1252.",
    )


def _char_1252(byte: int) -> str:
    try:
        return bytes((byte,)).decode(WINDOWS_1252)
    except UnicodeDecodeError:
        return chr(byte)


_BYTES_1252 = [_char_1252(byte) for byte in range(256)]
