"""Muting someone whose complaint or question still waits says what will happen first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_before_muting(
    parent: QWidget, warning: str, mute: Callable[[], None], cancelled: Callable[[], None]
) -> QMessageBox:
    """Show ``warning`` (from ``Inbox.mute_warning``) with Mute and Cancel, Cancel the default;
    ``mute()`` runs only on Mute, ``cancelled()`` otherwise. Returns the open box (for tests)."""
    box = QMessageBox(
        QMessageBox.Icon.Question, "Mute them?", warning, QMessageBox.StandardButton.Cancel, parent
    )
    yes = box.addButton("Mute", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished(_result: int) -> None:
        if box.clickedButton() is yes:
            mute()
        else:
            cancelled()

    box.finished.connect(finished)
    box.open()
    return box
