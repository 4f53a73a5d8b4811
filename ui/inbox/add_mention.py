"""Adding a mention by hand, offline: paste the post's link, who wrote it, what and when."""

from __future__ import annotations


from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import NOTHING, Changed
from app.errors import ValidationError
from app.services.inbox import AlreadyInInbox, HandEntry, Inbox
from ui.common.dates import utc_of
from ui.common.forms import PlainTextBox, form_with_errors, in_english
from ui.inbox.post_fetch import PostFetcher


class AddMentionDialog(QDialog):
    """Nothing is saved until every field is valid; each problem is shown at its field."""

    def __init__(self, inbox: Inbox, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add a mention by hand")
        self.setAccessibleName("Add a mention by hand")
        self._inbox = inbox
        self.added_n: int | None = None
        self.existing_n: int | None = None
        self.change: Changed = NOTHING  # what adding it changed, for the window to publish

        self.link = QLineEdit()
        self.link.setAccessibleName("Post link")
        self.link.setPlaceholderText("https://x.com/name/status/1234567890")
        self.handle = QLineEdit()
        self.handle.setAccessibleName("Author handle")
        self.handle.setPlaceholderText("@name (read from the link when it has one)")
        self.text = PlainTextBox()
        self.text.setAccessibleName("What they wrote")
        self.text.setPlaceholderText("Paste the post's text")
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setAccessibleName("When it was posted")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        in_english(self.when)

        form, self.errors = form_with_errors(
            [
                ("link", "Post &link", self.link),
                ("handle", "&Handle", self.handle),
                ("text", "&Text", self.text),
                ("time", "&Posted", self.when),
            ]
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Add to inbox")
        self.show_existing = QPushButton("Show it")
        self.show_existing.setAccessibleName("Show the post already in the inbox")
        self.show_existing.hide()
        self.buttons.addButton(self.show_existing, QDialogButtonBox.ButtonRole.ActionRole)
        self.fetcher = PostFetcher(self)  # "Fetch": author and text from the link (oEmbed)

        layout = QVBoxLayout(self)
        intro = QLabel("Seen a mention Kindly does not have? Add it here — no connection needed.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 420)

        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.show_existing.clicked.connect(self.accept)
        self.link.textEdited.connect(self.on_link_text_edited)

    def entry(self) -> HandEntry:
        return HandEntry(
            link=self.link.text(),
            handle=self.handle.text(),
            text=self.text.toPlainText(),
            posted_at=utc_of(self.when.dateTime()),
        )

    def on_link_text_edited(self, _text: str) -> None:
        self.show_existing.hide()
        self.existing_n = None

    def on_buttons_accepted(self) -> None:
        for label in self.errors.values():
            label.hide()
        try:
            self.added_n, self.change = self._inbox.add_by_hand(self.entry())
        except AlreadyInInbox as exc:
            self.existing_n = exc.n
            self._show_error("link", str(exc))
            self.show_existing.show()
            return
        except ValidationError as exc:
            self._show_error(exc.field or "text", str(exc))
            return
        self.accept()

    def _show_error(self, field: str, message: str) -> None:
        label = self.errors[field]
        label.setText(message)
        label.show()
        widget = {"link": self.link, "handle": self.handle, "text": self.text, "time": self.when}[
            field
        ]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
