"""The lines a browser would show for minutes saved as a web page (.htm/.html).

A council's committee system page, or Word's "Save as Web Page", is tags, entities,
`<style>`/`<script>` blocks and source lines wrapped anywhere. Block elements and `<br>`
end lines, runs of white space collapse as a browser collapses them (not in `<pre>`),
items of a numbered list get their numbers, and head, script and style are dropped.

Tables are of two kinds. A table of data (actions, attendance) has a line per row, its
cells joined by " | " as the Word reader joins them. A table used for layout, as
committee systems lay out each agenda item (its number in one cell, title, text and
minutes in the next), has paragraphs in its cells: they are read as paragraphs, cell
after cell, as a browser's "Save as Text" writes them (a row of cells holding plain
text, such as its headings, as one line).
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


# A cell with more paragraphs than this holds a page's layout, not a value.
_MOST_PARAGRAPHS_IN_A_VALUE = 2


class _Sink:
    """Where lines go: the document, or one table cell (a small document of its own)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.text: list[str] = []  # the line being built
        self.characters = 0  # in `lines`
        self.has_blocks = False  # a paragraph or <br> ended a line in it

    def end_line(self, *, paragraph: bool, pre: bool) -> None:
        """Finish the line being built; after a paragraph, a blank line (as a browser
        leaves a margin), never two in a row."""
        text, self.text = "".join(self.text), []
        if pre:
            self.lines.extend(text.split("\n"))
            self.characters += len(text)
        elif text.strip(" \t\n\r\f\v\u00a0"):
            self.lines.append(_SPACES.sub(" ", text).strip())
            self.characters += len(self.lines[-1])
        if paragraph and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def add_lines(self, lines: list[str]) -> None:
        self.end_line(paragraph=False, pre=False)
        for line in lines:
            if line or (self.lines and self.lines[-1] != ""):
                self.lines.append(line)
                self.characters += len(line)

    def paragraphs(self) -> list[str]:
        self.end_line(paragraph=False, pre=False)
        return [line for line in self.lines if line]


class _Table:
    """An open table: its finished rows (cells of paragraphs), the row being read and
    its open cell."""

    def __init__(self) -> None:
        self.rows: list[list[_Sink]] = []
        self.row: list[_Sink] | None = None
        self.cell: _Sink | None = None

    def end_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row = []
            self.row.append(self.cell)
            self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row:
            self.rows.append(self.row)
        self.row = None

    def lines(self) -> list[str]:
        """The table's lines: a line per row for data, paragraphs for layout."""
        self.end_row()
        layout = any(
            len(cell.paragraphs()) > _MOST_PARAGRAPHS_IN_A_VALUE
            for row in self.rows
            for cell in row
        )
        lines: list[str] = []
        for row in self.rows:
            if layout and any(cell.has_blocks for cell in row):
                for cell in row:
                    for paragraph in cell.paragraphs():
                        lines.extend((paragraph, ""))
                continue
            values: list[str] = []
            for cell in row:
                value = " ".join(cell.paragraphs())
                if value and (not values or values[-1] != value):
                    values.append(value)  # a cell spanning columns once, as in Word
            if values:
                # A layout table's row of plain cells ("No.", "Item") reads as one line.
                lines.extend((" ".join(values), "") if layout else (" | ".join(values),))
        if lines and lines[-1] != "":
            lines.append("")
        return lines


class _LineCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._document = _Sink()
        self._hidden = 0  # depth inside head/script/style
        self._pre = 0
        self._tables: list[_Table] = []
        self._lists: list[list[int] | None] = []  # per open list: [next number] if <ol>

    @property
    def characters(self) -> int:
        """In the document's lines so far (a table's once it ends)."""
        return self._document.characters

    # --- building lines -------------------------------------------------------------------
    def _sink(self) -> _Sink:
        """The innermost open cell, or the document."""
        for table in reversed(self._tables):
            if table.cell is not None:
                return table.cell
        return self._document

    def _end_line(self, *, paragraph: bool = False) -> None:
        sink = self._sink()
        sink.has_blocks = True
        sink.end_line(paragraph=paragraph, pre=bool(self._pre))

    def _open_table(self) -> _Table:
        if not self._tables:
            self._end_line()
            self._tables.append(_Table())  # a row or cell outside any <table>
        return self._tables[-1]

    def _close_table(self) -> None:
        table = self._tables.pop()
        self._sink().add_lines(table.lines())

    def finished(self) -> list[str]:
        while self._tables:
            self._close_table()
        self._end_line()
        lines = self._document.lines
        while lines and lines[-1] == "":
            lines.pop()
        return lines

    # --- the parser's callbacks -------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "body":
            self._hidden = 0  # a <head> never closed ends here
        elif tag == "br":
            if self._pre:
                self._sink().text.append("\n")
            else:
                # A second <br> in a row leaves a blank line, as on screen.
                self._end_line(paragraph=not "".join(self._sink().text).strip())
        elif tag == "table":
            self._end_line()
            self._tables.append(_Table())
        elif tag == "tr":
            self._open_table().end_row()  # the previous row, if its </tr> was left out
        elif tag in _CELLS:
            table = self._open_table()
            table.end_cell()
            table.cell = _Sink()
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
            self._sink().text.append(f"{counter[0]}. ")
            counter[0] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _CELLS:
            if self._tables:
                self._tables[-1].end_cell()
        elif tag == "tr":
            if self._tables:
                self._tables[-1].end_row()
        elif tag == "table":
            if self._tables:
                self._close_table()
        elif tag in _BLOCKS:
            self._end_line(paragraph=tag in _PARAGRAPHS)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag in ("ol", "ul") and self._lists:
                self._lists.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN:  # <script src=... /> has no content to hide
            self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._sink().text.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![...]>` that is not CDATA or Word's `<![if ...]>` makes the standard
        parser raise; a browser skips it to the next ">", and so does this."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1
