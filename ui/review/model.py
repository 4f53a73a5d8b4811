"""The drafts waiting for review, as a table model: a few dozen at most, reloaded whole after each change."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.drafts import STATE_LABELS, DraftState
from app.domain.times import short_age
from app.services.drafting import ReviewItem
from app.workspace import Workspace
from ui.common import style
from ui.common.findings import finding_colour
from ui.common.sending import elide

TO, REPLY, CHECKS, STATE = range(4)
_HEADERS = {TO: "To", REPLY: "Your reply", CHECKS: "Checks", STATE: "State"}
DRAFT_ID_ROLE = Qt.ItemDataRole.UserRole
POST_N_ROLE = Qt.ItemDataRole.UserRole + 1


class ReviewModel(QAbstractTableModel):
    """The drafts waiting for review; a few dozen at most, reloaded whole after each change."""

    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self._workspace = workspace
        self.items: list[ReviewItem] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.items = self._workspace.drafting.review_queue()
        self.endResetModel()

    def item(self, row: int) -> ReviewItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_of(self, draft_id: int) -> int | None:
        for row, item in enumerate(self.items):
            if item.draft.id == draft_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS.get(section)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == REPLY:
                return item.draft.text
            if column == CHECKS:
                return "\n".join(f"{f.label}: {f.message}" for f in item.findings) or None
            if column == STATE and item.draft.failure:
                return item.draft.failure
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == CHECKS:
                if item.findings:
                    return finding_colour(item.findings[0].code)
                return style.kind_colour("praise")
            if column == STATE and item.draft.state == DraftState.FAILED:
                return style.kind_colour("complaint")
            return None
        if role == DRAFT_ID_ROLE:
            return item.draft.id
        if role == POST_N_ROLE:
            return item.post.n
        return None

    def _text(self, item: ReviewItem, column: int) -> str:
        if column == TO:
            return f"@{item.post.author_handle}" + (" (DM)" if item.draft.is_dm else "")
        if column == REPLY:
            return elide(item.draft.text, 140)
        if column == CHECKS:
            if not item.findings:
                return "✓ Looks kind"
            labels = []
            for finding in item.findings:
                if finding.label not in labels:
                    labels.append(finding.label)
            return " · ".join(labels)
        if column == STATE:
            label = STATE_LABELS.get(DraftState(item.draft.state), item.draft.state)
            if item.draft.state == DraftState.READY:
                age = (self._workspace.clock.now() - item.draft.updated_at).total_seconds()
                return f"Ready · {short_age(age)}"
            return label
        return ""
