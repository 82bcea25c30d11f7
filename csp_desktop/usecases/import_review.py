"""Fixing item boundaries in recognised minutes before they are written (the review step).

The parser can take a wrapped line or a sub-heading for an item, miss a heading, or take
a section divider ("PART B – FOR INFORMATION") for an item. The officer fixes that here:
merge an item into the one before it, split an item at a source line, or mark an item as
not an item. Each returns a new `Recognised` whose meeting and document stay in step
(the document keeps the officer's other edits); no line of the minutes is dropped.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from csp_desktop.errors import UserError
from csp_desktop.importers.recognised import RecognisedItem
from csp_desktop.importers.to_interchange import item_kind
from csp_desktop.usecases.import_minutes import Recognised

# "5.", "4a", "9(i)", "14.1", "(b)": a number written at the start of a heading line.
_LEADING_NUMBER = re.compile(
    r"^\s*(?:item\s+)?(\d+[a-z]?(?:\.\d+)*|\d+\s*\([ivx\d]+\)|\([a-z0-9]+\))[.):]?\s+(\S.*)$",
    re.IGNORECASE,
)


def _heading(item: RecognisedItem) -> str:
    return " ".join(part for part in (item.number, item.title) if part)


def _join(*texts: str | None) -> str:
    return "\n\n".join(text for text in texts if text and text.strip())


def _action_range(recognised: Recognised, index: int) -> range:
    """Where item `index`'s actions sit in the document's actions (same order)."""
    start = sum(len(item.actions) for item in recognised.meeting.items[:index])
    return range(start, start + len(recognised.meeting.items[index].actions))


def _fold(recognised: Recognised, index: int, into: int, *, heading_to_notes: bool) -> Recognised:
    """Move item `index`'s content into item `into` (the one before or after it)."""
    meeting, document = recognised.meeting, copy.deepcopy(recognised.document)
    items = list(meeting.items)
    source, target = items[index], items[into]
    rows: list[dict[str, Any]] = document["agenda_items"]
    source_row, target_row = rows[index], rows[into]
    heading = _heading(source)
    moved_text = source.text if heading_to_notes else _join(heading, source.text)
    before = into < index
    restricted = bool(target_row.get("restricted") or source_row.get("restricted"))
    if before:
        text = _join(target.text, moved_text)
        merged = replace(
            target,
            text=text,
            last_line=max(target.last_line, source.last_line),
            decisions=target.decisions + source.decisions,
            actions=target.actions + source.actions,
            papers=target.papers + source.papers,
            restricted=target.restricted or source.restricted,
        )
        target_row["decisions"] = [*target_row["decisions"], *source_row["decisions"]]
        target_row["papers"] = [*target_row["papers"], *source_row["papers"]]
    else:
        text = _join(moved_text, target.text)
        merged = replace(
            target,
            text=text,
            first_line=min(target.first_line, source.first_line),
            decisions=source.decisions + target.decisions,
            actions=source.actions + target.actions,
            papers=source.papers + target.papers,
            restricted=target.restricted or source.restricted,
        )
        target_row["decisions"] = [*source_row["decisions"], *target_row["decisions"]]
        target_row["papers"] = [*source_row["papers"], *target_row["papers"]]
    target_row["minutes_text"] = text or None
    target_row["restricted"] = restricted
    for position in [*_action_range(recognised, index), *_action_range(recognised, into)]:
        action = document["actions_raised"][position]
        action["item"] = target_row["number"]
        action["restricted"] = restricted
    if heading_to_notes:
        notes = document["meeting"].get("notes") or ""
        document["meeting"]["notes"] = "\n".join(
            part for part in (notes, f"Section: {heading}") if part
        )
    items[into] = merged
    del items[index]
    del rows[index]
    return replace(recognised, meeting=replace(meeting, items=tuple(items)), document=document)


def merge_with_previous(recognised: Recognised, index: int) -> Recognised:
    """Item `index` becomes part of the item before it (its heading kept as text).

    Raises UserError for the first item (there is nothing before it).
    """
    if not 0 < index < len(recognised.meeting.items):
        raise UserError("The first item has no item before it to merge into.")
    return _fold(recognised, index, index - 1, heading_to_notes=False)


