"""Help → Check for updates: off until ticked, a quiet line with a link only when a newer release
exists, silence when offline, and the owner's choice kept in the settings."""

from ui.common.changes import Changes
from ui.common.opener import UrlOpener
from ui.shell.main_window import MainWindow
from ui.shell.updates_controller import UpdateCheck

URL = "https://api.github.com/repos/shopfolk/kindly/releases/latest"


def newer(url, timeout, user_agent):
    return {"tag_name": "v9.1.0", "html_url": "https://github.com/shopfolk/kindly/releases/v9.1.0"}


def offline(url, timeout, user_agent):
    raise OSError("Network is unreachable")


def make(qtbot, demo, get_json, calls=None):
    def counting(url, timeout, user_agent):
        if calls is not None:
            calls.append(url)
        return get_json(url, timeout, user_agent)

    window = MainWindow(demo, Changes())
    qtbot.addWidget(window)
    opener = UrlOpener(window, handler=lambda url: True)
    check = UpdateCheck(
        window,
        demo,
        window.changes,
        opener,
        window.help_menu,
        window.statusBar(),
        url=URL,
        current="0.1.0",
        get_json=counting,
    )
    return window, check, opener


def help_actions(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return [a.text() for a in menu.actions()]


def test_off_until_allowed_and_nothing_is_asked(qtbot, demo):
    calls = []
    window, check, opener = make(qtbot, demo, newer, calls)
    assert "Check for &updates once a day" in help_actions(window)
    assert not check.action.isChecked() and check.action.isEnabled()
    qtbot.wait(50)
    assert calls == [] and check.label.isHidden()


def test_allowing_it_looks_and_shows_a_quiet_line_with_a_link(qtbot, demo):
    calls = []
    window, check, opener = make(qtbot, demo, newer, calls)
    window.show()
    check.action.setChecked(True)
    qtbot.waitUntil(lambda: check.label.isVisible(), timeout=5000)
    assert calls == [URL]
    assert "Kindly 9.1.0 is available." in check.label.text()
    assert "href='https://github.com/shopfolk/kindly/releases/v9.1.0'" in check.label.text()
    assert demo.settings.load().check_for_updates is True
    with qtbot.waitSignal(opener.opened) as opened:
        check.label.linkActivated.emit("https://github.com/shopfolk/kindly/releases/v9.1.0")
    assert opened.args == ["https://github.com/shopfolk/kindly/releases/v9.1.0"]
    check.action.setChecked(False)
    assert check.label.isHidden() and demo.settings.load().check_for_updates is False


def test_offline_it_says_nothing(qtbot, demo):
    calls = []
    window, check, opener = make(qtbot, demo, offline, calls)
    window.show()
    check.action.setChecked(True)
    qtbot.waitUntil(lambda: bool(calls) and check._worker is None, timeout=5000)
    assert check.label.isHidden() and check.release is None


def test_a_copy_without_a_release_page_cannot_be_switched_on(qtbot, demo):
    window = MainWindow(demo, Changes())
    qtbot.addWidget(window)
    check = UpdateCheck(
        window,
        demo,
        window.changes,
        window.opener,
        window.help_menu,
        window.statusBar(),
        url="",
        current="0.1.0",
    )
    assert not check.action.isEnabled()
    assert "not built for release" in check.action.toolTip()


def test_the_window_has_it_and_it_stays_off_in_a_source_checkout(window):
    assert window.update_check.action.isChecked() is False
    assert window.update_check.label.isHidden()
