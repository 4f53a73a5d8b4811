"""Flows through the Follow-ups page on the demo shop, as the owner would do them."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.domain.models import InboxFilter
from app.domain.promises import AWAITING_DM, EMAIL_OWED
from ui.followups.add_dm import AddDmDialog
from ui.followups.model import WHEN, FollowUpsModel

TRAY_ON_OFFSCREEN = "No such signal QPlatformNativeInterface"


@pytest.fixture
def page(window, qtbot):
    window.show_page("followups")
    return window.followups_page


@pytest.fixture
def opened(window):
    """Every address Kindly asked the system to open (nothing really opens)."""
    urls: list[str] = []
    window.followups_page.opener.handler = urls.append
    return urls


def choose(page, handle):
    for row in range(page.model.rowCount()):
        item = page.model.promise_at(row)
        if item is not None and item.handle == handle:
            page.list.setCurrentIndex(page.model.index(row, WHEN))
            return item
    raise AssertionError(f"@{handle} is not on the page")


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_model_is_a_good_qt_model(qtmodeltester, demo):
    model = FollowUpsModel()
    model.load(demo.followups.overview(), demo.clock.now())
    qtmodeltester.check(model, force_py=True)


def test_the_page_shows_the_ledger_with_a_live_count(window, page):
    texts = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert texts[0] == "E-mails owed (2)"
    assert "Awaiting their DM (1)" in texts and "Done this week (0)" in texts
    assert texts[1].startswith("Overdue")  # the most urgent first, in red
    assert page.model.index(1, WHEN).data(Qt.ItemDataRole.ForegroundRole).name() in (
        "#c0392b",
        "#ff6b5b",
    )
    assert window.navigation.page_count_text("followups") == "2"
    assert page.detail.title.text().startswith("E-mail owed to Priya")
    assert "Their DM:" in page.detail.context.text()


def test_write_the_email_then_mark_it_done(window, page, opened, demo, qtbot):
    choose(page, "priyanair_")
    click(qtbot, page.detail.write_email)
    assert len(opened) == 1
    url = opened[0]
    assert url.startswith("mailto:priya.nair@example.com?subject=")
    assert "Juniper & Gold: Missing parcel" in unquote(url)
    assert "— Maya at Juniper & Gold" in unquote(url)
    assert "mail app opened" in page.detail.message.text()

    click(qtbot, page.detail.done)
    promise = next(p for p in demo.promises.finished_since(demo.clock.now() - timedelta(1)))
    assert promise.status == "done" and promise.done_at == demo.clock.now()
    texts = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert "E-mails owed (1)" in texts and "Done this week (1)" in texts
    assert window.navigation.page_count_text("followups") == "1"


def test_snooze_close_and_reopen(page, demo, clock, qtbot, monkeypatch):
    anna = choose(page, "annak_draws")
    page.detail.snooze_hour.trigger()
    assert demo.promises.get(anna.promise.id).snoozed_until == clock.now() + timedelta(hours=1)
    assert page.current().promise.id == anna.promise.id  # still selected after the reload
    assert page.model.index(page.list.currentIndex().row(), WHEN).data().startswith("Snoozed")

    chosen = clock.now() + timedelta(days=2, hours=3)
    monkeypatch.setattr(page, "ask_snooze_time", lambda: chosen)
    page.detail.snooze_choose.trigger()
    assert demo.promises.get(anna.promise.id).snoozed_until == chosen
    page.detail.snooze_tomorrow.trigger()
    assert (
        demo.promises.get(anna.promise.id).snoozed_until
        == demo.followups.snooze_choices()["tomorrow"]
    )

    monkeypatch.setattr(page, "ask_close_reason", lambda row: None)  # the owner cancelled
    click(qtbot, page.detail.close_button)
    assert demo.promises.get(anna.promise.id).status == "open"
    monkeypatch.setattr(page, "ask_close_reason", lambda row: "Refunded in DMs")
    click(qtbot, page.detail.close_button)
    closed = demo.promises.get(anna.promise.id)
    assert closed.status == "closed" and closed.close_reason == "Refunded in DMs"
    assert page.detail.reopen.isVisibleTo(page)
    click(qtbot, page.detail.reopen)
    assert demo.promises.get(anna.promise.id).status == "open"


def test_open_conversation_shows_the_post_in_the_inbox(window, page, qtbot):
    priya = choose(page, "priyanair_")
    click(qtbot, page.detail.open_conversation)
    assert window.current_page() == "inbox"
    assert window.conversation.post.n == priya.post_n


def test_add_the_awaited_dm_with_an_address(window, page, demo, qtbot):
    olly = choose(page, "olliegrant")
    assert olly.promise.kind == AWAITING_DM
    click(qtbot, page.detail.add_dm)
    dialog = page.add_dm_dialog
    assert dialog.handle.text() == "@olliegrant"
    dialog.text.setPlainText("Hi! it's olly.grant at gmail dot com — thanks for fixing it")
    assert "olly.grant@gmail.com" in dialog.found.text()
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert dialog.result() == AddDmDialog.DialogCode.Accepted
    current = page.current()
    assert current.promise.kind == EMAIL_OWED and current.promise.email == "olly.grant@gmail.com"
    assert current.handle == "olliegrant" and "olly.grant at gmail" in current.dm_text
    assert "e-mail is now owed" in page.detail.message.text()
    texts = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert "Awaiting their DM (0)" in texts and "E-mails owed (3)" in texts


def test_a_dm_without_an_address_then_the_owner_types_it(window, page, demo, qtbot):
    choose(page, "olliegrant")
    click(qtbot, page.detail.add_dm)
    dialog = page.add_dm_dialog
    dialog.text.setPlainText("hiya, can we sort the engraving here?")
    assert "No e-mail address" in dialog.found.text()
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    current = page.current()
    assert current.promise.kind == AWAITING_DM and current.dm_text.startswith("hiya")
    assert page.detail.save_address.isVisibleTo(page)
    page.detail.address.setText("not an address")
    click(qtbot, page.detail.save_address)
    assert page.detail.address_problem.isVisibleTo(page)
    page.detail.address.setText("olly@example.com")
    click(qtbot, page.detail.save_address)
    assert page.current().promise.kind == EMAIL_OWED
    assert page.current().promise.email == "olly@example.com"


def test_the_dm_dialog_checks_its_fields(window, demo, qtbot):
    dialog = AddDmDialog(demo.followups, "", ["olliegrant"], window)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.text.setPlainText("my email is a@example.com")
    click(qtbot, save)
    assert dialog.errors["handle"].isVisibleTo(dialog)
    dialog.handle.setText("@olliegrant")
    dialog.when.setDateTime(QDateTime((demo.clock.now() + timedelta(hours=2)).astimezone()))
    click(qtbot, save)
    assert dialog.errors["time"].isVisibleTo(dialog)
    assert dialog.outcome is None


def test_add_a_dm_from_the_conversation(window, demo, qtbot):
    window.followups_controller.add_dm_action.trigger()
    dialog = window.followups_controller.add_dm_dialog
    assert dialog.handle.text() == f"@{window.conversation.post.author_handle}"
    dialog.reject()


def test_a_reminder_shows_in_the_banner_without_a_tray(window, page, demo, clock, qtbot):
    controller = window.followups_controller
    assert not controller.notifier.uses_tray
    controller.notifier.banner.clear()
    assert controller.look() == []  # the start-up catch-up already fired the demo's
    clock.advance(minutes=91)  # Anna's e-mail falls due
    shown = controller.look(catch_up=False)
    assert [n.title for n in shown] == ["E-mail to @annak_draws is due now"]
    banner = controller.notifier.banner
    assert banner.isVisibleTo(window) and "annak_draws" in banner.text.text()
    window.navigation.choose(InboxFilter.ALL)
    click(qtbot, banner.show_button)
    assert window.current_page() == "followups"
    assert page.current().handle == "annak_draws"
    assert not banner.isVisibleTo(window)
    assert controller.look(catch_up=False) == []  # once only


def test_waking_from_sleep_catches_up_in_one_summary(window, clock):
    controller = window.followups_controller
    controller.look()
    clock.advance(days=3)  # the laptop slept; the next look is far later than planned
    shown = controller.look()
    assert len(shown) == 1 and shown[0].promise_id is None
    assert "overdue" in shown[0].body


@pytest.fixture
def app_quit_setting():
    """A tray turns off quitting on the last window's close; put it back whatever happens."""
    app = QApplication.instance()
    before = app.quitOnLastWindowClosed()
    try:
        yield
    finally:
        app.setQuitOnLastWindowClosed(before)


