"""The left pane: the inbox filters, each with a live count."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from app.domain.models import InboxFilter


class Navigation(QTreeWidget):
    filter_chosen = Signal(object)  # InboxFilter

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Inbox filters")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._items: dict[InboxFilter, QTreeWidgetItem] = {}
        for inbox_filter in InboxFilter:
            item = QTreeWidgetItem([inbox_filter.label, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, inbox_filter.value)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(item)
            self._items[inbox_filter] = item
        self.setCurrentItem(self._items[InboxFilter.NEEDS_REPLY])
        self.currentItemChanged.connect(self.on_self_current_item_changed)

    def set_counts(self, counts: dict[InboxFilter, int]) -> None:
        for inbox_filter, item in self._items.items():
            count = counts.get(inbox_filter, 0)
            item.setText(1, f"{count:,}")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{inbox_filter.label}, {count}")
            font = item.font(0)
            font.setBold(inbox_filter == InboxFilter.NEEDS_REPLY and count > 0)
            item.setFont(0, font)
            item.setFont(1, font)

    def count_text(self, inbox_filter: InboxFilter) -> str:
        return self._items[inbox_filter].text(1)

    def choose(self, inbox_filter: InboxFilter) -> None:
        self.setCurrentItem(self._items[inbox_filter])

    def current_filter(self) -> InboxFilter:
        item = self.currentItem()
        return InboxFilter(item.data(0, Qt.ItemDataRole.UserRole)) if item else InboxFilter.ALL

    def on_self_current_item_changed(self, current, _previous) -> None:
        if current is not None:
            self.filter_chosen.emit(InboxFilter(current.data(0, Qt.ItemDataRole.UserRole)))
