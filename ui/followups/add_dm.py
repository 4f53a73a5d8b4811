"""Adding a customer's DM by hand: paste it, say who and when; Kindly finds the e-mail address."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.contacts import find_emails
from app.errors import ValidationError
from app.services.followups import DmOutcome, FollowUps
from ui.common.dates import editor_time, utc_of
from ui.common.forms import PlainTextBox, form_with_errors, in_english


class AddDmDialog(QDialog):
    """Nothing is saved until every field is valid; each problem is shown at its field."""

    def __init__(
        self,
        followups: FollowUps,
        handle: str = "",
        handles: list[str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Add a customer's DM")
        self.setAccessibleName("Add a customer's DM")
        self._followups = followups
        self.outcome: DmOutcome | None = None

        self.handle = QLineEdit(f"@{handle}" if handle else "")
        self.handle.setAccessibleName("Who sent it")
        self.handle.setPlaceholderText("@their_handle")
        if handles:
            completer = QCompleter([f"@{h}" for h in handles], self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.handle.setCompleter(completer)
        self.text = PlainTextBox()
        self.text.setAccessibleName("What the DM says")
        self.text.setPlaceholderText(
            "Paste their message here, e.g. “my email is anna@example.com”"
        )
        self.when = QDateTimeEdit(editor_time(followups.clock.now()))
        self.when.setAccessibleName("When it arrived")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        in_english(self.when)
        self.found = QLabel()
        self.found.setAccessibleName("E-mail addresses found")
        self.found.setWordWrap(True)

        form, self.errors = form_with_errors(
            [
                ("handle", "&From", self.handle),
                ("text", "&Message", self.text),
                ("time", "&Arrived", self.when),
            ]
        )
        form.addRow("", self.found)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Add DM")

        intro = QLabel(
            "Paste a DM a customer sent you on X. If it has an e-mail address, Kindly opens an "
            "“e-mail owed” promise with a due time, and stops waiting for their DM."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 400)

        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self.on_text_text_changed)
        self.handle.editingFinished.connect(self.on_text_text_changed)
        self.on_text_text_changed()
        (self.text if handle else self.handle).setFocus()

    def on_text_text_changed(self) -> None:
        emails = find_emails(self.text.toPlainText())
        owed = self._followups.owed_address(self.handle.text()) if emails else None
        if emails and owed and owed not in emails:
            self.found.setText(
                f"E-mail found: <b>{emails[0]}</b>. An e-mail is already owed to them at "
                f"<b>{owed}</b>; adding this DM changes it to <b>{emails[0]}</b> (no second"
                " promise). You can change it back on the follow-up."
            )
        elif emails:
            self.found.setText("E-mail found: <b>" + "</b>, <b>".join(emails) + "</b>")
        elif self.text.toPlainText().strip():
            self.found.setText(
                "No e-mail address in it yet — you can type it on the follow-up later."
            )
        else:
            self.found.setText("")

    def on_buttons_accepted(self) -> None:
        for label in self.errors.values():
            label.hide()
        when = utc_of(self.when.dateTime())
        try:
            self.outcome = self._followups.add_dm_by_hand(
                self.handle.text(), self.text.toPlainText(), when
            )
        except ValidationError as exc:
            self._show_error(exc.field or "text", str(exc))
            return
        self.accept()

    def _show_error(self, field: str, message: str) -> None:
        label = self.errors.get(field, self.errors["text"])
        label.setText(message)
        label.show()
        widget = {"handle": self.handle, "text": self.text, "time": self.when}.get(field, self.text)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
