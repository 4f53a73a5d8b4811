"""The Follow-ups list: a heading row per section, then its follow-ups, and how each one's time reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication

from app.domain.opening_hours import to_local
from app.domain.promises import (
    AWAITING_DM,
    NEEDS_ATTENTION,
    FollowUpRow,
    State,
    short_duration,
    topic_of,
)
from app.domain.times import english
from app.services.followups import Overview
from ui.common import style
from ui.common.lists import Index

WHEN, WHO, ABOUT = range(3)
# A line of the list: ("heading", its text, None), ("empty", what it says, None), or
# ("item", the follow-up, its state).
_Line = tuple[str, "str | FollowUpRow", State | None]
# The widest "When" texts: the column fits them whole, so "Due in 1 h 29 min" never shows as
# "Due in 1 h 29…" (which reads as 1 h 29 s, or nothing).
WIDEST_WHEN = (
    "Overdue 1 h 59 min",
    "Due 1 h 59 min ago",
    "Due in 1 h 59 min",
    "Snoozed to Wed 23:59",
)
_HEADERS = ["When", "Who", "About"]


def when_text(row: FollowUpRow, state: State | None, now: datetime) -> str:
    promise = row.promise
    if state == State.DONE:
        return (
            "Done " + english(to_local(promise.done_at), "%a %H:%M") if promise.done_at else "Done"
        )
    if state == State.CLOSED:
        return (
            "Closed " + english(to_local(promise.done_at), "%a %H:%M")
            if promise.done_at
            else "Closed"
        )
    if state == State.SNOOZED and promise.snoozed_until is not None:
        return "Snoozed to " + english(to_local(promise.snoozed_until), "%a %H:%M")
    if state in (State.OVERDUE, State.DUE) and now >= promise.due_at:
        late = now - promise.due_at
        return (
            "Due now"
            if late < timedelta(minutes=1)
            else f"Overdue {short_duration(late)}"
            if state == State.OVERDUE
            else f"Due {short_duration(late)} ago"
        )
    return f"Due in {short_duration(promise.due_at - now)}"


class FollowUpsModel(QAbstractTableModel):
    """The three sections as one list: a heading row, then its follow-ups."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[_Line] = []
        self._headings: list[int] = []
        self._now = datetime.now(UTC)

    def load(self, overview: Overview, now: datetime) -> None:
        self.beginResetModel()
        self._now = now
        rows: list[_Line] = []
        headings: list[int] = []
        for title, items, empty in (
            ("E-mails owed", overview.owed, "No e-mails owed. Every promise is kept."),
            (
                "Awaiting their DM",
                overview.awaiting,
                "Not waiting for anyone's DM. A reply asking for one adds it here.",
            ),
            (
                "Done this week",
                overview.done,
                "Nothing finished yet this week. Follow-ups you mark done show here.",
            ),
        ):
            headings.append(len(rows))
            rows.append(("heading", f"{title} ({len(items)})", None))
            if not items:
                headings.append(len(rows))
                rows.append(("empty", empty, None))
            rows.extend([("item", row, state) for row, state in items])
        self._rows = rows
        self._headings = headings
        self.endResetModel()

    def promise_at(self, row: int) -> FollowUpRow | None:
        value = self._rows[row][1] if 0 <= row < len(self._rows) else None
        return value if isinstance(value, FollowUpRow) else None

    def state_at(self, row: int) -> State | None:
        if 0 <= row < len(self._rows):
            return self._rows[row][2]
        return None

    def row_of(self, promise_id: int) -> int | None:
        for i, (kind, row, _) in enumerate(self._rows):
            if isinstance(row, FollowUpRow) and row.promise.id == promise_id:
                return i
        return None

    def heading_rows(self) -> list[int]:
        """The rows that are headings or "nothing here" lines (a handful, however long)."""
        return list(self._headings)

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row][0] != "item"

    def first_item_row(self) -> int | None:
        for i, (kind, _, _) in enumerate(self._rows):
            if kind == "item":
                return i
        return None

    # ----- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][0] == "item":
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        kind, value, state = self._rows[index.row()]
        column = index.column()
        if kind != "item":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return value if column == 0 else ""
            if role == Qt.ItemDataRole.FontRole and kind == "heading":
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole and kind == "empty":
                return QGuiApplication.palette().placeholderText()
            return None
        row = cast(FollowUpRow, value)  # an item's value
        promise = row.promise
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == WHEN:
                return when_text(row, state, self._now)
            if column == WHO:
                return f"@{row.handle}"
            about = topic_of(promise, row.post_text)
            if promise.kind == AWAITING_DM and state in (State.DONE, State.CLOSED):
                return f"{about} · {promise.close_reason or 'done'}"
            if promise.kind == AWAITING_DM:
                return (
                    f"{about} · waiting for their DM"
                    if not row.dm_text
                    else f"{about} · DM in, no address"
                )
            if state in (State.DONE, State.CLOSED):
                return (
                    f"{about} · {promise.close_reason}"
                    if promise.close_reason and state == State.CLOSED
                    else about
                )
            return f"{about} · {promise.email or 'address needed'}"
        if role == Qt.ItemDataRole.ForegroundRole and column == WHEN:
            if state == State.OVERDUE:
                return style.age_colour("red")
            if state in (State.DUE, State.SOON):
                return style.age_colour("amber")
            if state in (State.DONE, State.CLOSED, State.SNOOZED):
                return QGuiApplication.palette().placeholderText()
        if role == Qt.ItemDataRole.FontRole and column == WHEN and state in NEEDS_ATTENTION:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Due {english(to_local(promise.due_at), '%a %d %b %Y, %H:%M')}"
        return None
