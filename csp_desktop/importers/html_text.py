"""The lines a browser would show for minutes saved as a web page (.htm/.html).

A council's committee system page, or Word's "Save as Web Page", is tags, entities,
`<style>`/`<script>` blocks and source lines wrapped anywhere. Block elements and `<br>`
end lines, runs of white space collapse as a browser collapses them (not in `<pre>`),
a table row becomes one line with its cells joined by " | " (as the Word reader does),
items of a numbered list get their numbers, and head, script and style are dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that start and end a line of their own.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "ul",
    }
)  # fmt: skip
# Elements whose content is never shown.
_HIDDEN = frozenset({"head", "script", "style", "template", "noscript", "title", "xml", "svg"})
_CELLS = frozenset({"td", "th"})
# Blocks a browser shows with space after them.
_PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "dl", "pre", "blockquote"}
)
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its `<meta>` (`charset=` either way), if any."""
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def html_lines(text: str, *, stop_after: int | None = None) -> list[str]:
    """The lines of an HTML document's visible text; once they hold more than
    `stop_after` characters the rest is not read (the caller refuses such a file)."""
    parser = _LineCollector()
    chunk = 65536
    for start in range(0, len(text), chunk):
        parser.feed(text[start : start + chunk])
        if stop_after is not None and parser.characters > stop_after:
            return parser.finished()
    parser.close()
    return parser.finished()


class _Table:
    """An open table: the cells of its current row, and the open cell's text."""

    def __init__(self) -> None:
        self.cells: list[str] = []
        self.cell: list[str] | None = None


class _LineCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._line: list[str] = []  # text of the line being built
        self._hidden = 0  # depth inside head/script/style
        self._pre = 0
        self._tables: list[_Table] = []
        self._lists: list[list[int] | None] = []  # per open list: [next number] if <ol>
        self.characters = 0  # in the lines finished so far

    # --- building lines -------------------------------------------------------------------
    def _open_cell(self) -> list[str] | None:
        return self._tables[-1].cell if self._tables else None

    def _end_line(self, *, paragraph: bool = False) -> None:
        """Finish the line being built; after a paragraph, a blank line (as a browser
        leaves a margin), never two in a row. Inside a table cell, only a space."""
        cell = self._open_cell()
        if cell is not None:
            cell.append(" ")
            return
        text = "".join(self._line)
        self._line = []
        if self._pre:
            self._lines.extend(text.split("\n"))
            self.characters += len(text)
        elif text.strip(" \t\n\r\f\v\u00a0"):
            self._lines.append(_SPACES.sub(" ", text).strip())
            self.characters += len(self._lines[-1])
        if paragraph and not self._tables and self._lines and self._lines[-1] != "":
            self._lines.append("")

    def _end_cell(self) -> None:
        if not self._tables or self._tables[-1].cell is None:
            return
        table = self._tables[-1]
        text = _SPACES.sub(" ", "".join(table.cell or [])).strip()
        if text and (not table.cells or table.cells[-1] != text):
            table.cells.append(text)  # a cell spanning columns once, as in Word
        table.cell = None

    def _end_row(self) -> None:
        if not self._tables:
            return
        self._end_cell()
        table = self._tables[-1]
        row, table.cells = " | ".join(table.cells), []
        if not row:
            return
        outer = self._tables[-2].cell if len(self._tables) > 1 else None
        if outer is not None:
            outer.append(f" {row} ")  # a table inside a cell stays in that cell
        else:
            self._end_line()
            self._lines.append(row)
            self.characters += len(row)

    def _table(self) -> _Table:
        if not self._tables:
            self._end_line()
            self._tables.append(_Table())  # a row or cell outside any <table>
        return self._tables[-1]

    def finished(self) -> list[str]:
        while self._tables:
            self._end_row()
            self._tables.pop()
        self._end_line()
        while self._lines and self._lines[-1] == "":
            self._lines.pop()
        return self._lines

    # --- the parser's callbacks -------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "body":
            self._hidden = 0  # a <head> never closed ends here
        elif tag == "br":
            if self._pre:
                self._line.append("\n")
            else:
                # A second <br> in a row leaves a blank line, as on screen.
                self._end_line(paragraph=not "".join(self._line).strip())
        elif tag == "table":
            self._end_line()
            self._tables.append(_Table())
        elif tag == "tr":
            self._end_row()  # the previous row, if its </tr> was left out
        elif tag in _CELLS:
            table = self._table()
            self._end_cell()
            table.cell = []
        else:
            self._start_block(tag, dict(attrs))

    def _start_block(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in _BLOCKS:
            self._end_line()
        if tag == "pre":
            self._pre += 1
        elif tag == "ol":
            start = (attrs.get("start") or "1").strip()
            self._lists.append([int(start) if start.isdigit() else 1])
        elif tag == "ul":
            self._lists.append(None)
        elif tag == "li" and self._lists and self._lists[-1] is not None:
            counter = self._lists[-1]
            value = (attrs.get("value") or "").strip()
            if value.isdigit():
                counter[0] = int(value)
            self._target().append(f"{counter[0]}. ")
            counter[0] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _CELLS:
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            if self._tables:
                self._end_row()
                self._tables.pop()
            self._end_line(paragraph=True)
        elif tag in _BLOCKS:
            self._end_line(paragraph=tag in _PARAGRAPHS)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag in ("ol", "ul") and self._lists:
                self._lists.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN:  # <script src=... /> has no content to hide
            self.handle_starttag(tag, attrs)

    def _target(self) -> list[str]:
        cell = self._open_cell()
        return cell if cell is not None else self._line

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._target().append(data)
