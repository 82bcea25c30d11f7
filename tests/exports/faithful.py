"""Faithful reproduction: does a meeting written as an interchange document, imported and
exported as Word minutes, print what the council published?

Generic on purpose (it is run on real meetings nobody here has seen): give it the
published text and the document written from it.

    report = check_faithful(published_text, document, workdir)
    assert report.ok, report.explain()

or from a shell: ``python -m tests.exports.faithful PUBLISHED.txt DOCUMENT.json``.

What it checks, on text normalised to letters and digits (whitespace, punctuation, quotes,
dashes and bullet or number marks do not count):

* at least `threshold` (95%) of the published lines appear in the full minutes (website
  furniture such as "Agenda and minutes" or "Minutes:" labels is not counted);
* every item title, time allocation ("10 minutes"), attendee and ACTION line appears;
* the public minutes withhold exactly the restricted minutes: every line of a withheld
  item's minute is absent from them (and present in the full version), and the open
  items' minutes are there.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx

from csp_desktop.clock import FakeClock
from csp_desktop.exports.interchange_reader import validate_document
from csp_desktop.exports.minutes_docx import write_minutes
from csp_desktop.services.export_data import minutes_data
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.services.interchange_records import InterchangeMeeting
from csp_desktop.services.restricted_quotes import clear_quotes
from csp_desktop.storage import open_database

# A list mark or a number opening a line: "-", "•", "·", "o ", "1.", "1)", "a)", "(ii)".
_LEAD_MARK = re.compile(
    r"^\s*(?:(?:[-–•·*▪◦‣]|o(?=\s))\s*|(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\**(?=\s|$)\s*"
    r"|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\)\s*)+",
    re.IGNORECASE,
)
# Council web pages' furniture around the minutes (ModernGov and the like): not minute lines.
WEBSITE_FURNITURE = {
    "agenda and minutes",
    "agenda item",
    "items",
    "no. item",
    "minutes:",
    "additional documents:",
    "supporting documents:",
    "share this item",
    "modern.gov app available",
    "view upcoming public committee documents on your ipad, android device or blackberry "
    "playbook with the free modern.gov app.",
}
_SHORTEST_LINE = 4  # lines of fewer letters and digits ("1.", "Item") are page furniture
# The alt text council sites put before a paper's type ("Minutes pdf icon PDF 117 KB").
_ICON_TEXT = re.compile(r"\b(?:pdf|doc|docx|xls|xlsx)\s+icon\b", re.IGNORECASE)


def squash(text: str) -> str:
    """Letters and digits only, lower case: how lines are compared."""
    text = _ICON_TEXT.sub(" ", text)
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def published_lines(text: str) -> list[str]:
    """The published text's lines worth finding, without list marks; "SOURCE:" dropped."""
    lines = []
    for raw in text.splitlines():
        if raw.startswith("SOURCE:"):
            continue
        line = _LEAD_MARK.sub("", raw).strip()
        if " ".join(line.casefold().split()) in WEBSITE_FURNITURE:
            continue
        if len(squash(line)) >= _SHORTEST_LINE:
            lines.append(line)
    return lines


def docx_text(path: Path) -> str:
    """Every paragraph of the body and its tables, one per line."""
    document = docx.Document(str(path))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


@dataclass
class FaithfulReport:
    published: int = 0
    found: int = 0
    missing_lines: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)  # "title: ...", "ACTION: ..."
    leaked: list[str] = field(default_factory=list)  # withheld text in the public version
    lost_in_public: list[str] = field(default_factory=list)  # open text not published
    full_text: str = ""
    public_text: str = ""
    threshold: float = 0.95

    @property
    def share(self) -> float:
        return self.found / self.published if self.published else 1.0

    @property
    def ok(self) -> bool:
        return (
            self.share >= self.threshold
            and not self.missing_required
            and not self.leaked
            and not self.lost_in_public
        )

    def explain(self) -> str:
        """What failed, with each missing line beside the closest line the export has."""
        out = [f"{self.found}/{self.published} published lines found ({self.share:.1%})"]
        exported = [line for line in self.full_text.splitlines() if line.strip()]
        for line in self.missing_lines:
            close = difflib.get_close_matches(line, exported, n=1, cutoff=0.3)
            out.append(f"- published: {line}")
            out.append(f"+ exported:  {close[0] if close else '(nothing close)'}")
        out += [f"required but missing: {entry}" for entry in self.missing_required]
        out += [f"withheld text in the public version: {entry}" for entry in self.leaked]
        out += [
            f"open text missing from the public version: {entry}" for entry in self.lost_in_public
        ]
        return "\n".join(out)


