"""The single-instance listener in one process: names, activation, bringing the window forward."""

from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QWidget

from ui.shell.single_instance import (
    SingleInstance,
    ask_running_to_activate,
    bring_forward,
    claim,
    server_name,
)


def test_the_name_follows_the_file_not_its_spelling(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    db = tmp_path / "a" / "kindly.db"
    assert server_name(db) == server_name(tmp_path / "a" / ".." / "a" / "kindly.db")
    monkeypatch.chdir(tmp_path)
    assert server_name(db) == server_name(db.relative_to(tmp_path))
    assert server_name(db) != server_name(tmp_path / "a" / "other.db")
    assert server_name(db).startswith("kindly-")


def test_claim_once_then_a_second_claim_asks_the_first(qtbot, tmp_path):
    db = tmp_path / "kindly.db"
    first = claim(db)
    assert isinstance(first, SingleInstance)
    try:
        with qtbot.waitSignal(first.activation_requested, timeout=10_000):
            assert claim(db) is None
        # a different database is not affected
        other = claim(tmp_path / "other.db")
        assert isinstance(other, SingleInstance)
        other.close()
    finally:
        first.close()
    # once the first is gone, nobody answers and the database can be claimed again
    assert not ask_running_to_activate(server_name(db))
    again = claim(db)
    assert isinstance(again, SingleInstance)
    again.close()


def test_a_connection_that_says_nothing_does_not_activate(qtbot, tmp_path):
    from PySide6.QtNetwork import QLocalSocket

    instance = claim(tmp_path / "kindly.db")
    try:
        probe = QLocalSocket()
        probe.connectToServer(instance.name)
        assert probe.waitForConnected(5000)
        with qtbot.assertNotEmitted(instance.activation_requested, wait=200):
            probe.disconnectFromServer()
    finally:
        instance.close()
        QLocalServer.removeServer(instance.name)


def test_bring_forward_restores_a_minimised_or_hidden_window(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_forward(window)
    assert window.isVisible() and not window.isMinimized()
    window.hide()  # e.g. closed to the tray
    bring_forward(window)
    assert window.isVisible()


def test_a_socket_left_behind_by_a_crash_is_replaced(qtbot, tmp_path):
    """A socket file nobody answers on (a Kindly that crashed, on Unix) does not stop the claim."""
    import socket
    import sys

    import pytest

    if sys.platform == "win32":
        pytest.skip("named pipes leave no file behind")
    name = server_name(tmp_path / "kindly.db")
    probe = QLocalServer()
    assert probe.listen(name)
    path = probe.fullServerName()
    probe.close()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)  # the file exists, nobody listens on it
    try:
        instance = SingleInstance(name)
        assert instance.listen()
        instance.close()
    finally:
        stale.close()
        QLocalServer.removeServer(name)


def test_listening_where_another_kindly_already_listens_says_so(qtbot, tmp_path):
    """The race: a second launch checks, finds nobody, and by the time it listens the first is
    there. Its listen fails with "address in use" (Windows' pipes; on Unix Qt replaces the
    socket file), it asks the first, and stands down."""
    import pytest
    from PySide6.QtNetwork import QAbstractSocket

    from ui.shell.single_instance import AlreadyRunning

    class PipeInUse:
        def listen(self, name):
            return False

        def serverError(self):  # noqa: N802 - Qt's name
            return QAbstractSocket.SocketError.AddressInUseError

        def errorString(self):  # noqa: N802 - Qt's name
            return "QLocalServer::listen: Address in use"

    name = server_name(tmp_path / "kindly.db")
    first = QLocalServer()
    assert first.listen(name)
    try:
        second = SingleInstance(name)
        second.server = PipeInUse()
        with pytest.raises(AlreadyRunning):
            second.listen()
    finally:
        first.close()
        QLocalServer.removeServer(name)
