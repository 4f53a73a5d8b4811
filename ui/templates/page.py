"""The Templates page: the owner's saved replies — write, edit, delete and put them in order."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.length import measure
from app.domain.templates import AUTO_FIELDS, fields_in, fill, shop_values
from app.errors import KindlyError, ValidationError
from app.services.templates import delete_template, move_template, save_template
from app.workspace import Workspace
from ui.common import style
from ui.common.changes import Changes
from ui.common.empty import EmptyNote
from ui.common.forms import PlainTextBox

TEMPLATES = "templates"  # the kind announced after a template changes
_ID_ROLE = Qt.ItemDataRole.UserRole

# The preview shows a template as a customer called Maya would read it.
_SAMPLE = {"person_name": "Maya Kowalski", "handle": "maya_k"}


class TemplatesPage(QWidget):
    def __init__(self, workspace: Workspace, changes: Changes, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Templates")
        self._workspace = workspace
        self._changes = changes
        self._editing: int | None = None  # template id, None: a new one
        self.confirm_delete: QMessageBox | None = None

        title = QLabel("Templates")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel("Saved replies in your voice. In a conversation, Ctrl+T inserts one.")
        intro.setWordWrap(True)

        self.list = QListWidget()
        self.list.setAccessibleName("Your templates")
        self.empty_note = EmptyNote(
            self.list,
            lambda: (
                "No templates yet. Click New to write a reply you send often; Ctrl+T in a"
                " reply puts it in."
            ),
        )
        self.new_button = QPushButton("&New")
        self.new_button.setAccessibleName("New template")
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Alt+Up")
        self.down_button = QPushButton("Move do&wn")
        self.down_button.setToolTip("Alt+Down")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName("Delete template")
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.up_button)
        list_buttons.addWidget(self.down_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.delete_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(list_buttons)

        name_label = QLabel("&Name")
        self.name = QLineEdit()
        self.name.setAccessibleName("Template name")
        self.name.setPlaceholderText("A short name you can type to find it, like “Sorry — DM us”")
        name_label.setBuddy(self.name)
        body_label = QLabel("&Reply")
        self.body = PlainTextBox()
        self.body.setAccessibleName("Template text")
        self.body.setPlaceholderText("Oh no, {first_name}, we're so sorry! …")
        body_label.setBuddy(self.body)
        fields = ", ".join(f"{{{name}}}" for name in AUTO_FIELDS)
        self.fields_help = QLabel(
            f"Kindly fills {fields} itself. Any other field in braces, like {{order_number}},"
            " is asked for when you insert the template."
        )
        self.fields_help.setWordWrap(True)
        self.fields_help.setStyleSheet("color: palette(placeholder-text);")
        self.preview = QLabel()
        self.preview.setAccessibleName("Preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setWordWrap(True)
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save template")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("Re&vert")
        save_row = QHBoxLayout()
        save_row.addWidget(self.error, 1)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(name_label)
        right_layout.addWidget(self.name)
        right_layout.addWidget(body_label)
        right_layout.addWidget(self.body, 1)
        right_layout.addWidget(self.fields_help)
        right_layout.addWidget(QLabel("<b>How Maya (@maya_k) would read it</b>"))
        right_layout.addWidget(self.preview)
        right_layout.addLayout(save_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 700])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)

        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_template_by(step))

        self.list.currentItemChanged.connect(self.on_list_current_item_changed)
        self.new_button.clicked.connect(self.new)
        self.up_button.clicked.connect(lambda: self.move_template_by(-1))
        self.down_button.clicked.connect(lambda: self.move_template_by(1))
        self.delete_button.clicked.connect(self.delete)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.name.textChanged.connect(self.on_form_changed)
        self.body.textChanged.connect(self.on_form_changed)
        changes.changed.connect(self.on_changes_changed)
        self.reload()

    # ----- loading -------------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        select = select if select is not None else self._editing
        self.list.blockSignals(True)
        self.list.clear()
        for template in self._workspace.templates.list():
            item = QListWidgetItem(template.name)
            item.setData(_ID_ROLE, template.id)
            item.setToolTip(template.body)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.list.count():
            self._select(select)
        else:
            self.new()

    def _select(self, template_id: int | None) -> None:
        row = next(
            (
                r
                for r in range(self.list.count())
                if self.list.item(r).data(_ID_ROLE) == template_id
            ),
            0,
        )
        self.list.blockSignals(True)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._load(self.list.item(row).data(_ID_ROLE))

    def names(self) -> list[str]:
        return [self.list.item(r).text() for r in range(self.list.count())]

    def _load(self, template_id: int | None) -> None:
        self._editing = template_id
        if template_id is None:
            name, body = "", ""
        else:
            try:
                template = self._workspace.templates.get(template_id)
            except KindlyError:
                name, body = "", ""
            else:
                name, body = template.name, template.body
        self.name.setText(name)
        self.body.setPlainText(body)
        self.error.clear()
        self._show_buttons()

    def _show_buttons(self) -> None:
        has = self._editing is not None
        row = self.list.currentRow()
        self.delete_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and 0 <= row < self.list.count() - 1)

    def _is_changed(self) -> bool:
        if self._editing is None:
            return bool(self.name.text().strip() or self.body.toPlainText().strip())
        try:
            template = self._workspace.templates.get(self._editing)
        except KindlyError:
            return False
        return (template.name, template.body) != (self.name.text(), self.body.toPlainText())

    # ----- actions -------------------------------------------------------------------------------

    def new(self) -> None:
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self._load(None)
        self.name.setFocus()

    def save(self) -> bool:
        name, body = self.name.text(), self.body.toPlainText()
        try:
            self._editing, change = save_template(
                self._workspace.templates, self._editing, name, body
            )
        except ValidationError as error:
            self._show_error(str(error))
            (self.name if error.field == "name" else self.body).setFocus()
            return False
        except KindlyError as error:
            self._show_error(str(error))
            return False
        self._changes.publish(change)
        self.error.setText("Saved.")
        return True

    def revert(self) -> None:
        self._load(self._editing)

    def move_template_by(self, step: int) -> None:
        """Up or down the list (``move`` is QWidget's, the page's position)."""
        if self._editing is None:
            return
        self._changes.publish(move_template(self._workspace.templates, self._editing, step))
        self.list.setFocus()

    def delete(self) -> None:
        if self._editing is None:
            return
        template_id = self._editing
        self.confirm_delete = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete template",
            f"Delete “{self.name.text()}”? Replies you wrote with it stay as they are.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        self.confirm_delete.button(QMessageBox.StandardButton.Yes).setText("Delete")
        self.confirm_delete.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm_delete.finished.connect(
            lambda result: self.on_confirm_delete_finished(result, template_id)
        )
        self.confirm_delete.open()

    def on_confirm_delete_finished(self, result: int, template_id: int) -> None:
        if result != QMessageBox.StandardButton.Yes:
            return
        change = delete_template(self._workspace.templates, template_id)
        self._editing = None
        self._changes.publish(change)

    def _show_error(self, message: str) -> None:
        colour = style.kind_colour("complaint").name()
        self.error.setText(f"<span style='color:{colour}'>{html.escape(message)}</span>")

    # ----- slots ---------------------------------------------------------------------------------

    def on_list_current_item_changed(self, current, _previous) -> None:
        if current is None:
            return
        template_id = current.data(_ID_ROLE)
        if self._is_changed() and not self.save():
            return  # the problem is shown; the owner fixes it or reverts
        self._select(template_id)

    def on_form_changed(self) -> None:
        # Hidden (as at start), the preview waits until the page shows: weighing a post imports
        # twitter-text, which Kindly's start does not need.
        self._preview_stale = self.isHidden()
        if not self._preview_stale:
            self._show_preview()
        self.error.clear()

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        super().setVisible(visible)
        if visible and getattr(self, "_preview_stale", False):
            self._preview_stale = False
            self._show_preview()

    def _show_preview(self) -> None:
        body = self.body.toPlainText()
        values = shop_values(self._workspace.shop.get(), **_SAMPLE)
        filled = fill(body, values)
        text = html.escape(filled.text).replace("\n", "<br>")
        for name in filled.missing:
            text = text.replace(
                html.escape(f"{{{name}}}"),
                f"<span style='color:{style.kind_colour('question').name()}'>"
                f"[{html.escape(name.replace('_', ' '))} — asked when inserted]</span>",
            )
        length = measure(filled.text)
        asked = [f for f in fields_in(body) if f not in AUTO_FIELDS]
        note = f"{length.weighted} of 280 characters before any field is filled"
        if asked:
            note += " · asks for " + ", ".join(a.replace("_", " ") for a in asked)
        self.preview.setText(
            f"{text}<br><span style='color:{self.palette().placeholderText().color().name()}'>"
            f"{html.escape(note)}</span>"
            if body.strip()
            else ""
        )

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind == TEMPLATES:
            self.reload()
