"""The first start after an update that changes the database: a small window says what Kindly is
doing while the backup and the schema's changes run in a thread (with a large history they take
up to a minute, e.g. when the search index is made again), instead of nothing on screen."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from app.workspace import bring_up_to_date, needs_update

MESSAGE = (
    "<b>Kindly is updating your data for this version.</b><br>"
    "It makes a backup first. With a long history this can take a minute;"
    " the window opens by itself when it is done."
)


class UpdatingNotice(QWidget):
    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("Kindly")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        text = QLabel(MESSAGE)
        text.setWordWrap(True)
        text.setFixedWidth(372)
        layout.addWidget(text)
        busy = QProgressBar()
        busy.setRange(0, 0)  # moving: no figure to show, but Kindly is at work
        busy.setTextVisible(False)
        layout.addWidget(busy)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)


def update_with_notice(path: Path) -> None:
    """Bring the database at ``path`` up to date, showing the notice while it runs; does nothing
    when it is up to date. Raises what opening the database raised."""
    if not needs_update(path):
        return
    notice = UpdatingNotice()
    notice.show()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            bring_up_to_date(path)
        except BaseException as exc:  # handed to the GUI thread, raised there
            failed.append(exc)

    thread = threading.Thread(target=work, name="kindly-update", daemon=True)
    thread.start()
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    timer.start()
    loop.exec()
    timer.stop()
    thread.join()
    notice.close()
    notice.deleteLater()
    if failed:
        raise failed[0]
