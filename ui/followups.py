"""The Follow-ups page: e-mails owed (overdue in red), DMs awaited, and what was done this week.

Each follow-up shows who, what about, their post and DM, and the owner's actions: Write e-mail
(the mail app opens with everything filled in), Done, Snooze, Close without e-mail, Open
conversation. ``ui/followups_controller.py`` puts the page into the window and runs the
reminders.
"""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.opening_hours import to_local
from app.domain.promises import AWAITING_DM, NEEDS_ATTENTION, State, short_duration, topic_of
from app.errors import KindlyError
from app.services.followups import Overview
from app.storage.promises import FollowUpRow
from ui import style
from ui.changes import DRAFTS, PEOPLE, POSTS, PROMISES, SETTINGS, Changes
from ui.lists import make_list

log = logging.getLogger("kindly.ui.followups")

WHEN, WHO, ABOUT = range(3)
_HEADERS = ["When", "Who", "About"]
CLOSE_REASONS = [
    "Sorted in DMs",
    "Solved in the public reply",
    "The customer stopped replying",
    "They no longer need it",
]


def when_text(row: FollowUpRow, state: State, now: datetime) -> str:
    promise = row.promise
    if state == State.DONE:
        return "Done " + to_local(promise.done_at).strftime("%a %H:%M") if promise.done_at \
            else "Done"
    if state == State.CLOSED:
        return "Closed " + to_local(promise.done_at).strftime("%a %H:%M") if promise.done_at \
            else "Closed"
    if state == State.SNOOZED:
        return "Snoozed to " + to_local(promise.snoozed_until).strftime("%a %H:%M")
    if state in (State.OVERDUE, State.DUE) and now >= promise.due_at:
        late = now - promise.due_at
        return "Due now" if late < timedelta(minutes=1) else f"Overdue {short_duration(late)}" \
            if state == State.OVERDUE else f"Due {short_duration(late)} ago"
    return f"Due in {short_duration(promise.due_at - now)}"


def _from_post(note: str, post_text: str | None) -> bool:
    """Whether a note only repeats the start of the post (then the post alone is shown)."""
    if not post_text:
        return False
    words = " ".join(w for w in post_text.split() if not w.startswith("@"))
    return words.startswith(note.rstrip("…").rstrip())


