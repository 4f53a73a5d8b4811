"""The person panel's link between a customer's mentions and their DM thread, both ways."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel

from app.domain.models import Post


class PersonLinks(QLabel):
    """ "3 DMs · Open their DM thread" beside a mention; "5 mentions · Open the latest" beside a
    DM. Hidden when they wrote only one way."""

    post_chosen = Signal(int)  # the post to open

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Their other conversations")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self._n: int | None = None
        self.linkActivated.connect(self.on_link_activated)
        self.hide()

    def show_for(self, post: Post | None, elsewhere: tuple[int, int] | None) -> None:
        """``elsewhere``: (how many, newest n) of their posts in the other channel."""
        if post is None or elsewhere is None:
            self._n = None
            self.setText("")
            self.hide()
            return
        count, self._n = elsewhere
        if post.is_dm:
            what = "1 mention" if count == 1 else f"{count} mentions"
            link = "Open the latest"
        else:
            what = "1 DM" if count == 1 else f"{count} DMs"
            link = "Open their DM thread"
        self.setText(f"{what} · <a href='kindly:post/{self._n}'>{link}</a>")
        self.setToolTip(
            f"@{post.author_handle} also wrote to you {'in public' if post.is_dm else 'by DM'}."
        )
        self.show()

    def open(self) -> None:
        """What a click on the link does (tests call it)."""
        if self._n is not None:
            self.post_chosen.emit(self._n)

    def on_link_activated(self, _link: str) -> None:
        self.open()
