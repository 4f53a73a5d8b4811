"""The "Undo" in the status bar, as mail apps have it: for a few seconds after a write that can be
taken back (a mute, a resolve, a discarded draft, every bulk action), it says what was done and
offers to undo it.

Any view offers an Undo through ``Changes.undo_offered`` (``apply_change`` does it for a write
that returns ``Done``); this one widget shows the latest. What to put back was read by the
service before it wrote; the bar only calls it and publishes what that changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.changes import Undo
from ui.common.changes import Changes
from ui.common.operation import apply_change

SHOWN_MS = 8_000


class UndoBar(QWidget):
    def __init__(
        self, changes: Changes, problem: Callable[[str], None], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setAccessibleName("Undo bar")
        self._changes = changes
        self._problem = problem
        self._undo: Undo | None = None
        self.said = QLabel()
        self.said.setAccessibleName("What was done")
        self.button = QPushButton("Undo")
        self.button.setAccessibleName("Undo")
        self.button.setToolTip("Put it back as it was")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 8, 0)
        row.addWidget(self.said)
        row.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SHOWN_MS)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.button.clicked.connect(self.on_button_clicked)
        changes.undo_offered.connect(self.offer)
        self.hide()

    @property
    def offered(self) -> Undo | None:
        return self._undo

    def offer(self, undo: Undo) -> None:
        """Show ``undo`` for a few seconds, in place of any earlier one."""
        self._undo = undo
        self.said.setText(undo.said)
        self.show()
        self.timer.start()

    def undo(self) -> bool:
        """Take the last write back (the button, or Ctrl+Z outside a text box)."""
        undo = self._undo
        if undo is None:
            return False
        self._forget()
        return apply_change(self._changes, undo.restore, self._problem)

    def _forget(self) -> None:
        self._undo = None
        self.timer.stop()
        self.hide()

    def on_button_clicked(self) -> None:
        self.undo()

    def on_timer_timeout(self) -> None:
        self._forget()