class FollowUpsModel(QAbstractTableModel):
    """The three sections as one list: a heading row, then its follow-ups."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[tuple[str, object, State | None]] = []  # ('heading', text) or item
        self._headings: list[int] = []
        self._now = datetime.now(UTC)

    def load(self, overview: Overview, now: datetime) -> None:
        self.beginResetModel()
        self._now = now
        rows: list[tuple[str, object, State | None]] = []
        headings: list[int] = []
        for title, items, empty in (
            ("E-mails owed", overview.owed, "No e-mails owed. Every promise is kept."),
            ("Awaiting their DM", overview.awaiting, "Not waiting for anyone's DM."),
            ("Done this week", overview.done, "Nothing finished yet this week."),
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
        if 0 <= row < len(self._rows) and self._rows[row][0] == "item":
            return self._rows[row][1]
        return None

    def state_at(self, row: int) -> State | None:
        if 0 <= row < len(self._rows):
            return self._rows[row][2]
        return None

    def row_of(self, promise_id: int) -> int | None:
        for i, (kind, row, _) in enumerate(self._rows):
            if kind == "item" and row.promise.id == promise_id:
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

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(_HEADERS):
            return _HEADERS[section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][0] == "item":
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
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
        row: FollowUpRow = value
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
                return f"{about} · waiting for their DM" if not row.dm_text else \
                    f"{about} · DM in, no address"
            if state in (State.DONE, State.CLOSED):
                return f"{about} · {promise.close_reason}" if promise.close_reason and \
                    state == State.CLOSED else about
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
            return f"Due {to_local(promise.due_at).strftime('%a %d %b %Y, %H:%M')}"
        return None


class FollowUpDetail(QFrame):
    """One follow-up: who, what, the context, and the actions."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Follow-up details")
        self.title = QLabel()
        self.title.setAccessibleName("Follow-up title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.state = QLabel()
        self.state.setAccessibleName("When it is due")
        self.state.setTextFormat(Qt.TextFormat.RichText)
        self.state.setWordWrap(True)
        self.context = QLabel()
        self.context.setAccessibleName("What it is about")
        self.context.setTextFormat(Qt.TextFormat.RichText)
        self.context.setWordWrap(True)
        self.context.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.context.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.address = QLineEdit()
        self.address.setAccessibleName("Their e-mail address")
        self.address.setPlaceholderText("name@example.com")
        self.save_address = QPushButton("Save address")
        self.save_address.setAccessibleName("Save the e-mail address")
        self.address_problem = QLabel()
        self.address_problem.setAccessibleName("Problem with the address")
        self.address_problem.setStyleSheet(f"color: {style.age_colour('red').name()}")
        self.address_problem.setWordWrap(True)
        self.address_problem.hide()
        address_row = QHBoxLayout()
        self.address_label = QLabel("&E-mail")
        self.address_label.setBuddy(self.address)
        address_row.addWidget(self.address_label)
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.save_address)

        self.write_email = QPushButton("Write e-mail")
        self.write_email.setDefault(True)
        bold = self.write_email.font()
        bold.setBold(True)
        self.write_email.setFont(bold)
        self.write_email.setAccessibleName("Write the e-mail")
        self.write_email.setToolTip("Opens your mail app with the address, subject and context")
        self.done = QPushButton("Done")
        self.done.setAccessibleName("Mark done")
        self.snooze = QToolButton()
        self.snooze.setText("Snooze")
        self.snooze.setAccessibleName("Snooze")
        self.snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_menu = QMenu(self.snooze)
        self.snooze_hour = self.snooze_menu.addAction("For 1 hour")
        self.snooze_tomorrow = self.snooze_menu.addAction("Until tomorrow 9:00")
        self.snooze_choose = self.snooze_menu.addAction("Until a time I choose…")
        self.snooze.setMenu(self.snooze_menu)
        self.nudge = QPushButton("Nudge publicly")
        self.nudge.setAccessibleName("Nudge publicly")
        self.nudge.setToolTip("Open the conversation with a friendly reminder to DM you")
        self.add_dm = QPushButton("Add their DM…")
        self.add_dm.setAccessibleName("Add their DM")
        self.close_button = QPushButton("Close without e-mail…")
        self.close_button.setAccessibleName("Close without e-mail")
        self.open_conversation = QPushButton("Open conversation")
        self.open_conversation.setAccessibleName("Open the conversation")
        self.reopen = QPushButton("Reopen")
        self.reopen.setAccessibleName("Reopen this follow-up")

        main_actions = QHBoxLayout()
        for widget in (self.write_email, self.done, self.nudge, self.add_dm, self.snooze):
            main_actions.addWidget(widget)
        main_actions.addStretch(1)
        other_actions = QHBoxLayout()
        for widget in (self.close_button, self.open_conversation, self.reopen):
            other_actions.addWidget(widget)
        other_actions.addStretch(1)
        self.message = QLabel()
        self.message.setAccessibleName("What happened")
        self.message.setWordWrap(True)

        self.empty = QLabel("Choose a follow-up on the left.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("No follow-up chosen")
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.title)
        body.addWidget(self.state)
        body.addSpacing(6)
        body.addLayout(address_row)
        body.addWidget(self.address_problem)
        body.addSpacing(6)
        body.addLayout(main_actions)
        body.addLayout(other_actions)
        body.addWidget(self.message)
        body.addSpacing(6)
        body.addWidget(self.context, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        self.show_row(None, None, datetime.now(UTC))

    def show_row(self, row: FollowUpRow | None, state: State | None, now: datetime) -> None:
        self.empty.setVisible(row is None)
        self.body.setVisible(row is not None)
        self.address_problem.hide()
        if row is None:
            return
        promise = row.promise
        who = row.name or f"@{row.handle}"
        is_open = promise.status == "open"
        awaiting = promise.kind == AWAITING_DM
        if awaiting:
            what = "Waited for a DM from" if not is_open else "Waiting for a DM from"
        else:
            what = {"done": "E-mail sent to", "closed": "Closed: e-mail to"}.get(
                promise.status, "E-mail owed to")
        self.title.setText(f"{what} {who}  ·  @{row.handle}")
        due = to_local(promise.due_at).strftime("%a %d %b, %H:%M")
        when = when_text(row, state, now)
        colour = {State.OVERDUE: style.age_colour("red"), State.DUE: style.age_colour("amber"),
                  State.SOON: style.age_colour("amber")}.get(state)
        head = f"<b style='color:{colour.name()}'>{when}</b>" if colour else f"<b>{when}</b>"
        if state in (State.DONE, State.CLOSED):
            line = head + (f" — {html.escape(promise.close_reason)}"
                           if promise.close_reason else "")
        elif awaiting and state in (State.DUE, State.OVERDUE):
            line = (f"{head} — no DM from @{html.escape(row.handle)} yet. "
                    "Nudge publicly, or close it?")
        elif awaiting:
            line = f"{head} — you asked them to DM you; Kindly waits until {due}."
        else:
            line = f"{head} — due {due}."
        self.state.setText(line)

        self.address.setText(promise.email or "")
        self.address.setReadOnly(not is_open)
        needs_address = is_open and (awaiting or not promise.email)
        self.save_address.setVisible(needs_address)
        if awaiting and row.dm_text:
            self.address.setPlaceholderText("No address in their DM — type it here")
        elif awaiting:
            self.address.setPlaceholderText("Type it here when they send it")
        else:
            self.address.setPlaceholderText("Type their address")

        self.write_email.setVisible(is_open and not awaiting)
        self.write_email.setEnabled(bool(promise.email))
        self.done.setVisible(is_open and not awaiting)
        self.nudge.setVisible(is_open and awaiting)
        self.add_dm.setVisible(is_open and awaiting)
        self.snooze.setVisible(is_open)
        self.close_button.setVisible(is_open)
        self.close_button.setText("Close…" if awaiting else "Close without e-mail…")
        self.open_conversation.setEnabled(row.post_n is not None)
        self.reopen.setVisible(not is_open)

        parts = []
        if promise.note and not _from_post(promise.note, row.post_text):
            parts.append(f"<b>About:</b> {html.escape(promise.note)}")
        if row.post_text:
            parts.append(f"<b>Their post:</b> “{html.escape(row.post_text)}”")
        if row.dm_text:
            parts.append(f"<b>Their DM:</b> “{html.escape(row.dm_text)}”")
        opened = to_local(promise.created_at).strftime("%a %d %b, %H:%M")
        parts.append(f"<span style='color:{self.palette().placeholderText().color().name()}'>"
                     f"Opened {opened}</span>")
        self.context.setText("<br><br>".join(parts))


class FollowUpsPage(QWidget):
    """The page itself; writes go through ``workspace.followups`` and are announced."""

    open_post_requested = Signal(int)  # a post's row key, to show in the inbox
    count_changed = Signal(int)  # follow-ups due soon, due or overdue

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
        intro = QLabel("E-mails you promised and DMs you are waiting for. Kindly reminds you "
                       "before each one is due, even with the window closed.")
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
        self.list.setColumnWidth(WHEN, 120)
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

    def reload(self, clear_message: bool = False, overview=None, now=None) -> None:
        """Show the follow-ups afresh; ``overview`` (read at ``now``) when a worker read it."""
        if clear_message:
            self.detail.message.setText("")
        if overview is None:
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
            self, "Close without e-mail",
            f"Why does the follow-up for @{row.handle} close without an e-mail?",
            CLOSE_REASONS, 0, True,
        )
        return reason if ok else None

    def ask_snooze_time(self) -> datetime | None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Snooze until")
        edit = QDateTimeEdit(QDateTime(self.workspace.clock.now().astimezone()
                                       + timedelta(hours=3)))
        edit.setAccessibleName("Remind me again at")
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel("Remind me again at:"))
        layout.addWidget(edit)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return edit.dateTime().toPython().astimezone(UTC)

    # ----- actions -------------------------------------------------------------------------------

    def _act(self, action, message: str | None = None) -> bool:
        try:
            result = action()
        except KindlyError as exc:
            self.detail.message.setText(str(exc))
            return False
        self.changes.announce(PROMISES, [getattr(result, "id", None)] if result else [])
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
            if opened else
            f"No mail app opened. Write to {draft.to} with the subject “{draft.subject}”."
        )

    def on_done_clicked(self) -> None:
        row = self.current()
        if row is not None:
            self._act(lambda: self.workspace.followups.done(row.promise.id),
                      f"Done — the e-mail to @{row.handle} is ticked off.")

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
        local = to_local(until).strftime("%a %d %b, %H:%M")
        self._act(lambda: self.workspace.followups.snooze(row.promise.id, until),
                  f"Snoozed — Kindly reminds you again {local}.")

    def on_save_address_clicked(self) -> None:
        row = self.current()
        if row is None or not self.detail.save_address.isVisible():
            return
        try:
            promise = self.workspace.followups.set_address(row.promise.id,
                                                           self.detail.address.text())
        except KindlyError as exc:
            self.detail.address_problem.setText(str(exc))
            self.detail.address_problem.show()
            return
        self._selected = promise.id
        self.changes.announce(PROMISES, [promise.id])
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
        composer = getattr(self.window(), "conversation", None)
        composer = getattr(composer, "composer", None)
        editor = getattr(composer, "editor", None)
        if composer is not None and editor is not None and not editor.toPlainText().strip():
            composer.insert_text(
                f"Hi @{row.handle}, just checking in! If you send us a DM with your e-mail, "
                "we'll get this sorted for you right away."
            )

    def on_add_dm_button_clicked(self) -> None:
        from ui.add_dm import AddDmDialog

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
        self.changes.announce(PROMISES, [outcome.promise.id] if outcome.promise else [])
        self.changes.announce(PEOPLE, [outcome.message.sender_id])
        if outcome.emails and outcome.promise is not None:
            self.detail.message.setText(
                f"Found {outcome.emails[0]} — an e-mail is now owed, due "
                f"{to_local(outcome.promise.due_at).strftime('%a %d %b, %H:%M')}.")
        elif outcome.promise is not None:
            self.detail.message.setText("No e-mail address in that DM; it is shown here. Type "
                                        "the address when you have it.")
        else:
            self.detail.message.setText("DM added. It had no e-mail address, and no follow-up "
                                        "was waiting for it.")

    def on_settings_button_clicked(self) -> None:
        from ui.followups_settings import FollowUpsSettingsDialog

        dialog = FollowUpsSettingsDialog(self.workspace.settings, self.autostart, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.changes.announce(SETTINGS, []))
        dialog.open()
        self.settings_dialog = dialog

    # ----- slots ---------------------------------------------------------------------------------

    def on_list_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind in (PROMISES, POSTS, DRAFTS, PEOPLE, SETTINGS):
            self.reload()
