"""Chart pictures drawn without Qt: valid PNGs, bars proportional, letters in cells."""

from __future__ import annotations

import struct
import zlib

from csp_desktop.exports import chart_png


def decode(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the raw RGB rows of a PNG written by chart_png (filter 0)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, width, height = 8, b"", 0, 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    return width, height, zlib.decompress(data)


def pixel(png: bytes, x: int, y: int) -> tuple[int, int, int]:
    width, _height, raw = decode(png)
    start = y * (width * 3 + 1) + 1 + x * 3
    return raw[start], raw[start + 1], raw[start + 2]


def test_bar_lengths_follow_the_figures() -> None:
    png = chart_png.bar_chart(
        [
            chart_png.PngBar("Council", (("on time", 10), ("overdue", 10)), "20 open"),
            chart_png.PngBar("Police", (("on time", 5),), "5 open"),
        ],
        width=1000,
    )
    width, height, raw = decode(png)
    assert width == 1000 and len(raw) == height * (width * 3 + 1)
    row_y = chart_png.LINE + 14 + 10  # inside the first bar
    bar_left = int(1000 * 0.28) + 10
    bar_space = 1000 - bar_left - int(1000 * 0.34) - 10
    blue, orange = chart_png.SEGMENT_COLOURS["on time"], chart_png.SEGMENT_COLOURS["overdue"]
    assert pixel(png, bar_left + 2, row_y) == blue
    assert pixel(png, bar_left + bar_space // 2 + 3, row_y) == orange
    second = row_y + chart_png.LINE + 12
    assert pixel(png, bar_left + bar_space // 4 - 3, second) == blue
    assert pixel(png, bar_left + bar_space // 4 + 3, second) == chart_png.WHITE


def test_grid_cells_carry_a_letter_as_well_as_a_colour() -> None:
    png = chart_png.grid_chart(["Priority 1"], ["5 Oct 2022"], [["R"]], width=600)
    width, _height, raw = decode(png)
    line = chart_png.LINE + 12
    header = int(600 * 0.34)
    cell = [
        raw[y * (width * 3 + 1) + 1 + x * 3 : y * (width * 3 + 1) + 4 + x * 3]
        for y in range(2 * line + 2, 3 * line - 2)
        for x in range(header + 2, header + 118)
    ]
    colours = {bytes(c) for c in cell}
    assert bytes(chart_png.CELL_COLOURS["R"]) in colours
    assert bytes(chart_png.WHITE) in colours  # the letter R drawn on the red


def test_long_labels_are_shortened_to_fit() -> None:
    assert chart_png.fit("Violence Against Women and Girls", 12 * 10) == "Violence.."
    assert chart_png.fit("IVOLT", 200) == "IVOLT"
