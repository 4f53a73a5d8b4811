"""The one way Kindly opens a web address in the owner's browser, so tests can catch it.

Everything that opens X (a post, the reply window, a DM) calls ``UrlOpener.open``; the window
builds one and passes it down. Tests replace ``handler`` and never start a browser.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices


def _system_browser(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


class UrlOpener(QObject):
    opened = Signal(str)  # every address opened, in order

    def __init__(
        self, parent: QObject | None = None, handler: Callable[[str], object] | None = None
    ):
        super().__init__(parent)
        self.handler: Callable[[str], object] = handler or _system_browser

    def open(self, url: str) -> bool:
        """Open ``url``; False when the system had no browser to open it with."""
        self.opened.emit(url)
        result = self.handler(url)
        return result is not False
