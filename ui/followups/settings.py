"""The Follow-ups settings: how long to wait, when e-mails are due, reminders, tray and login."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.changes import NOTHING, Changed
from app.domain.opening_hours import check_promise_window, parse_opening_hours
from app.errors import KindlyError
from app.services.autostart import Autostart
from app.services.settings import SettingsKeeper, save_settings
from app.settings import Settings
from ui.common import style


def _spin(minimum: float, maximum: float, step: float, suffix: str, name: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(minimum, maximum)
    spin.setSingleStep(step)
    spin.setDecimals(1)
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    return spin


class FollowUpsSettingsDialog(QDialog):
    def __init__(
        self,
        store: SettingsKeeper,
        autostart: Autostart | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Follow-up settings")
        self.setAccessibleName("Follow-up settings")
        self._store = store
        self._autostart = autostart
        self.saved: Settings | None = None
        self.change: Changed = NOTHING  # what OK changed, for the page to publish
        settings = store.load()

        self.awaiting_days = _spin(0.5, 14, 0.5, " days", "Days to wait for a DM")
        self.awaiting_days.setValue(settings.awaiting_dm_days)
        self.window_hours = _spin(1, 168, 1, " hours", "Hours to answer by e-mail")
        self.window_hours.setValue(settings.promise_window_hours)
        self.in_opening_hours = QCheckBox("Count only the shop's opening hours")
        self.in_opening_hours.setAccessibleName("Count only opening hours")
        self.in_opening_hours.setChecked(settings.promise_window_in_opening_hours)
        self.opening_hours = QLineEdit(settings.opening_hours)
        self.opening_hours.setAccessibleName("Opening hours")
        self.opening_hours.setPlaceholderText("Mon-Fri 09:00-17:30; Sat 10:00-16:00")
        self.hours_problem = QLabel()
        self.hours_problem.setAccessibleName("Problem with the opening hours")
        self.hours_problem.setWordWrap(True)
        self.hours_problem.setStyleSheet(f"color: {style.age_colour('red').name()}")
        self.hours_problem.hide()
        self.soon_hours = _spin(0, 48, 0.5, " hours before", "Remind before it is due")
        self.soon_hours.setValue(settings.reminder_due_soon_hours)
        self.every_hours = _spin(0.5, 48, 0.5, " hours", "Remind again when overdue every")
        self.every_hours.setValue(settings.reminder_overdue_every_hours)
        self.notifications = QCheckBox("Show desktop notifications")
        self.notifications.setAccessibleName("Show desktop notifications")
        self.notifications.setChecked(settings.notifications)
        self.close_to_tray = QCheckBox("Keep running in the tray when the window is closed")
        self.close_to_tray.setAccessibleName("Keep running in the tray")
        self.close_to_tray.setChecked(settings.close_to_tray)
        self.start_at_login = QCheckBox("Start Kindly when I log in (in the tray)")
        self.start_at_login.setAccessibleName("Start Kindly at login")
        # The installer may have set Kindly to start at login: show what is really there.
        self.start_at_login.setChecked(
            autostart.is_enabled() if autostart is not None else settings.start_at_login
        )
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem saving settings")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.age_colour('red').name()}")
        self.problem.hide()

        promises = QGroupBox("Promises")
        form = QFormLayout(promises)
        form.addRow("Wait for a DM", self.awaiting_days)
        form.addRow("Answer by e-mail within", self.window_hours)
        form.addRow("", self.in_opening_hours)
        hours = QWidget()
        hours_box = QVBoxLayout(hours)
        hours_box.setContentsMargins(0, 0, 0, 0)
        hours_box.addWidget(self.opening_hours)
        hours_box.addWidget(self.hours_problem)
        form.addRow("Opening hours", hours)
        reminders = QGroupBox("Reminders")
        rform = QFormLayout(reminders)
        rform.addRow("Remind me", self.soon_hours)
        rform.addRow("When overdue, again every", self.every_hours)
        rform.addRow("", self.notifications)
        rform.addRow("", self.close_to_tray)
        rform.addRow("", self.start_at_login)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(promises)
        layout.addWidget(reminders)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.in_opening_hours.toggled.connect(self.opening_hours.setEnabled)
        self.opening_hours.setEnabled(settings.promise_window_in_opening_hours)

    def on_buttons_accepted(self) -> None:
        self.hours_problem.hide()
        self.problem.hide()
        try:
            hours = parse_opening_hours(self.opening_hours.text())
            if self.in_opening_hours.isChecked():
                check_promise_window(hours, self.window_hours.value())
        except KindlyError as exc:
            self.hours_problem.setText(str(exc))
            self.hours_problem.show()
            self.adjustSize()  # room for the whole reason
            self.opening_hours.setFocus()
            return
        before = self._store.load()
        settings = before.replace(
            awaiting_dm_days=self.awaiting_days.value(),
            promise_window_hours=self.window_hours.value(),
            promise_window_in_opening_hours=self.in_opening_hours.isChecked(),
            opening_hours=hours.text(),
            reminder_due_soon_hours=self.soon_hours.value(),
            reminder_overdue_every_hours=self.every_hours.value(),
            notifications=self.notifications.isChecked(),
            close_to_tray=self.close_to_tray.isChecked(),
            start_at_login=self.start_at_login.isChecked(),
        )
        if self._autostart is not None and settings.start_at_login != self._autostart.is_enabled():
            try:
                self._autostart.apply(settings.start_at_login)
            except KindlyError as exc:
                self.problem.setText(str(exc))
                self.problem.show()
                return
        self.change = save_settings(self._store, settings)
        self.saved = settings
        self.accept()
