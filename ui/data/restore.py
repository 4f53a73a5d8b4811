"""File → Restore from backup: each backup with its date and what it holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
)

from app.changes import everything
from app.domain.times import english
from app.errors import KindlyError
from app.services.backups import Backups
from app.workspace import Workspace
from ui.common.changes import Changes


class RestoreDialog(QDialog):
    """Each backup with its date and what it holds; restoring backs up the current file first."""

    def __init__(self, workspace: Workspace, changes: Changes, window: QMainWindow):
        super().__init__(window)
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        self.setMinimumWidth(620)
        self._window = window
        self._changes = changes
        if workspace.path is None:  # File → Restore is off for a shop kept in memory
            raise ValueError("a shop in memory has no backups")
        self.backups = Backups(workspace.db, workspace.path, workspace.clock)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        for info in self.backups.list():
            when = english(info.taken_at.astimezone(), "%a %d %b %Y, %H:%M")
            item = QListWidgetItem(f"{when}  ·  {info.kind}  ·  {info.describe()}")
            item.setData(256, str(info.path))
            if info.problem:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        if not self.list.count():
            self.list.addItem("No backups yet. Kindly makes one every day.")
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        note = QLabel(
            "Restoring replaces everything in Kindly with the backup. Your data as it is now is "
            "backed up first, so you can come back to it."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.on_restore_clicked)
        self.list.currentItemChanged.connect(
            lambda item, _prev: self.restore_button.setEnabled(bool(item and item.data(256)))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Backups in {self.backups.folder}:"))
        layout.addWidget(self.list)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.restored_from: Path | None = None

    def on_restore_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(256):
            return
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            f"Replace everything in Kindly with the backup from {item.text().split('·')[0].strip()}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(Path(item.data(256)))

    def restore(self, path: Path) -> bool:
        try:
            safety = self.backups.restore(path)
        except KindlyError as error:
            QMessageBox.warning(self, "Not restored", str(error))
            return False
        self.restored_from = path
        self._changes.publish(everything())  # the whole file was replaced, templates too
        self._window.statusBar().showMessage(
            f"Restored {path.name}. What it replaced is kept as {safety.name}.", 15_000
        )
        self.accept()
        return True
