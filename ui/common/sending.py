"""Sending without the API: open X's reply window, then ask the owner "Did it post?".

``SendFlow`` hands one or several drafts to X in turn (the Review page sends a selection) and
records each answer through the drafting service; the composer and the Review page share it.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changed
from app.domain.drafts import Draft
from app.errors import KindlyError
from app.workspace import Workspace
from ui.common.changes import DRAFTS, POSTS, Changes
from ui.common.opener import UrlOpener


def elide(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, with an ellipsis when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class SendConfirmDialog(QDialog):
    """Asks whether the reply posted on X; the link of the new post is optional."""

    posted = Signal(str, bool)  # the pasted link ('' when none), resolve the conversation
    not_posted = Signal()
    reopen_requested = Signal()

    def __init__(
        self,
        text: str,
        handle: str,
        *,
        dm: bool,
        recipient_known: bool,
        resolve: bool,
        browser_opened: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Did it post?")
        self.setAccessibleName("Did it post on X?")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        where = "message window" if dm else "reply window"
        heading = QLabel(f"<b>Did your {'message' if dm else 'reply'} to @{handle} post?</b>")
        if browser_opened:
            steps = (
                f"Kindly opened X's {where} in your browser with the text filled in. "
                "Click <b>Post</b> there"
                + (" (Send for a message)" if dm else "")
                + ", then come back and say so."
            )
        else:
            steps = (
                "Kindly could not open your browser, so the text is on your clipboard: "
                f"paste it into X's {where}, post it, then come back and say so."
            )
        if dm and not recipient_known:
            steps += f" Choose <b>@{handle}</b> as the person to write to."
        explain = QLabel(steps)
        explain.setWordWrap(True)
        quote = QLabel(f"“{elide(text, 220)}”")
        quote.setWordWrap(True)
        quote.setAccessibleName("Your reply")
        quote.setStyleSheet("color: palette(placeholder-text); margin: 4px 0 8px 12px;")
        link_label = QLabel("&Link of your reply on X (optional — Kindly links the thread to it):")
        link_label.setWordWrap(True)
        self.link = QLineEdit()
        self.link.setAccessibleName("Link of your reply")
        self.link.setPlaceholderText("https://x.com/yourshop/status/…")
        link_label.setBuddy(self.link)
        link_label.setVisible(not dm)
        self.link.setVisible(not dm)
        self.resolve = QCheckBox("&Resolve the conversation (nothing more to do)")
        self.resolve.setChecked(resolve)
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()

        self.buttons = QDialogButtonBox()
        self.yes = self.buttons.addButton("&Yes, it posted", QDialogButtonBox.ButtonRole.AcceptRole)
        self.no = self.buttons.addButton(
            "&No, keep the draft", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.again = QPushButton("Open X &again")
        self.buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        # Enter means Yes in every platform's button order: a focused button must not take the
        # default over (Qt's Windows order made "No" the default, and Enter threw the link away).
        for button in (self.yes, self.no, self.again):
            button.setAutoDefault(False)
        self.yes.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(quote)
        layout.addWidget(link_label)
        layout.addWidget(self.link)
        layout.addWidget(self.resolve)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.yes.clicked.connect(self.on_yes_clicked)
        self.no.clicked.connect(self.on_no_clicked)
        self.again.clicked.connect(self.reopen_requested)
        self.rejected.connect(self.not_posted)

    def on_yes_clicked(self) -> None:
        self.posted.emit(self.link.text().strip(), self.resolve.isChecked())

    def on_no_clicked(self) -> None:
        self.reject()

    def reject(self) -> None:
        """No, Esc or closing the window keeps the draft — but never drops a pasted link: a link
        means it posted, so the owner says which (Yes, or clear the link and then No)."""
        if self.link.isVisible() and self.link.text().strip():
            self.show_error(
                "You pasted the link of a post, so it posted? Click “Yes, it posted”. "
                "If it did not, clear the link, then click No."
            )
            return
        super().reject()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.link.setFocus()
        self.link.selectAll()


class ApiSending(Protocol):
    """Sending through X's API (``ui.x.account.ApiSender``), when the owner connected X."""

    def wants(self, draft_id: int) -> bool: ...

    def queue(self, draft_id: int, resolve: bool | None = None) -> None: ...


