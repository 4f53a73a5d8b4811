"""Ctrl+T in the composer: type to filter the saved replies, Enter inserts one.

A field Kindly cannot fill ({order_number}, or anything new) is asked for in a short form before
the text goes into the reply.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.templates import Template, field_label, rank_templates

_ID_ROLE = Qt.ItemDataRole.UserRole


class TemplatePicker(QDialog):
    """Choose a template by typing part of its name or words; Enter inserts, Esc closes."""

    chosen = Signal(int)  # template id

    def __init__(
        self,
        templates: list[Template],
        preview: Callable[[Template], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Insert a template")
        self.setAccessibleName("Insert a template")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(520, 420)
        self._templates = templates
        self._preview = preview

        self.filter = QLineEdit()
        self.filter.setAccessibleName("Filter templates")
        self.filter.setPlaceholderText("Type to filter — ↑↓ to choose, Enter to insert")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.list.setUniformItemSizes(True)
        self.preview = QLabel()
        self.preview.setAccessibleName("What it inserts")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setMinimumHeight(72)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setStyleSheet(
            "QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 8px;"
            " background: palette(base); }"
        )
        self.empty = QLabel("No template matches. Add one on the Templates page.")
        self.empty.setAccessibleName("No template matches")
        self.empty.setWordWrap(True)
        self.empty.hide()
        hint = QLabel("Fields in braces fill themselves; Kindly asks for any it cannot fill.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(QLabel("It inserts:"))
        layout.addWidget(self.preview)
        layout.addWidget(hint)

        self.filter.textChanged.connect(self.on_filter_text_changed)
        self.filter.installEventFilter(self)
        self.list.currentItemChanged.connect(self.on_list_current_item_changed)
        self.list.itemActivated.connect(self.on_list_item_activated)
        self._fill("")
        self.filter.setFocus()

    def visible_names(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _fill(self, text: str) -> None:
        self.list.clear()
        for template in rank_templates(self._templates, text):
            item = QListWidgetItem(template.name)
            item.setData(_ID_ROLE, template.id)
            item.setToolTip(template.body)
            self.list.addItem(item)
        if not self._templates:
            self.empty.setText("No templates yet. Add one on the Templates page.")
        else:
            self.empty.setText(
                f"No template has “{text.strip()}” in its name or text."
                " Try another word, or add one on the Templates page."
            )
        self.empty.setVisible(self.list.count() == 0)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.preview.setText("")

    def _template(self, template_id: int) -> Template | None:
        return next((t for t in self._templates if t.id == template_id), None)

    # ----- slots ---------------------------------------------------------------------------------

    def on_filter_text_changed(self, text: str) -> None:
        self._fill(text)

    def on_list_current_item_changed(self, current, _previous) -> None:
        template = self._template(current.data(_ID_ROLE)) if current else None
        self.preview.setText(self._preview(template) if template else "")

    def on_list_item_activated(self, item: QListWidgetItem) -> None:
        self._choose(item)

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.chosen.emit(int(item.data(_ID_ROLE)))
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                row = self.list.currentRow()
                step = {
                    Qt.Key.Key_Down: 1,
                    Qt.Key.Key_Up: -1,
                    Qt.Key.Key_PageDown: 5,
                    Qt.Key.Key_PageUp: -5,
                }[Qt.Key(key)]
                if self.list.count():
                    self.list.setCurrentRow(max(0, min(self.list.count() - 1, row + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentItem())
                return True
        return super().eventFilter(watched, event)


class FieldsDialog(QDialog):
    """Asks for the fields a template needs that Kindly cannot fill itself."""

    filled = Signal(dict)  # field name -> what the owner typed

    def __init__(
        self, template_name: str, fields: tuple[str, ...] | list[str], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Fill in the template")
        self.setAccessibleName("Fill in the template")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(380)
        intro = QLabel(f"“{template_name}” needs a little more before it goes in:")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit] = {}
        for name in fields:
            edit = QLineEdit()
            edit.setAccessibleName(field_label(name))
            edit.textChanged.connect(self.on_input_text_changed)
            form.addRow(f"{field_label(name)}:", edit)
            self.inputs[name] = edit
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Insert")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.on_input_text_changed()
        if self.inputs:
            next(iter(self.inputs.values())).setFocus()

    def values(self) -> dict[str, str]:
        return {name: " ".join(edit.text().split()) for name, edit in self.inputs.items()}

    def on_input_text_changed(self, _text: str = "") -> None:
        ready = all(self.values().values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def on_buttons_accepted(self) -> None:
        if not all(self.values().values()):
            return
        self.filled.emit(self.values())
        self.accept()
