"""Inserting a template into a reply: the picker, then the fields Kindly cannot fill itself."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.models import Post
from app.errors import KindlyError
from app.workspace import Workspace
from ui.templates.picker import FieldsDialog, TemplatePicker


class TemplateInserter(QObject):
    """Opens the picker for a post; ``filled`` carries the text to insert once it is complete."""

    filled = Signal(str)
    problem = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._parent = parent
        self._post: Post | None = None
        self.picker: TemplatePicker | None = None
        self.fields_dialog: FieldsDialog | None = None

    def open(self, post: Post) -> None:
        self._post = post
        drafting = self._workspace.drafting
        self.picker = TemplatePicker(
            self._workspace.templates.list(),
            lambda template: drafting.fill_template(template, post).text,
            self._parent.window(),
        )
        self.picker.chosen.connect(self.on_picker_chosen)
        self.picker.open()

    def on_picker_chosen(self, template_id: int) -> None:
        try:
            template = self._workspace.templates.get(template_id)
        except KindlyError as error:
            self.problem.emit(str(error))
            return
        post, drafting = self._post, self._workspace.drafting
        filled = drafting.fill_template(template, post)
        if not filled.missing:
            self.filled.emit(filled.text)
            return
        self.fields_dialog = FieldsDialog(template.name, filled.missing, self._parent.window())
        self.fields_dialog.filled.connect(
            lambda typed: self.filled.emit(drafting.fill_template(template, post, typed).text)
        )
        self.fields_dialog.open()
