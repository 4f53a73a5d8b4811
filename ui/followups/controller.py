"""Follow-ups in the window: the page, its menu and the person panel's line, and the reminders:
a look every 30 seconds, and a catch-up look on start and when the computer wakes, shown in the
tray or in an in-app banner (``ui/shell/tray.py``).
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from app.domain.promises import AWAITING_DM, State
from app.errors import KindlyError
from app.storage.promises import FollowUpRow
from ui.common import style
from ui.common.changes import DRAFTS, POSTS, PROMISES
from ui.followups.model import when_text
from ui.followups.page import FollowUpsPage

if TYPE_CHECKING:
    from ui.common.opener import UrlOpener
    from ui.shell.main_window import MainWindow

log = logging.getLogger("kindly.ui.followups")

POLL_MS = 30_000


class PersonFollowUps(QWidget):
    """In the person panel: this person's open follow-ups, and Add their DM."""

    add_dm_clicked = Signal()
    show_clicked = Signal(int)  # promise id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Follow-ups with this person")
        self.summary = QLabel()
        self.summary.setAccessibleName("Open follow-ups")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(lambda link: self.show_clicked.emit(int(link)))
        self.add_dm = QPushButton("Add their DM…")
        self.add_dm.setAccessibleName("Add a DM from this person")
        self.add_dm.setToolTip("Paste a DM they sent you; Kindly finds their e-mail address")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.add_dm)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_dm.clicked.connect(self.add_dm_clicked)

    def show_for(self, rows: list[tuple[FollowUpRow, State]], now: datetime) -> None:
        lines = []
        for row, state in rows:
            what = "DM awaited" if row.promise.kind == AWAITING_DM else "E-mail owed"
            colour = {State.OVERDUE: style.age_colour("red"),
                      State.DUE: style.age_colour("amber"),
                      State.SOON: style.age_colour("amber")}.get(state)
            when = when_text(row, state, now)
            when = f"<span style='color:{colour.name()}'>{when}</span>" if colour else when
            lines.append(f"<a href='{row.promise.id}'>{what}</a> · {when}")
        self.summary.setText("<br>".join(lines))
        self.summary.setVisible(bool(lines))