@pytest.mark.qt_log_ignore(TRAY_ON_OFFSCREEN)
def test_the_tray_path(window, demo, clock, qtbot, app_quit_setting):
    from ui.shell.tray import Notifier

    notifier = Notifier(window, tray_available=lambda: True)
    assert notifier.uses_tray
    notifier.set_due_count(2)
    assert notifier.tooltip() == "Kindly — 2 follow-ups due"
    menu = [a.text() for a in notifier.tray.contextMenu().actions() if a.text()]
    assert menu == ["Open Kindly", "Quit Kindly"]

    from app.domain.reminders import Notice

    notifier.notify(Notice("E-mail to @annak_draws is due now", "Promised…", 2, True))
    assert notifier.shown[-1][0] == "tray"

    clicked = []
    notifier.notice_clicked.connect(clicked.append)
    notifier.tray.messageClicked.emit()
    assert clicked == [2] and window.isVisible()

    # Closing the window keeps Kindly in the tray, and says so the first time only.
    assert not demo.settings.load().tray_hint_shown
    window.close()
    assert not window.isVisible()
    assert demo.settings.load().tray_hint_shown
    notifier.open_window()
    assert window.isVisible()

    demo.settings.save(demo.settings.load().replace(notifications=False))
    notifier.notify(Notice("E-mail to @priyanair_ is overdue", "…", 1, True))
    assert notifier.shown[-1][0] == "banner"  # notifications off: in the window only

    demo.settings.save(demo.settings.load().replace(close_to_tray=False))
    window.removeEventFilter(window.followups_controller.notifier)
    window.close()
    assert not window.isVisible()  # closing closes when the owner turned the tray off
    window.show()
    notifier.tray.hide()


