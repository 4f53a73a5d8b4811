import pytest

from ui.common.changes import Changes
from ui.shell.main_window import MainWindow


def open_window(qtbot, workspace) -> MainWindow:
    win = MainWindow(workspace, Changes())
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot, demo):
    return open_window(qtbot, demo)


@pytest.fixture
def new_shop_window(qtbot, workspace):
    """The window on a new, empty database: no mentions, people or follow-ups yet."""
    return open_window(qtbot, workspace)
