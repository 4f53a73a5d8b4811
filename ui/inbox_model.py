"""The inbox list as a Qt model that holds only ids and fetches rows lazily, a page at a time.

Pages come by keyset from ``Posts.page_keys`` (``fetchMore`` as the view scrolls), and the row
columns for a page are read in one query when first painted and kept in a small cache, so the list
costs the same with a hundred mentions or a million.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from app.clock import Clock
from app.domain.models import InboxFilter, InboxRow
from app.domain.times import age_level, local_text, short_age
from app.settings import Settings
from app.storage.posts import Posts, SortKey
from ui import style

PAGE = 200
_LEADING_HANDLES = re.compile(r"^(?:[@＠]\w+[\s,:]*)+")
_CACHED_PAGES = 8

COLUMNS = ("Author", "Message", "Kind", "Age", "Status")
AUTHOR, MESSAGE, KIND, AGE, STATUS = range(len(COLUMNS))

Index = QModelIndex | QPersistentModelIndex


class InboxModel(QAbstractTableModel):
    NRole = Qt.ItemDataRole.UserRole + 1  # the post's row key, for selection and opening

    def __init__(self, posts: Posts, clock: Clock, settings: Settings, parent=None):
        super().__init__(parent)
        self._posts = posts
        self._clock = clock
        self._settings = settings
        self._filter = InboxFilter.NEEDS_REPLY
        self._search = ""
        self._keys: list[int] = []
        self._last: SortKey | None = None
        self._exhausted = True
        self._pages: OrderedDict[int, dict[int, InboxRow]] = OrderedDict()
        self._icons: dict[str, QIcon] = {}
        self.reload()

    # ----- what the list shows -----------------------------------------------------------------

    @property
    def inbox_filter(self) -> InboxFilter:
        return self._filter

    @property
    def search(self) -> str:
        return self._search

    def show(self, inbox_filter: InboxFilter, search: str = "") -> None:
        self._filter = inbox_filter
        self._search = search
        self.reload()

    def set_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.refresh_ages()

    def reload(self, keep_loaded: bool = False) -> None:
        """Read the list again from the start (after a write, or a new filter or search)."""
        wanted = max(PAGE, len(self._keys)) if keep_loaded else PAGE
        self.beginResetModel()
        self._pages.clear()
        page = self._posts.page_keys(self._filter, self._search, None, wanted)
        self._keys = [n for n, _ in page]
        self._last = page[-1][1] if page else None
        self._exhausted = len(page) < wanted
        self.endResetModel()

    def refresh_ages(self) -> None:
        if self._keys:
            self.dataChanged.emit(self.index(0, AGE), self.index(len(self._keys) - 1, AGE))

    def n_at(self, row: int) -> int | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, n: int) -> int | None:
        try:
            return self._keys.index(n)
        except ValueError:
            return None

    # ----- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._posts.page_keys(self._filter, self._search, self._last, PAGE)
        self._exhausted = len(page) < PAGE
        if not page:
            return
        start = len(self._keys)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._keys.extend(n for n, _ in page)
        self._last = page[-1][1]
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._keys)):
            return None
        n = self._keys[index.row()]
        if role == self.NRole:
            return n
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == AUTHOR:
                return f"{row.author_name} (@{row.author_handle})" if row.author_name else f"@{row.author_handle}"
            if column == AGE:
                return local_text(row.created_at)
            if column == MESSAGE:
                return row.snippet
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == AGE and row.status == "open":
                return self._age_colour(row)
            if column == KIND:
                return style.kind_colour(row.kind)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if row.status == "open" and column in (AUTHOR, AGE):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == KIND:
            return self._kind_icon(row.kind or "other")
        return None

    # ----- helpers -----------------------------------------------------------------------------

    def _text(self, row: InboxRow, column: int) -> str:
        if column == AUTHOR:
            return f"@{row.author_handle}"
        if column == MESSAGE:
            return _LEADING_HANDLES.sub("", row.snippet) or row.snippet
        if column == KIND:
            return style.KIND_LABELS.get(row.kind or "other", "Other")
        if column == AGE:
            return short_age((self._clock.now() - row.created_at).total_seconds())
        if column == STATUS:
            label = style.STATUS_LABELS.get(row.status, row.status)
            return f"{label} · muted" if row.author_muted else label
        return ""

    def _age_colour(self, row: InboxRow) -> QColor | None:
        level = age_level(
            self._clock.now() - row.created_at,
            timedelta(hours=self._settings.age_amber_hours),
            timedelta(hours=self._settings.age_red_hours),
        )
        return style.age_colour(level)

    def _kind_icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            pixmap = QPixmap(12, 12)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(style.kind_colour(kind))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(1, 1, 10, 10)
            painter.end()
            self._icons[kind] = QIcon(pixmap)
        return self._icons[kind]

    def _row(self, row: int) -> InboxRow | None:
        page_number = row // PAGE
        page = self._pages.get(page_number)
        if page is None:
            ns = self._keys[page_number * PAGE : (page_number + 1) * PAGE]
            page = self._posts.inbox_rows(ns)
            self._pages[page_number] = page
            while len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page.get(self._keys[row])
