"""The rows around the reply: above it who it answers, public or DM, and when it was saved; under
it templates, copy, the length counter, ready for review and post on X."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from app.domain.drafts import Channel

COUNT_ROOM = "888\u00a0/\u00a010,000"  # the widest count a reply under its limit shows


class ReplyHeading(QWidget):
    """ "Reply to @someone", the public-or-DM choice, and the saved time (or a problem)."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        self.heading.setAccessibleName("Replying to")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.channel = QComboBox()
        self.channel.setAccessibleName("Reply in public or by DM")
        self.channel.addItem("Public reply", str(Channel.PUBLIC))
        self.channel.addItem("Direct message", str(Channel.DM))
        self.channel.setToolTip("A public reply is seen by everyone; a DM only by them.")
        self.saved = QLabel()
        self.saved.setAccessibleName("Saved")
        self.saved.setStyleSheet("color: palette(placeholder-text);")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.heading)
        row.addWidget(self.channel)
        row.addStretch(1)
        row.addWidget(self.saved)


class ReplyActions(QWidget):
    """The buttons only; the composer connects them and decides what they may do."""

    def __init__(self, channel: QComboBox | None = None, editor: QPlainTextEdit | None = None):
        super().__init__()
        self._editor = editor
        self.templates_button = QPushButton("&Templates…")
        self.templates_button.setAccessibleName("Insert a template")
        self.templates_button.setToolTip("Insert a saved reply (Ctrl+T)")
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setAccessibleName("Copy the reply")
        self.copy_button.setToolTip("Put the text on the clipboard, to paste anywhere")
        self.counter = QLabel()
        self.counter.setAccessibleName("Length")
        self.counter.setToolTip("Counted the way X counts: links 23, emoji and most CJK 2.")
        # A long reply's count ("2,000 / 280 — 1,720 over") wraps rather than widen the composer.
        self.counter.setWordWrap(True)
        # Room for a DM's count from the start, so the composer keeps its width as it fills.
        self.counter.setMinimumWidth(self.counter.fontMetrics().horizontalAdvance(COUNT_ROOM))
        self.ready_button = QPushButton("Ready for &review")
        self.ready_button.setAccessibleName("Ready for review")
        self.send_button = QToolButton()
        self.send_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.send_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        send_menu = QMenu(self.send_button)
        self.send_and_resolve_action = send_menu.addAction("")
        self.send_button.setMenu(send_menu)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.templates_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(self.counter)
        row.addWidget(self.ready_button)
        row.addWidget(self.send_button)
        self.say_channel(str(Channel.PUBLIC))
        if channel is not None:  # a DM is sent, not posted: the words follow the choice
            channel.currentIndexChanged.connect(lambda _i: self.say_channel(channel.currentData()))

    def show_state(self, editable: bool, ready: bool) -> None:
        """What the owner may do with the draft: nothing while it is sent or being sent."""
        self.templates_button.setEnabled(editable)
        self.send_button.setEnabled(editable)
        self.ready_button.setEnabled(editable)
        self.ready_button.setText("Not ready &yet" if ready else "Ready for &review")
        self.ready_button.setAccessibleName("Back to drafts" if ready else "Ready for review")

    def say_channel(self, channel: str | None) -> None:
        """A public reply is posted on X; a DM is sent. The button, its menu and the hint in the
        empty reply box say which."""
        dm = channel == str(Channel.DM)
        text = "Send DM" if dm else "Post on X"
        self.send_button.setText(text)
        self.send_button.setAccessibleName(text)
        self.send_button.setToolTip(
            "Send this to them as a direct message on X (Ctrl+Enter)"
            if dm
            else "Post this reply on X (Ctrl+Enter)"
        )
        self.send_and_resolve_action.setText(f"{text} and resolve")
        if self._editor is not None:
            self._editor.setPlaceholderText(
                "Write a kind message…   Ctrl+T inserts a template, Ctrl+Enter sends it as a DM."
                if dm
                else "Write a kind reply…   Ctrl+T inserts a template, Ctrl+Enter posts it on X."
            )
