"""Beside the composer: "You answered mentions like this before" — the shop's own replies to the
earlier mentions most like this one, each one click from the composer.

The search runs in a worker on its own connection (``run_job``), never on the GUI thread; an
answer for a post no longer shown is dropped. Only an in-memory database (tests) is read here,
because a connection to it cannot leave its thread.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import Post
from app.domain.times import local_text
from app.errors import KindlyError
from app.services.search import EarlierReply, earlier_replies
from app.workspace import Workspace
from ui.common.workers import Worker, run_job

_LEADING_HANDLES = re.compile(r"^(?:[@＠]\w+[\s,:]*)+")
TITLE = "You answered mentions like this before"
# The owner skimming with J/K starts no lookup: it waits until a conversation stays open this long.
SETTLE_MS = 250


class EarlierRepliesPanel(QWidget):
    reply_chosen = Signal(str)  # the reply's text, to insert into the composer

    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Earlier replies to similar mentions")
        self._workspace = workspace
        self._wanted: int | None = None  # the post whose answer is awaited
        self.worker: Worker | None = None
        self.replies: list[EarlierReply] = []
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.look_up)
        self.title = QLabel(f"<b>{TITLE}</b>")
        self.title.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Earlier replies status")
        self.hint.hide()
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(8)
        scroll = QScrollArea()
        scroll.setWidget(self.list)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)

    def show_for(self, post: Post | None) -> None:
        """Look for earlier replies like ``post`` (None: nothing open)."""
        self._clear()
        self.settle.stop()
        if post is None or post.is_shop:
            self._wanted = None
            self._say("")
            return
        self._wanted = post.n
        self._say("Looking through your earlier replies…")
        self.settle.start()

    def _say(self, text: str) -> None:
        """The line under the title; hidden when empty, so the first reply sits right under it."""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def look_up(self) -> None:
        """Look for the shown post's earlier replies now (the settle timer calls it)."""
        self.settle.stop()
        n = self._wanted
        if n is None:
            return
        if self._workspace.path is None:
            self.show_replies(n, earlier_replies(self._workspace.db, n))
            return
        if self.worker is not None:
            self.worker.cancel.set()
        self.worker = run_job(
            lambda context: (n, earlier_replies(context.db, n)),
            db_path=self._workspace.path,
            owner=self,
            settled=self.on_worker_settled,
            done=lambda answer: self.show_replies(*answer),
            expected=self.on_worker_expected,
        )

    def on_worker_settled(self) -> None:
        self.worker = None

    def on_worker_expected(self, error: KindlyError) -> None:
        self._say(str(error))

    def show_replies(self, n: int, replies: list[EarlierReply]) -> None:
        if n != self._wanted:
            return  # the owner moved on while it was looked for
        self._clear()
        self.replies = list(replies)
        self._say("" if replies else "Nothing like this in your earlier replies yet.")
        for index, reply in enumerate(replies):
            self.list_layout.addWidget(self._card(index, reply))
        self.list_layout.addStretch(1)

    def _card(self, index: int, reply: EarlierReply) -> QWidget:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(6, 6, 6, 6)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        asked = " ".join(_LEADING_HANDLES.sub("", reply.mention_text).split()) or reply.mention_text
        if len(asked) > 140:
            asked = asked[:139] + "…"
        said = QLabel(
            f"<i style='color:{muted}'>@{html.escape(reply.mention_handle)} wrote:"
            f" {html.escape(asked)}</i><br><b>You:</b> {html.escape(reply.reply_text)}"
        )
        said.setWordWrap(True)
        said.setTextFormat(Qt.TextFormat.RichText)
        said.setToolTip(
            f"You replied {local_text(reply.replied_at)}. Alike in: {', '.join(reply.shared_words)}"
        )
        use = QPushButton("Use this reply")
        use.setAccessibleName(f"Use earlier reply {index + 1}")
        use.setToolTip("Put it in the composer, to edit before sending")
        use.clicked.connect(lambda: self.reply_chosen.emit(reply.reply_text))
        layout.addWidget(said)
        layout.addWidget(use, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    def _clear(self) -> None:
        self.replies = []
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
