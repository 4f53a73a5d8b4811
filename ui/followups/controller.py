"""Follow-ups in the window: the page, its menu and the person panel's line, and the reminders:
a look every 30 seconds, and a catch-up look on start and when the computer wakes, shown in the
tray or in an in-app banner (``ui/shell/tray.py``).
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from app.domain.promises import AWAITING_DM, FollowUpRow, State
from app.errors import DatabaseBusy, KindlyError
from ui.common import style
from ui.common.changes import DRAFTS, POSTS, PROMISES
from ui.common.workers import Worker, run_job
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
            colour = {
                State.OVERDUE: style.age_colour("red"),
                State.DUE: style.age_colour("amber"),
                State.SOON: style.age_colour("amber"),
            }.get(state)
            when = when_text(row, state, now)
            when = f"<span style='color:{colour.name()}'>{when}</span>" if colour else when
            lines.append(f"<a href='{row.promise.id}'>{what}</a> · {when}")
        self.summary.setText("<br>".join(lines))
        self.summary.setVisible(bool(lines))


class FollowUpsController(QObject):
    """Puts Follow-ups into the window and runs the reminders: a look every 30 seconds, a
    catch-up on start and when the computer wakes (a look much later than planned)."""

    def __init__(
        self,
        window: MainWindow,
        opener: UrlOpener,
        quit_action: QAction,
        tray_available=None,
        autostart=None,
    ):
        super().__init__(window)
        from ui.shell.tray import Notifier

        self.window = window
        self.workspace = window.workspace
        if autostart is None:
            from app.services.autostart import Autostart

            autostart = Autostart()
        self._looking: Worker | None = None  # the worker of a look still running
        self._generation = 0  # counts the edits announced, to spot a look read before one
        self._stopped = False
        self._last_look: datetime | None = None
        self._page_stale = False  # looks skipped the page while it was off screen
        self.page = FollowUpsPage(window.workspace, window.changes, opener, autostart)
        self.page.installEventFilter(self)
        window.add_page("followups", "Follow-ups", self.page)
        self.notifier = Notifier(window, tray_available)
        self.page.count_changed.connect(self.on_page_count_changed)
        self.page.open_post_requested.connect(self.open_post)
        self.page.settings_requested.connect(
            lambda: self.window.settings_actions.open_settings("reminders")
        )
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
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state_changed)
        # The first look (a catch-up) on the GUI thread, as the window opens: its result is what
        # the window starts with; the looks after it run beside the window.
        QTimer.singleShot(0, self.look)

    # ----- reminders -----------------------------------------------------------------------------

    def look(self, catch_up: bool | None = None) -> list:
        """Fire what is due now and show it, here on the GUI thread; returns the notices shown.
        The timer's looks go through ``look_in_background`` instead."""
        started = self._start_look(catch_up)
        if started is None:
            return []
        now, catch_up = started
        try:
            found = self.workspace.reminders.look(now, catch_up=catch_up)
        except (KindlyError, sqlite3.OperationalError) as exc:  # busy: try again next time
            log.warning("reminders not checked: %s", exc)
            return []
        except sqlite3.ProgrammingError:  # the workspace was closed under us: stop looking
            self.stop()
            return []
        return self._show_look(found, fresh=True)

    def look_in_background(self, catch_up: bool | None = None) -> None:
        """The look every 30 seconds, on a worker thread with its own connection: reading 10,000
        open follow-ups takes a few hundred milliseconds, the window only takes in the result."""
        if self._looking is not None:
            return  # the previous look is still running; this one would find the same
        path = self.workspace.path
        if path is None:  # an in-memory shop has no second connection to read it through
            self.look(catch_up)
            return
        started = self._start_look(catch_up)
        if started is None:
            return
        now, catch_up = started
        clock = self.workspace.clock
        zone = self.workspace.reminders.zone

        page = self.page.isVisible()  # a page off screen is read when it is shown

        def job(context):
            from app.services.followups import followups_on

            try:
                return followups_on(context.db, clock, zone).look(now, catch_up=catch_up, page=page)
            except sqlite3.OperationalError as exc:  # kept busy: the next look tries again
                raise DatabaseBusy(str(exc)) from exc

        generation = self._generation
        self._looking = run_job(
            job,
            db_path=path,
            owner=self,
            settled=self.on_look_settled,
            done=lambda found: self.on_look_finished(found, generation),
            expected=self.on_look_failed,
        )

    def on_look_settled(self) -> None:
        self._looking = None

    def on_look_finished(self, found, generation: int) -> None:
        if self._stopped or not shiboken6.isValid(self.page):
            return
        # An edit while the worker read: the page has reloaded since; its list is the newer one.
        try:
            self._show_look(found, fresh=generation == self._generation)
        except sqlite3.ProgrammingError:  # the workspace was closed while the worker read
            self.stop()
            return
        if self._page_stale and self.page.isVisible():  # shown while this look skipped it
            QTimer.singleShot(0, self.look_in_background)

    def on_look_failed(self, exc: KindlyError) -> None:
        log.warning("reminders not checked: %s", exc)

    def _start_look(self, catch_up: bool | None) -> tuple[datetime, bool] | None:
        if self._stopped or not (self.window.isVisible() or self.notifier.uses_tray):
            return None  # a window closed for good (no tray to keep Kindly running) looks no more
        now = self.workspace.clock.now()
        if catch_up is None:
            # The first look, or one far later than planned (the computer slept): one summary.
            catch_up = self._last_look is None or now - self._last_look > timedelta(
                milliseconds=3 * POLL_MS
            )
        self._last_look = now
        return now, catch_up

    def _show_look(self, found, fresh: bool) -> list:
        self.refresh_banner()
        for notice in found.notices:
            self.notifier.notify(notice)
        if found.overview is None:
            self.on_page_count_changed(found.due_count)
            self._page_stale = True
        elif fresh:
            self.page.reload(
                clear_message=bool(found.notices), overview=found.overview, now=found.now
            )
            self._page_stale = False
        elif found.notices:
            self.page.reload(clear_message=True)
        self.refresh_person()
        return found.notices

    def eventFilter(self, watched, event) -> bool:
        """The Follow-ups page comes on screen after looks that skipped it: read it now."""
        if watched is self.page and event.type() == QEvent.Type.Show and self._page_stale:
            QTimer.singleShot(0, self.look_in_background)
        return False

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        """A reminder for a follow-up the owner just handled has said its piece: take it down."""
        self._generation += 1
        if kind in (PROMISES, POSTS, DRAFTS):
            self.refresh_person()
        if kind != PROMISES:
            return
        self.refresh_banner()

    def refresh_banner(self) -> None:
        """The banner says what is true now: a follow-up handled leaves its figures (and the
        banner goes with the last one); one that fell overdue is counted as overdue."""
        banner = self.notifier.banner
        if not banner.notices:
            return
        reminders = self.workspace.reminders
        now = self.workspace.clock.now()
        fresh = [again for n in banner.notices if (again := reminders.said_again(n, now))]
        if fresh != banner.notices:
            banner.replace(fresh)

    def stop(self) -> None:
        """No more looks (the window's workspace is closed)."""
        self._stopped = True
        self.timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            try:
                app.applicationStateChanged.disconnect(self.on_application_state_changed)
            except (RuntimeError, TypeError):
                pass

    def on_timer_timeout(self) -> None:
        self.look_in_background()

    def on_application_state_changed(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.look_in_background()

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
            lambda *_: self.refresh_person()
        )
        self.refresh_person()

    def refresh_person(self) -> None:
        post = self.window.conversation.post
        self.person_followups.setVisible(post is not None and not post.is_shop)
        if post is None or post.is_shop:
            return
        now = self.workspace.clock.now()
        self.person_followups.show_for(
            self.workspace.followups.for_person(post.author_id, now), now
        )

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
        settings = QAction("Reminder &settings…", self.window)
        settings.triggered.connect(self.page.on_settings_button_clicked)
        for action in (self.add_dm_action, show, settings):
            menu.addAction(action)
        self.menu = menu

    def _hook_quit_action(self, quit_action: QAction) -> None:
        """File → Quit really quits, even when closing the window only hides it in the tray."""
        if self.notifier.uses_tray:
            quit_action.triggered.disconnect()
            quit_action.triggered.connect(self.notifier.quit)
