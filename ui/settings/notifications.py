"""Settings → Notifications & tray: desktop notifications, what closing the window does, and
the daily look for a newer Kindly (also Help → Check for updates)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.settings import Settings


class NotificationsSection(QWidget):
    def __init__(self, settings: Settings, tray_available: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Notifications and tray")
        self.notifications = QCheckBox("Show desktop notifications")
        self.notifications.setAccessibleName("Show desktop notifications")
        self.notifications.setChecked(settings.notifications)
        what = QLabel(
            "Reminders of e-mails you promised, and new complaints or questions, appear as your "
            "computer's notifications. Off: they show only inside Kindly's window."
        )
        what.setWordWrap(True)
        self.close_to_tray = QCheckBox("Keep running in the tray when the window is closed")
        self.close_to_tray.setAccessibleName("Keep running in the tray")
        self.close_to_tray.setChecked(settings.close_to_tray)
        tray = QLabel(
            "Kindly can then remind you with the window closed; quit from the tray icon's menu."
            if tray_available
            else "This desktop shows no tray icons: closing the window quits Kindly."
        )
        tray.setWordWrap(True)
        self.close_to_tray.setEnabled(tray_available)
        self.check_for_updates = QCheckBox("Look for a newer Kindly once a day")
        self.check_for_updates.setAccessibleName("Look for a newer Kindly once a day")
        self.check_for_updates.setChecked(settings.check_for_updates)
        updates = QLabel(
            "Kindly reads its release page and tells you in the status bar when a newer one is "
            "out; nothing is downloaded. Also in the Help menu."
        )
        updates.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notifications)
        layout.addWidget(what)
        layout.addSpacing(12)
        layout.addWidget(self.close_to_tray)
        layout.addWidget(tray)
        layout.addSpacing(12)
        layout.addWidget(self.check_for_updates)
        layout.addWidget(updates)
        layout.addStretch(1)

    def apply(self, settings: Settings) -> Settings:
        return settings.replace(
            notifications=self.notifications.isChecked(),
            close_to_tray=self.close_to_tray.isChecked(),
            check_for_updates=self.check_for_updates.isChecked(),
        )
