"""Who the customer is: name, handle, how often they wrote and about what, the owner's notes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import PersonSummary
from app.domain.times import local_text
from ui.common import style
from ui.common.forms import PlainTextBox


class PersonPanel(QFrame):
    notes_edited = Signal(str, str)  # person id, notes
    mute_toggled = Signal(str, bool)  # person id, muted

    def __init__(self, note_for: Callable[[str], str | None] | None = None, parent=None):
        super().__init__(parent)
        self.setAccessibleName("About this person")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._person_id: str | None = None
        self._muted = False
        self._saved_notes: str | None = ""  # None: what is typed could not be saved

        self.name = QLabel()
        self.name.setAccessibleName("Name")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.handle = QLabel()
        self.handle.setAccessibleName("Handle")
        self.history = QLabel()
        self.history.setAccessibleName("History")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        # Strikes and the owner's troll policy, when this person has strikes.
        self.note_for = note_for
        self.strikes_note = QLabel()
        self.strikes_note.setAccessibleName("Strikes and your troll policy")
        self.strikes_note.setWordWrap(True)
        self.strikes_note.setStyleSheet(f"color: {style.kind_colour('complaint').name()}")
        self.strikes_note.hide()
        notes_label = QLabel("&Notes")
        self.notes = PlainTextBox()
        self.notes.setAccessibleName("Notes about this person")
        self.notes.setPlaceholderText(
            "What you know about them: sizes, past orders, how they like to be contacted…"
        )
        notes_label.setBuddy(self.notes)
        self.save_notes = QPushButton("Save note")
        self.save_notes.setAccessibleName("Save note")
        self.save_notes.setEnabled(False)
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.kind_colour('complaint').name()}")
        self.problem.hide()
        self.mute = QPushButton("Mute")
        self.mute.setAccessibleName("Mute this person")
        self.mute.setToolTip("Their posts go to Trolls & spam and stop asking for a reply.")

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_notes)
        buttons.addStretch(1)
        buttons.addWidget(self.mute)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.handle)
        layout.addWidget(self.history)
        layout.addWidget(self.strikes_note)
        layout.addSpacing(8)
        self._sections_at = layout.count()  # other views' sections go above the notes
        layout.addWidget(notes_label)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        self.notes.textChanged.connect(self.on_notes_text_changed)
        self.save_notes.clicked.connect(self.on_save_notes_clicked)
        self.mute.clicked.connect(self.on_mute_clicked)
        # Quitting (the tray's Quit, ⌘Q, logging out) may never close the window: the notes typed
        # are kept all the same.
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.commit_notes)
        self.show_person(None)

    def add_section(self, widget: QWidget) -> None:
        """Another view's part of the panel (Follow-ups' line), above the notes."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(self._sections_at, widget)
        self._sections_at += 1

    @property
    def person_id(self) -> str | None:
        return self._person_id

    def show_person(self, summary: PersonSummary | None) -> None:
        self.commit_notes()
        self.problem.clear()
        self.problem.hide()
        enabled = summary is not None
        for widget in (self.notes, self.mute):
            widget.setEnabled(enabled)
        note = self.note_for(summary.person.id) if summary and self.note_for else None
        self.strikes_note.setText(note or "")
        self.strikes_note.setVisible(bool(note))
        if summary is None:
            self._person_id = None
            self.name.setText("")
            self.handle.setText("")
            self.history.setText("")
            self._set_notes("")
            return
        person = summary.person
        self._person_id = person.id
        self._muted = person.muted
        self.name.setText(person.name or f"@{person.handle}")
        self.handle.setText(f"@{person.handle}" + ("  · muted" if person.muted else ""))
        times = "once" if summary.post_count == 1 else f"{summary.post_count} times"
        kinds = ", ".join(
            f"<span style='color:{style.kind_colour(kind).name()}'>{count} "
            f"{(style.KIND_PLURALS if count > 1 else style.KIND_LABELS).get(kind, kind).lower()}</span>"
            for kind, count in summary.kinds.items()
        )
        last = local_text(summary.last_contact) if summary.last_contact else "—"
        self.history.setText(f"Wrote {times}<br>{kinds}<br>Last: {last}")
        self._set_notes(person.notes)
        self.mute.setText("Unmute" if person.muted else "Mute")
        self.mute.setAccessibleName("Unmute this person" if person.muted else "Mute this person")

    def commit_notes(self) -> None:
        """Save notes that were edited and not yet saved (on switching person or leaving)."""
        if self._person_id and self.notes.toPlainText() != self._saved_notes:
            self.on_save_notes_clicked()

    def _set_notes(self, text: str) -> None:
        self._saved_notes = text
        self.notes.blockSignals(True)
        self.notes.setPlainText(text)
        self.notes.blockSignals(False)
        self.save_notes.setEnabled(False)

    def on_notes_text_changed(self) -> None:
        self.save_notes.setEnabled(self.notes.toPlainText() != self._saved_notes)

    def on_save_notes_clicked(self) -> None:
        if self._person_id is None:
            return
        text = self.notes.toPlainText()
        self._saved_notes = text
        self.save_notes.setEnabled(False)
        self.notes_edited.emit(self._person_id, text)

    def show_problem(self, message: str) -> None:
        """A write from this panel failed (``message``) or went through (empty)."""
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        if message:  # what is typed is not saved: Save note stays available
            self._saved_notes = None
            self.save_notes.setEnabled(True)

    def on_mute_clicked(self) -> None:
        if self._person_id is not None:
            self.mute_toggled.emit(self._person_id, not self._muted)
