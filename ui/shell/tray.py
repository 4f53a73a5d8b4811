"""Reminders where the owner sees them: a tray icon and desktop notifications, or a banner.

With a system tray, Kindly keeps running there when the window is closed (``close_to_tray``), so
reminders still arrive; the icon's tooltip says how many follow-ups are due, and clicking a
notification opens that follow-up. Without one (the offscreen platform, some Linux desktops) the
same reminders show in a banner at the top of the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from app.domain.alerts import tray_tooltip
from app.domain.reminders import Notice
from app.paths import resources_dir
from ui.common import style

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

log = logging.getLogger("kindly.tray")


def system_tray_available() -> bool:
    """Whether this desktop has a tray (tests replace this to take either path)."""
    return QSystemTrayIcon.isSystemTrayAvailable()


class ReminderBanner(QToolBar):
    """The in-app banner: the latest reminder, Show and Dismiss."""

    show_clicked = Signal(object)  # promise id, or None for a summary
    mention_clicked = Signal(object)  # an alert's mention (post n), or None: the inbox

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Reminders", parent)
        self.setObjectName("reminder_banner")
        self.setAccessibleName("Reminder")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self._promise_id: int | None = None
        body = QWidget()
        body.setObjectName("reminder_banner_body")
        layout = QHBoxLayout(body)
        layout.setContentsMargins(10, 2, 6, 2)
        self.text = QLabel()
        self.text.setAccessibleName("Reminder text")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        # A long reminder must never widen the window: the label takes the room there is.
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setMinimumWidth(0)
        self.show_button = QPushButton("Show")
        self.show_button.setAccessibleName("Show this follow-up")
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setAccessibleName("Dismiss the reminder")
        layout.addWidget(self.text, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.dismiss)
        self.addWidget(body)
        self.notices: list[Notice] = []
        self.show_button.clicked.connect(self.on_show_button_clicked)
        self.dismiss.clicked.connect(self.on_dismiss_clicked)
        self.hide()

    def add(self, notice: Notice) -> None:
        self.notices.append(notice)
        self._promise_id = notice.promise_id
        more = sum(1 for n in self.notices if n.opens == notice.opens) - 1
        colour = style.age_colour("red" if notice.urgent else "amber").name()
        where = "the inbox" if notice.opens == "inbox" else "Follow-ups"
        extra = f"  <span>(+{more} more in {where})</span>" if more else ""
        self.text.setText(
            f"<b style='color:{colour}'>{_escape(notice.title)}</b> — {_escape(notice.body)}{extra}"
        )
        self.setStyleSheet(
            "#reminder_banner { border: none; padding: 0; }"
            f"#reminder_banner_body {{ border-left: 4px solid {colour}; }}"
        )
        self.show()

    def clear(self) -> None:
        self.notices.clear()
        self.hide()

    def replace(self, notices: list[Notice]) -> None:
        """Say these instead (the same reminders with today's figures); none: the banner goes."""
        self.notices.clear()
        for notice in notices:
            self.add(notice)
        if not notices:
            self.hide()

    def on_show_button_clicked(self) -> None:
        latest = self.notices[-1] if self.notices else None
        if latest is not None and latest.opens == "inbox":
            self.clear()
            self.mention_clicked.emit(latest.post_n)
            return
        promise_id = self._promise_id if len(self.notices) == 1 else None
        self.clear()
        self.show_clicked.emit(promise_id)

    def on_dismiss_clicked(self) -> None:
        self.clear()


class Notifier(QObject):
    """Shows reminder notices in the tray or the banner, and keeps the window in the tray."""

    notice_clicked = Signal(object)  # promise id, or None: open the Follow-ups page
    mention_clicked = Signal(object)  # a mention alert: its post n, or None: Needs reply
    open_requested = Signal()
    quit_requested = Signal()

    def __init__(self, window: MainWindow, tray_available: Callable[[], bool] | None = None):
        super().__init__(window)
        self.window = window
        self.settings_store = window.workspace.settings
        self.tray: QSystemTrayIcon | None = None
        self.banner = ReminderBanner(window)
        self.banner.setAccessibleName("Reminder banner")
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.banner.show_clicked.connect(self.notice_clicked)
        self.banner.mention_clicked.connect(self.mention_clicked)
        self._due = 0
        self.needs_reply: int | None = None  # counted once the alerts start
        self._last_notice: Notice | None = None
        self.shown: list[tuple[str, Notice]] = []  # ('tray' | 'banner', notice), newest last
        self.quitting = False
        available = tray_available or system_tray_available
        if available():
            self._make_tray()
        window.installEventFilter(self)

    @property
    def uses_tray(self) -> bool:
        return self.tray is not None

    def _make_tray(self) -> None:
        icon = QApplication.windowIcon()
        if icon.isNull():
            path = resources_dir() / "icons" / "kindly.svg"
            icon = QIcon(str(path)) if path.exists() else icon
        self.tray = QSystemTrayIcon(icon, self)
        menu = QMenu()
        self.open_action = QAction("Open Kindly", menu)
        self.open_action.triggered.connect(self.open_window)
        self.quit_action = QAction("Quit Kindly", menu)
        self.quit_action.triggered.connect(self.quit)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self._menu = menu
        self.tray.setContextMenu(menu)
        self.tray.activated.connect(self.on_tray_activated)
        self.tray.messageClicked.connect(self.on_tray_message_clicked)
        self.set_due_count(0)
        self.tray.show()
        QApplication.setQuitOnLastWindowClosed(False)

    # ----- showing -------------------------------------------------------------------------------

    def notify(self, notice: Notice) -> None:
        settings = self.settings_store.load()
        self._last_notice = notice
        if self.tray is not None and settings.notifications:
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if notice.urgent
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage(notice.title, notice.body, icon, 15_000)
            self.shown.append(("tray", notice))
            if self.window.isVisible():
                self.banner.add(notice)
            return
        self.banner.add(notice)
        self.shown.append(("banner", notice))

    def set_due_count(self, count: int) -> None:
        self._due = count
        self._show_counts()

    def set_needs_reply_count(self, count: int) -> None:
        """What needs a reply: in the tray tooltip and on the Dock/taskbar badge (0 clears it)."""
        self.needs_reply = count
        self._show_counts()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # Qt 6.5+: the Dock, the taskbar, the launcher
            app.setBadgeNumber(count)

    def _show_counts(self) -> None:
        if self.tray is not None:
            self.tray.setToolTip(tray_tooltip(self.needs_reply, self._due))

    def tooltip(self) -> str:
        return self.tray.toolTip() if self.tray else ""

    # ----- the window ----------------------------------------------------------------------------

    def open_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        self.open_requested.emit()

    def quit(self) -> None:
        """Really quit (from the tray menu or File → Quit): close the window, end the app."""
        self.quitting = True
        self.window.close()
        if self.tray is not None:
            self.tray.hide()
        self.quit_requested.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.Close and not self.quitting:
            settings = self.settings_store.load()
            if self.tray is not None and settings.close_to_tray:
                event.ignore()
                self.window.hide()
                if not settings.tray_hint_shown:
                    self.tray.showMessage(
                        "Kindly is still running",
                        "It stays in the tray to remind you of the e-mails you promised. "
                        "Quit from the tray icon's menu; turn this off in Settings → "
                        "Notifications & tray.",
                        QSystemTrayIcon.MessageIcon.Information,
                        15_000,
                    )
                    self.settings_store.save(settings.replace(tray_hint_shown=True))
                return True
        return super().eventFilter(watched, event)

    # ----- slots ---------------------------------------------------------------------------------

    def on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_window()

    def on_tray_message_clicked(self) -> None:
        self.open_window()
        notice = self._last_notice
        if notice is not None and notice.opens == "inbox":
            self.mention_clicked.emit(notice.post_n)
            return
        self.notice_clicked.emit(notice.promise_id if notice else None)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
