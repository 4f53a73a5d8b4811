"""Settings → Reminders & opening hours: how long to wait for a DM, when a promised e-mail is
due, the shop's opening hours, and when to be reminded."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.opening_hours import check_promise_window, parse_opening_hours
from app.errors import KindlyError, ValidationError
from app.settings import Settings
from ui.common import style


def spin(minimum: float, maximum: float, step: float, suffix: str, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setSingleStep(step)
    box.setDecimals(1)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    return box


def problem_label(name: str) -> QLabel:
    """A hidden label in red for a section's problem, in plain words."""
    label = QLabel()
    label.setAccessibleName(name)
    label.setWordWrap(True)
    red = style.age_colour("red")
    label.setStyleSheet(f"color: {red.name() if red else 'red'}")
    label.hide()
    return label


class RemindersSection(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Reminders and opening hours")
        self.awaiting_days = spin(0.5, 14, 0.5, " days", "Days to wait for a DM")
        self.awaiting_days.setValue(settings.awaiting_dm_days)
        self.window_hours = spin(1, 168, 1, " hours", "Hours to answer by e-mail")
        self.window_hours.setValue(settings.promise_window_hours)
        self.in_opening_hours = QCheckBox("Count only the shop's opening hours")
        self.in_opening_hours.setAccessibleName("Count only opening hours")
        self.in_opening_hours.setChecked(settings.promise_window_in_opening_hours)
        self.opening_hours = QLineEdit(settings.opening_hours)
        self.opening_hours.setAccessibleName("Opening hours")
        self.opening_hours.setPlaceholderText("Mon-Fri 09:00-17:30; Sat 10:00-16:00")
        self.opening_hours.setEnabled(settings.promise_window_in_opening_hours)
        self.hours_problem = problem_label("Problem with the opening hours")
        self.soon_hours = spin(0, 48, 0.5, " hours before", "Remind before it is due")
        self.soon_hours.setValue(settings.reminder_due_soon_hours)
        self.every_hours = spin(0.5, 48, 0.5, " hours", "Remind again when overdue every")
        self.every_hours.setValue(settings.reminder_overdue_every_hours)

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(promises)
        layout.addWidget(reminders)
        layout.addStretch(1)
        self.in_opening_hours.toggled.connect(self.opening_hours.setEnabled)

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with this section's values; a ValidationError when the hours are wrong."""
        self.hours_problem.hide()
        try:
            hours = parse_opening_hours(self.opening_hours.text())
            if self.in_opening_hours.isChecked():
                check_promise_window(hours, self.window_hours.value())
        except KindlyError as exc:
            self.hours_problem.setText(str(exc))
            self.hours_problem.show()
            self.opening_hours.setFocus()
            raise ValidationError(str(exc), "opening_hours") from exc
        return settings.replace(
            awaiting_dm_days=self.awaiting_days.value(),
            promise_window_hours=self.window_hours.value(),
            promise_window_in_opening_hours=self.in_opening_hours.isChecked(),
            opening_hours=hours.text(),
            reminder_due_soon_hours=self.soon_hours.value(),
            reminder_overdue_every_hours=self.every_hours.value(),
        )
