"""Paints an inbox row on two lines, as mail apps do: who wrote it and how long ago on the first,
what they wrote on the second, so the message keeps the list's whole width in every filter.

The first line holds the author's name (bold while the mention is unread, with a dot before it),
their handle, and on the right the kind, the status where the filter does not already say it, and
the age in its colour. The second holds the message, cut to the width. A row's cells are worked
out once by the model (``InboxModel.cells``); the texts cut to a width are kept here, so a paint
is a few draws per row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.inbox.model import AGE, AUTHOR, KIND, MESSAGE, STATUS, InboxModel

_TEXT, _COLOUR, _ICON, _EXTRAS = 0, 2, 4, 5  # slots of InboxModel.cells
_PAD_X, _PAD_Y, _GUTTER, _GAP = 8, 5, 14, 10
_CACHED_TEXTS = 4000
_UNREAD_DOT = QColor("#2f7de1")
_SELECTED = QStyle.StateFlag.State_Selected
_ACTIVE = QStyle.StateFlag.State_Active
_NO_BRUSH = Qt.BrushStyle.NoBrush
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_NORMAL, _INACTIVE = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive
_TEXT_ROLE = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_PLACEHOLDER = QPalette.ColorRole.PlaceholderText


def row_height(font: QFont) -> int:
    """The height of a two-line row in ``font``."""
    return 2 * QFontMetrics(font).height() + 2 * _PAD_Y + 2


class InboxDelegate(QStyledItemDelegate):
    """Paints the whole row in the one column the list shows (the message's)."""

    def __init__(self, model: InboxModel, parent=None):
        super().__init__(parent)
        self._model = model
        self.show_status = False  # the filter lists more than one status: say each row's
        self._texts: dict[tuple, str] = {}  # (text, bold, width) -> the text cut to the width
        # The view's font, and what is made from it once: (plain, bold, their metrics)
        self._font: QFont | None = None
        self._fonts: tuple[QFont, QFont, QFontMetrics, QFontMetrics] | None = None
        self._widths: dict[tuple[str, bool], int] = {}  # (text, bold) -> its width

    def _fonts_for(self, font: QFont) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
        if self._fonts is None or font != self._font:
            bold = QFont(font)
            bold.setBold(True)
            plain = QFont(font)
            self._font, self._fonts = (
                QFont(font),
                (plain, bold, QFontMetrics(plain), QFontMetrics(bold)),
            )
            self._texts.clear()
            self._widths.clear()
        return self._fonts

    def _metrics(self, bold: bool) -> QFontMetrics:
        assert self._fonts is not None
        return self._fonts[3] if bold else self._fonts[2]

    def _width(self, text: str, bold: bool) -> int:
        width = self._widths.get((text, bold))
        if width is None:
            if len(self._widths) >= _CACHED_TEXTS:
                self._widths.clear()
            width = self._widths[(text, bold)] = self._metrics(bold).horizontalAdvance(text)
        return width

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), row_height(option.font))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # About sixteen rows are painted at a time: each text is drawn at its baseline (a text
        # in a rectangle is laid out again to be aligned in it), its width known and kept.
        cells = self._model.cells(index.row())
        if cells is None:
            return
        texts, colours, extras = cells[_TEXT], cells[_COLOUR], cells[_EXTRAS]
        name, unread = extras
        state = option.state
        selected = bool(state & _SELECTED)
        if selected or option.backgroundBrush.style() != _NO_BRUSH:
            # The selection's (or a row colour's) panel; a plain row has none to paint.
            widget = option.widget
            qstyle = widget.style() if widget is not None else QApplication.style()
            qstyle.drawPrimitive(_PANEL, option, painter, widget)

        palette = option.palette
        group = _NORMAL if state & _ACTIVE else _INACTIVE
        ink = palette.color(group, _HIGHLIGHTED_TEXT if selected else _TEXT_ROLE)
        quiet = ink if selected else palette.color(group, _PLACEHOLDER)

        plain, bold, metrics, _bold_metrics = self._fonts_for(option.font)
        line = metrics.height()
        ascent = metrics.ascent()
        rect = option.rect
        left = rect.x() + _PAD_X + _GUTTER
        right = rect.right() - _PAD_X
        top1 = rect.y() + _PAD_Y
        base1 = top1 + ascent
        base2 = top1 + line + 2 + ascent
        painter.save()
        if unread:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink if selected else _UNREAD_DOT)
            size = 8
            painter.drawEllipse(rect.x() + _PAD_X, top1 + (line - size) // 2, size, size)

        # The first line, from the right: the age, the status, the kind (with its dot).
        x = right
        age = texts[AGE]
        painter.setFont(bold if unread else plain)
        age_width = self._width(age, bool(unread))
        painter.setPen(ink if selected else colours[AGE] or ink)
        painter.drawText(x - age_width, base1, age)
        x -= age_width + _GAP
        painter.setFont(plain)
        if self.show_status and texts[STATUS]:
            status = texts[STATUS]
            width = self._width(status, False)
            painter.setPen(quiet)
            painter.drawText(x - width, base1, status)
            x -= width + _GAP
        kind_text = texts[KIND]
        width = self._width(kind_text, False)
        painter.setPen(ink if selected else colours[KIND] or ink)
        painter.drawText(x - width, base1, kind_text)
        x -= width + 4
        kind = cells[_ICON][KIND]
        if kind is not None:
            self._model.kind_icon(kind).paint(
                painter, QRect(x - 12, top1 + (line - 12) // 2, 12, 12)
            )
            x -= 12
        x -= _GAP

        # The author: the name (bold while unread), then the handle, in what is left.
        handle = texts[AUTHOR]
        room = max(0, x - left)
        painter.setPen(ink)
        if name:
            painter.setFont(bold if unread else plain)
            shown = self._cut(name, bool(unread), room)
            painter.drawText(left, base1, shown)
            used = self._width(shown, bool(unread)) + 6
            painter.setFont(plain)
            painter.setPen(quiet)
            rest = max(0, room - used)
            cut = self._cut(handle, False, rest)
            if cut:
                painter.drawText(left + used, base1, cut)
        else:
            painter.setFont(bold if unread else plain)
            painter.drawText(left, base1, self._cut(handle, bool(unread), room))

        # The second line: the message, the whole width.
        painter.setFont(plain)
        painter.setPen(ink)
        width = max(0, right - left)
        painter.drawText(left, base2, self._cut(texts[MESSAGE], False, width))
        painter.restore()

    def _cut(self, text: str, bold: bool, width: int) -> str:
        """``text`` cut with an ellipsis to ``width`` pixels (plain or bold), kept."""
        key = (text, bold, width)
        cut = self._texts.get(key)
        if cut is None:
            if len(self._texts) >= _CACHED_TEXTS:
                self._texts.clear()
            metrics = self._metrics(bold)
            start = text[: max(8, 3 * width // max(1, metrics.averageCharWidth()))]
            cut = metrics.elidedText(start, Qt.TextElideMode.ElideRight, width)
            if cut == start and start != text:
                cut = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            self._texts[key] = cut
        return cut
