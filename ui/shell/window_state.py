"""The window's size, position and panes, kept between starts; a first size that fits the screen.

Kept in the settings (``window_geometry``, ``window_splitters``: Qt's saved states in base64), so
they travel with the database and a backup restores them too. Saved whenever the window hides
(closed, or closed to the tray) and when Kindly quits.
"""

from __future__ import annotations

import json
import logging
import sqlite3

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

from app.errors import KindlyError
from app.services.settings import save_settings
from app.workspace import Workspace

log = logging.getLogger("kindly.ui")

PREFERRED = QSize(1280, 800)
# Room the window's frame and title bar take around what ``resize`` sets.
FRAME = QSize(16, 48)


def first_size(available: QRect) -> QSize:
    """1280×800, or less where the screen's free area (without task bar or Dock) is smaller:
    a 1366×768 laptop gets a window that fits, title bar and all."""
    return QSize(
        max(640, min(PREFERRED.width(), available.width() - FRAME.width())),
        max(480, min(PREFERRED.height(), available.height() - FRAME.height())),
    )


def _encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _decode(text: str) -> QByteArray:
    return QByteArray.fromBase64(QByteArray(text.encode("ascii")))


class WindowState(QObject):
    """Restores the main window's size, position and splitters, and saves them as it hides."""

    def __init__(self, window: QMainWindow, workspace: Workspace, splitters: dict[str, QSplitter]):
        super().__init__(window)
        self.window = window
        self.workspace = workspace
        self.splitters = splitters
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.save)

    def restore(self) -> bool:
        """Put back what was saved; False (and a size that fits the screen) on a first start."""
        settings = self.workspace.settings.load()
        for name, state in self._splitter_states(settings.window_splitters).items():
            splitter = self.splitters.get(name)
            if splitter is not None:
                splitter.restoreState(_decode(state))
        if settings.window_geometry and self.window.restoreGeometry(
            _decode(settings.window_geometry)
        ):
            return True
        screen = self.window.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen else QRect(0, 0, 1280, 848)
        size = first_size(available)
        self.window.resize(size)
        # QWidget's own move: the main window's move() steps through the list.
        QWidget.move(
            self.window,
            available.x() + max(0, available.width() - size.width() - FRAME.width()) // 2,
            available.y() + max(0, available.height() - size.height() - FRAME.height()) // 2,
        )
        return False

    @staticmethod
    def _splitter_states(text: str) -> dict[str, str]:
        try:
            states = json.loads(text) if text else {}
        except ValueError:
            return {}
        return states if isinstance(states, dict) else {}

    def save(self) -> None:
        store = self.workspace.settings
        try:
            settings = store.load().replace(
                window_geometry=_encode(self.window.saveGeometry()),
                window_splitters=json.dumps(
                    {name: _encode(s.saveState()) for name, s in self.splitters.items()},
                    sort_keys=True,
                ),
            )
            save_settings(store, settings)  # no view shows these: nothing to announce
        except (KindlyError, sqlite3.Error) as exc:  # busy or closed: the next hide saves
            log.warning("window size not kept: %s", exc)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.Hide:
            self.save()
        return False
