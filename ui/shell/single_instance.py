"""One Kindly per database: a second launch brings the running window forward instead.

The first Kindly to open a database listens on a local socket (a named pipe on Windows) whose name
is derived from that database's path and the user, so two different databases may still run side
by side. A later launch on the same database finds the listener, asks it to come forward, and
exits without opening the file. ``--demo``, ``--screenshot`` and ``--smoke`` runs take no part.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger("kindly.instance")

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 1000
WRITE_TIMEOUT_MS = 2000


def server_name(db_path: Path) -> str:
    """The listener's name for ``db_path``: the same for every spelling of the same file."""
    try:
        resolved = db_path.expanduser().resolve()
    except OSError:
        resolved = db_path.expanduser().absolute()
    # Windows and macOS file names are case-insensitive; normcase folds case on Windows.
    key = os.path.normcase(str(resolved))
    if sys.platform == "darwin":
        key = key.lower()
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the path alone still separates databases
        user = ""
    digest = hashlib.sha256(f"{user}\0{key}".encode()).hexdigest()[:24]
    return f"kindly-{digest}"


def _allow_foreground() -> None:
    """Windows only lets the app the owner just clicked take the foreground; pass that on."""
    if sys.platform == "win32":
        import ctypes

        ASFW_ANY = -1
        ctypes.windll.user32.AllowSetForegroundWindow(ASFW_ANY)


def ask_running_to_activate(name: str) -> bool:
    """True if a Kindly is listening on ``name`` and was asked to show its window."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    _allow_foreground()
    socket.write(ACTIVATE)
    socket.flush()
    delivered = socket.waitForBytesWritten(WRITE_TIMEOUT_MS) or socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(WRITE_TIMEOUT_MS)
    return delivered


class AlreadyRunning(Exception):
    """Raised inside ``claim`` when a live Kindly already listens on the name."""


class SingleInstance(QObject):
    """The running Kindly's listener; ``activation_requested`` fires when another launch asks."""

    activation_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self.on_server_new_connection)

    def listen(self) -> bool:
        """Start listening. A socket file left behind by a Kindly that crashed (Unix) is removed
        first, but only if nobody answers on it: a live Kindly keeps its listener."""
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            if ask_running_to_activate(self.name):
                raise AlreadyRunning(self.name)
            QLocalServer.removeServer(self.name)
            if self.server.listen(self.name):
                log.info("replaced a stale listener %s", self.name)
                return True
        log.warning("cannot listen as %s: %s", self.name, self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def on_server_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(self.on_socket_ready_read)
            socket.disconnected.connect(self.on_socket_disconnected)
            if socket.bytesAvailable():
                self._read(socket)

    def on_socket_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def on_socket_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = socket.readAll().data()
        if ACTIVATE.strip() in data:
            log.info("another launch asked for this window")
            self.activation_requested.emit()


def claim(db_path: Path, parent: QObject | None = None) -> SingleInstance | None:
    """Become the Kindly for ``db_path``; None if one already runs (and was asked to come forward).

    If listening fails for another reason (e.g. a read-only temp folder), Kindly still starts:
    being unable to detect a second launch is no reason to refuse the first.
    """
    name = server_name(db_path)
    if ask_running_to_activate(name):
        log.info("Kindly is already open on %s; asked it to come forward", db_path)
        return None
    instance = SingleInstance(name, parent)
    try:
        listening = instance.listen()
    except AlreadyRunning:  # another launch won the race between our check and our listen
        instance.deleteLater()
        log.info("Kindly is already open on %s; asked it to come forward", db_path)
        return None
    if listening:
        log.info("listening for other launches as %s", name)
    return instance


def bring_forward(window: QWidget) -> None:
    """Show the window even if it was minimised or hidden to the tray, and give it focus."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    log.info(
        "brought the window forward (visible=%s, minimized=%s)",
        window.isVisible(),
        window.isMinimized(),
    )
