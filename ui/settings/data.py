"""Settings → Data: where Kindly keeps the owner's data, and backup, restore, import and export
(the File menu's own actions, so both do the same)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.opener import UrlOpener


class DataSection(QWidget):
    def __init__(
        self,
        db_path: Path | None,
        actions: list[tuple[str, QAction]],
        opener: UrlOpener | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setAccessibleName("Data")
        if db_path is None:
            where = "This shop lives in memory only: nothing is kept when Kindly closes."
        else:
            where = (
                f"Your data is one file: <b>{db_path.name}</b> in<br>{db_path.parent}<br>"
                "Kindly copies it into the backups folder beside it once a day."
            )
        self.folder = QLabel(where)
        self.folder.setAccessibleName("Data folder")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(
            self.folder.textInteractionFlags().TextSelectableByMouse
        )
        self.open_folder = QPushButton("Show the folder")
        self.open_folder.setAccessibleName("Show the data folder")
        self.open_folder.setEnabled(db_path is not None and opener is not None)
        if db_path is not None and opener is not None:
            from PySide6.QtCore import QUrl

            url = QUrl.fromLocalFile(str(db_path.parent)).toString()
            self.open_folder.clicked.connect(lambda: opener.open(url))
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (label, action) in enumerate(actions):
            button = QPushButton(label)
            button.setAccessibleName(label.rstrip("…"))
            button.setEnabled(action.isEnabled())
            button.clicked.connect(action.trigger)
            self.buttons[label] = button
            grid.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.open_folder)
        folder_row.addStretch(1)
        layout.addLayout(folder_row)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addStretch(1)
