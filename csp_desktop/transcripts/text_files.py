"""Bytes to text for exported files whose encoding nobody chose: Teams writes UTF-8
(with or without a BOM) or UTF-16 LE; other tools and editors leave Windows-1252."""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    # A sentence for the import summary when the encoding had to be guessed.
    note: str = ""


def decode_export(data: bytes) -> DecodedText:
    """Decode by BOM, then UTF-8, then UTF-16 without BOM (NUL bytes), then Windows-1252.

    Line endings become "\\n" whatever they were (CRLF from Windows, lone CR)."""
    encoding, note = "", ""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif data and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without a BOM: English text has a NUL in every other byte (and is,
        # confusingly, valid UTF-8, so this comes first).
        little = data[1::2].count(b"\x00") > data[0::2].count(b"\x00")
        encoding = "utf-16-le" if little else "utf-16-be"
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
            note = "The file was not UTF-8; it was read as Windows-1252 text."
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text, encoding, note)


def looks_binary(text: str) -> bool:
    """Text full of NULs or replacement characters is not a text export at all."""
    sample = text[:4000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if ch in "\x00\ufffd" or (ord(ch) < 32 and ch not in "\n\t"))
    return odd > len(sample) // 20
