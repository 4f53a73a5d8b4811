"""The composer's checks off the GUI thread: the tone checks and the count, on plain data.

``ReplyChecker`` waits for a pause in typing, runs the checks in the thread pool on a copy of what
the composer asked it to check, and answers only for the newest text: an older text's answer is
dropped when it comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.length import PostLength, measure
from app.domain.models import Shop
from ui.common.workers import run_job

if TYPE_CHECKING:  # the tone checks load on the first check, not when the window opens
    from app.domain.tone import Finding

CHECK_DELAY_MS = 250


@dataclass(frozen=True)
class CheckRequest:
    """What one check needs, copied from the composer so the worker never touches a widget."""

    text: str
    mention_text: str | None
    complaint: bool
    shop: Shop
    channel: str
    limit: int

    def run(self) -> tuple[list[Finding], PostLength]:
        from app.domain.tone import review_reply

        findings = review_reply(
            self.text,
            self.mention_text,
            self.shop,
            channel=self.channel,
            limit=self.limit,
            complaint=self.complaint,
        )
        return findings, measure(self.text, self.limit)


class ReplyChecker(QObject):
    """Checks the composer's text after a pause in typing, or at once; one answer per text."""

    checked = Signal(object, object)  # findings, PostLength — of ``checked_text``
    failed = Signal()  # the checks could not run on the newest text

    def __init__(self, request: Callable[[], CheckRequest], parent: QObject) -> None:
        super().__init__(parent)
        self._request = request
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.start)
        self._generation = 0
        self._shown_generation = -1
        self._checking_text = ""
        self.checked_text = ""  # the text the findings shown belong to

    def schedule(self) -> None:
        """Check after the pause in typing (each key press starts the wait again)."""
        self.timer.start()

    def start(self) -> None:
        """Start the checks on the current text in the thread pool."""
        request = self._next()
        if not request.text:  # nothing written: nothing to find, nothing to count
            self._finish([], measure("", request.limit))
            return
        generation = self._generation
        run_job(
            lambda _context: request.run(),
            owner=self,
            done=lambda result: self.on_check_done(generation, result),
            expected=lambda _error: self.on_check_done(generation, None),
        )

    def run_now(self) -> None:
        """Run the checks here and now (screenshots, tests)."""
        self._finish(*self._next().run())

    def is_current(self, text: str) -> bool:
        """Whether the answer last given is the one for ``text``, with no check waiting."""
        return (
            self._shown_generation == self._generation
            and self.checked_text == text
            and not self.timer.isActive()
        )

    def on_check_done(self, generation: int, result) -> None:
        if generation != self._generation:
            return  # an older text's answer
        if result is None:
            self.failed.emit()
            return
        self._finish(*result)

    def _next(self) -> CheckRequest:
        self.timer.stop()
        self._generation += 1
        request = self._request()
        self._checking_text = request.text
        return request

    def _finish(self, findings: list[Finding], length: PostLength) -> None:
        self._shown_generation = self._generation
        self.checked_text = self._checking_text
        self.checked.emit(findings, length)
