"""One Settings window: every section, saved through services, the Preferences role and key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox

from app.settings import Settings
from ui.settings.window import SECTIONS


def save(qtbot, dialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_settings_has_the_preferences_role_and_key(window) -> None:
    action = window.settings_actions.settings_action
    assert action.menuRole() == QAction.MenuRole.PreferencesRole
    assert not action.shortcut().isEmpty()
    platform = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    assert action.shortcut() in (platform or [QKeySequence("Ctrl+,")])
    assert action in window.file_menu.actions()


def test_every_section_shows(window, qtbot) -> None:
    dialog = window.settings_actions.open_settings()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        title for _key, title in SECTIONS
    ]
    for key, _title in SECTIONS:
        section = dialog.show_section(key)
        assert section.isVisible(), key
    assert dialog.sections["x_account"].__class__.__name__ == "XAccountPage"
    assert "demo.db" in dialog.sections["data"].folder.text()
    dialog.reject()


def test_the_shop_saved_from_settings_renames_the_window(window, demo, qtbot) -> None:
    dialog = window.settings_actions.open_settings()
    dialog.shop.fields["name"].setText("Kindly")
    save(qtbot, dialog)
    assert window.windowTitle() == "Kindly (demo)"  # never "Kindly — Kindly"
    dialog = window.settings_actions.open_settings()
    dialog.shop.fields["name"].setText("Fern & Fable")
    dialog.shop.fields["phone"].setText("+44 20 7946 0000")
    save(qtbot, dialog)
    assert window.windowTitle() == "Kindly — Fern & Fable (demo)"
    assert demo.shop.get().phone == "+44 20 7946 0000"


def test_a_problem_shows_its_section_and_nothing_is_saved(window, demo, qtbot) -> None:
    dialog = window.settings_actions.open_settings("colours")
    dialog.shop.fields["email"].setText("hello at shop")
    dialog.colours.amber.setValue(5)
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.list.currentRow() == 0  # the shop's section, where the problem is
    assert dialog.shop.errors["email"].isVisibleTo(dialog)
    assert demo.settings.load().age_amber_hours == Settings().age_amber_hours

    dialog.shop.fields["email"].setText("hello@shop.example")
    dialog.colours.red.setValue(2)
    save(qtbot, dialog)
    assert dialog.list.currentRow() == 6 and dialog.colours.problem.isVisibleTo(dialog)
    dialog.colours.red.setValue(48)
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert (demo.settings.load().age_amber_hours, demo.settings.load().age_red_hours) == (5, 48)
    assert window.settings.age_amber_hours == 5  # the list's colours follow at once


def test_only_changed_settings_are_stored(window, demo, qtbot) -> None:
    demo.db.execute("DELETE FROM settings")
    dialog = window.settings_actions.open_settings("notifications")
    dialog.notifications.notifications.setChecked(False)
    save(qtbot, dialog)
    keys = {key for (key,) in demo.db.execute("SELECT key FROM settings")}
    assert keys == {"notifications"}


def test_data_buttons_run_the_file_menus_actions(window, qtbot, monkeypatch) -> None:
    dialog = window.settings_actions.open_settings("data")
    ran = []
    monkeypatch.setattr(window.file_actions, "back_up_now", lambda: ran.append("backup"))
    window.file_actions.backup_action.triggered.disconnect()
    window.file_actions.backup_action.triggered.connect(window.file_actions.back_up_now)
    qtbot.mouseClick(dialog.sections["data"].buttons["Back up now"], Qt.MouseButton.LeftButton)
    assert ran == ["backup"]
    dialog.reject()


def test_the_daily_update_look_follows_settings_into_the_help_menu(window, demo, qtbot) -> None:
    dialog = window.settings_actions.open_settings("notifications")
    assert not dialog.notifications.check_for_updates.isChecked()
    dialog.notifications.check_for_updates.setChecked(True)
    save(qtbot, dialog)
    assert demo.settings.load().check_for_updates
    assert window.update_check.action.isChecked()
