"""Realistic Teams exports, generated at test time (no real meeting's words).

What they reproduce, from the format as Teams writes it: a `WEBVTT` header, cue ids
`<guid>/<n>-<m>`, every cue inside `<v Speaker Name>…</v>` with long text wrapping
across lines inside the tag, CRLF line endings, HTML entities (&amp; &lt; &#39;),
overlapping speech written out of time order, room speakers ("Speaker 1 (Room)"),
display names "Surname, First (Organisation)"; the .docx transcript's layout; the
attendance list's sections, in UTF-16 LE with tabs or UTF-8 with commas.
"""

from __future__ import annotations

import datetime as dt
import random
import textwrap
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SPEAKERS = (
    "Ghani, Syed (Cllr, LBBD)",
    "Opie, Andy (LBBD)",
    "Marsh, Helen (Met Police)",
    "Okafor, Daniel (LFB)",
    "Patel, Priya (NHS NEL)",
    "Brennan, Kate (Probation)",
    "Speaker 1 (Room)",
    "Lewis, Tom (B&D CVS)",
)
PHRASES = (
    "Thank you Chair, I will keep this short because the paper went out last week",
    "the figures for the last quarter show violence with injury up in the town centre",
    "we have been working with the youth offending service on the referral pathway",
    "I think the point about lighting in the parks is one we keep hearing from residents",
    "the hate crime figures are down but we know it is under-reported",
    "there is a question about data sharing & whether health can give us the postcode level",
    "the board asked for a ward breakdown last time <and> we now have that in appendix two",
    "it's a question of resources really, and whether the partners can commit officer time",
    "the consultation closed with over two hundred responses, which is the most we've had",
    "I'd like to thank the team for the work on the summer operation",
    "can I just come in on that point about the night-time economy",
    "we will bring the evaluation back to the board in March",
)


@dataclass(frozen=True)
class SampleCue:
    speaker: str
    start: float
    end: float
    text: str  # as said (entities not yet applied)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    )


def _timestamp(seconds: float) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


def sample_cues(
    minutes: float = 60, *, seed: int = 18, max_phrases: int = 2, words_per_cue: int = 14
) -> list[SampleCue]:
    """Cues in time order for a call of about `minutes` minutes."""
    rng = random.Random(seed)
    cues: list[SampleCue] = []
    t = 2.0
    speaker = SPEAKERS[0]
    while t < minutes * 60:
        if rng.random() < 0.45:
            speaker = rng.choice(SPEAKERS)
        said = (" ".join(rng.sample(PHRASES, rng.randint(1, max_phrases))) + ".").split()
        # Teams cuts one person's speech into cues of a few seconds each.
        for first in range(0, len(said), words_per_cue):
            words = " ".join(said[first : first + words_per_cue])
            length = max(1.5, len(words) / 16)
            cues.append(SampleCue(speaker, round(t, 3), round(t + length, 3), words))
            t += length + rng.uniform(0.05, 0.4)
        t += rng.uniform(0.1, 1.2)
    return cues


def vtt_text(cues: Sequence[SampleCue], *, seed: int = 18, overlap_every: int = 9) -> str:
    """Teams-style WebVTT (with "\\n"; write it with CRLF). Every `overlap_every`-th cue is
    an interjection that Teams writes after the cue it interrupted (out of time order)."""
    rng = random.Random(seed)
    meeting_guid = uuid.UUID(int=rng.getrandbits(128))
    blocks = ["WEBVTT"]
    order = list(range(len(cues)))
    for position in range(overlap_every, len(order) - 1, overlap_every):
        order[position], order[position + 1] = order[position + 1], order[position]
    for n, index in enumerate(order):
        cue = cues[index]
        body = textwrap.fill(_escape(cue.text), width=70)
        blocks.append(
            f"{meeting_guid}/{n + 11}-{rng.randint(0, 3)}\n"
            f"{_timestamp(cue.start)} --> {_timestamp(cue.end)}\n"
            f"<v {_escape(cue.speaker)}>{body}</v>"
        )
    return "\n\n".join(blocks) + "\n"


def overlapping_cues() -> list[SampleCue]:
    """Four cues where Tom interrupts Helen: Teams lists his cue after hers."""
    return [
        SampleCue("Marsh, Helen (Met Police)", 10.0, 18.0, "Knife crime is down eleven percent"),
        SampleCue("Lewis, Tom (B&D CVS)", 12.5, 14.0, "Sorry, is that all ages?"),
        SampleCue("Marsh, Helen (Met Police)", 18.2, 22.0, "and weapons sweeps continue."),
        SampleCue("Speaker 1 (Room)", 22.5, 25.0, "Thanks Helen, it's Marcus & the team here."),
    ]


