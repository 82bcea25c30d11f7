"""Chart pictures for Word papers, drawn without Qt: a tiny RGB canvas, a 5x7 bitmap
font and a PNG writer (zlib + struct, the standard library only).

Why not Qt offscreen: `export report` is a headless command, and headless commands never
load Qt (tests/test_entry.py), so it works on a server or a scheduled task with no display
libraries. Why not Pillow or matplotlib: 10-40 MB more in the bundle for a few bars.
The pictures carry words as well as colours (letters in every grid cell, numbers beside
every bar) and the paper puts each one's figures in a table and its alt text.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

Colour = tuple[int, int, int]

WHITE: Colour = (255, 255, 255)
BLACK: Colour = (0, 0, 0)
GREY: Colour = (224, 224, 224)
DARK_GREY: Colour = (90, 90, 90)
# Okabe-Ito, as in ui/charts.py: told apart with colour-blindness too.
SEGMENT_COLOURS: dict[str, Colour] = {
    "on time": (0, 114, 178),
    "open": (0, 114, 178),
    "overdue": (213, 94, 0),
    "completed": (0, 158, 115),
    "present": (0, 158, 115),
    "substitute": (86, 180, 233),
    "apologies": (230, 159, 0),
    "absent": (213, 94, 0),
}
CELL_COLOURS: dict[str, Colour] = {
    "R": (198, 40, 40),
    "A": (249, 168, 37),
    "G": (46, 125, 50),
    "W": (46, 125, 50),
    "V": (102, 187, 106),
    "N": (198, 40, 40),
    "NC": (249, 168, 37),
    "-": GREY,
}
DARK_LETTERS = {"A", "NC", "-", "V"}

_GLYPH_ROWS = {
    "A": "01110 10001 10001 11111 10001 10001 10001",
    "B": "11110 10001 10001 11110 10001 10001 11110",
    "C": "01110 10001 10000 10000 10000 10001 01110",
    "D": "11110 10001 10001 10001 10001 10001 11110",
    "E": "11111 10000 10000 11110 10000 10000 11111",
    "F": "11111 10000 10000 11110 10000 10000 10000",
    "G": "01110 10001 10000 10111 10001 10001 01111",
    "H": "10001 10001 10001 11111 10001 10001 10001",
    "I": "01110 00100 00100 00100 00100 00100 01110",
    "J": "00111 00010 00010 00010 00010 10010 01100",
    "K": "10001 10010 10100 11000 10100 10010 10001",
    "L": "10000 10000 10000 10000 10000 10000 11111",
    "M": "10001 11011 10101 10101 10001 10001 10001",
    "N": "10001 10001 11001 10101 10011 10001 10001",
    "O": "01110 10001 10001 10001 10001 10001 01110",
    "P": "11110 10001 10001 11110 10000 10000 10000",
    "Q": "01110 10001 10001 10001 10101 10010 01101",
    "R": "11110 10001 10001 11110 10100 10010 10001",
    "S": "01111 10000 10000 01110 00001 00001 11110",
    "T": "11111 00100 00100 00100 00100 00100 00100",
    "U": "10001 10001 10001 10001 10001 10001 01110",
    "V": "10001 10001 10001 10001 10001 01010 00100",
    "W": "10001 10001 10001 10101 10101 10101 01010",
    "X": "10001 10001 01010 00100 01010 10001 10001",
    "Y": "10001 10001 01010 00100 00100 00100 00100",
    "Z": "11111 00001 00010 00100 01000 10000 11111",
    "0": "01110 10001 10011 10101 11001 10001 01110",
    "1": "00100 01100 00100 00100 00100 00100 01110",
    "2": "01110 10001 00001 00010 00100 01000 11111",
    "3": "11111 00010 00100 00010 00001 10001 01110",
    "4": "00010 00110 01010 10010 11111 00010 00010",
    "5": "11111 10000 11110 00001 00001 10001 01110",
    "6": "00110 01000 10000 11110 10001 10001 01110",
    "7": "11111 00001 00010 00100 01000 01000 01000",
    "8": "01110 10001 10001 01110 10001 10001 01110",
    "9": "01110 10001 10001 01111 00001 00010 01100",
    " ": "00000 00000 00000 00000 00000 00000 00000",
    ".": "00000 00000 00000 00000 00000 01100 01100",
    ",": "00000 00000 00000 00000 01100 00100 01000",
    "-": "00000 00000 00000 11111 00000 00000 00000",
    "(": "00010 00100 01000 01000 01000 00100 00010",
    ")": "01000 00100 00010 00010 00010 00100 01000",
    "%": "11000 11001 00010 00100 01000 10011 00011",
    "/": "00000 00001 00010 00100 01000 10000 00000",
    "'": "00100 00100 01000 00000 00000 00000 00000",
    ":": "00000 01100 01100 00000 01100 01100 00000",
    "&": "01100 10010 10100 01000 10101 10010 01101",
    "+": "00000 00100 00100 11111 00100 00100 00000",
    "?": "01110 10001 00001 00010 00100 00000 00100",
}
GLYPHS: dict[str, tuple[str, ...]] = {k: tuple(v.split()) for k, v in _GLYPH_ROWS.items()}
SCALE = 2
ADVANCE = 6 * SCALE  # 5 columns and a gap
LINE = 7 * SCALE


class Canvas:
    """An RGB picture in memory, written out as a PNG."""

    def __init__(self, width: int, height: int, background: Colour = WHITE) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(background) * (width * height))

    def fill(self, x: int, y: int, width: int, height: int, colour: Colour) -> None:
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + width), min(self.height, y + height)
        if x1 <= x0 or y1 <= y0:
            return
        row = bytes(colour) * (x1 - x0)
        for line in range(y0, y1):
            start = (line * self.width + x0) * 3
            self.pixels[start : start + len(row)] = row

    def text(self, x: int, y: int, words: str, colour: Colour = BLACK) -> int:
        """Draw `words` (capitals of the bitmap font); returns the x after the last letter."""
        for char in words.upper():
            rows = GLYPHS.get(char, GLYPHS["?"])
            for r, bits in enumerate(rows):
                for c, bit in enumerate(bits):
                    if bit == "1":
                        self.fill(x + c * SCALE, y + r * SCALE, SCALE, SCALE, colour)
            x += ADVANCE
        return x

    def png(self) -> bytes:
        raw = b"".join(
            b"\x00" + bytes(self.pixels[row * self.width * 3 : (row + 1) * self.width * 3])
            for row in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            return (
                struct.pack(">I", len(data))
                + kind
                + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
            )

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def fit(words: str, width: int) -> str:
    """Shorten to fit `width` pixels, marking the cut with '..'."""
    most = max(1, width // ADVANCE)
    return words if len(words) <= most else words[: max(1, most - 2)].rstrip() + ".."


@dataclass(frozen=True)
class PngBar:
    label: str
    segments: tuple[tuple[str, int], ...]  # (name, value), stacked left to right
    note: str  # the figures written beside the bar


def bar_chart(bars: Sequence[PngBar], width: int = 1000) -> bytes:
    """Stacked horizontal bars, a legend on top, the figures beside each bar."""
    row_height = LINE + 12
    legend_height = LINE + 14
    height = legend_height + max(1, len(bars)) * row_height + 8
    canvas = Canvas(width, height)
    names: list[str] = []
    for bar in bars:
        for name, _value in bar.segments:
            if name not in names:
                names.append(name)
    x = 6
    for name in names:
        canvas.fill(x, 6, LINE, LINE, SEGMENT_COLOURS.get(name, DARK_GREY))
        x = canvas.text(x + LINE + 6, 6, name) + 18
    if not bars:
        canvas.text(6, legend_height, "No figures for this period.")
        return canvas.png()
    label_width = int(width * 0.28)
    note_width = int(width * 0.34)
    bar_left = label_width + 10
    bar_space = width - bar_left - note_width - 10
    biggest = max((sum(v for _, v in bar.segments) for bar in bars), default=1) or 1
    y = legend_height
    for bar in bars:
        canvas.text(6, y + 5, fit(bar.label, label_width - 6))
        x = bar_left
        for name, value in bar.segments:
            length = round(bar_space * value / biggest)
            if value and length < 2:
                length = 2
            canvas.fill(x, y + 3, length, row_height - 6, SEGMENT_COLOURS.get(name, DARK_GREY))
            x += length
        canvas.text(bar_left + bar_space + 10, y + 5, fit(bar.note, note_width - 10))
        y += row_height
    return canvas.png()


def grid_chart(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    letters: Sequence[Sequence[str]],
    width: int = 1000,
) -> bytes:
    """Rows by meetings, each cell a coloured box with its letter (R/A/G, W/V/N/NC)."""
    line = LINE + 12
    header_width = int(width * 0.34)
    cell_width = max(
        ADVANCE * 3, min(120, (width - header_width - 6) // max(1, len(column_labels)))
    )
    columns = list(column_labels)[-max(1, (width - header_width - 6) // cell_width) :]
    first = len(column_labels) - len(columns)
    # Dates written in two lines ("20 APR" over "2022") so a column stays narrow.
    height = 2 * line + (LINE + 4) + max(1, len(row_labels)) * line + line
    canvas = Canvas(width, height)
    for index, label in enumerate(columns):
        top, _, bottom = label.rpartition(" ")
        x = header_width + index * cell_width + 2
        canvas.text(x, 4, fit(top or bottom, cell_width - 4))
        canvas.text(x, 4 + LINE + 4, fit(bottom if top else "", cell_width - 4))
    y = 2 * line
    for r, label in enumerate(row_labels):
        canvas.text(6, y + 5, fit(label, header_width - 10))
        for index in range(len(columns)):
            letter = letters[r][first + index]
            x = header_width + index * cell_width
            canvas.fill(x + 2, y + 2, cell_width - 4, line - 4, CELL_COLOURS.get(letter, GREY))
            text_x = x + (cell_width - len(letter) * ADVANCE) // 2
            canvas.text(text_x, y + 7, letter, BLACK if letter in DARK_LETTERS else WHITE)
        y += line
    if first:
        canvas.text(
            6, y + 2, f"Latest {len(columns)} of {len(column_labels)} meetings shown", DARK_GREY
        )
    return canvas.png()
