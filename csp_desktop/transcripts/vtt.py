"""WebVTT transcripts as Teams writes them, read by hand.

The format Teams uses is small: a `WEBVTT` header, blocks separated by blank lines,
each an optional cue id (`<guid>/<n>-<m>`), a timing line and text inside
`<v Speaker Name>…</v>` (wrapping across lines), with HTML entities. webvtt-py would
parse the blocks but not the speakers or entities, and would refuse the damaged files
we must partly import, so the ~100 lines here are simpler than adapting it.
Files from other tools are read too: Zoom's "Name: text" lines, or no speakers at all.
"""

from __future__ import annotations

import html
import re

from csp_desktop.text_decoding import decode_text, looks_binary
from csp_desktop.transcripts.turns import (
    UNKNOWN_SPEAKER,
    ParsedTranscript,
    TranscriptUnreadable,
    Turn,
    sort_cues,
)

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+([^>]*))?>(.*?)(?:</v>|(?=<v[\s.>])|$)", re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
# "Andy Opie: good morning" (Zoom and others): a short name, then a colon.
_NAME_PREFIX = re.compile(r"^([A-Z][\w’'.-]*(?:[ ,]+[\w’'().-]+){0,5}):\s+(.+)$", re.DOTALL)

MAX_SKIPPED_SHOWN = 5


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return (
        int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000
    )


def _clean(text: str) -> str:
    text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())


def _voices(payload: str) -> list[tuple[str, str]]:
    """(speaker, text) pairs of a cue's payload."""
    found = [
        (_clean(match.group(1) or ""), _clean(match.group(2))) for match in _VOICE.finditer(payload)
    ]
    found = [(speaker, text) for speaker, text in found if text]
    if found:
        return found
    text = _clean(payload)
    prefixed = _NAME_PREFIX.match(text)
    if prefixed and len(prefixed.group(1)) <= 60:
        return [(prefixed.group(1).strip(), prefixed.group(2).strip())]
    return [("", text)] if text else []


def parse_vtt(data: bytes) -> ParsedTranscript:
    """Read a .vtt file's bytes into cues sorted by start.

    Raises:
        TranscriptUnreadable: no cue at all could be read (one plain sentence why).
    """
    decoded = decode_text(data)
    text = decoded.text
    if looks_binary(text):
        raise TranscriptUnreadable("The file is not a text transcript (it looks like binary data).")
    notes = [decoded.note] if decoded.note else []
    skipped: list[str] = []
    lines = text.split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    if not first.startswith("WEBVTT"):
        if "-->" not in text:
            raise TranscriptUnreadable(
                "The file is not a WebVTT transcript: it has no WEBVTT header and no cue times."
            )
        skipped.append("The file has no WEBVTT header; its cues were read anyway.")

    cues: list[Turn] = []
    broken: list[str] = []
    unnamed = 0
    block: list[tuple[int, str]] = []

    def finish_block() -> None:
        nonlocal unnamed
        if not block:
            return
        timing_index = next((i for i, (_, line) in enumerate(block) if "-->" in line), None)
        head = block[0][1].strip()
        if timing_index is None:
            if head.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")) or (
                len(block) == 1 and not head
            ):
                return
            broken.append(f"line {block[0][0]}: text without a cue time")
            return
        number, timing_line = block[timing_index]
        timing = _TIMING.match(timing_line)
        if timing is None:
            broken.append(f"line {number}: unreadable cue time {timing_line.strip()[:40]!r}")
            return
        start = _seconds(*timing.groups()[:4])
        end = _seconds(*timing.groups()[4:])
        if end < start:
            broken.append(f"line {number}: the cue ends before it starts")
            return
        payload = "\n".join(line for _, line in block[timing_index + 1 :])
        voices = _voices(payload)
        if not voices:
            broken.append(f"line {number}: a cue with no words")
            return
        for speaker, words in voices:
            if not speaker:
                unnamed += 1
            cues.append(Turn(speaker or UNKNOWN_SPEAKER, start, end, words))

    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line))
        else:
            finish_block()
            block = []
    finish_block()

    if not cues:
        raise TranscriptUnreadable(
            "No cue in the file could be read"
            + (f" ({broken[0]})." if broken else ": it holds no timed text.")
        )
    if broken:
        shown = "; ".join(broken[:MAX_SKIPPED_SHOWN])
        more = (
            f" and {len(broken) - MAX_SKIPPED_SHOWN} more"
            if len(broken) > MAX_SKIPPED_SHOWN
            else ""
        )
        skipped.append(f"{len(broken)} damaged cue(s) skipped: {shown}{more}.")
    if unnamed:
        notes.append(
            f"{unnamed} cue(s) name no speaker (a file from another tool?); "
            f"they are listed as {UNKNOWN_SPEAKER!r}."
        )
    return ParsedTranscript(sort_cues(cues), skipped=skipped, notes=notes)
