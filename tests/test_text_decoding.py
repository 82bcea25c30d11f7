"""Bytes to text whatever the encoding: BOMs, UTF-16 without one, Windows-1252, a file
pasted together from UTF-8 and Windows-1252, and binary data told apart from text."""

from __future__ import annotations

import codecs

import pytest

from csp_desktop.text_decoding import DecodedText, decode_as, decode_text, looks_binary

TEXT = "Present: Hélène D’Urso – Chair\nApologies: Zoë Lyons (£5 “fee”)\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 LE BOM", "utf-16 BE BOM", "utf-16 LE", "utf-16 BE"],
)
def test_unicode_encodings_are_read_without_a_note(data: bytes, encoding: str) -> None:
    decoded = decode_text(data)
    assert (decoded.text, decoded.encoding, decoded.note) == (TEXT, encoding, "")


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_windows_1252_and_latin_1_are_read_and_the_guess_is_said(codec: str) -> None:
    text = TEXT if codec == "cp1252" else "Present: Hélène Zoë (£5, 10°)\n"
    decoded = decode_text(text.replace("\n", "\r\n").encode(codec))
    assert decoded.text == text
    assert "read as Windows-1252" in decoded.note and decoded.encoding == "cp1252"


def test_a_file_pasted_from_both_keeps_its_utf8_and_reads_the_rest_as_1252() -> None:
    data = "Present: Hélène D’Urso\n".encode() + "Apologies: Zoë – £5\n".encode("cp1252")
    decoded = decode_text(data)
    assert decoded.text == "Present: Hélène D’Urso\nApologies: Zoë – £5\n"
    assert decoded.note == (
        "The file was mostly UTF-8; 3 bytes not in UTF-8 were read as Windows-1252."
    )


def test_line_endings_become_newlines() -> None:
    assert decode_text(b"a\r\nb\rc\n").text == "a\nb\nc\n"


def test_binary_data_looks_binary_and_text_does_not() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    assert looks_binary(decode_text(png).text)
    assert looks_binary(decode_text(bytes(range(256)) * 20).text)
    assert not looks_binary(decode_text(TEXT.encode("cp1252")).text)
    assert not looks_binary(decode_text(TEXT.encode("utf-16-le")).text)
    assert not looks_binary("")


def test_a_declared_charset_is_honoured_when_the_bytes_fit_it() -> None:
    data = TEXT.encode("cp1252")
    assert decode_as(data, "windows-1252") == DecodedText(TEXT, "cp1252")
    assert decode_as(data, "ISO-8859-1") is not None  # read as browsers read it: 1252
    assert decode_as(data, "utf-8") is None  # the declaration is wrong: guess instead
    assert decode_as(data, "no-such-charset") is None
    assert decode_as(TEXT.encode(), "utf-16") is None  # ASCII bytes, UTF-16 declared


def test_a_utf8_bom_before_stray_windows_1252_bytes_loses_nothing() -> None:
    data = codecs.BOM_UTF8 + "Present: Hélène\n".encode() + "Zoë\n".encode("cp1252")
    decoded = decode_text(data)
    assert (
        decoded.text == "Present: Hélène\nZoë\n" and "1 byte not in UTF-8 was read" in decoded.note
    )


def test_utf8_bytes_under_a_windows_1252_declaration_are_read_as_utf8() -> None:
    """Browsers save a page as UTF-8 and may leave its old charset in the <meta>."""
    assert decode_as(TEXT.encode("utf-8"), "windows-1252") == DecodedText(TEXT, "utf-8")
    assert decode_as(b"Present: A Person", "iso-8859-1") == DecodedText(
        "Present: A Person", "cp1252"
    )
