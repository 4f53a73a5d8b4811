"""One follow-up in detail: who, what, the context, and the actions."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.opening_hours import to_local
from app.domain.promises import AWAITING_DM, FollowUpRow, State
from app.domain.times import english
from ui.common import style
from ui.followups.model import when_text


def _from_post(note: str, post_text: str | None) -> bool:
    """Whether a note only repeats the start of the post (then the post alone is shown)."""
    if not post_text:
        return False
    words = " ".join(w for w in post_text.split() if not w.startswith("@"))
    return words.startswith(note.rstrip("…").rstrip())


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
                promise.status, "E-mail owed to"
            )
        self.title.setText(f"{what} {who}  ·  @{row.handle}")
        due = english(to_local(promise.due_at), "%a %d %b, %H:%M")
        when = when_text(row, state, now)
        colour = (
            {
                State.OVERDUE: style.age_colour("red"),
                State.DUE: style.age_colour("amber"),
                State.SOON: style.age_colour("amber"),
            }.get(state)
            if state is not None
            else None
        )
        head = f"<b style='color:{colour.name()}'>{when}</b>" if colour else f"<b>{when}</b>"
        if state in (State.DONE, State.CLOSED):
            line = head + (
                f" — {html.escape(promise.close_reason)}" if promise.close_reason else ""
            )
        elif awaiting and state in (State.DUE, State.OVERDUE):
            line = (
                f"{head} — no DM from @{html.escape(row.handle)} yet. Nudge publicly, or close it?"
            )
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
        opened = english(to_local(promise.created_at), "%a %d %b, %H:%M")
        parts.append(
            f"<span style='color:{self.palette().placeholderText().color().name()}'>"
            f"Opened {opened}</span>"
        )
        self.context.setText("<br><br>".join(parts))