def _export(document: InterchangeMeeting, folder: Path) -> tuple[str, str]:
    database = open_database(folder / "faithful.db")
    try:
        with database.transaction() as session:
            meeting_id = import_meeting(session, document, FakeClock()).id
            # The council published this text: its reviewer cleared any open item that
            # quotes a restricted one (services/restricted_quotes.py would refuse it).
            clear_quotes(session, meeting_id)
        texts = []
        for public in (False, True):
            with database.session() as session:
                data = minutes_data(session, meeting_id, public=public)
            path = write_minutes(data, folder / f"minutes-{'public' if public else 'full'}.docx")
            texts.append(docx_text(path))
        return texts[0], texts[1]
    finally:
        database.close()


def _contains(haystack: str, line: str) -> bool:
    key = squash(line)
    return bool(key) and key in haystack


def _minute_lines(text: str) -> Iterable[str]:
    for line in published_lines(text):
        # Long enough that finding it elsewhere by chance is unlikely.
        if len(squash(line)) >= 25:
            yield line


def check_faithful(
    published_text: str,
    document: Mapping[str, Any],
    workdir: Path | None = None,
    *,
    threshold: float = 0.95,
) -> FaithfulReport:
    """Import `document`, export full and public minutes, and compare with the text."""
    records = validate_document(json.loads(json.dumps(document)))
    folder = Path(workdir or tempfile.mkdtemp(prefix="faithful-"))
    folder.mkdir(parents=True, exist_ok=True)
    full_text, public_text = _export(records, folder)
    full, public = squash(full_text), squash(public_text)
    report = FaithfulReport(full_text=full_text, public_text=public_text, threshold=threshold)

    for line in published_lines(published_text):
        report.published += 1
        if _contains(full, line):
            report.found += 1
        else:
            report.missing_lines.append(line)

    required: list[tuple[str, str]] = []
    for item in document.get("agenda_items") or []:
        required.append(("title", item["title"]))
        if item.get("minutes_allocated"):
            minutes = item["minutes_allocated"]
            required.append(("allocation", f"{minutes} minute{'s' if minutes != 1 else ''}"))
    for row in document.get("attendance") or []:
        required.append(("attendee", row["person"]))
    for action in document.get("actions_raised") or []:
        line = action.get("source_line") or f"ACTION: {action['text']}"
        required.append(("ACTION", line))
    for kind, text in required:
        if not _contains(full, text):
            report.missing_required.append(f"{kind}: {text}")

    # What open items print anyway (an ACTION reviewed under the previous minutes, say)
    # is no leak when it also stands in a withheld minute.
    open_text = squash(
        "\n".join(
            item.get("minutes_text") or ""
            for item in document.get("agenda_items") or []
            if not item.get("restricted")
        )
    )
    for item in document.get("agenda_items") or []:
        # A restricted item's minute is withheld; a public summary, if any, stands in for it.
        withheld = bool(item.get("restricted"))
        text = item.get("minutes_text") or ""
        for line in _minute_lines(text):
            if withheld:
                if _contains(public, line) and not _contains(open_text, line):
                    report.leaked.append(line)
                if not _contains(full, line):
                    report.missing_required.append(f"restricted minute: {line}")
            elif not _contains(public, line):
                report.lost_in_public.append(line)
        summary = item.get("public_summary") if item.get("restricted") else None
        if summary and not _contains(public, summary):
            report.lost_in_public.append(f"public summary: {summary}")
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(
            "usage: python -m tests.exports.faithful PUBLISHED.txt DOCUMENT.json", file=sys.stderr
        )
        return 2
    published = Path(argv[0]).read_text(encoding="utf-8")
    document = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    report = check_faithful(published, document)
    print(report.explain())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
