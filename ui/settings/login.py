"""Settings → Start at login: Kindly opens in the tray when the owner logs in, so reminders run."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.errors import KindlyError, ValidationError
from app.services.autostart import Autostart
from app.settings import Settings
from ui.settings.reminders import problem_label


class LoginSection(QWidget):
    def __init__(
        self, settings: Settings, autostart: Autostart | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setAccessibleName("Start at login")
        self._autostart = autostart
        self.start_at_login = QCheckBox("Start Kindly when I log in (in the tray)")
        self.start_at_login.setAccessibleName("Start Kindly at login")
        # The installer may have set Kindly to start at login: show what is really there.
        self.start_at_login.setChecked(
            autostart.is_enabled() if autostart is not None else settings.start_at_login
        )
        what = QLabel(
            "Kindly then starts quietly with your computer and reminds you of promised e-mails "
            "even if you never open it. Click its tray icon (or its Dock icon on a Mac) to see it."
        )
        what.setWordWrap(True)
        self.problem = problem_label("Problem with starting at login")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_at_login)
        layout.addWidget(what)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def apply(self, settings: Settings) -> Settings:
        """The setting, and the login item written (or removed) now; a ValidationError says why
        the system refused."""
        self.problem.hide()
        wanted = self.start_at_login.isChecked()
        autostart = self._autostart
        if autostart is not None and wanted != autostart.is_enabled():
            try:
                autostart.apply(wanted)
            except KindlyError as exc:
                self.problem.setText(str(exc))
                self.problem.show()
                raise ValidationError(str(exc), "start_at_login") from exc
        return settings.replace(start_at_login=wanted)
