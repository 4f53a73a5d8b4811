"""The window fits a small laptop's screen, comes back as it was left, shows on a Dock click, and
keeps the notes typed when Kindly quits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSize
from PySide6.QtWidgets import QApplication

from ui.common.changes import Changes
from ui.shell.dock import DockReopen
from ui.shell.main_window import MainWindow
from ui.shell.window_state import FRAME, WindowState, first_size


def test_the_first_size_fits_the_screens_free_area() -> None:
    laptop = QRect(0, 0, 1366, 768 - 40)  # a 1366×768 screen less its task bar
    size = first_size(laptop)
    assert size.width() + FRAME.width() <= 1366
    assert size.height() + FRAME.height() <= 728
    assert first_size(QRect(0, 25, 1920, 1055)) == QSize(1280, 800)


def test_the_window_can_be_as_small_as_a_1366_by_768_laptop(window) -> None:
    fits = first_size(QRect(0, 0, 1366, 728))
    minimum = window.minimumSizeHint()
    assert minimum.width() <= fits.width() and minimum.height() <= fits.height(), minimum


def test_size_position_and_splitters_come_back_next_time(demo, qtbot) -> None:
    def open_window() -> tuple[MainWindow, WindowState]:
        win = MainWindow(demo, Changes())
        qtbot.addWidget(win)
        state = WindowState(win, demo, {"main": win.splitter, "inbox": win.inbox_page})
        return win, state

    first, state = open_window()
    assert not state.restore()  # a first start: a size that fits the screen
    first.show()
    qtbot.waitExposed(first)
    # As narrow as it goes and 540 high: within the offscreen screen (800×600), not the first size.
    first.resize(first.minimumSizeHint().width(), 540)
    first.splitter.setSizes([200, 560])
    first.inbox_page.setSizes([300, 260])
    QApplication.processEvents()
    sizes = (first.splitter.sizes(), first.inbox_page.sizes())
    size = first.size()
    assert size.height() == 540
    first.hide()  # closed, or closed to the tray: saved

    second, state = open_window()
    assert state.restore()
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == size
    assert (second.splitter.sizes(), second.inbox_page.sizes()) == sizes


def test_an_unreadable_saved_state_falls_back_to_a_fitting_size(demo, qtbot) -> None:
    demo.settings.save(
        demo.settings.load().replace(window_geometry="!!", window_splitters="not json")
    )
    win = MainWindow(demo, Changes())
    qtbot.addWidget(win)
    assert not WindowState(win, demo, {"main": win.splitter}).restore()


def test_a_dock_click_on_macos_shows_the_hidden_window(window) -> None:
    shown = []
    dock = DockReopen(window, lambda: shown.append(True), platform="darwin")
    app = QApplication.instance()
    try:
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationActivate))
        assert shown == []  # the window is on screen: nothing to do
        window.hide()
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationActivate))
        assert shown == [True]
    finally:
        app.removeEventFilter(dock)


def test_the_dock_handler_shows_the_window_through_the_tray_path(window, qtbot) -> None:
    notifier = window.followups_controller.notifier
    dock = DockReopen(window, notifier.open_window, platform="darwin")
    app = QApplication.instance()
    try:
        window.hide()
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationActivate))
        assert window.isVisible()
    finally:
        app.removeEventFilter(dock)


def test_elsewhere_activation_does_not_pop_the_window_up(window) -> None:
    dock = DockReopen(window, lambda: None, platform="win32")
    assert not dock.installed


def test_person_notes_are_kept_when_kindly_quits(window, demo) -> None:
    window.select_row(0)
    panel = window.conversation.person
    person_id = panel.person_id
    assert person_id
    panel.notes.setPlainText("Ring size N, prefers e-mail")
    window.hide()  # closed to the tray: closeEvent never runs
    QApplication.instance().aboutToQuit.emit()
    assert demo.people.summary(person_id).person.notes == "Ring size N, prefers e-mail"
