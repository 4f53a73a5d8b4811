"""Paints the inbox list's rows from the model's worked-out cells, the way Qt's own delegate does.

Qt's delegate asks the model about ten questions per cell on every paint (each a call into Python)
and lays the text out again each time. A row's cells are worked out once by the model
(``InboxModel.cells``); this delegate also keeps each cell's text elided and laid out for its
width (a ``QStaticText``), and where the text, the icon and the margins sit in a cell of that
size, so a paint is one call per cell and a few draws. Cells that Qt draws differently (the
selected row, the current cell, the row under the mouse, right-to-left text) go to Qt's own
delegate, so they look exactly as before.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.inbox.model import InboxModel

_OWN_LOOK = (
    QStyle.StateFlag.State_Selected
    | QStyle.StateFlag.State_HasFocus
    | QStyle.StateFlag.State_MouseOver
    | QStyle.StateFlag.State_Editing
).value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_RIGHT_TO_LEFT = Qt.LayoutDirection.RightToLeft
_NORMAL, _INACTIVE, _DISABLED = (
    QPalette.ColorGroup.Normal,
    QPalette.ColorGroup.Inactive,
    QPalette.ColorGroup.Disabled,
)
_TEXT_ROLE = QPalette.ColorRole.Text
_ICON_NORMAL, _ICON_DISABLED = QIcon.Mode.Normal, QIcon.Mode.Disabled
_CACHED_TEXTS = 4000  # laid-out texts kept (a screenful is about 140 cells, many alike)
_TEXT, _COLOUR, _FONT, _ICON = 0, 2, 3, 4  # slots of InboxModel.cells


class InboxDelegate(QStyledItemDelegate):
    def __init__(self, model: InboxModel, parent=None):
        super().__init__(parent)
        self._model = model
        self._font = QFont()  # the view's font the caches below were made with
        self._fonts: dict[int, QFont] = {}  # a cell's font, completed from the view's
        # (column, width, height, bold, has an icon) -> (text left, top, width, icon rect, the
        # font's ascent) in a cell
        self._geometry: dict[tuple, tuple[int, int, int, QRect, int]] = {}
        # (text, bold, width) -> the text cut to that width; laid out (a QStaticText) once it is
        # painted a second time: a kind, an age or a status once for the whole list, a message
        # once while it is on screen (a list that changes whole is painted once and moves on)
        self._texts: dict[tuple, str | QStaticText] = {}
        # The last row painted, while the model keeps the same cells: (row, generation, cells)
        self._row, self._generation = -1, -1
        self._row_cells: tuple | None = None

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        state = option.state.value
        if state & _OWN_LOOK or option.direction == _RIGHT_TO_LEFT:
            super().paint(painter, option, index)
            return
        row, column = index.row(), index.column()
        model = self._model
        if row == self._row and model.generation == self._generation:
            cells = self._row_cells  # the row's other cells, painted one after the other
        else:
            cells = model.cells(row)
            self._row, self._generation, self._row_cells = row, model.generation, cells
        if cells is None:
            return
        font = option.font
        if font != self._font:
            self._font = font
            self._fonts.clear()
            self._geometry.clear()
            self._texts.clear()
        # PySide6's stubs type getRect() as object; it returns the four ints.
        x: int
        y: int
        width: int
        height: int
        x, y, width, height = option.rect.getRect()  # type: ignore[misc]
        own_font = cells[_FONT][column]
        kind = cells[_ICON][column]
        key = (column, width, height, own_font is not None, kind is not None)
        geometry = self._geometry.get(key)
        if geometry is None:
            geometry = self._geometry[key] = self._measure(option, index)
        text_x, text_y, width, icon_rect, ascent = geometry
        if kind is not None:
            self._model.kind_icon(kind).paint(
                painter,
                icon_rect.translated(x, y),
                option.decorationAlignment,
                _ICON_NORMAL if state & _ENABLED else _ICON_DISABLED,
            )
        text = cells[_TEXT][column]
        if not text:
            return
        if own_font is not None:
            resolved = self._fonts.get(id(own_font))
            if resolved is None:
                resolved = self._fonts[id(own_font)] = own_font.resolve(self._font)
            font = resolved
        text_key = (text, own_font is not None, width)
        laid = self._texts.get(text_key)
        if laid is None:  # new on screen: cut it, draw it, and lay it out if it is seen again
            if len(self._texts) >= _CACHED_TEXTS:
                self._texts.clear()
            laid = self._texts[text_key] = _elided(text, font, width)
        elif laid.__class__ is str:
            laid = self._texts[text_key] = _laid_out(laid, font)
        colour = cells[_COLOUR][column]
        if colour is None:
            group = _DISABLED if not state & _ENABLED else _NORMAL if state & _ACTIVE else _INACTIVE
            colour = option.palette.color(group, _TEXT_ROLE)
        painter.setPen(colour)
        painter.setFont(font)
        if laid.__class__ is str:
            painter.drawText(x + text_x, y + text_y + ascent, laid)
        else:
            painter.drawStaticText(x + text_x, y + text_y, laid)

    def _measure(self, option: QStyleOptionViewItem, index) -> tuple[int, int, int, QRect, int]:
        """Where the style puts the text (its left, top and width) and the icon in a cell of
        this size, as Qt's delegate does it: the text rect less the style's text margin, the
        line centred in its height."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = QRect(0, 0, option.rect.width(), option.rect.height())
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        icon = style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        text = text.adjusted(margin, 0, -margin, 0)
        metrics = QFontMetrics(opt.font)
        top = text.y() + (text.height() - metrics.height()) // 2
        return text.x(), top, text.width(), icon, metrics.ascent()


def _elided(text: str, font: QFont, width: int) -> str:
    """``text`` cut to ``width`` with an ellipsis, as Qt's delegate cuts it."""
    metrics = QFontMetrics(font)
    # A text is cut the same way as a start of it that is already too wide, and shaping only
    # that start is cheaper for a long message in a narrow column. Twice as many letters as
    # fit on average is nearly always too wide; when it is not, the whole text is cut.
    start = text[: 2 * width // max(1, metrics.averageCharWidth()) + 2]
    elided = metrics.elidedText(start, Qt.TextElideMode.ElideRight, width)
    if elided == start and start != text:  # the start fits: cut the whole text after all
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    return elided


def _laid_out(text: str, font: QFont) -> QStaticText:
    """A text kept laid out: drawn again without shaping it again."""
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(QTransform(), font)
    return static
