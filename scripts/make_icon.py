"""Draw the app icon: resources/icon.png (256 px) and resources/icon.ico (16-256 px).

A minutes sheet with a green tick on the council-blue tile: "the meeting, recorded and
actioned". Drawn with Qt (already a dependency) at each size, so small sizes stay crisp.
Run again after changing the drawing: `QT_QPA_PLATFORM=offscreen python scripts/make_icon.py`.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
TILE = QColor("#1f4e79")  # dark council blue
SHEET = QColor("#ffffff")
FOLD = QColor("#c9d6e3")
LINES = QColor("#8aa1b8")
TICK_DISC = QColor("#2e8540")  # accessible green (white tick passes WCAG AA on it)


def draw_icon(size: int) -> QImage:
    """Paint the icon at `size` x `size` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 256, size / 256)  # draw in a 256-unit square
    painter.setPen(Qt.PenStyle.NoPen)

    painter.setBrush(TILE)
    painter.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)

    # The minutes sheet, with a folded top-right corner.
    left, top, right, bottom, fold = 60.0, 36.0, 180.0, 212.0, 36.0
    sheet = QPainterPath(QPointF(left, top))
    sheet.lineTo(right - fold, top)
    sheet.lineTo(right, top + fold)
    sheet.lineTo(right, bottom)
    sheet.lineTo(left, bottom)
    sheet.closeSubpath()
    painter.setBrush(SHEET)
    painter.drawPath(sheet)
    corner = QPainterPath(QPointF(right - fold, top))
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    corner.closeSubpath()
    painter.setBrush(FOLD)
    painter.drawPath(corner)

    # Lines of text: fewer and thicker when small, so they do not blur into grey.
    painter.setBrush(LINES)
    rows = (76.0, 112.0, 148.0) if size <= 24 else (76.0, 100.0, 124.0, 148.0, 172.0)
    height = 16.0 if size <= 24 else 10.0
    for index, y in enumerate(rows):
        width = 68.0 if index == 0 else (96.0 if index % 2 else 82.0)
        painter.drawRoundedRect(QRectF(left + 16, y, width, height), height / 2, height / 2)

    # The tick: actions recorded and done.
    painter.setBrush(TICK_DISC)
    painter.setPen(QPen(TILE, 10))
    painter.drawEllipse(QPointF(184, 184), 50, 50)
    tick = QPainterPath(QPointF(160, 186))
    tick.lineTo(178, 204)
    tick.lineTo(210, 166)
    pen = QPen(SHEET, 16 if size > 24 else 22)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(tick)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG-compressed images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    directory, payload = b"", b""
    offset = len(header) + 16 * len(images)
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        directory += struct.pack(
            "<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(payload)
        )
        payload += png
    return header + directory + payload


def main(out_dir: Path) -> None:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    images = {size: png_bytes(draw_icon(size)) for size in ICO_SIZES}
    (out_dir / "icon.png").write_bytes(images[256])
    (out_dir / "icon.ico").write_bytes(ico_bytes(images))
    print(f"wrote {out_dir / 'icon.png'} and {out_dir / 'icon.ico'} ({len(images)} sizes)")


if __name__ == "__main__":
    main(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "resources"
    )
