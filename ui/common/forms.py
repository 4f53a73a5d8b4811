"""Forms whose every field can show its own problem underneath, in plain words."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.common import style


def form_with_errors(
    fields: list[tuple[str, str, QWidget]],
) -> tuple[QFormLayout, dict[str, QLabel]]:
    """A form of (key, caption, widget) rows, each with a hidden error label under its widget.

    Returns the layout and the error labels by key; a dialog shows a ValidationError at
    ``errors[exc.field]``.
    """
    errors: dict[str, QLabel] = {}
    form = QFormLayout()
    for key, caption_text, widget in fields:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        error = QLabel()
        error.setAccessibleName(f"Problem with {key}")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {style.age_colour('red').name()}")
        error.hide()
        box.addWidget(error)
        errors[key] = error
        caption = QLabel(caption_text)
        caption.setBuddy(widget)
        form.addRow(caption, holder)
    return form, errors


class PlainTextBox(QPlainTextEdit):
    """A multi-line text box that Tab leaves, as every other field does (a tab character is never
    what the owner means in a note, a DM or a template); Shift+Tab goes back."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTabChangesFocus(True)


# Kindly's words are English, so its dates are too ("Mon 23 Nov"), whatever the system's language;
# app.domain.times.english does the same for text built in Python.
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def in_english(edit: QDateTimeEdit) -> QDateTimeEdit:
    """The date-and-time field, and its calendar, with English day and month names."""
    edit.setLocale(ENGLISH)
    edit.calendarWidget().setLocale(ENGLISH)
    return edit
