"""One search result drawn in two lines: where it is, then the words found, highlighted.

The search panel sits in the meeting list's narrow pane, so a wide table with the
matching words in its fourth column showed no words at all. Each result is drawn here as
"Minutes · 29 Jun 2022, CSP Board · Drugs Partnership Profile" over its snippet, with the
searched words (between `services.search.HIGHLIGHT_OPEN/CLOSE`) in bold on yellow.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from csp_desktop.services.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN

Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: str) -> str:
    """The snippet as HTML, the matched words marked (<b> on a yellow background)."""
    out: list[str] = []
    rest = snippet
    while True:
        start = rest.find(HIGHLIGHT_OPEN)
        end = rest.find(HIGHLIGHT_CLOSE, start + len(HIGHLIGHT_OPEN)) if start >= 0 else -1
        if start < 0 or end < 0:
            out.append(html.escape(rest))
            break
        out.append(html.escape(rest[:start]))
        word = rest[start + len(HIGHLIGHT_OPEN) : end]
        out.append(f'<b style="background-color:#ffe066">{html.escape(word)}</b>')
        rest = rest[end + len(HIGHLIGHT_CLOSE) :]
    return "".join(out)


class SearchHitDelegate(QStyledItemDelegate):
    """Paints a result's place (small) and its highlighted snippet, wrapped to the width."""

    def __init__(self, heading_of: Callable[[Index], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heading_of = heading_of

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        heading = html.escape(self._heading_of(index))
        snippet = snippet_html(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        document.setHtml(f'<div style="color:#444"><small>{heading}</small></div>{snippet}')
        document.setTextWidth(max(80, option.rect.width() - 8))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_free = QStyleOptionViewItem(option)
        text_free.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_free, painter, option.widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(
                QPalette.ColorRole.Text,
                option.palette.color(QPalette.ColorRole.HighlightedText),
            )
        painter.save()
        rect = option.rect
        painter.translate(rect.left() + 4, rect.top() + 2)
        painter.setClipRect(QRectF(0, 0, rect.width() - 4, rect.height() - 2))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()) + 8, int(document.size().height()) + 4)
