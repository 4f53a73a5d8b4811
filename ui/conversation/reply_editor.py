"""Where the reply is typed: says when it loses focus (to save), and marks what the checks found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from app.domain.length import PostLength
from ui.common import style
from ui.common.findings import finding_colour, utf16_offset

if TYPE_CHECKING:  # the tone checks load on the first check, not when the window opens
    from app.domain.tone import Finding


class ReplyEditor(QPlainTextEdit):
    focus_left = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Your reply")
        self.setPlaceholderText(
            "Write a kind reply…   Ctrl+T inserts a template, Ctrl+Enter posts it on X."
        )
        self.setTabChangesFocus(True)
        self.setMinimumHeight(64)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.focus_left.emit()

    def highlight(self, findings: list[Finding]) -> None:
        """A wavy underline and a tint in each finding's colour over the words it points at."""
        text = self.toPlainText()
        selections = []
        for finding in findings:
            start = utf16_offset(text, min(finding.start, len(text)))
            end = utf16_offset(text, min(finding.end, len(text)))
            if end <= start:
                continue
            # ExtraSelection's cursor and format are plain fields PySide6's stubs leave out.
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            char_format = QTextCharFormat()
            colour = finding_colour(finding.code)
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            char_format.setUnderlineColor(colour)
            tint = QColor(colour)
            tint.setAlpha(45 if finding.code != "no_empathy" else 25)
            char_format.setBackground(tint)
            char_format.setToolTip(f"{finding.label}: {finding.message}")
            selection.format = char_format  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

    def select_finding(self, finding: Finding) -> None:
        text = self.toPlainText()
        cursor = self.textCursor()
        cursor.setPosition(utf16_offset(text, min(finding.start, len(text))))
        cursor.setPosition(
            utf16_offset(text, min(finding.end, len(text))), QTextCursor.MoveMode.KeepAnchor
        )
        self.setTextCursor(cursor)
        self.setFocus()

    def insert_text(self, text: str) -> None:
        """Put ``text`` at the cursor (replacing a selection), with a space before if needed."""
        if self.isReadOnly():
            return
        cursor = self.textCursor()
        if not cursor.hasSelection() and cursor.position() > 0:
            before = self.document().characterAt(cursor.position() - 1)
            if not before.isspace() and before != "\u2029":  # not after a space or line break
                text = " " + text
        cursor.insertText(text)
        self.setTextCursor(cursor)
        self.setFocus()

    def insert_at_start(self, text: str) -> None:
        if self.isReadOnly():
            return
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.insertText(text)
        self.setFocus()


def show_length(counter, length: PostLength) -> None:
    """The counter under the reply: weighted length of limit, amber when near, red when over."""
    if length.level == "over":
        colour = style.age_colour("red").name()
        text = f"{length.weighted:,} / {length.limit:,} — {length.over_by:,} over"
    elif length.level == "near":
        colour = style.age_colour("amber").name()
        text = f"{length.weighted:,} / {length.limit:,}"
    else:
        colour = counter.palette().color(counter.palette().ColorRole.PlaceholderText).name()
        text = f"{length.weighted:,} / {length.limit:,}"
    # "146 / 10,000" stays on one line; only the "— 1,720 over" of a long reply may wrap.
    text = text.replace(" / ", "\u00a0/\u00a0", 1)
    weight = "bold" if length.level != "ok" else "normal"
    sheet = f"color: {colour}; font-weight: {weight};"
    if counter.styleSheet() != sheet:  # a new sheet costs the label a new style and layout
        counter.setStyleSheet(sheet)
    counter.setText(text)
    counter.setProperty("level", length.level)