class SendFlow(QObject):
    """Sends drafts by web intent, one after the other, and records what the owner answers."""

    sent = Signal(int)  # draft id, marked sent
    kept = Signal(int)  # draft id, the owner said it did not post
    problem = Signal(str)  # a plain-words message: a draft could not be handed to X
    finished = Signal()

    def __init__(
        self,
        workspace: Workspace,
        changes: Changes,
        opener: UrlOpener,
        parent: QWidget,
        *,
        api: ApiSending | None = None,
    ):
        super().__init__(parent)
        self._api = api
        self._workspace = workspace
        self._changes = changes
        self._opener = opener
        self._parent = parent
        self._queue: list[int] = []
        self._resolve: bool | None = None
        self._current: int | None = None
        self._sending: Draft | None = None  # the current draft as handed to X
        self._url = ""
        self.dialog: SendConfirmDialog | None = None

    @property
    def busy(self) -> bool:
        return self._current is not None

    def send(self, draft_ids: list[int], resolve: bool | None = None) -> None:
        """Hand these drafts to X in turn; each gets its own "Did it post?"."""
        if self.busy:
            self.problem.emit("Finish the reply that is open on X first.")
            return
        self._queue = list(draft_ids)
        self._resolve = resolve
        self._next()

    def confirm(self, draft_id: int) -> None:
        """Ask again about a draft already handed to X (after a restart, say)."""
        if self.busy:
            return
        draft = self._workspace.drafts.get(draft_id)
        if draft is None:
            return
        request = self._workspace.drafting.begin_sending(draft_id)
        self._current, self._sending = draft_id, request.draft
        self._url = request.url
        self._ask(request, browser_opened=True)

    # ----- the flow ----------------------------------------------------------------------------

    def _next(self) -> None:
        self._current = None
        while self._queue:
            draft_id = self._queue.pop(0)
            sender = self._api
            if sender is not None and sender.wants(draft_id):  # X connected: the API outbox
                try:
                    sender.queue(draft_id, self._resolve)
                except KindlyError as error:
                    self.problem.emit(str(error))
                    continue
                self._changes.announce(DRAFTS, [draft_id])
                continue
            try:
                request = self._workspace.drafting.begin_sending(draft_id, resolve=self._resolve)
            except KindlyError as error:
                self.problem.emit(str(error))
                continue
            self._changes.publish(request.changed)
            self._current, self._sending = draft_id, request.draft
            self._url = request.url
            opened = self._opener.open(request.url)
            if not opened:
                QGuiApplication.clipboard().setText(request.draft.text)
            self._ask(request, browser_opened=opened)
            return
        self.finished.emit()

    def _ask(self, request, *, browser_opened: bool) -> None:
        draft = request.draft
        post = self._workspace.posts.get_by_id(draft.post_id)
        handle = post.author_handle if post else "them"
        self.dialog = SendConfirmDialog(
            draft.text,
            handle,
            dm=draft.is_dm,
            recipient_known=request.recipient_known,
            resolve=draft.resolve_on_send,
            browser_opened=browser_opened,
            parent=self._parent,
        )
        self.dialog.posted.connect(self.on_dialog_posted)
        self.dialog.not_posted.connect(self.on_dialog_not_posted)
        self.dialog.reopen_requested.connect(self.on_dialog_reopen_requested)
        self.dialog.open()

    def on_dialog_posted(self, link: str, resolve: bool) -> None:
        draft_id = self._current
        if draft_id is None or self.dialog is None:
            return
        try:
            self._workspace.drafting.mark_sent_by_hand(draft_id, link, resolve=resolve)
        except KindlyError as error:
            self.dialog.show_error(str(error))
            return
        dialog, self.dialog = self.dialog, None
        dialog.not_posted.disconnect(self.on_dialog_not_posted)
        dialog.accept()
        dialog.deleteLater()
        # The draft is sent and its reply is in the thread: one change, so the inbox reloads once.
        self._changes.publish(Changed.of(DRAFTS, [draft_id]) | Changed.of(POSTS))
        self.sent.emit(draft_id)
        self._next()

    def on_dialog_not_posted(self) -> None:
        draft_id = self._current
        if draft_id is None:
            return
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        try:
            kept = self._workspace.drafting.keep_draft(draft_id)
        except KindlyError as error:  # it stays as it was: shown as being sent
            self.problem.emit(str(error))
        else:
            self._changes.publish_done(kept)  # with an Undo, for a "No" clicked by mistake
        self.kept.emit(draft_id)
        self._next()

    def on_dialog_reopen_requested(self) -> None:
        if self._url:
            self._opener.open(self._url)
