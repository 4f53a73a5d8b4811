"""The first start on a new database: the shop's details in plain words, then the three ways to
get mentions in (connect X, import a file, add one by hand) and the demo to look around.

Skippable ("Skip for now" is remembered, so it does not come back at every start); File → Set up
your shop… opens it again. The details go through ``app.services.shop`` like Settings → Shop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services.shop import save_shop, skip_setup
from app.workspace import Workspace
from ui.common.changes import Changes
from ui.settings.shop import ShopForm

# (signal name, title, what it does, button)
WAYS = [
    (
        "connect_x_requested",
        "Connect X",
        "Kindly fetches your mentions and DMs from X every few minutes. Needs your own free X "
        "developer app; Kindly shows each step.",
        "Connect X…",
    ),
    (
        "import_requested",
        "Import a file",
        "Your X archive (the zip X lets you download) or a CSV file of mentions.",
        "Import a file…",
    ),
    (
        "add_by_hand_requested",
        "Add one by hand",
        "Paste a mention's link or text. Good for a first try, or for a shop with a few "
        "mentions a day.",
        "Add a mention…",
    ),
]


def open_demo_window() -> bool:
    """Start a second Kindly on the demo shop (a throwaway copy; the owner's data is untouched)."""
    if getattr(sys, "frozen", False):
        return QProcess.startDetached(sys.executable, ["--demo"])[0]
    main = Path(__file__).resolve().parents[2] / "main.py"
    return QProcess.startDetached(sys.executable, [str(main), "--demo"])[0]


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def _words(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SetupDialog(QDialog):
    connect_x_requested = Signal()
    import_requested = Signal()
    add_by_hand_requested = Signal()

    def __init__(
        self,
        workspace: Workspace,
        changes: Changes,
        open_demo: Callable[[], object] = open_demo_window,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Set up Kindly for your shop")
        self.setAccessibleName("Set up Kindly for your shop")
        self._workspace = workspace
        self._changes = changes
        self._open_demo = open_demo

        self.form = ShopForm(workspace.shop.get())
        shop_page = QWidget()
        box = QVBoxLayout(shop_page)
        box.addWidget(_heading("Welcome to Kindly"))
        box.addWidget(
            _words(
                "Tell Kindly about your shop — a minute's work. Only the name is needed; the rest "
                "fills your replies so you never type it again. Change any of it later in Settings."
            )
        )
        box.addWidget(self.form, 1)

        ways_page = QWidget()
        ways = QVBoxLayout(ways_page)
        ways.addWidget(_heading("Get your mentions in"))
        ways.addWidget(_words("Choose one to start; you can use the others any time."))
        row = QHBoxLayout()
        self.way_buttons: dict[str, QPushButton] = {}
        for signal, title, what, button_text in WAYS:
            group = QGroupBox(title)
            group.setMinimumHeight(170)
            inner = QVBoxLayout(group)
            inner.addWidget(_words(what))
            inner.addStretch(1)
            button = QPushButton(button_text)
            button.setAccessibleName(title)
            button.clicked.connect(lambda _=False, s=signal: self.choose(s))
            inner.addWidget(button)
            self.way_buttons[signal] = button
            row.addWidget(group, 1)
        ways.addLayout(row)
        self.demo_link = QLabel(
            "Just looking? <a href='demo'>Open the demo shop</a> in a second window — "
            "a made-up shop to try everything on; nothing there is kept."
        )
        self.demo_link.setAccessibleName("Open the demo shop")
        self.demo_link.setWordWrap(True)
        self.demo_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.demo_link.linkActivated.connect(lambda _link: self._open_demo())
        ways.addWidget(self.demo_link)
        ways.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(shop_page)
        self.pages.addWidget(ways_page)
        self.buttons = QDialogButtonBox()
        self.skip_button = self.buttons.addButton(
            "Skip for now", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.back_button = QPushButton("Back")
        self.next_button = self.buttons.addButton("Next", QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.buttons, 1)
        layout.addLayout(bottom)
        self.resize(720, 540)

        self.skip_button.clicked.connect(self.on_skip_button_clicked)
        self.back_button.clicked.connect(lambda: self.show_page(0))
        self.next_button.clicked.connect(self.on_next_button_clicked)
        self.show_page(0)

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back_button.setVisible(index == 1)
        # The details are kept once past the first page: "Later" beside "Done" would only close
        # the window the same way, so the second page has the one button.
        self.skip_button.setVisible(index == 0)
        self.next_button.setText("Next" if index == 0 else "Done")

    def on_next_button_clicked(self) -> None:
        if self.pages.currentIndex() == 1:
            self.accept()
            return
        try:
            shop = self.form.shop()
        except ValidationError:
            return
        if not shop.name:
            label = self.form.errors["name"]
            label.setText("Give your shop's name: replies and the window use it.")
            label.show()
            self.form.fields["name"].setFocus()
            return
        self._changes.publish(save_shop(self._workspace.shop, shop))
        self.show_page(1)

    def on_skip_button_clicked(self) -> None:
        if self.pages.currentIndex() == 0:
            self._changes.publish(skip_setup(self._workspace.settings))
        self.reject()

    def choose(self, signal: str) -> None:
        """Close the set-up, then start the way chosen (its own dialog over the window)."""
        self.accept()
        getattr(self, signal).emit()