def test_the_settings_dialog(window, demo, qtbot, tmp_path):
    from app.services.autostart import Autostart

    autostart = Autostart(["kindly", "--hidden"], platform="linux", config_home=tmp_path)
    window.followups_page.autostart = autostart
    settings_window = window.settings_actions.open_settings("reminders")
    dialog = settings_window.reminders
    save = settings_window.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.in_opening_hours.setChecked(True)
    dialog.opening_hours.setText("Mon-Fri 17:00-09:00")
    click(qtbot, save)
    assert dialog.hours_problem.isVisibleTo(dialog)
    assert demo.settings.load().promise_window_in_opening_hours is False  # nothing saved

    dialog.opening_hours.setText("mon-fri 9-17")
    dialog.window_hours.setValue(8)
    dialog.awaiting_days.setValue(3)
    dialog.every_hours.setValue(6)
    settings_window.login.start_at_login.setChecked(True)
    click(qtbot, save)
    settings = demo.settings.load()
    assert (
        settings.promise_window_in_opening_hours and settings.opening_hours == "Mon-Fri 09:00-17:00"
    )
    assert (
        settings.promise_window_hours,
        settings.awaiting_dm_days,
        settings.reminder_overdue_every_hours,
    ) == (8, 3, 6)
    assert settings.start_at_login and autostart.is_enabled()


def test_the_settings_open_from_the_page(window, page, qtbot):
    click(qtbot, page.settings_button)
    dialog = window.settings_actions.settings_window
    assert dialog.isVisible()
    assert dialog.stack.currentWidget().isAncestorOf(dialog.reminders)
    dialog.reject()


def test_every_control_on_the_page_has_an_accessible_name(window, page):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    controls = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractItemView)
    missing = [
        type(w).__name__
        for w in page.findChildren(QWidget)
        if isinstance(w, controls)
        and not w.objectName().startswith("qt_")
        and w.isVisibleTo(window)
        and not w.accessibleName()
    ]
    assert missing == []


