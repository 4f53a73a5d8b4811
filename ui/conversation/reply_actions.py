"""The rows around the reply: above it who it answers, public or DM, and when it was saved; under
it templates, copy, the length counter, ready for review and post on X."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from app.domain.drafts import Channel


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

    def __init__(self) -> None:
        super().__init__()
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
        self.ready_button = QPushButton("Ready for &review")
        self.ready_button.setAccessibleName("Ready for review")
        self.send_button = QToolButton()
        self.send_button.setText("Post on X")
        self.send_button.setAccessibleName("Post on X")
        self.send_button.setToolTip("Open X's reply window with this text (Ctrl+Enter)")
        self.send_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.send_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        send_menu = QMenu(self.send_button)
        self.send_and_resolve_action = send_menu.addAction("Post on X and resolve")
        self.send_button.setMenu(send_menu)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.templates_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(self.counter)
        row.addSpacing(8)
        row.addWidget(self.ready_button)
        row.addWidget(self.send_button)

    def show_state(self, editable: bool, ready: bool) -> None:
        """What the owner may do with the draft: nothing while it is sent or being sent."""
        self.templates_button.setEnabled(editable)
        self.send_button.setEnabled(editable)
        self.ready_button.setEnabled(editable)
        self.ready_button.setText("Not ready &yet" if ready else "Ready for &review")
        self.ready_button.setAccessibleName("Back to drafts" if ready else "Ready for review")
