"""The left pane: the inbox filters with live counts, then the other views (Review, People, …)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem

from app.domain.models import InboxFilter

_FILTER_ROLE = Qt.ItemDataRole.UserRole
# Where each view sits below the inbox, whatever order the views are built in: the daily loop
# first (review, follow-ups), then knowing customers and speed, then the set-up pages.
PAGE_ORDER = ("review", "followups", "people", "stats", "templates", "x_account")
_PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
_UNREAD_ROLE = Qt.ItemDataRole.UserRole + 2
_SAVED_ROLE = Qt.ItemDataRole.UserRole + 3  # a saved search's (id, query)


class Navigation(QTreeWidget):
    filter_chosen = Signal(object)  # InboxFilter
    page_chosen = Signal(str)  # the key of a page registered with add_page
    saved_search_chosen = Signal(str)  # the search as typed
    saved_search_removed = Signal(int)  # its id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Navigation")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(True)
        self.setStyleSheet("QTreeWidget::item { padding: 5px 2px; }")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAllColumnsShowFocus(True)  # the focus frame spans the row, not just the name
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._filters: dict[InboxFilter, QTreeWidgetItem] = {}
        self._pages: dict[str, QTreeWidgetItem] = {}
        self._separator: QTreeWidgetItem | None = None
        self._saved: list[QTreeWidgetItem] = []
        for inbox_filter in InboxFilter:
            item = self._item(inbox_filter.label)
            item.setData(0, _FILTER_ROLE, inbox_filter.value)
            self._filters[inbox_filter] = item
        self.setCurrentItem(self._filters[InboxFilter.NEEDS_REPLY])
        self.setMinimumWidth(self.fitting_width())
        self.currentItemChanged.connect(self.on_self_current_item_changed)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.on_self_custom_context_menu_requested)

    def _item(self, label: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, ""])
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.addTopLevelItem(item)
        return item

    def fitting_width(self) -> int:
        """Wide enough for the longest filter's name in bold beside a four-figure count, so no
        name is cut ("Waiting on custo…") when it has new mentions."""
        font = self.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        names = max(metrics.horizontalAdvance(f.label) for f in InboxFilter)
        # Each cell's padding (5px 2px) on both sides, the frame and a little air.
        return names + metrics.horizontalAdvance("8,888") + 4 * 2 + 2 * self.frameWidth() + 16

    def add_page(self, key: str, label: str) -> None:
        """A view beyond the inbox, listed under the filters (Review, Follow-ups, People, …)."""
        if self._separator is None:
            self._separator = self._item("")
            self._separator.setFlags(Qt.ItemFlag.NoItemFlags)
        item = QTreeWidgetItem([label, ""])
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setData(0, _PAGE_ROLE, key)
        rank = _rank(key)
        position = self.topLevelItemCount()
        for other_key, other in self._pages.items():
            if _rank(other_key) > rank:
                position = min(position, self.indexOfTopLevelItem(other))
        self.insertTopLevelItem(position, item)
        self._pages[key] = item

    def set_counts(self, counts: dict[InboxFilter, int]) -> None:
        for inbox_filter, item in self._filters.items():
            self._set_count(
                item,
                inbox_filter.label,
                counts.get(inbox_filter, 0),
                bold=inbox_filter == InboxFilter.NEEDS_REPLY,
            )

    def set_unread_counts(self, unread: dict[InboxFilter, int]) -> None:
        """A filter with new (unread) mentions reads in bold and says how many on hover and to a
        screen reader; the list's own bar shows the figure (the column stays narrow)."""
        for inbox_filter, count in unread.items():
            item = self._filters.get(inbox_filter)
            if item is None:
                continue
            label, total = inbox_filter.label, item.text(1)
            item.setData(0, _UNREAD_ROLE, count)
            item.setToolTip(0, f"{count:,} new" if count else "")
            spoken = f"{label}, {total}, {count} new" if count else f"{label}, {total}"
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, spoken)
            font = item.font(0)
            font.setBold(bool(count) or (inbox_filter == InboxFilter.NEEDS_REPLY and total != "0"))
            item.setFont(0, font)

    def unread(self, inbox_filter: InboxFilter) -> int:
        return self._filters[inbox_filter].data(0, _UNREAD_ROLE) or 0

    def set_page_count(self, key: str, count: int | None, urgent: bool = False) -> None:
        item = self._pages[key]
        if count is None:
            item.setText(1, "")
            return
        self._set_count(item, item.text(0), count, bold=urgent)

    def _set_count(self, item: QTreeWidgetItem, label: str, count: int, bold: bool) -> None:
        item.setText(1, f"{count:,}")
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{label}, {count}")
        font = item.font(0)
        font.setBold(bold and count > 0)
        item.setFont(0, font)
        item.setFont(1, font)

    def count_text(self, inbox_filter: InboxFilter) -> str:
        return self._filters[inbox_filter].text(1)

    def page_count_text(self, key: str) -> str:
        return self._pages[key].text(1)

    def choose(self, inbox_filter: InboxFilter) -> None:
        self.setCurrentItem(self._filters[inbox_filter])

    def choose_page(self, key: str) -> None:
        self.setCurrentItem(self._pages[key])

    def current_filter(self) -> InboxFilter:
        item = self.currentItem()
        value = item.data(0, _FILTER_ROLE) if item else None
        return InboxFilter(value) if value else InboxFilter.ALL

    def on_self_current_item_changed(self, current, _previous) -> None:
        if current is None:
            return
        if current.data(0, _FILTER_ROLE):
            self.filter_chosen.emit(InboxFilter(current.data(0, _FILTER_ROLE)))
        elif current.data(0, _PAGE_ROLE):
            self.page_chosen.emit(current.data(0, _PAGE_ROLE))
        elif current.data(0, _SAVED_ROLE):
            self.saved_search_chosen.emit(current.data(0, _SAVED_ROLE)[1])

    # ----- saved searches, listed under the filters --------------------------------------------

    def set_saved_searches(self, searches: list[tuple[int, str, str]]) -> None:
        """Show the owner's saved searches (id, name, query) right under the inbox filters."""
        current = self.currentItem()
        chosen = current.data(0, _SAVED_ROLE) if current is not None else None
        self.blockSignals(True)
        for item in self._saved:
            self.takeTopLevelItem(self.indexOfTopLevelItem(item))
        self._saved = []
        position = max(self.indexOfTopLevelItem(i) for i in self._filters.values()) + 1
        for search_id, name, query in searches:
            item = QTreeWidgetItem([f"   {name}", ""])
            font = item.font(0)
            font.setItalic(True)
            item.setFont(0, font)
            item.setToolTip(0, f"Saved search: {query}\nRight-click to remove it.")
            item.setData(0, _SAVED_ROLE, (search_id, query))
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"Saved search {name}")
            self.insertTopLevelItem(position + len(self._saved), item)
            self._saved.append(item)
            if chosen and chosen[0] == search_id:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def saved_search_names(self) -> list[str]:
        return [item.text(0).strip() for item in self._saved]

    def choose_saved_search(self, index: int) -> None:
        self.setCurrentItem(self._saved[index])

    def on_self_custom_context_menu_requested(self, point: QPoint) -> None:
        item = self.itemAt(point)
        saved = item.data(0, _SAVED_ROLE) if item is not None else None
        if not saved:
            return
        self.menu = QMenu(self)
        remove = self.menu.addAction("Remove saved search")
        remove.triggered.connect(lambda: self.saved_search_removed.emit(saved[0]))
        self.menu.popup(self.viewport().mapToGlobal(point))


def _rank(key: str) -> int:
    return PAGE_ORDER.index(key) if key in PAGE_ORDER else len(PAGE_ORDER)
