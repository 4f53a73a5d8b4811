"""The "Fetch" button of the hand-entry form: reads a pasted post link through X's public oEmbed
endpoint (no account, no cost) in a worker, and fills in the author and the text. Offline or on
any failure the owner is told in plain words and types them in as before.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QDate, QDateTime, QObject, QThreadPool, QTime
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from app.services.oembed import EmbeddedPost, fetch_post
from app.services.settings import load_settings
from ui.common.workers import run_job


class PostFetcher(QObject):
    """Wires the Fetch button into an AddMentionDialog."""

    def __init__(self, dialog, pool: QThreadPool | None = None):
        super().__init__(dialog)
        self.dialog = dialog
        self.pool = pool or QThreadPool(self)
        self.button = QPushButton("Fetch")
        self.button.setAccessibleName("Fetch the post's author and text from X")
        self.button.setToolTip(
            "Read the author and text from the link (needs a connection, no X account)"
        )
        dialog.buttons.addButton(self.button, QDialogButtonBox.ButtonRole.ActionRole)
        self.button.clicked.connect(self.on_button_clicked)

    def on_button_clicked(self) -> None:
        link = self.dialog.link.text().strip()
        if not link:
            self.dialog._show_error("link", "Paste the post's link first.")
            return
        self.dialog.errors["link"].hide()
        endpoint = load_settings(self.dialog._inbox.db).oembed_url
        self.button.setEnabled(False)
        self.button.setText("Fetching…")
        self.worker = run_job(
            lambda _context: fetch_post(link, endpoint=endpoint),
            pool=self.pool,
            owner=self,
            done=self.on_worker_fetched,
            expected=lambda error: self.on_worker_failed(str(error)),
        )

    def _done(self) -> bool:
        if not shiboken6.isValid(self.dialog) or not shiboken6.isValid(self.button):
            return False
        self.button.setEnabled(True)
        self.button.setText("Fetch")
        return True

    def on_worker_fetched(self, post: EmbeddedPost) -> None:
        if not self._done():
            return
        self.dialog.handle.setText("@" + post.handle)
        self.dialog.text.setPlainText(post.text)
        if post.posted_on is not None:
            day = post.posted_on.date()
            self.dialog.when.setDateTime(
                QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))
            )

    def on_worker_failed(self, message: str) -> None:
        if self._done():
            self.dialog._show_error("link", message)
