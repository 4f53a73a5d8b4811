"""The inbox list as a Qt model that knows its length and reads rows lazily, a page at a time.

The row count is the filter's count (kept by triggers, one row to read), so the view's scroll bar
is right from the first paint and "scroll to the end" reads only the last page: a page is read
by keyset from its neighbour, from the start, or from the end of the list (an index range either
way), and by OFFSET only for a jump into the middle. A search grows as the view scrolls
(``fetchMore``), newest match first. Row columns for a page are read in one query when first
painted and kept in a small cache, so the list costs the same with a hundred mentions or a million.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from app.clock import Clock
from app.domain.models import InboxFilter, InboxRow
from app.domain.times import age_level, local_text, short_age
from app.services.inbox import InboxPages, SortKey
from app.settings import Settings
from ui.common import style
from ui.common.lists import KeysetListModel

PAGE = 200  # rows of keys read at a time
ROW_BLOCK = 20  # rows of columns read at a time (a screenful of two-line rows; PAGE is a multiple)
_LEADING_HANDLES = re.compile(r"^(?:[@＠]\w+[\s,:]*)+")
_CACHED_PAGES = 16  # blocks of row columns kept
_CACHED_CELLS = 2000  # rows of worked-out cells kept
_CACHED_KEY_PAGES = 64  # pages of row keys kept (a neighbour page is read by keyset from them)
_RELOADED_PAGES = 4  # after a change, the pages last looked at are read again at once

COLUMNS = ("Author", "Message", "Kind", "Age", "Status")
AUTHOR, MESSAGE, KIND, AGE, STATUS = range(len(COLUMNS))

Index = QModelIndex | QPersistentModelIndex

# Plain values, looked up once: data() runs for every cell and role on every paint.
_N_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_ROLE_SLOT = {
    int(Qt.ItemDataRole.DisplayRole): 0,
    int(Qt.ItemDataRole.AccessibleTextRole): 0,
    int(Qt.ItemDataRole.ToolTipRole): 1,
    int(Qt.ItemDataRole.ForegroundRole): 2,
    int(Qt.ItemDataRole.FontRole): 3,
    int(Qt.ItemDataRole.DecorationRole): 4,
}
_TIP_SLOT, _ICON_SLOT = 1, 4
_NO_FONTS = (None,) * 5
_Keys = list[tuple[int, SortKey]]


class InboxModel(KeysetListModel[int]):  # a row's key: the post's number
    """The inbox list. Without a search it knows its length (the filter's count) and reads the
    page of keys around any row, from its neighbour or either end; a search reads its matches
    in order as the view scrolls (``KeysetListModel``)."""

    NRole = _N_ROLE  # the post's row key, for selection and opening
    columns = COLUMNS
    page_size = PAGE

    def __init__(self, posts: InboxPages, clock: Clock, settings: Settings, parent=None):
        super().__init__(parent)
        self._posts = posts
        self._clock = clock
        self._settings = settings
        self._filter = InboxFilter.NEEDS_REPLY
        self._search = ""
        self._total = 0  # rows in the list (a search: rows found so far)
        # The list: pages of (n, sort key), by page number, most recently used last.
        self._key_pages: OrderedDict[int, _Keys] = OrderedDict()
        # A search: every match read so far, in order (KeysetListModel's keys).
        self._pages: OrderedDict[int, dict[int, InboxRow]] = OrderedDict()
        self._icons: dict[str, QIcon] = {}
        self._cells: dict[int, tuple] = {}
        self._colours: dict[tuple, QColor | None] = {}  # cleared with the cells (light or dark)
        self.generation = 0  # goes up whenever the kept cells are dropped
        self._cells_minute = 0
        self._bold = QFont()
        self._bold.setBold(True)
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
        """Read the list again (after a write, or a new filter or search).

        ``keep_loaded``: a search keeps as many rows as it had; the list reads again at once the
        pages last looked at, so the selection can be found where it was.
        """
        recent = list(self._key_pages)[-_RELOADED_PAGES:] if keep_loaded else []
        wanted = max(PAGE, len(self._keys)) if keep_loaded else PAGE
        self.beginResetModel()
        self._pages.clear()
        self._forget_cells()
        self._key_pages.clear()
        self._keys, self._last, self._exhausted = [], None, True
        if self._search:
            self._read_first_keys(wanted)
            self._total = len(self._keys)
        else:
            self._total = self._posts.count(self._filter)
            for number in sorted(recent):
                if number * PAGE < self._total:
                    self._key_page(number)
        self.endResetModel()

    def refresh_ages(self) -> None:
        self._forget_cells()
        if self._total:
            self.dataChanged.emit(self.index(0, AGE), self.index(self._total - 1, AGE))

    def n_at(self, row: int) -> int | None:
        if not 0 <= row < self._total:
            return None
        if self._search:
            return self._keys[row]
        keys = self._key_page(row // PAGE)
        offset = row % PAGE
        return keys[offset][0] if offset < len(keys) else None

    def row_of(self, n: int) -> int | None:
        """The row of post ``n`` among the rows read so far (None when it is not there)."""
        if self._search:
            try:
                return self._keys.index(n)
            except ValueError:
                return None
        for number, keys in self._key_pages.items():
            for offset, (key, _) in enumerate(keys):
                if key == n:
                    return number * PAGE + offset
        return None

    def _read_keys(self, after: SortKey | None, limit: int):
        """A search's next matches (``KeysetListModel``)."""
        return self._posts.page_keys(self._filter, self._search, after, limit)

    def _keys_added(self) -> None:
        self._total = len(self._keys)

    # ----- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    # flags(): QAbstractTableModel's own answer (enabled and selectable, no children), given in
    # C++: a view asks it twice per cell on every paint.

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Called about ten times per visible cell on every paint: the cells of a row are worked
        # out once and kept until the list, the ages or the settings change.
        if not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < self._total:
            return None
        if role == _N_ROLE:
            return self.n_at(row)
        slot = _ROLE_SLOT.get(role)
        if slot is None:
            return None
        cells = self.cells(row)
        if cells is None:
            return None
        value = cells[slot][index.column()]
        if slot == _ICON_SLOT and value is not None:
            return self.kind_icon(value)  # a pixmap is made only when a view asks for it
        if slot == _TIP_SLOT and index.column() == AGE:
            return local_text(value)
        return value

    def cells(self, row: int) -> tuple | None:
        """Everything the view shows of ``row``: (texts, tool tips, colours, fonts, icon kinds),
        one value per column, then (the author's name, unread), worked out once and kept until the list, the ages or the settings
        change (None when the row is not there)."""
        minute = int(self._clock.now().timestamp()) // 60
        if minute != self._cells_minute:  # ages move on by the minute
            self._forget_cells()
            self._cells_minute = minute
        cells = self._cells.get(row)
        if cells is None:
            if not 0 <= row < self._total:
                return None
            inbox_row = self._row(row)
            if inbox_row is None:
                return None
            cells = self._cells[row] = self._render(inbox_row)
            if len(self._cells) > _CACHED_CELLS:
                self._forget_cells()
                self._cells[row] = cells
        return cells

    def forget_read(self) -> None:
        """Mentions were read or marked unread: their rows are read and painted again."""
        self._pages.clear()
        self._forget_cells()
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(COLUMNS) - 1))

    def _forget_cells(self) -> None:
        self._cells.clear()
        self._colours.clear()
        self.generation += 1

    # ----- helpers -----------------------------------------------------------------------------

    def _render(self, row: InboxRow) -> tuple:
        """Everything the view asks of one row: (texts, tool tips, colours, fonts, icons)."""
        age = self._clock.now() - row.created_at
        kind = row.kind or "other"
        status = style.STATUS_LABELS.get(row.status, row.status)
        texts = (
            f"@{row.author_handle}",
            ("DM · " if row.channel == "dm" else "")
            + (_LEADING_HANDLES.sub("", row.snippet) or row.snippet),
            style.KIND_LABELS.get(kind, "Other"),
            short_age(age.total_seconds()),
            f"{status} · muted" if row.author_muted else status,
        )
        author = (
            f"{row.author_name} (@{row.author_handle})"
            if row.author_name
            else f"@{row.author_handle}"
        )
        tips = (author, row.snippet, None, row.created_at, None)  # the time is worded on hover
        opened = row.status == "open"
        colours = (
            None,
            None,
            self._colour("kind", row.kind),
            self._colour("age", self._age_level(age)) if opened else None,
            None,
        )
        fonts = (self._bold, None, None, self._bold, None) if row.unread else _NO_FONTS
        icons = (None, None, kind, None, None)  # the icon's kind
        # The two-line row's own: the author's name, and whether the mention is still unread.
        extras = (row.author_name, row.unread)
        return (texts, tips, colours, fonts, icons, extras)

    def _age_level(self, age: timedelta) -> str:
        return age_level(
            age,
            timedelta(hours=self._settings.age_amber_hours),
            timedelta(hours=self._settings.age_red_hours),
        )

    def _colour(self, what: str, name: str | None) -> QColor | None:
        """A kind's or an age level's colour, looked up once while the rows are worked out."""
        key = (what, name)
        if key not in self._colours:
            self._colours[key] = (
                style.kind_colour(name) if what == "kind" else style.age_colour(name)
            )
        return self._colours[key]

    def kind_icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            pixmap = QPixmap(12, 12)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(style.kind_colour(kind))
            # A white ring: unseen on a plain row, it keeps a blue dot visible on the blue of
            # the selected row.
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.drawEllipse(QRectF(1, 1, 10, 10))
            painter.end()
            self._icons[kind] = QIcon(pixmap)
        return self._icons[kind]

    def _row(self, row: int) -> InboxRow | None:
        """The columns of one row, read a block of rows at a time (about a screenful)."""
        block = row // ROW_BLOCK
        rows = self._pages.get(block)
        if rows is None:
            first = block * ROW_BLOCK
            ns = [self.n_at(r) for r in range(first, min(first + ROW_BLOCK, self._total))]
            rows = self._posts.inbox_rows([n for n in ns if n is not None])
            self._pages[block] = rows
            while len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(block)
        n = self.n_at(row)
        return rows.get(n) if n is not None else None

    def _key_page(self, number: int) -> _Keys:
        """Page ``number`` of the list's keys, read the cheapest way there is."""
        keys = self._key_pages.get(number)
        if keys is not None:
            self._key_pages.move_to_end(number)
            return keys
        start = number * PAGE
        size = min(PAGE, self._total - start)
        if size <= 0:
            return []
        before = self._key_pages.get(number - 1)
        after = self._key_pages.get(number + 1)
        read = self._posts.page_keys
        if before is not None and len(before) == PAGE:
            keys = read(self._filter, "", before[-1][1], size)
        elif after:
            keys = read(self._filter, "", after[0][1], size, from_end=True)
        elif number == 0:
            keys = read(self._filter, "", None, size)
        elif start + size >= self._total:
            keys = read(self._filter, "", None, size, from_end=True)
        elif start <= self._total - (start + size):
            keys = read(self._filter, "", None, size, offset=start)
        else:
            keys = read(
                self._filter, "", None, size, from_end=True, offset=self._total - (start + size)
            )
        self._key_pages[number] = keys
        while len(self._key_pages) > _CACHED_KEY_PAGES:
            self._key_pages.popitem(last=False)
        return keys
