"""The Follow-ups page: e-mails owed (overdue in red), DMs awaited, and what was done this week.

Each follow-up shows who, what about, their post and DM, and the owner's actions: Write e-mail
(the mail app opens with everything filled in), Done, Snooze, Close without e-mail, Open
conversation. ``ui/followups/controller.py`` puts the page into the window and runs the
reminders.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QDateTime,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changed
from app.domain.opening_hours import to_local
from app.domain.promises import AWAITING_DM, FollowUpRow, nudge_text
from app.domain.times import english
from app.errors import KindlyError
from app.services.followups import Overview
from ui.common.changes import DRAFTS, PEOPLE, POSTS, PROMISES, SETTINGS, Changes
from ui.common.dates import utc_of
from ui.common.forms import in_english
from ui.common.lists import make_list
from ui.followups.detail import FollowUpDetail
from ui.followups.model import ABOUT, WHEN, WHO, WIDEST_WHEN, FollowUpsModel

log = logging.getLogger("kindly.ui.followups")

CLOSE_REASONS = [
    "Sorted in DMs",
    "Solved in the public reply",
    "The customer stopped replying",
    "They no longer need it",
]


class FollowUpsPage(QWidget):
    """The page itself; writes go through ``workspace.followups`` and are announced."""

    open_post_requested = Signal(int)  # a post's row key, to show in the inbox
    nudge_written = Signal(str)  # a nudge for the conversation just opened, to start the reply
    count_changed = Signal(int)  # follow-ups due soon, due or overdue
    settings_requested = Signal()

    def __init__(self, workspace, changes: Changes, opener=None, autostart=None, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Follow-ups")
        self.workspace = workspace
        self.changes = changes
        self.opener = opener
        self.autostart = autostart
        self.model = FollowUpsModel(self)
        self._selected: int | None = None

        title = QLabel("Follow-ups")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "E-mails you promised and DMs you are waiting for. Kindly reminds you "
            "before each one is due, even with the window closed."
        )
        intro.setWordWrap(True)
        self.add_dm_button = QPushButton("Add a DM…")
        self.add_dm_button.setAccessibleName("Add a customer's DM")
        self.settings_button = QPushButton("Settings…")
        self.settings_button.setAccessibleName("Follow-up settings")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.add_dm_button)
        top.addWidget(self.settings_button)

        self.list = make_list(self.model, "Follow-ups list", striped=False, row_padding=14)
        header = self.list.horizontalHeader()
        header.setAccessibleName("Follow-up columns")
        header.setSectionResizeMode(ABOUT, QHeaderView.ResizeMode.Stretch)
        bold = QFont(self.list.font())
        bold.setBold(True)
        widest = max(QFontMetrics(bold).horizontalAdvance(text) for text in WIDEST_WHEN)
        self.list.setColumnWidth(WHEN, max(120, widest + 24))
        self.list.setColumnWidth(WHO, 120)
        self.detail = FollowUpDetail()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([540, 520])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)

        self.list.selectionModel().currentRowChanged.connect(self.on_list_current_row_changed)
        self.add_dm_button.clicked.connect(self.on_add_dm_button_clicked)
        self.settings_button.clicked.connect(self.on_settings_button_clicked)
        d = self.detail
        d.write_email.clicked.connect(self.on_write_email_clicked)
        d.done.clicked.connect(self.on_done_clicked)
        d.close_button.clicked.connect(self.on_close_clicked)
        d.open_conversation.clicked.connect(self.on_open_conversation_clicked)
        d.save_address.clicked.connect(self.on_save_address_clicked)
        d.address.returnPressed.connect(self.on_save_address_clicked)
        d.nudge.clicked.connect(self.on_nudge_clicked)
        d.add_dm.clicked.connect(self.on_add_dm_button_clicked)
        d.reopen.clicked.connect(self.on_reopen_clicked)
        d.snooze_hour.triggered.connect(lambda: self.snooze_to("hour"))
        d.snooze_tomorrow.triggered.connect(lambda: self.snooze_to("tomorrow"))
        d.snooze_choose.triggered.connect(lambda: self.snooze_to("choose"))
        changes.changed.connect(self.on_changes_changed)
        self.reload()

    # ----- what the page shows --------------------------------------------------------------------

    def reload(
        self,
        clear_message: bool = False,
        overview: Overview | None = None,
        now: datetime | None = None,
    ) -> None:
        """Show the follow-ups afresh; ``overview`` (read at ``now``) when a worker read it."""
        if clear_message:
            self.detail.message.setText("")
        if overview is None or now is None:
            now = self.workspace.clock.now()
            overview = self.workspace.followups.overview(now)
        selected = self._selected
        self.model.load(overview, now)
        self.count_changed.emit(overview.due_count)
        row = self.model.row_of(selected) if selected is not None else None
        if row is None:
            row = self.model.first_item_row()
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, WHEN))
        self.list.clearSpans()
        for i in self.model.heading_rows():
            self.list.setSpan(i, 0, 1, 3)
        self._show_current()

    def select_promise(self, promise_id: int) -> bool:
        row = self.model.row_of(promise_id)
        if row is None:
            return False
        self.list.setCurrentIndex(self.model.index(row, WHEN))
        return True

    def current(self) -> FollowUpRow | None:
        index = self.list.currentIndex()
        return self.model.promise_at(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        index = self.list.currentIndex()
        row = self.model.promise_at(index.row()) if index.isValid() else None
        state = self.model.state_at(index.row()) if row else None
        if (row.promise.id if row else None) != self._selected:
            self.detail.message.setText("")
        self._selected = row.promise.id if row else None
        self.detail.show_row(row, state, self.workspace.clock.now())

    # ----- asking the owner (replaced in tests) ---------------------------------------------------

    def ask_close_reason(self, row: FollowUpRow) -> str | None:
        reason, ok = QInputDialog.getItem(
            self,
            "Close without e-mail",
            f"Why does the follow-up for @{row.handle} close without an e-mail?",
            CLOSE_REASONS,
            0,
            True,
        )
        return reason if ok else None

    def ask_snooze_time(self) -> datetime | None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Snooze until")
        edit = QDateTimeEdit(
            QDateTime(self.workspace.clock.now().astimezone() + timedelta(hours=3))
        )
        edit.setAccessibleName("Remind me again at")
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        in_english(edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel("Remind me again at:"))
        layout.addWidget(edit)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return utc_of(edit.dateTime())

    # ----- actions -------------------------------------------------------------------------------

    def _act(self, action: Callable[[], Changed], message: str | None = None) -> bool:
        try:
            change = action()
        except KindlyError as exc:
            self.detail.message.setText(str(exc))
            return False
        self.changes.publish(change)
        if message:
            self.detail.message.setText(message)
        return True

    def on_write_email_clicked(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            draft = self.workspace.followups.email_draft(row.promise.id)
        except KindlyError as exc:
            self.detail.message.setText(str(exc))
            return
        opened = self.opener.open(draft.url) if self.opener is not None else False
        self.detail.message.setText(
            "Your mail app opened with the e-mail started. Press Done once it is sent."
            if opened
            else f"No mail app opened. Write to {draft.to} with the subject “{draft.subject}”."
        )

    def on_done_clicked(self) -> None:
        row = self.current()
        if row is not None:
            self._act(
                lambda: self.workspace.followups.done(row.promise.id),
                f"Done — the e-mail to @{row.handle} is ticked off.",
            )

    def on_close_clicked(self) -> None:
        row = self.current()
        if row is None:
            return
        reason = self.ask_close_reason(row)
        if reason is None:
            return
        self._act(lambda: self.workspace.followups.close(row.promise.id, reason), "Closed.")

    def on_reopen_clicked(self) -> None:
        row = self.current()
        if row is not None:
            self._act(lambda: self.workspace.followups.reopen(row.promise.id), "Reopened.")

    def snooze_to(self, choice: str) -> None:
        row = self.current()
        if row is None:
            return
        if choice == "choose":
            until = self.ask_snooze_time()
            if until is None:
                return
        else:
            until = self.workspace.followups.snooze_choices()[choice]
        local = english(to_local(until), "%a %d %b, %H:%M")
        self._act(
            lambda: self.workspace.followups.snooze(row.promise.id, until),
            f"Snoozed — Kindly reminds you again {local}.",
        )

    def on_save_address_clicked(self) -> None:
        row = self.current()
        if row is None or not self.detail.save_address.isVisible():
            return
        try:
            promise, change = self.workspace.followups.set_address(
                row.promise.id, self.detail.address.text()
            )
        except KindlyError as exc:
            self.detail.address_problem.setText(str(exc))
            self.detail.address_problem.show()
            return
        self._selected = promise.id
        self.changes.publish(change)
        self.detail.message.setText("Saved. The e-mail is now owed; Write e-mail starts it.")

    def on_open_conversation_clicked(self) -> None:
        row = self.current()
        if row is not None and row.post_n is not None:
            self.open_post_requested.emit(row.post_n)

    def on_nudge_clicked(self) -> None:
        row = self.current()
        if row is None or row.post_n is None:
            return
        self.open_post_requested.emit(row.post_n)
        self.nudge_written.emit(nudge_text(row.handle))

    def on_add_dm_button_clicked(self) -> None:
        from ui.followups.add_dm import AddDmDialog

        row = self.current()
        handle = row.handle if row is not None and row.promise.kind == AWAITING_DM else ""
        handles = sorted({r.handle for r, _ in self.workspace.followups.overview().awaiting})
        dialog = AddDmDialog(self.workspace.followups, handle, handles, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.on_dm_added(dialog.outcome))
        dialog.open()
        self.add_dm_dialog = dialog

    def on_dm_added(self, outcome) -> None:
        if outcome is None:
            return
        if outcome.promise is not None:
            self._selected = outcome.promise.id
        self.changes.publish(outcome.changed)
        if outcome.emails and outcome.promise is not None:
            due = english(to_local(outcome.promise.due_at), "%a %d %b, %H:%M")
            if outcome.earlier_email:
                text = (
                    f"They gave another address: the e-mail owed now goes to "
                    f"{outcome.promise.email} (was {outcome.earlier_email}), still due {due}."
                )
            elif outcome.updated_owed:
                text = f"{outcome.emails[0]} again — the e-mail owed to them stays due {due}."
            else:
                text = f"Found {outcome.emails[0]} — an e-mail is now owed, due {due}."
            self.detail.message.setText(text)
        elif outcome.promise is not None:
            self.detail.message.setText(
                "No e-mail address in that DM; it is shown here. Type the address when you have it."
            )
        else:
            self.detail.message.setText(
                "DM added. It had no e-mail address, and no follow-up was waiting for it."
            )

    def on_settings_button_clicked(self) -> None:
        self.settings_requested.emit()  # the Settings window, on Reminders & opening hours

    # ----- slots ---------------------------------------------------------------------------------

    def on_list_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind in (PROMISES, POSTS, DRAFTS, PEOPLE, SETTINGS):
            self.reload()
