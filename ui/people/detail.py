"""One person in detail: what the owner knows about them and what they can do about them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from app.changes import Changed, ChangeKind
from app.domain.times import english, local_text
from app.errors import KindlyError
from app.services.customers import CHANNELS, Customers
from app.domain.people import PersonRow
from ui.common import style
from ui.common.changes import Changes
from ui.common.forms import PlainTextBox
from ui.common.operation import apply_change


class PersonDetail(QFrame):
    """What the owner knows about one person, and what they can do about them."""

    thank_requested = Signal(str)  # person id
    profile_requested = Signal(str)  # handle

    def __init__(self, customers: Customers, changes: Changes, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("About this person")
        self._customers = customers
        self._changes = changes
        self._person: PersonRow | None = None

        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setAccessibleName("Name")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("History")
        self.thank = QPushButton("Thank them…")
        self.thank.setAccessibleName("Thank this fan")
        self.thank.setToolTip("Open their latest praise with a thank-you ready to send")
        self.thank.clicked.connect(self.on_thank_clicked)

        self.channel = QComboBox()
        self.channel.setAccessibleName("Preferred contact channel")
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.address = QLineEdit()
        self.address.setAccessibleName("Contact address")
        self.address.setPlaceholderText("e-mail, phone or handle they gave you")
        self.save_contact = QPushButton("Save")
        self.save_contact.setAccessibleName("Save contact")
        self.save_contact.clicked.connect(self.on_save_contact_clicked)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.channel)
        contact_row.addWidget(self.address, 1)
        contact_row.addWidget(self.save_contact)
        self.notes = PlainTextBox()
        self.notes.setAccessibleName("Notes about this person")
        self.notes.setPlaceholderText("Sizes, past orders, anything worth remembering…")
        self.notes.setMaximumHeight(90)
        self.save_notes = QPushButton("Save note")
        self.save_notes.clicked.connect(self.on_save_notes_clicked)

        self.strikes = QListWidget()
        self.strikes.setAccessibleName("Strikes")
        self.strikes.setMaximumHeight(90)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for a strike")
        self.reason.setPlaceholderText("Why? e.g. insults, spam links")
        self.add_strike = QPushButton("Add strike")
        self.add_strike.clicked.connect(self.on_add_strike_clicked)
        self.reason.returnPressed.connect(self.on_add_strike_clicked)
        strike_row = QHBoxLayout()
        strike_row.addWidget(self.reason, 1)
        strike_row.addWidget(self.add_strike)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("Troll policy advice")

        self.mute = QPushButton("Mute")
        self.mute.clicked.connect(self.on_mute_clicked)
        self.block = QPushButton("Open on X to block")
        self.block.setToolTip("Opens their profile on X; block them there, then mark them blocked")
        self.block.clicked.connect(self.on_block_clicked)
        self.mark_blocked = QPushButton("Mark blocked")
        self.mark_blocked.clicked.connect(self.on_mark_blocked_clicked)
        self.forget = QPushButton("Forget this person…")
        self.forget.setAccessibleName("Forget this person")
        self.forget.clicked.connect(self.on_forget_clicked)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.kind_colour('complaint').name()}")

        form = QFormLayout()
        form.addRow("Prefers:", contact_row)
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.thank)
        trolls = QGroupBox("Strikes")
        trolls_layout = QVBoxLayout(trolls)
        trolls_layout.addWidget(self.strikes)
        trolls_layout.addLayout(strike_row)
        trolls_layout.addWidget(self.advice)
        moderation = QHBoxLayout()
        moderation.addWidget(self.mute)
        moderation.addWidget(self.block)
        moderation.addWidget(self.mark_blocked)
        moderation.addStretch(1)
        notes_row = QHBoxLayout()
        notes_row.addStretch(1)
        notes_row.addWidget(self.save_notes)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(QLabel("Notes"))
        layout.addWidget(self.notes)
        layout.addLayout(notes_row)
        layout.addWidget(trolls)
        layout.addLayout(moderation)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        forget_row = QHBoxLayout()
        forget_row.addStretch(1)
        forget_row.addWidget(self.forget)
        layout.addLayout(forget_row)
        self.show_person(None)

    @property
    def person(self) -> PersonRow | None:
        return self._person

    def show_person(self, person: PersonRow | None) -> None:
        self._person = person
        self.problem.setText("")
        for widget in (
            self.thank,
            self.channel,
            self.address,
            self.save_contact,
            self.notes,
            self.save_notes,
            self.reason,
            self.add_strike,
            self.mute,
            self.block,
            self.mark_blocked,
            self.forget,
        ):
            widget.setEnabled(person is not None)
        if person is None:
            self.name.setText("Choose someone on the left.")
            self.summary.setText("")
            self.notes.setPlainText("")
            self.strikes.clear()
            self.advice.setText("")
            self.thank.hide()
            return
        self.name.setText(person.name or f"@{person.handle}")
        times = "once" if person.posts == 1 else f"{person.posts:,} times"
        kinds = ", ".join(
            f"<span style='color:{style.kind_colour(kind).name()}'>{count} "
            f"{(style.KIND_PLURALS if count > 1 else style.KIND_LABELS).get(kind, kind).lower()}"
            "</span>"
            for kind, count in person.kinds.items()
        )
        last = local_text(person.last_contact) if person.last_contact else "—"
        state = (
            " · <b>blocked</b>" if person.blocked else (" · <b>muted</b>" if person.muted else "")
        )
        dms = f" and sent {person.dms} DM{'s' if person.dms != 1 else ''}" if person.dms else ""
        self.summary.setText(
            f"@{person.handle}{state}<br>Wrote {times}{dms}: {kinds or 'nothing public'}"
            f"<br>Last contact: {last}"
        )
        self.thank.setVisible(self._customers.people.is_fan(person.id))
        index = self.channel.findData(person.preferred_channel or "")
        self.channel.setCurrentIndex(max(0, index))
        self.address.setText(person.contact_address or "")
        self.notes.setPlainText(person.notes)
        self.mute.setText("Unmute" if person.muted else "Mute")
        self.mark_blocked.setText("Unblock" if person.blocked else "Mark blocked")
        self._show_strikes()

    def _show_strikes(self) -> None:
        self.strikes.clear()
        if self._person is None:
            return
        for strike in self._customers.strikes(self._person.id):
            self.strikes.addItem(
                f"{english(strike.created_at.astimezone(), '%d %b %Y')} — {strike.reason}"
            )
        advice = self._customers.advice(self._person.id)
        text = advice.text() or "No strikes."
        if advice.strikes and advice.policy:
            text += f"\nYour policy: {advice.policy}"
        self.advice.setText(text)
        colour = style.kind_colour("complaint" if advice.suggest_mute else "other").name()
        self.advice.setStyleSheet(f"color: {colour}")

    def _run(self, write: Callable[[], Changed]) -> bool:
        """A write through Customers: its failure in plain words, or what it changed announced."""
        return apply_change(self._changes, write, self.problem.setText)

    def _add_strike(self) -> Changed:
        assert self._person is not None
        self._customers.add_strike(self._person.id, self.reason.text())
        return Changed.of(ChangeKind.PEOPLE, [self._person.id])

    def on_thank_clicked(self) -> None:
        if self._person:
            self.thank_requested.emit(self._person.id)

    def on_save_contact_clicked(self) -> None:
        if self._person:
            pid = self._person.id
            self._run(
                lambda: self._customers.set_contact(
                    pid, self.channel.currentData(), self.address.text()
                )
            )

    def on_save_notes_clicked(self) -> None:
        if self._person:
            pid = self._person.id
            self._run(lambda: self._customers.set_notes(pid, self.notes.toPlainText()))

    def on_add_strike_clicked(self) -> None:
        if self._person and self._run(self._add_strike):
            self.reason.clear()

    def on_mute_clicked(self) -> None:
        if self._person:
            pid, muted = self._person.id, not self._person.muted
            self._run(lambda: self._customers.set_muted(pid, muted))

    def on_block_clicked(self) -> None:
        if self._person:
            self.profile_requested.emit(self._person.handle)

    def on_mark_blocked_clicked(self) -> None:
        if self._person:
            pid, blocked = self._person.id, not self._person.blocked
            self._run(lambda: self._customers.set_blocked(pid, blocked))

    def on_forget_clicked(self) -> None:
        if self._person is None:
            return
        person = self._person
        answer = QMessageBox.question(
            self,
            "Forget this person?",
            f"Delete everything Kindly knows about @{person.handle}: their posts and your replies "
            "to them, DMs, drafts, promises, strikes, notes, contact details and saved searches "
            "for their posts. This cannot be undone. Backups from before today still hold them "
            "until they roll over.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._customers.forget(person.id)
        except KindlyError as error:
            self.problem.setText(str(error))
            return
        self._person = None
        self._changes.publish(
            Changed(frozenset({ChangeKind.POSTS, ChangeKind.PROMISES, ChangeKind.PEOPLE}))
        )