def not_an_item(recognised: Recognised, index: int) -> Recognised:
    """Item `index` is a section divider: its heading goes to the meeting's notes, and
    anything under it to the item before (or, for the first item, the one after).

    Raises UserError when it is the only item (its text would have nowhere to go).
    """
    count = len(recognised.meeting.items)
    if not 0 <= index < count or count < 2:
        raise UserError("The only item cannot be a section divider; merge or edit it instead.")
    return _fold(recognised, index, index - 1 if index else 1, heading_to_notes=True)


def split_item(recognised: Recognised, index: int, line: int) -> Recognised:
    """A new item starts at source `line`, inside item `index`; that line is its heading.

    Raises UserError when `line` is not inside the item's text (after its heading).
    """
    meeting, document = recognised.meeting, copy.deepcopy(recognised.document)
    item = meeting.items[index]
    heading = meeting.lines[line].strip() if 0 <= line < len(meeting.lines) else ""
    if not (item.line < line <= item.last_line) or not heading:
        raise UserError("Put the cursor on a non-blank line inside the item's text to split it.")
    number_match = _LEADING_NUMBER.match(heading)
    number, title = (
        (number_match.group(1), number_match.group(2).strip()) if number_match else (None, heading)
    )
    text_before, text_after = _split_text(meeting.lines, item, line, heading)
    first = replace(
        item,
        text=text_before,
        last_line=line - 1,
        decisions=tuple(d for d in item.decisions if d.line < line),
        actions=tuple(a for a in item.actions if a.line < line),
        papers=tuple(p for p in item.papers if p.line < line),
    )
    second = RecognisedItem(
        title=title,
        line=line,
        number=number,
        restricted=item.restricted,
        text=text_after,
        first_line=line,
        last_line=item.last_line,
        decisions=tuple(d for d in item.decisions if d.line >= line),
        actions=tuple(a for a in item.actions if a.line >= line),
        papers=tuple(p for p in item.papers if p.line >= line),
    )
    rows: list[dict[str, Any]] = document["agenda_items"]
    row = rows[index]
    taken = {r["number"] for r in rows if r.get("number")}
    new_number = _unique(number or _sub_number(row.get("number")), taken)
    new_row: dict[str, Any] = {
        "number": new_number,
        "title": title,
        "kind": item_kind(title),
        "presenter": None,
        "minutes_allocated": None,
        "restricted": bool(row.get("restricted")),
        "minutes_text": text_after or None,
        "decisions": [d.text for d in second.decisions if d.text.strip()],
        "papers": [{"name": p.name, "size_bytes": p.size_bytes} for p in second.papers],
    }
    row["minutes_text"] = text_before or None
    row["decisions"] = [d.text for d in first.decisions if d.text.strip()]
    row["papers"] = [{"name": p.name, "size_bytes": p.size_bytes} for p in first.papers]
    actions = _action_range(recognised, index)
    for position in actions[len(first.actions) :]:
        document["actions_raised"][position]["item"] = new_number
    rows.insert(index + 1, new_row)
    items = list(meeting.items)
    items[index : index + 1] = [first, second]
    return replace(recognised, meeting=replace(meeting, items=tuple(items)), document=document)


def _split_text(
    lines: tuple[str, ...], item: RecognisedItem, line: int, heading: str
) -> tuple[str, str]:
    """The item's text before the heading line and after it (the text keeps every line,
    so the heading is found by counting its earlier copies within the item)."""
    earlier = sum(1 for n in range(item.line, line) if lines[n].strip() == heading)
    position = -1
    for _ in range(earlier + 1):
        position = item.text.find(heading, position + 1)
        if position < 0:
            return item.text.strip(), ""
    return item.text[:position].strip(), item.text[position + len(heading) :].strip()


def _sub_number(number: str | None) -> str | None:
    return f"{number}.1" if number else None


def _unique(number: str | None, taken: set[str]) -> str | None:
    if number is None:
        return None
    candidate, count = number, 2
    while candidate in taken:
        candidate, count = f"{number} ({count})", count + 1
    return candidate
