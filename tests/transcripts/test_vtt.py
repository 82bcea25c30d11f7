"""WebVTT transcripts: Teams' own files, damaged ones and other tools' files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from csp_desktop.transcripts.turns import UNKNOWN_SPEAKER, TranscriptUnreadable, merge_turns
from csp_desktop.transcripts.vtt import parse_vtt
from tests.transcript_samples import overlapping_cues, sample_cues, vtt_text, write_vtt


def test_a_teams_file_reads_as_sorted_cues_with_entities_unescaped(tmp_path: Path) -> None:
    path = write_vtt(tmp_path / "call.vtt", overlapping_cues())
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"&amp;" in raw and b"&#39;" in raw  # the sample is realistic
    parsed = parse_vtt(raw)
    assert [c.start for c in parsed.turns] == [10.0, 12.5, 18.2, 22.5]
    assert parsed.turns[1].speaker == "Lewis, Tom (B&D CVS)"
    assert parsed.turns[3].text == "Thanks Helen, it's Marcus & the team here."
    assert parsed.turns[3].speaker == "Speaker 1 (Room)"
    assert parsed.skipped == [] and parsed.notes == []


def test_out_of_order_cues_are_written_by_the_sample_and_sorted_by_the_reader() -> None:
    text = vtt_text(overlapping_cues(), overlap_every=1)
    starts_in_file = [
        float(line.split(" --> ")[0].split(":")[-1]) for line in text.split("\n") if "-->" in line
    ]
    assert starts_in_file != sorted(starts_in_file)
    parsed = parse_vtt(text.encode())
    assert [c.start for c in parsed.turns] == sorted(starts_in_file)


def test_text_wrapping_inside_the_voice_tag_is_one_line_of_words() -> None:
    data = (
        b"WEBVTT\r\n\r\nabc/1-0\r\n00:00:01.000 --> 00:00:09.500\r\n"
        b"<v Opie, Andy (LBBD)>We looked at the figures &lt;by ward&gt; and\r\n"
        b"the picture is mixed, but Barking &amp; Dagenham&#39;s trend is down.</v>\r\n"
    )
    [cue] = parse_vtt(data).turns
    assert cue.speaker == "Opie, Andy (LBBD)"
    assert cue.text == (
        "We looked at the figures <by ward> and the picture is mixed, "
        "but Barking & Dagenham's trend is down."
    )
    assert (cue.start, cue.end) == (1.0, 9.5)


def test_consecutive_cues_of_one_speaker_merge_but_not_across_a_boundary() -> None:
    cues = parse_vtt(vtt_text(overlapping_cues()).encode()).turns
    merged = merge_turns(cues)
    assert [t.speaker for t in merged] == [
        "Marsh, Helen (Met Police)",
        "Lewis, Tom (B&D CVS)",
        "Marsh, Helen (Met Police)",
        "Speaker 1 (Room)",
    ]
    same = [c for c in cues if c.speaker.startswith("Marsh")]
    joined = merge_turns(same)
    assert len(joined) == 1 and joined[0].end == 22.0
    assert joined[0].text == "Knife crime is down eleven percent and weapons sweeps continue."
    assert len(merge_turns(same, boundaries=[18.0])) == 2


def test_a_bom_and_utf16_with_or_without_bom_are_read() -> None:
    text = vtt_text(overlapping_cues())
    for data in (codecs.BOM_UTF8 + text.encode(), text.encode("utf-16"), text.encode("utf-16-le")):
        assert len(parse_vtt(data).turns) == 4


def test_windows_1252_is_read_with_a_note() -> None:
    data = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Angela D’Urso>Café £5</v>\n".encode(
        "cp1252"
    )
    parsed = parse_vtt(data)
    assert parsed.turns[0].speaker == "Angela D’Urso" and parsed.turns[0].text == "Café £5"
    assert "Windows-1252" in parsed.notes[0]


def test_no_header_and_broken_cues_import_the_rest_and_say_what_was_skipped() -> None:
    data = (
        b"1\n00:00:01.000 --> 00:00:03.000\n<v A, B (X)>First.</v>\n\n"
        b"2\n00:00:04.000 --> banana\n<v A, B (X)>Lost.</v>\n\n"
        b"3\n00:00:09.000 --> 00:00:05.000\n<v A, B (X)>Backwards.</v>\n\n"
        b"just some words\n\n"
        b"4\n00:00:10.000 --> 00:00:11.000\n<v C, D (Y)>Last.</v>\n"
    )
    parsed = parse_vtt(data)
    assert [t.text for t in parsed.turns] == ["First.", "Last."]
    assert parsed.skipped[0] == "The file has no WEBVTT header; its cues were read anyway."
    assert parsed.skipped[1].startswith("3 damaged cue(s) skipped: line 6: unreadable cue time")
    assert "ends before it starts" in parsed.skipped[1] and "line 13" in parsed.skipped[1]


def test_a_vtt_from_another_tool_without_voice_tags() -> None:
    zoom = (
        b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAndy Opie: Good morning all.\n\n"
        b"2\n00:00:05.000 --> 00:00:06.000\nThanks.\n"
    )
    parsed = parse_vtt(zoom)
    assert parsed.turns[0].speaker == "Andy Opie" and parsed.turns[0].text == "Good morning all."
    assert parsed.turns[1].speaker == UNKNOWN_SPEAKER
    assert "1 cue(s) name no speaker" in parsed.notes[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no WEBVTT header and no cue times"),
        (b"Minutes of the meeting\nnothing timed here", "no WEBVTT header and no cue times"),
        (b"WEBVTT\n\nNOTE nothing else\n", "holds no timed text"),
        (b"WEBVTT\n\n00:00:01.000 --> x\n<v A>b</v>\n", "No cue in the file could be read (line 3"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_unreadable_files_get_one_plain_line(data: bytes, message: str) -> None:
    with pytest.raises(TranscriptUnreadable) as raised:
        parse_vtt(data)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_three_hour_sample_is_the_size_of_a_real_one() -> None:
    text = vtt_text(sample_cues(180))
    assert 350_000 < len(text.encode()) < 450_000  # ~400 KB, as a real three-hour call
    assert len(parse_vtt(text.encode()).turns) > 1000
