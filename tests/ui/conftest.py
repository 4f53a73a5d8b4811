import pytest

from ui.common.changes import Changes
from ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo):
    win = MainWindow(demo, Changes())
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
