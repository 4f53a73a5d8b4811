"""The Help menu: keyboard shortcuts, the log folder, and About."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu, QMenuBar, QMessageBox, QWidget

SHORTCUTS = (
    "J / K — next / previous mention\nEnter — read the conversation\n"
    "E — resolve or reopen\n/ — search, Esc — leave the search\n"
    "Ctrl+N — add a mention by hand\n"
    "R — write the reply, Ctrl+T — insert a template\n"
    "Ctrl+Enter — post the reply on X"
)


def add_help_menu(
    window: QWidget, bar: QMenuBar, log_path: str | None, data_path: Path | None
) -> QMenu:
    help_menu = bar.addMenu("&Help")
    keys = QAction("&Keyboard shortcuts", window)
    keys.triggered.connect(lambda: QMessageBox.information(window, "Keyboard shortcuts", SHORTCUTS))
    help_menu.addAction(keys)
    logs = QAction("Open &log folder", window)
    logs.triggered.connect(lambda: open_log_folder(log_path))
    help_menu.addAction(logs)
    about = QAction("&About Kindly", window)
    about.triggered.connect(lambda: show_about(window, data_path))
    help_menu.addAction(about)
    return help_menu


def open_log_folder(log_path: str | None) -> None:
    if log_path:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(log_path).parent)))


def show_about(window: QWidget, data_path: Path | None) -> None:
    from app import __version__

    where = data_path or "memory"
    QMessageBox.about(
        window,
        "About Kindly",
        f"Kindly {__version__}\nA kind, local inbox for your shop's mentions on X.\n\n"
        f"Your data: {where}",
    )
