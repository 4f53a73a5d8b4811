"""One Settings window for everything the owner sets: a list of sections on the left, the chosen
section on the right, Save and Cancel below. Opened by Kindly → Settings… (⌘,) on macOS and
Edit → Settings… (Ctrl+,) elsewhere, and by the Follow-ups page's Settings… button.

Writes go through services: the shop's details through ``app.services.shop``, the rest through
``app.services.settings`` (only values that differ from the defaults are stored).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes import NOTHING, Changed
from app.errors import ValidationError
from app.services.autostart import Autostart
from app.services.settings import save_settings
from app.services.shop import save_shop
from app.settings import Settings
from app.workspace import Workspace
from ui.settings.colours import AgeColoursSection
from ui.settings.login import LoginSection
from ui.settings.notifications import NotificationsSection
from ui.settings.reminders import RemindersSection
from ui.settings.shop import ShopForm

SECTIONS = [
    ("shop", "Shop"),
    ("reminders", "Reminders & opening hours"),
    ("notifications", "Notifications & tray"),
    ("login", "Start at login"),
    ("x_account", "X account"),
    ("data", "Data"),
    ("colours", "Age colours"),
]


class SettingsWindow(QDialog):
    """``change`` holds what Save changed, for the window to announce once."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        autostart: Autostart | None = None,
        tray_available: bool = True,
        x_account: Callable[[], QWidget] | None = None,
        data: Callable[[], QWidget] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self._workspace = workspace
        self.change: Changed = NOTHING
        settings = workspace.settings.load()
        self.shop = ShopForm(workspace.shop.get())
        self.reminders = RemindersSection(settings)
        self.notifications = NotificationsSection(settings, tray_available)
        self.login = LoginSection(settings, autostart)
        self.colours = AgeColoursSection(settings)
        self._builders: dict[str, Callable[[], QWidget]] = {}
        built: dict[str, QWidget] = {
            "shop": self.shop,
            "reminders": self.reminders,
            "notifications": self.notifications,
            "login": self.login,
            "colours": self.colours,
        }
        if x_account is not None:
            self._builders["x_account"] = x_account
        if data is not None:
            self._builders["data"] = data
        self.sections: dict[str, QWidget] = {}

        self.list = QListWidget()
        self.list.setAccessibleName("Settings sections")
        self.list.setFixedWidth(200)
        self.list.setSpacing(3)
        self.stack = QStackedWidget()
        self._keys: list[str] = []
        for key, title in SECTIONS:
            if key not in built and key not in self._builders:
                continue
            self._keys.append(key)
            self.list.addItem(title)
            page = built.get(key) or QWidget()  # X account and Data are built when first shown
            self.sections[key] = page
            # The X account page scrolls and heads itself.
            self.stack.addWidget(self._framed(None if key == "x_account" else title, page))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem saving settings")
        self.problem.setWordWrap(True)
        self.problem.hide()
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

        self.list.currentRowChanged.connect(self.on_list_current_row_changed)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.list.setCurrentRow(0)

    @staticmethod
    def _framed(title: str | None, page: QWidget) -> QScrollArea:
        holder = QWidget()
        box = QVBoxLayout(holder)
        if title is not None:
            heading = QLabel(title)
            font = heading.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setBold(True)
            heading.setFont(font)
            box.addWidget(heading)
        else:
            box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(page, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        return scroll

    def show_section(self, key: str) -> QWidget:
        """Show the section ``key`` (built now if it waited) and return it."""
        self.list.setCurrentRow(self._keys.index(key))
        return self.section(key)

    def section(self, key: str) -> QWidget:
        build = self._builders.pop(key, None)
        if build is not None:
            placeholder = self.sections[key]
            page = build()
            holder = placeholder.parentWidget()
            layout = holder.layout() if holder is not None else None
            if layout is not None:
                layout.replaceWidget(placeholder, page)
            if isinstance(page, QScrollArea):
                page.setFrameShape(QScrollArea.Shape.NoFrame)
            placeholder.deleteLater()
            self.sections[key] = page
        return self.sections[key]

    def on_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._keys):
            self.section(self._keys[row])
            self.stack.setCurrentIndex(row)

    def on_buttons_accepted(self) -> None:
        """Check every section, then keep the shop and the settings; a problem shows its
        section and nothing is saved."""
        self.problem.hide()
        settings = self._workspace.settings.load()
        appliers: list[tuple[str, Callable[[Settings], Settings]]] = [
            ("reminders", self.reminders.apply),
            ("notifications", self.notifications.apply),
            ("colours", self.colours.apply),
            ("login", self.login.apply),  # last: it writes the login item at once
        ]
        try:
            shop = self._checked("shop", self.shop.shop)
            for key, apply in appliers:
                settings = self._checked(key, partial(apply, settings))
        except ValidationError:
            return
        change = save_shop(self._workspace.shop, shop)
        change |= save_settings(self._workspace.settings, settings)
        self.change = change
        self.accept()

    def _checked(self, key: str, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except ValidationError:
            self.list.setCurrentRow(self._keys.index(key))
            raise
