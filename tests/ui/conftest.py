import pytest

from ui.changes import Changes
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo):
    win = MainWindow(demo, Changes())
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
