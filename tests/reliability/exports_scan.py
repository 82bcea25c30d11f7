"""Read every export back as searchable text: all parts of a .docx/.xlsx, or a JSON file.

Word and Excel files are zip archives of XML parts (body, headers, footers, shared
strings, document properties, custom properties, hidden sheets). Scanning every part,
both raw and with the tags removed (so text split across runs is joined again), finds a
word wherever the file could show it to a reader.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from csp_desktop.cli import main

_TAG = re.compile(r"<[^>]+>")


def searchable_text(path: Path) -> str:
    if path.suffix in (".docx", ".xlsx"):
        parts = []
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                raw = archive.read(name).decode("utf-8", errors="ignore")
                parts.append(raw)
                parts.append(html.unescape(_TAG.sub("", raw)))
        return "\n".join(parts)
    raw = path.read_text(encoding="utf-8")
    return raw + "\n" + json.dumps(json.loads(raw), ensure_ascii=False)


def part_names(path: Path) -> list[str]:
    """The zip parts of a .docx/.xlsx (to show the scan covers more than the body)."""
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def run_cli(argv: Sequence[str]) -> tuple[int, str]:
    """`csp-desktop ARGV` in this process; returns (exit code, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


def found(words: set[str], text: str) -> set[str]:
    return {word for word in words if word in text}
