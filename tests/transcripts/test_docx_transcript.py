"""Teams transcripts downloaded as Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from csp_desktop.transcripts.docx_transcript import parse_docx_transcript
from csp_desktop.transcripts.turns import TranscriptUnreadable
from tests.transcript_samples import overlapping_cues, write_docx_transcript


def test_the_current_layout_gives_turns_and_the_recording_start(tmp_path: Path) -> None:
    path = write_docx_transcript(
        tmp_path / "t.docx", overlapping_cues(), recorded_at=dt.datetime(2022, 10, 5, 9, 58)
    )
    parsed = parse_docx_transcript(path.read_bytes())
    assert parsed.recorded_at == dt.datetime(2022, 10, 5, 9, 58)
    assert [(t.speaker, t.start) for t in parsed.turns] == [
        ("Marsh, Helen (Met Police)", 10.0),
        ("Lewis, Tom (B&D CVS)", 12.0),
        ("Marsh, Helen (Met Police)", 18.0),
        ("Speaker 1 (Room)", 22.0),
    ]
    assert parsed.turns[0].end == 12.0  # a turn ends where the next begins
    assert parsed.turns[3].text == "Thanks Helen, it's Marcus & the team here."


def test_the_older_layout_with_arrows(tmp_path: Path) -> None:
    document = docx.Document()
    for line in (
        "0:0:0.0 --> 0:0:4.640",
        "Opie, Andy (LBBD)",
        "Good morning.",
        "0:1:2.5 --> 0:1:5.0",
        "Speaker 1 (Room)",
        "Morning.",
    ):
        document.add_paragraph(line)
    document.save(str(tmp_path / "old.docx"))
    parsed = parse_docx_transcript((tmp_path / "old.docx").read_bytes())
    assert [(t.speaker, t.start, t.end, t.text) for t in parsed.turns] == [
        ("Opie, Andy (LBBD)", 0.0, 4.64, "Good morning."),
        ("Speaker 1 (Room)", 62.5, 65.0, "Morning."),
    ]


def test_a_word_document_that_is_not_a_transcript(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Minutes of the CSP Board")
    document.save(str(tmp_path / "m.docx"))
    with pytest.raises(TranscriptUnreadable, match="no line gives a speaker and a time"):
        parse_docx_transcript((tmp_path / "m.docx").read_bytes())
    with pytest.raises(TranscriptUnreadable, match="not a Word document"):
        parse_docx_transcript(b"WEBVTT\n")


def test_the_offset_on_its_own_line_under_the_name(tmp_path: Path) -> None:
    document = docx.Document()
    for line in (
        "Opie, Andy (LBBD)",
        "0:03",
        "Good morning.",
        "Speaker 1 (Room)",
        "1:02:05",
        "Hello.",
    ):
        document.add_paragraph(line)
    document.save(str(tmp_path / "split.docx"))
    parsed = parse_docx_transcript((tmp_path / "split.docx").read_bytes())
    assert [(t.speaker, t.start, t.text) for t in parsed.turns] == [
        ("Opie, Andy (LBBD)", 3.0, "Good morning."),
        ("Speaker 1 (Room)", 3725.0, "Hello."),
    ]
