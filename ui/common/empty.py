"""What an empty list says: why it is empty, in a short plain sentence, and what to do next.

``EmptyNote`` lies over a list's viewport while the list has no rows; the page that owns the list
gives a function that words it from what the owner chose (a filter, a search), asked afresh each
time the list empties. The sentences for the inbox and People are here, next to each other, so
they read alike.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

from app.domain.models import InboxFilter

_INBOX = {
    InboxFilter.NEEDS_REPLY: "Nothing needs a reply — every mention is answered, resolved or"
    " waiting on the customer.",
    InboxFilter.WAITING: "No one to wait for: once you reply, a mention waits here until the"
    " customer writes back.",
    InboxFilter.PRAISE: "No praise here yet. Kind words about the shop gather here.",
    InboxFilter.DMS: "No DMs yet. Direct messages from customers gather here as conversations.",
    InboxFilter.TROLLS: "No trolls or spam. Posts that read as abuse or spam, and everything"
    " from people you mute, land here.",
    InboxFilter.RESOLVED: "Nothing resolved yet. Press E on a mention to resolve it.",
    InboxFilter.ALL: "No mentions yet.",
}
_NO_MENTIONS = (
    "No mentions yet. Connect X (X account, on the left), import a file (File → Import) or add"
    " one by hand (Ctrl+N)."
)


def inbox_empty_text(inbox_filter: InboxFilter, search: str, has_mentions: bool) -> str:
    """Why the inbox list is empty, for this filter and search."""
    query = search.strip()
    if query:
        where = "any mention" if inbox_filter == InboxFilter.ALL else inbox_filter.label
        return (
            f"Nothing in {where} matches “{query}”. Check the spelling, use fewer words, or"
            " look in All."
            if inbox_filter != InboxFilter.ALL
            else f"No mention matches “{query}”. Check the spelling or use fewer words."
        )
    if not has_mentions:
        return _NO_MENTIONS
    return _INBOX[inbox_filter]


def people_empty_text(filter_key: str, label: str, search: str) -> str:
    """Why People is empty, for this filter (its key and label) and search."""
    query = search.strip()
    if query:
        return (
            f"No one in {label} has “{query}” in their name or handle."
            " Check the spelling, or look in Everyone."
        )
    return {
        "everyone": "No one yet. Everyone who mentions the shop or sends a DM is listed here.",
        "fans": "No fans yet. People who praise the shop more than they complain gather here.",
        "trolls": "No trolls. People who post abuse or spam, or get strikes, are listed here.",
        "muted": "No one is muted or blocked. Mute someone from their conversation or here.",
    }.get(filter_key, f"No one in {label}.")


class EmptyNote(QLabel):
    """A sentence over an empty list, centred, in the placeholder colour; gone with a first row."""

    def __init__(self, view: QAbstractItemView, text_for: Callable[[], str]):
        super().__init__(view.viewport())
        self.setObjectName("empty_note")
        self.setAccessibleName("Why this list is empty")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet("color: palette(placeholder-text); padding: 28px 18px;")
        self._view = view
        self._text_for = text_for
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.refresh)
        model.layoutChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        empty = self._view.model().rowCount() == 0
        if empty:
            self.setText(self._text_for())
            self._fit()
        self.setVisible(empty)

    def _fit(self) -> None:
        self.setGeometry(self._view.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False


def needs_reply_text(waiting: int) -> str:
    """The status bar's line on what is waiting."""
    if waiting == 0:
        return "Nothing needs a reply — lovely."
    return f"{waiting:,} mention{'s' if waiting != 1 else ''} need{'s' if waiting == 1 else ''} a reply."
