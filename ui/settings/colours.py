"""Settings → Age colours: when a waiting mention's age turns amber, then red."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.settings import Settings
from ui.common import style
from ui.settings.reminders import problem_label, spin


class AgeColoursSection(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Age colours")
        self.amber = spin(0.5, 72, 0.5, " hours", "Amber after")
        self.amber.setValue(settings.age_amber_hours)
        self.red = spin(1, 336, 1, " hours", "Red after")
        self.red.setValue(settings.age_red_hours)
        what = QLabel(
            "A mention that waits for a reply shows its age in the list: plain at first, then "
            "amber, then red, so the oldest stand out."
        )
        what.setWordWrap(True)
        amber, red = style.age_colour("amber"), style.age_colour("red")
        form = QFormLayout()
        form.addRow(self._caption("Amber after", amber), self.amber)
        form.addRow(self._caption("Red after", red), self.red)
        self.problem = problem_label("Problem with the age colours")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    @staticmethod
    def _caption(text: str, colour: QColor | None) -> QLabel:
        return QLabel(f"<span style='color:{colour.name()}'>●</span> {text}" if colour else text)

    def apply(self, settings: Settings) -> Settings:
        self.problem.hide()
        if self.red.value() <= self.amber.value():
            self.problem.setText("Red comes after amber: give it more hours than amber.")
            self.problem.show()
            self.red.setFocus()
            raise ValidationError(self.problem.text(), "age_red_hours")
        return settings.replace(age_amber_hours=self.amber.value(), age_red_hours=self.red.value())
