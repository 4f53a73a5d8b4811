"""macOS: clicking Kindly's Dock icon shows the window when it is hidden (closed to the tray, or
started at login in the tray). macOS activates the app on every Dock click; Qt passes that on as
an ``ApplicationActivate`` event to the application, and this filter answers it."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class DockReopen(QObject):
    def __init__(
        self,
        window: QWidget,
        show_window: Callable[[], object],
        platform: str = sys.platform,
    ):
        super().__init__(window)
        self.window = window
        self.show_window = show_window
        self.installed = False
        app = QApplication.instance()
        # Elsewhere the app is activated by its own windows only (a tray menu, a dialog): showing
        # the main window then would surprise.
        if platform == "darwin" and app is not None:
            app.installEventFilter(self)
            self.installed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.ApplicationActivate
            and watched is QApplication.instance()
            and not self.window.isVisible()
        ):
            self.show_window()
        return False