def write_vtt(path: Path, cues: Sequence[SampleCue] | None = None, *, minutes: float = 60) -> Path:
    """A Teams .vtt with CRLF line endings."""
    text = vtt_text(cues if cues is not None else sample_cues(minutes))
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def write_docx_transcript(
    path: Path,
    cues: Sequence[SampleCue] | None = None,
    *,
    recorded_at: dt.datetime = dt.datetime(2022, 10, 5, 10, 0),
) -> Path:
    """A Teams transcript as Word writes it: title, start, duration, then turns."""
    import docx

    cues = list(cues if cues is not None else sample_cues(20))
    document = docx.Document()
    document.add_paragraph("CSP Board-20221005_100000-Meeting Recording")
    document.add_paragraph(
        f"{recorded_at:%B} {recorded_at.day}, {recorded_at:%Y}, "
        f"{recorded_at.hour % 12 or 12}:{recorded_at:%M%p}"
    )
    total = int(cues[-1].end) if cues else 0
    document.add_paragraph(f"{total // 3600}h {total % 3600 // 60}m {total % 60}s")
    document.add_paragraph(f"{cues[0].speaker} started transcription" if cues else "")
    for cue in cues:
        whole = int(cue.start)
        stamp = (
            f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
            if whole >= 3600
            else f"{whole // 60}:{whole % 60:02d}"
        )
        document.add_paragraph(f"{cue.speaker}   {stamp}")
        document.add_paragraph(cue.text)
    document.save(str(path))
    return path


@dataclass(frozen=True)
class SampleAttendee:
    name: str
    joined: dt.datetime
    left: dt.datetime
    email: str = ""
    role: str = "Attendee"


def _us_time(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment:%y}, {hour}:{moment:%M:%S} {moment:%p}"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return " ".join(
        p for p in (f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s") if p
    )


def attendance_rows(
    attendees: Sequence[SampleAttendee], title: str = "CSP Board"
) -> list[list[str]]:
    start = min(a.joined for a in attendees)
    end = max(a.left for a in attendees)
    rows = [
        ["1. Summary"],
        ["Meeting title", title],
        ["Attended participants", str(len(attendees))],
        ["Start time", _us_time(start)],
        ["End time", _us_time(end)],
        ["Meeting duration", _duration(int((end - start).total_seconds()))],
        [],
        ["2. Participants"],
        [
            "Name",
            "First Join",
            "Last Leave",
            "In-Meeting Duration",
            "Email",
            "Participant ID (UPN)",
            "Role",
        ],
    ]
    for a in attendees:
        rows.append(
            [
                a.name,
                _us_time(a.joined),
                _us_time(a.left),
                _duration(int((a.left - a.joined).total_seconds())),
                a.email,
                a.email,
                a.role,
            ]
        )
    rows += [
        [],
        ["3. In-Meeting Activities"],
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
    ]
    for a in attendees:
        rows.append(
            [
                a.name,
                _us_time(a.joined),
                _us_time(a.left),
                _duration(int((a.left - a.joined).total_seconds())),
                a.email,
                a.role,
            ]
        )
    return rows


def write_attendance_list(
    path: Path, attendees: Sequence[SampleAttendee], *, utf16_tabs: bool = True
) -> Path:
    """As the Teams client saves it (UTF-16 LE with BOM, tabs) or as the web/Excel does
    (UTF-8, commas, names with commas quoted)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if utf16_tabs else ",", lineterminator="\r\n")
    for row in attendance_rows(attendees):
        writer.writerow(row)
    text = buffer.getvalue()
    path.write_bytes(text.encode("utf-16") if utf16_tabs else text.encode("utf-8"))
    return path


def board_attendees(day: dt.date = dt.date(2022, 10, 5)) -> list[SampleAttendee]:
    """Who was on the call: most for the whole meeting, one late, one left early, a room."""
    at = lambda h, m: dt.datetime.combine(day, dt.time(h, m))  # noqa: E731
    return [
        SampleAttendee(
            "Ghani, Syed (Cllr, LBBD)",
            at(9, 56),
            at(13, 2),
            "syed.ghani@example.gov.uk",
            "Organizer",
        ),
        SampleAttendee(
            "Opie, Andy (LBBD)", at(9, 50), at(13, 3), "andy.opie@example.gov.uk", "Presenter"
        ),
        SampleAttendee(
            "Marsh, Helen (Met Police)", at(10, 35), at(13, 0), "helen.marsh@example.police.uk"
        ),
        SampleAttendee("Okafor, Daniel (LFB)", at(9, 58), at(11, 40), "daniel.okafor@example.org"),
        SampleAttendee("Conference Room BLC (Room)", at(9, 55), at(13, 1)),
        SampleAttendee("Guest, Visitor (External)", at(10, 1), at(10, 40)),
    ]
