"""Teams transcripts downloaded as Word (.docx).

Two layouts are in circulation:
* current: a title, the date and time the recording started ("October 5, 2022, 9:58AM"),
  the duration, then per turn a line "Opie, Andy (LBBD)   0:03" (name, two or more
  spaces or a tab, offset) followed by the words;
* older: per cue "0:0:0.0 --> 0:0:4.640", then the speaker, then the words.
Each turn ends where the next begins (the .docx gives no end times).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from csp_desktop.transcripts.turns import (
    UNKNOWN_SPEAKER,
    ParsedTranscript,
    TranscriptUnreadable,
    Turn,
    sort_cues,
)

_HEADER = re.compile(r"^(?P<speaker>\S.{0,80}?)(?:\s{2,}|\t)\s*(?P<time>\d{1,2}(?::\d{2}){1,2})$")
_OLD_TIMING = re.compile(r"^(\d+):(\d+):(\d+)(?:\.(\d+))?\s*-->\s*(\d+):(\d+):(\d+)(?:\.(\d+))?$")
_STARTED = re.compile(r"^(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4}),? (?P<time>\d{1,2}:\d{2}\s*[AP]M)$")
_UK_STARTED = re.compile(r"^(?P<date>\d{1,2} [A-Z][a-z]+ \d{4}),? (?P<time>\d{1,2}:\d{2})$")
_TRANSCRIPTION_EVENT = re.compile(r"\b(started|stopped) transcription$")
DEFAULT_LAST_TURN_SECONDS = 10.0


def _offset(text: str) -> float:
    parts = [int(p) for p in text.split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return float(seconds)


def _old_seconds(h: str, m: str, s: str, fraction: str | None) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + (float(f"0.{fraction}") if fraction else 0.0)


def _recorded_at(line: str) -> dt.datetime | None:
    for pattern, layout in ((_STARTED, "%B %d, %Y %I:%M%p"), (_UK_STARTED, "%d %B %Y %H:%M")):
        found = pattern.match(line)
        if found:
            try:
                return dt.datetime.strptime(
                    f"{found.group('date')} {found.group('time').replace(' ', '')}", layout
                )
            except ValueError:
                return None
    return None


def _paragraphs(data: bytes) -> list[str]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TranscriptUnreadable("The file is not a Word document (.docx).")
    import docx  # python-docx: imported here so reading a .vtt never loads it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TranscriptUnreadable(f"The Word document cannot be read ({exc}).") from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        # A paragraph may hold soft line breaks: the header and words in one paragraph.
        lines.extend(part.strip() for part in paragraph.text.replace("\r", "\n").split("\n"))
    return _join_split_headers([line for line in lines if line])


_TIME_ONLY = re.compile(r"^\d{1,2}(?::\d{2}){1,2}$")


def _join_split_headers(lines: list[str]) -> list[str]:
    """Some exports put the offset on its own line under the name: join them into the
    one-line header ("Opie, Andy (LBBD)   0:03")."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (
            _TIME_ONLY.match(line)
            and previous
            and len(previous) <= 80
            and not previous.endswith((".", "?", "!"))
            and not _HEADER.match(previous)
        ):
            joined[-1] = f"{previous}   {line}"
        else:
            joined.append(line)
    return joined


def parse_docx_transcript(data: bytes) -> ParsedTranscript:
    lines = _paragraphs(data)
    recorded_at: dt.datetime | None = None
    starts: list[tuple[str, float, float | None, list[str]]] = []
    skipped: list[str] = []
    ignored_before_first = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        old = _OLD_TIMING.match(line)
        header = _HEADER.match(line) if not old else None
        if recorded_at is None and not starts:
            recorded_at = _recorded_at(line)
            if recorded_at is not None:
                index += 1
                continue
        if old:
            speaker = lines[index + 1] if index + 1 < len(lines) else ""
            starts.append(
                (
                    speaker or UNKNOWN_SPEAKER,
                    _old_seconds(*old.groups()[:4]),
                    _old_seconds(*old.groups()[4:]),
                    [],
                )
            )
            index += 2
            continue
        if header:
            starts.append(
                (header.group("speaker").strip(), _offset(header.group("time")), None, [])
            )
        elif _TRANSCRIPTION_EVENT.search(line):
            pass  # "Opie, Andy started transcription": not speech
        elif starts:
            starts[-1][3].append(line)
        else:
            ignored_before_first += 1  # title, duration
        index += 1
    if not starts:
        raise TranscriptUnreadable(
            "The Word document holds no transcript: no line gives a speaker and a time."
        )
    turns: list[Turn] = []
    empty = 0
    ordered = sorted(starts, key=lambda s: s[1])
    for position, (speaker, start, end, words) in enumerate(ordered):
        text = " ".join(" ".join(words).split())
        if not text:
            empty += 1
            continue
        if end is None:
            following = ordered[position + 1][1] if position + 1 < len(ordered) else None
            end = (
                following
                if following is not None and following >= start
                else start + DEFAULT_LAST_TURN_SECONDS
            )
        turns.append(Turn(speaker, start, end, text))
    if empty:
        skipped.append(f"{empty} speaker line(s) had no words after them and were skipped.")
    if not turns:
        raise TranscriptUnreadable("The Word document's transcript holds no words.")
    return ParsedTranscript(sort_cues(turns), skipped=skipped, recorded_at=recorded_at)
