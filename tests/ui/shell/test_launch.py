import gc

from ui.common.changes import Changes
from ui.shell import launch
from ui.shell.main_window import MainWindow


def test_start_up_is_frozen_once_after_the_first_follow_ups_look(qtbot, demo, monkeypatch):
    window = MainWindow(demo, Changes())  # queues the first look
    qtbot.addWidget(window)
    controller = window.followups_controller
    looked_before_freeze = []
    monkeypatch.setattr(gc, "freeze", lambda: looked_before_freeze.append(controller._last_look))
    window.show()
    launch.freeze_after_first_look()
    assert looked_before_freeze == []  # nothing frozen before the events run
    qtbot.waitUntil(lambda: looked_before_freeze != [])
    qtbot.wait(50)
    assert len(looked_before_freeze) == 1 and looked_before_freeze[0] is not None