@pytest.mark.qt_log_ignore(TRAY_ON_OFFSCREEN)
def test_with_a_tray_file_quit_really_quits(demo, qtbot, monkeypatch, app_quit_setting):
    import ui.shell.tray
    from ui.common.changes import Changes
    from ui.shell.main_window import MainWindow

    monkeypatch.setattr(ui.shell.tray, "system_tray_available", lambda: True)
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda *args: quits.append(True))
    window = MainWindow(demo, Changes())
    qtbot.addWidget(window)
    window.show()
    notifier = window.followups_controller.notifier
    assert notifier.uses_tray
    window.close()
    assert not window.isVisible() and quits == []  # hidden in the tray, still running
    notifier.open_window()
    window.quit_action.trigger()
    assert quits == [True] and not window.isVisible()
    window.followups_controller.stop()
    notifier.tray.hide()


def test_the_person_panel_shows_their_follow_ups(window, demo, qtbot):
    priya = next(p for p in demo.promises.open() if p.email == "priya.nair@example.com")
    window.open_post(demo.posts.get_by_id(priya.post_id).n)
    box = window.followups_controller.person_followups
    assert box.isVisibleTo(window)
    assert "E-mail owed" in box.summary.text() and "Overdue" in box.summary.text()
    box.summary.linkActivated.emit(str(priya.id))
    assert window.current_page() == "followups"
    assert window.followups_page.current().promise.id == priya.id
    window.open_post(demo.posts.get_by_id(priya.post_id).n)
    click(qtbot, box.add_dm)
    dialog = window.followups_controller.add_dm_dialog
    assert dialog.handle.text() == "@priyanair_"
    dialog.reject()


def test_a_second_dm_with_another_address_updates_the_email_owed(window, page, demo, qtbot):
    choose(page, "olliegrant")
    for text in ("it's olly.g@example.com", "sorry, typo: olly.grant@example.com"):
        click(qtbot, page.detail.add_dm)
        dialog = page.add_dm_dialog
        dialog.handle.setText("@olliegrant")
        dialog.text.setPlainText(text)
        if "typo" in text:  # told before saving that this changes the open promise
            assert "already owed to them at <b>olly.g@example.com</b>" in dialog.found.text()
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    current = page.current()
    assert current.promise.kind == EMAIL_OWED and current.promise.email == "olly.grant@example.com"
    assert "now goes to olly.grant@example.com (was olly.g@example.com)" in (
        page.detail.message.text()
    )
    texts = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert "E-mails owed (3)" in texts


def test_the_when_column_shows_every_time_whole(window, page, qtbot):
    """ "Due in 1 h 30 min" is never cut to "Due in 1 h 30 …" (which read as "Due in 1 h 29")."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QStyle

    margin = 2 * (page.list.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    texts = []
    for row in range(page.model.rowCount()):
        if page.model.promise_at(row) is None:
            continue
        index = page.model.index(row, WHEN)
        font = index.data(Qt.ItemDataRole.FontRole) or QFont(page.list.font())
        text = index.data()
        texts.append(text)
        needed = QFontMetrics(font).horizontalAdvance(text) + margin
        assert page.list.columnWidth(WHEN) >= needed, text
    assert any(" h " in t and t.endswith(" min") for t in texts), texts


def test_the_away_banner_follows_its_figures_and_goes_with_the_last(window, page, demo, clock):
    controller = window.followups_controller
    banner = controller.notifier.banner
    assert banner.isVisibleTo(window)  # the start-up catch-up
    assert "1 e-mail overdue, 1 e-mail due soon: @priyanair_, @annak_draws" in banner.text.text()
    priya = next(p for p in demo.promises.open() if p.email and "priya" in p.email)
    window.changes.publish(demo.followups.done(priya.id))
    assert "While you were away" in banner.text.text()
    assert "1 e-mail due soon: @annak_draws." in banner.text.text()
    assert "priyanair_" not in banner.text.text()
    clock.advance(hours=2)  # Anna's falls due while the banner is up: the figures say so
    controller.look(catch_up=False)
    assert "annak_draws" in banner.text.text() and "due soon" not in banner.text.text()
    anna = next(p for p in demo.promises.open() if p.email and "anna" in p.email)
    window.changes.publish(demo.followups.done(anna.id))
    assert not banner.isVisibleTo(window) and banner.notices == []