class FollowUpsController(QObject):
    """Puts Follow-ups into the window and runs the reminders: a look every 30 seconds, a
    catch-up on start and when the computer wakes (a look much later than planned)."""

    def __init__(self, window: MainWindow, opener: UrlOpener, quit_action: QAction,
                 tray_available=None, autostart=None):
        super().__init__(window)
        from ui.shell.tray import Notifier

        self.window = window
        self.workspace = window.workspace
        if autostart is None:
            from app.services.autostart import Autostart

            autostart = Autostart()
        self.page = FollowUpsPage(window.workspace, window.changes, opener, autostart)
        window.add_page("followups", "Follow-ups", self.page)
        self.notifier = Notifier(window, tray_available)
        self.page.count_changed.connect(self.on_page_count_changed)
        self.page.open_post_requested.connect(self.open_post)
        self.notifier.notice_clicked.connect(self.show_promise)
        window.changes.changed.connect(self.on_changes_changed)
        self._hook_quit_action(quit_action)
        self._build_menu()
        self._add_to_person_panel()
        self.on_page_count_changed(self.workspace.followups.due_count())

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.timer.start()
        self._last_look: datetime | None = None
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self.on_application_state_changed)
        QTimer.singleShot(0, self.on_timer_timeout)

    # ----- reminders -----------------------------------------------------------------------------

    def look(self, catch_up: bool | None = None) -> list:
        """Fire what is due now and show it; returns the notices shown."""
        if not (self.window.isVisible() or self.notifier.uses_tray):
            return []  # a window closed for good (no tray to keep Kindly running) looks no more
        now = self.workspace.clock.now()
        if catch_up is None:
            # The first look, or one far later than planned (the computer slept): one summary.
            catch_up = self._last_look is None or now - self._last_look > timedelta(
                milliseconds=3 * POLL_MS)
        self._last_look = now
        try:
            notices = self.workspace.reminders.check(catch_up=catch_up, now=now)
        except (KindlyError, sqlite3.OperationalError) as exc:  # busy: try again next time
            log.warning("reminders not checked: %s", exc)
            return []
        except sqlite3.ProgrammingError:  # the workspace was closed under us: stop looking
            self.stop()
            return []
        for notice in notices:
            self.notifier.notify(notice)
        self.page.reload(clear_message=bool(notices))
        self.refresh_person()
        return notices

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        """A reminder for a follow-up the owner just handled has said its piece: take it down."""
        if kind in (PROMISES, POSTS, DRAFTS):
            self.refresh_person()
        if kind != PROMISES:
            return
        banner = self.notifier.banner
        ids = {n.promise_id for n in banner.notices}
        if banner.notices and None not in ids:
            handled = [self.workspace.promises.get(i) for i in ids]
            if all(p is None or not p.is_open for p in handled):
                banner.clear()

    def stop(self) -> None:
        """No more looks (the window's workspace is closed)."""
        self.timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            try:
                app.applicationStateChanged.disconnect(self.on_application_state_changed)
            except (RuntimeError, TypeError):
                pass

    def on_timer_timeout(self) -> None:
        self.look()

    def on_application_state_changed(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.look()

    # ----- the window ----------------------------------------------------------------------------

    def on_page_count_changed(self, count: int) -> None:
        self.window.navigation.set_page_count("followups", count, urgent=True)
        self.notifier.set_due_count(count)

    def show_promise(self, promise_id) -> None:
        self.window.show_page("followups")
        if promise_id is not None:
            self.page.select_promise(promise_id)

    def open_post(self, n: int) -> None:
        self.window.open_post(n)

    def add_dm_for_current_conversation(self) -> None:
        from ui.followups.add_dm import AddDmDialog

        post = self.window.conversation.post
        handle = post.author_handle if post is not None and not post.is_shop else ""
        dialog = AddDmDialog(self.workspace.followups, handle, None, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.page.on_dm_added(dialog.outcome))
        dialog.open()
        self.add_dm_dialog = dialog

    def _add_to_person_panel(self) -> None:
        self.person_followups = PersonFollowUps()
        self.window.conversation.person.add_section(self.person_followups)
        self.person_followups.add_dm_clicked.connect(self.add_dm_for_current_conversation)
        self.person_followups.show_clicked.connect(self.show_promise)
        self.window.list.selectionModel().currentRowChanged.connect(
            lambda *_: self.refresh_person())
        self.refresh_person()

    def refresh_person(self) -> None:
        post = self.window.conversation.post
        self.person_followups.setVisible(post is not None and not post.is_shop)
        if post is None or post.is_shop:
            return
        overview = self.workspace.followups.overview()
        rows = [(row, state) for row, state in overview.owed + overview.awaiting
                if row.promise.person_id == post.author_id]
        self.person_followups.show_for(rows, self.workspace.clock.now())

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu("F&ollow-ups", bar)
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        self.add_dm_action = QAction("Add a customer's &DM…", self.window)
        self.add_dm_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.add_dm_action.triggered.connect(self.add_dm_for_current_conversation)
        show = QAction("Show &follow-ups", self.window)
        show.setShortcut(QKeySequence("Ctrl+Shift+F"))
        show.triggered.connect(lambda: self.window.show_page("followups"))
        settings = QAction("Follow-up &settings…", self.window)
        settings.triggered.connect(self.page.on_settings_button_clicked)
        for action in (self.add_dm_action, show, settings):
            menu.addAction(action)
        self.menu = menu

    def _hook_quit_action(self, quit_action: QAction) -> None:
        """File → Quit really quits, even when closing the window only hides it in the tray."""
        if self.notifier.uses_tray:
            quit_action.triggered.disconnect()
            quit_action.triggered.connect(self.notifier.quit)
