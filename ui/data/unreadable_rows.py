"""File → Check database, second half: the stored rows Kindly cannot read, and removing them.

The lists skip such rows (``app/storage/unreadable.py``), so the window keeps working; this dialog
is where the owner sees them and, after a backup, removes them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
)

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QWidget

from app.errors import KindlyError
from app.services.repair import UnreadableRow, find_rows, remove_rows
from app.workspace import Workspace
from ui.common.changes import Changes


class UnreadableRowsDialog(QDialog):
    """Each unreadable row in plain words; "Remove these rows" takes a backup first."""

    def __init__(
        self,
        rows: list[UnreadableRow],
        health: str,
        remove: Callable[[list[UnreadableRow]], int],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Database check")
        self.rows = rows
        self._remove = remove  # callable(rows) -> int, the window's way to remove and refresh
        self.removed = 0
        count = len(rows)
        self.summary = QLabel(
            f"{health}\n\nBut {count:,} stored row{'s' if count != 1 else ''} hold"
            f"{'s' if count == 1 else ''} values Kindly cannot read (written by another program, "
            "or by an older Kindly). The lists skip them. Remove them? Kindly backs up the "
            "database first."
        )
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.addItems([row.describe() for row in rows])
        buttons = QDialogButtonBox()
        self.remove_button = buttons.addButton(
            "Remove these rows", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.keep_button = buttons.addButton("Keep them", QDialogButtonBox.ButtonRole.RejectRole)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.keep_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def on_remove_button_clicked(self) -> None:
        try:
            self.removed = self._remove(self.rows)
        except KindlyError as error:
            QMessageBox.warning(self, "Not removed", str(error))
            return
        self.accept()


def check_unreadable_rows(
    workspace: Workspace, changes: Changes, window: QMainWindow, health: str
) -> UnreadableRowsDialog | None:
    """After the integrity check: list the unreadable rows, if any, and offer to remove them."""
    rows = find_rows(workspace)
    if not rows:
        return None

    def remove(chosen: list[UnreadableRow]) -> int:
        removed, change = remove_rows(workspace, chosen)
        changes.publish(change)
        window.statusBar().showMessage(
            f"Removed {removed:,} row{'s' if removed != 1 else ''} Kindly could not read.", 10_000
        )
        return removed

    dialog = UnreadableRowsDialog(rows, health, remove, window)
    dialog.open()
    return dialog
