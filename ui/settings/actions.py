"""The Settings… and Set up your shop… menu items, the window's title, and the first-start set-up.

Settings… has Qt's Preferences role, so macOS shows it as Kindly → Settings… with ⌘, ; elsewhere
it sits in the File menu with Ctrl+, .
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from app.changes import Changed
from app.services.shop import needs_setup, window_title
from ui.common.changes import SETTINGS, SHOP

if TYPE_CHECKING:
    from ui.settings.window import SettingsWindow
    from ui.setup.dialog import SetupDialog
    from ui.shell.main_window import MainWindow


class SettingsActions(QObject):
    """Owned by the main window: opens the Settings window and the set-up, keeps the title."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings_window: SettingsWindow | None = None
        self.setup_dialog: SetupDialog | None = None
        menu, before = window.file_menu, window.quit_action
        self.settings_action = QAction("&Settings…", window)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        if self.settings_action.shortcut().isEmpty():  # no platform key for it (Windows, X11)
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(lambda: self.open_settings())
        self.setup_action = QAction("Set &up your shop…", window)
        self.setup_action.triggered.connect(lambda: self.open_setup())
        menu.insertAction(before, self.setup_action)
        menu.insertAction(before, self.settings_action)
        menu.insertSeparator(before)
        window.changes.published.connect(self.on_changes_published)
        self.show_title()

    def show_title(self) -> None:
        self.window.setWindowTitle(window_title(self.window.workspace.shop.get()))

    def on_changes_published(self, change: Changed) -> None:
        if SHOP in change.kinds:
            self.show_title()
        if SETTINGS in change.kinds:
            # Help → Check for updates shows what Settings saved (and starts or stops looking).
            wanted = self.window.workspace.settings.load().check_for_updates
            action = self.window.update_check.action
            if action.isChecked() != wanted:
                action.setChecked(wanted)

    def open_settings(self, section: str = "shop") -> SettingsWindow:
        from ui.settings.window import SettingsWindow  # built when first opened

        window = self.window
        controller = window.followups_controller
        dialog = SettingsWindow(
            window.workspace,
            autostart=controller.page.autostart,
            tray_available=controller.notifier.uses_tray,
            x_account=window._build_x_account,
            data=self._build_data,
            parent=window,
        )
        dialog.accepted.connect(lambda: window.changes.publish(dialog.change))
        dialog.show_section(section)
        dialog.open()
        self.settings_window = dialog
        return dialog

    def _build_data(self):
        from ui.settings.data import DataSection

        files = self.window.file_actions
        return DataSection(
            self.window.workspace.path,
            [
                ("Back up now", files.backup_action),
                ("Restore from a backup…", files.restore_action),
                ("Export everything (JSON)…", files.export_json_action),
                ("Export CSV files…", files.export_csv_action),
                ("Import a file…", files.import_action),
                ("Check the database", files.check_action),
            ],
            self.window.opener,
        )

    def open_setup(self) -> SetupDialog:
        from ui.setup.dialog import SetupDialog

        window = self.window
        dialog = SetupDialog(window.workspace, window.changes, parent=window)
        dialog.connect_x_requested.connect(lambda: self.open_settings("x_account"))
        dialog.import_requested.connect(window.file_actions.open_import)
        dialog.add_by_hand_requested.connect(window.add_mention_action.trigger)
        dialog.open()
        self.setup_dialog = dialog
        return dialog

    def open_setup_if_new(self) -> SetupDialog | None:
        """At start: a new database (no shop yet, set-up not skipped) opens the set-up."""
        workspace = self.window.workspace
        if needs_setup(workspace.shop.get(), workspace.settings.load()):
            return self.open_setup()
        return None
