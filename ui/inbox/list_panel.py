"""The inbox list with its search box and the bar above it: what is picked, and what to do to all
of it at once (resolve, reopen, set the kind, mute the authors, mark read).

The list takes a multi-selection (Shift/Ctrl-click, Shift+J/K, Ctrl+A). Selecting every row of the
list means the whole filter (and search), however long: the service then picks the mentions in SQL,
so a million rows are never read into the window. Each action is one service call, published once
with its Undo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QItemSelectionRange, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import InboxFilter, Picked
from app.domain.triage import Kind
from app.services.inbox import BulkAction, Inbox
from ui.common import style
from ui.common.changes import Changes
from ui.common.lists import make_list
from ui.common.operation import apply_change
from ui.inbox.delegate import InboxDelegate, row_height
from ui.inbox.mute import ask_before_muting
from ui.inbox.model import AGE, AUTHOR, KIND, MESSAGE, STATUS, InboxModel
from ui.inbox.search_bar import SearchBar

# The list never gets narrower than this: the message keeps about 40 characters whatever the
# conversation pane beside it holds.
LIST_MIN_WIDTH = 340
_ONE_STATUS = {InboxFilter.NEEDS_REPLY, InboxFilter.WAITING, InboxFilter.RESOLVED}
_SELECT = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows


class InboxListPanel(QWidget):
    def __init__(
        self,
        model: InboxModel,
        inbox: Inbox,
        changes: Changes,
        problem: Callable[[str], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setMinimumWidth(LIST_MIN_WIDTH)
        self.model = model
        self._inbox = inbox
        self._changes = changes
        self._problem = problem
        self.confirm_mute: QWidget | None = None
        self._unread = 0  # new mentions in the filter shown
        self.search_bar = SearchBar()  # its count, scope and "Save search" under the box
        self.search = self.search_bar.edit
        self.list = make_list(model, "Mentions", several=True, striped=False)
        self.delegate = InboxDelegate(model, self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.horizontalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        for column in (AUTHOR, KIND, AGE, STATUS):
            self.list.setColumnHidden(column, True)
        self.list.verticalHeader().setDefaultSectionSize(row_height(self.list.font()))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.picked_label = QLabel()
        self.picked_label.setAccessibleName("Picked")
        # Tool buttons, as wide as their words (a push button is 80 px at the least).
        self.resolve_button = _bar_button("Resolve", "Resolve the picked mentions")
        self.reopen_button = _bar_button("Reopen", "Reopen the picked mentions")
        self.kind_button = _bar_button("Kind", "Set the kind of the picked mentions")
        self.kind_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        kinds = QMenu(self.kind_button)
        for kind in Kind:
            action = kinds.addAction(style.KIND_LABELS.get(str(kind), str(kind)))
            action.triggered.connect(lambda _=False, k=kind: self.act(BulkAction.SET_KIND, k))
        self.kind_button.setMenu(kinds)
        self.mute_button = _bar_button("Mute", "Mute the authors of the picked mentions")
        self.read_button = _bar_button("Mark read", "Mark the picked mentions read")
        self.bulk_buttons = (
            self.resolve_button,
            self.reopen_button,
            self.kind_button,
            self.mute_button,
            self.read_button,
        )
        self.all_read_button = QPushButton("Mark all read")
        self.all_read_button.setAccessibleName("Mark every mention in this list read")
        self.all_read_button.setToolTip("Every mention this filter (and search) lists")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.picked_label, 1)
        bar.addWidget(self.all_read_button)
        # What to do to the picked mentions gets a line of its own: beside "All 1,234 picked" in
        # a list 350 px wide, five buttons are cut ("Mar…ead").
        self.bulk_bar = QWidget()
        self.bulk_bar.setAccessibleName("Do to the picked mentions")
        bulk = QHBoxLayout(self.bulk_bar)
        bulk.setContentsMargins(0, 0, 0, 0)
        for button in self.bulk_buttons:
            bulk.addWidget(button)
        bulk.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_bar)
        layout.addLayout(bar)
        layout.addWidget(self.bulk_bar)
        layout.addWidget(self.list, 1)

        self.resolve_button.clicked.connect(lambda: self.act(BulkAction.RESOLVE))
        self.reopen_button.clicked.connect(lambda: self.act(BulkAction.REOPEN))
        self.mute_button.clicked.connect(lambda: self.act(BulkAction.MUTE))
        self.read_button.clicked.connect(lambda: self.act(BulkAction.MARK_READ))
        self.all_read_button.clicked.connect(self.mark_all_read)
        self.list.selectionModel().selectionChanged.connect(self.show_picked)
        self.model.modelReset.connect(self.show_picked)
        for key, step in (("Shift+J", 1), ("Shift+K", -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda s=step: self.extend(s))
        self.show_picked()

    # ----- what is picked ------------------------------------------------------------------------

    def whole(self) -> bool:
        """Every row of the list is selected: the whole filter (and search) is meant."""
        rows = self.model.rowCount()
        ranges = self._ranges()
        return (
            rows > 1
            and len(ranges) == 1
            and ranges[0].top() == 0
            and ranges[0].bottom() == rows - 1
        )

    def _ranges(self) -> list[QItemSelectionRange]:
        selection = self.list.selectionModel().selection()
        return [selection.at(i) for i in range(selection.size())]

    def picked_ns(self) -> list[int]:
        """The row keys of the selected rows, in list order."""
        ns: list[int] = []
        for selected in sorted(self._ranges(), key=lambda r: r.top()):
            for row in range(selected.top(), selected.bottom() + 1):
                n = self.model.n_at(row)
                if n is not None:
                    ns.append(n)
        return list(dict.fromkeys(ns))

    def picked(self) -> Picked:
        inbox_filter, search = self.model.inbox_filter, self.model.search
        if self.whole():
            return Picked(inbox_filter, whole=True, search=search)
        return Picked(inbox_filter, tuple(self.picked_ns()))

    def several(self) -> bool:
        return sum(r.bottom() - r.top() + 1 for r in self._ranges()) > 1

    def show_picked(self, *_args) -> None:
        several = self.several()
        self.bulk_bar.setVisible(several)
        self.all_read_button.setVisible(not several)
        if not several:
            # The filter's figure; a search lists other mentions, so it says nothing of them
            # and "Mark all read" reads what the search found.
            searching = bool(self.model.search)
            unread = self._unread and not searching
            self.picked_label.setText(f"{self._unread:,} new" if unread else "")
            self.all_read_button.setEnabled(bool(unread) or searching)
        elif self.whole():
            total = self.model.rowCount()
            found = "+" if self.model.search and self.model.canFetchMore() else ""
            self.picked_label.setText(f"All {total:,}{found} picked")
        else:
            count = sum(r.bottom() - r.top() + 1 for r in self._ranges())
            self.picked_label.setText(f"{count:,} picked")

    def show_unread(self, count: int) -> None:
        """How many of the filter's mentions are new (beside "Mark all read")."""
        self._unread = count
        self.show_picked()

    def extend(self, step: int) -> None:
        """Shift+J/K: take the next (or previous) row into the selection too."""
        current = self.list.currentIndex()
        rows = self.model.rowCount()
        if rows == 0:
            return
        row = 0 if not current.isValid() else max(0, min(current.row() + step, rows - 1))
        index = self.model.index(row, MESSAGE)
        if current.isValid():
            self.list.selectionModel().select(current, _SELECT)
        self.list.selectionModel().setCurrentIndex(index, _SELECT)
        self.list.scrollTo(index)
        self.list.setFocus()

    # ----- acting on it ----------------------------------------------------------------------------

    def act(self, action: BulkAction, kind: Kind | None = None) -> None:
        """Do ``action`` to every picked mention: one service call, one change, one Undo."""
        picked = self.picked()
        if action == BulkAction.MUTE:
            warning = self._inbox.mute_warning(self._inbox.authors_of(picked))
            if warning is not None:
                self.confirm_mute = ask_before_muting(
                    self,
                    warning,
                    lambda: self._apply(picked, action),
                    lambda: None,
                )
                return
        self._apply(picked, action, kind)

    def _apply(self, picked: Picked, action: BulkAction, kind: Kind | None = None) -> None:
        apply_change(self._changes, lambda: self._inbox.act(picked, action, kind), self._problem)

    def mark_all_read(self) -> None:
        picked = Picked(self.model.inbox_filter, whole=True, search=self.model.search)
        apply_change(
            self._changes,
            lambda: self._inbox.act(picked, BulkAction.MARK_READ),
            self._problem,
        )

    def select_all(self) -> None:
        self.list.selectAll()

    def show_filter(self, inbox_filter: InboxFilter) -> None:
        """Where the filter already says the status, the rows do not repeat it."""
        self.delegate.show_status = inbox_filter not in _ONE_STATUS
        self.list.viewport().update()


def _bar_button(text: str, what: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAccessibleName(what)
    button.setToolTip(what)
    return button
