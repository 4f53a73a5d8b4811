"""How Kindly's lists look (whole-row selection, no grid, one line per row, a calm header) and
how the long ones read their rows (a page of keys at a time, by keyset)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOptionSlider,
    QTableView,
)

Index = QModelIndex | QPersistentModelIndex
_GROOVE = QStyle.SubControl.SC_ScrollBarGroove
_CACHED_GROOVES = 16
_SLIDER = QStyle.SubControl.SC_ScrollBarSlider
_CACHED_BARS = 32  # pictures of a whole bar, one per place of its slider


def make_list(
    model: QAbstractItemModel,
    accessible_name: str,
    *,
    several: bool = False,
    striped: bool = True,
    row_padding: int = 12,
) -> QTableView:
    """A table view over ``model`` in the look every list in Kindly shares.

    ``several`` lets the owner select more than one row (Review sends or discards several).
    """
    view = QTableView()
    view.setAccessibleName(accessible_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if several
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(striped)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + row_padding)
    view.horizontalHeader().setHighlightSections(False)
    quick_scroll_bars(view)
    return view


def quick_scroll_bars(area: QAbstractScrollArea) -> None:
    """Scroll bars that keep their groove as a picture (see ``_KeptGrooves``)."""
    for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
        style = _KeptGrooves(QApplication.style().name())
        style.setParent(bar)  # goes with its bar
        bar.setStyle(style)


class _KeptGrooves(QProxyStyle):
    """The application's style, with each scroll bar painted once per look and then copied.

    Fusion paints a groove with gradients, about a millisecond for a list's tall bar, and its
    slider and arrows with gradients too, about half a millisecond more; a bar is painted again
    whenever its list moves or changes length, though its picture only changes with its size,
    the slider's place, its state and its colours. So each groove is kept as a picture, and so is
    the whole bar (groove, slider and arrows) for the last few places of its slider: a new search
    or "scroll to the end" shows a bar already painted.
    """

    def __init__(self, key: str):
        super().__init__(key)
        self._grooves: dict[tuple, QPixmap] = {}
        self._bars: dict[tuple, QPixmap] = {}

    def drawComplexControl(self, control, option, painter: QPainter, widget=None) -> None:
        if (
            control != QStyle.ComplexControl.CC_ScrollBar
            or not option.subControls & _GROOVE
            or self.styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, option, widget)
        ):
            super().drawComplexControl(control, option, painter, widget)
            return
        rect = option.rect
        ratio = painter.device().devicePixelRatio()
        key = (
            rect.width(),
            rect.height(),
            option.orientation.value,
            option.state.value,
            option.activeSubControls.value,
            option.palette.cacheKey(),
            ratio,
        )
        slider = self.subControlRect(control, option, _SLIDER, widget)
        bar_key = (*key, option.subControls.value, slider.x(), slider.y(), slider.size().toTuple())
        bar = self._bars.get(bar_key)
        if bar is None:
            bar = _picture(rect, ratio)
            bar_painter = QPainter(bar)
            bar_painter.drawPixmap(0, 0, self._groove(key, control, option, widget))
            rest = QStyleOptionSlider(option)
            rest.rect = QRect(0, 0, rect.width(), rect.height())
            rest.subControls = option.subControls & ~_GROOVE
            super().drawComplexControl(control, rest, bar_painter, widget)
            bar_painter.end()
            if len(self._bars) >= _CACHED_BARS:
                self._bars.clear()
            self._bars[bar_key] = bar
        painter.drawPixmap(rect.topLeft(), bar)

    def _groove(self, key: tuple, control, option, widget) -> QPixmap:
        groove = self._grooves.get(key)
        if groove is None:
            rect = option.rect
            groove = _picture(rect, key[-1])
            # What lies under a bar: the groove's edges are drawn half see-through on it.
            groove.fill(option.palette.window().color())
            alone = QStyleOptionSlider(option)
            alone.rect = QRect(0, 0, rect.width(), rect.height())
            alone.subControls = _GROOVE
            groove_painter = QPainter(groove)
            super().drawComplexControl(control, alone, groove_painter, widget)
            groove_painter.end()
            if len(self._grooves) >= _CACHED_GROOVES:
                self._grooves.clear()
            self._grooves[key] = groove
        return groove


def _picture(rect: QRect, ratio: float) -> QPixmap:
    picture = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
    picture.setDevicePixelRatio(ratio)
    return picture


Key = TypeVar("Key", bound=Hashable)


class KeysetListModel(QAbstractTableModel, Generic[Key]):
    """A table whose rows are keys read a page at a time, in order, each page starting after the
    last row's sort key (the inbox's search results, the People list). A subclass names its
    ``columns``, reads keys with ``_read_keys(after, limit) -> [(key, sort key)]``, and keeps
    its own cells for those keys; the view asks for more as it scrolls down to them.
    """

    columns: tuple[str, ...] = ()
    page_size = 200

    def __init__(self, parent=None):
        super().__init__(parent)
        self._keys: list[Key] = []
        self._last: tuple | None = None
        self._exhausted = True

    def _read_keys(self, after: tuple | None, limit: int) -> list[tuple[Key, tuple]]:
        raise NotImplementedError

    def _read_first_keys(self, wanted: int) -> None:
        """Start again from the first row, reading ``wanted`` keys (inside a model reset)."""
        page = self._read_keys(None, wanted)
        self._keys = [key for key, _ in page]
        self._last = page[-1][1] if page else None
        self._exhausted = len(page) < wanted

    def _keys_added(self) -> None:
        """After ``fetchMore`` added keys, before the view hears of them."""

    # ----- Qt model API -------------------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._read_keys(self._last, self.page_size)
        self._exhausted = len(page) < self.page_size
        if not page:
            return
        start = len(self._keys)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._keys.extend(key for key, _ in page)
        self._last = page[-1][1]
        self._keys_added()
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.columns):
                return self.columns[section]
        return None
