"""New-mention alerts in the window: a sync's new complaints and questions, the 24-hour nudge,
and the Needs reply count on the tray icon and the Dock/taskbar badge.

What to tell and when is decided in ``app/services/alerts.py``; this shows it through the same
``Notifier`` the follow-up reminders use (tray notification, or the in-app banner). A sync's
arrivals come with its result (read by the sync's worker), so nothing is read twice.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.changes import Changed
from app.domain.models import InboxFilter
from app.errors import KindlyError
from app.services.alerts import MentionAlerts
from ui.common.changes import PEOPLE, POSTS

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow
    from ui.shell.tray import Notifier
    from ui.x.sync_status import SyncOutcome

log = logging.getLogger("kindly.ui.alerts")

LOOK_MS = 60_000  # held arrivals and the nudge: a look a minute is plenty for "within the hour"


class AlertsController(QObject):
    def __init__(self, window: MainWindow, notifier: Notifier):
        super().__init__(window)
        self.window = window
        self.notifier = notifier
        workspace = window.workspace
        self.alerts = MentionAlerts(workspace.db, workspace.settings, workspace.clock)
        window.x_sync.synced.connect(self.on_x_sync_synced)
        window.changes.published.connect(self.on_changes_published)
        notifier.mention_clicked.connect(self.on_notifier_mention_clicked)
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_MS)
        self.timer.timeout.connect(self.look)
        self.timer.start()
        self.held = QTimer(self)  # tells what the rate limit held back, when the gap is over
        self.held.setSingleShot(True)
        self.held.timeout.connect(self.look)
        self.refresh_count()
        QTimer.singleShot(0, self.look)

    def on_x_sync_synced(self, outcome: SyncOutcome) -> None:
        if outcome.sync is None or not outcome.sync.arrivals:
            return
        notice = self.alerts.synced(outcome.sync.arrivals)
        if notice is not None:
            self.notifier.notify(notice)
        self._arm_held()

    def look(self) -> list:
        """Held arrivals and the nudge; returns the notices shown."""
        try:
            notices = self.alerts.look()
        except (KindlyError, sqlite3.OperationalError) as exc:  # busy: the next look tries again
            log.warning("alerts not checked: %s", exc)
            return []
        except sqlite3.ProgrammingError:  # the workspace was closed: no more looks
            self.timer.stop()
            return []
        for notice in notices:
            self.notifier.notify(notice)
        self._arm_held()
        return notices

    def _arm_held(self) -> None:
        until = self.alerts.rules.pending_until()
        if until is None:
            return
        wait = (until - self.window.workspace.clock.now()).total_seconds()
        self.held.start(max(0, int(wait * 1000)) + 500)

    def on_changes_published(self, change: Changed) -> None:
        if change.kinds & {POSTS, PEOPLE}:
            self.refresh_count()

    def refresh_count(self) -> None:
        try:
            count = self.alerts.needs_reply()
        except sqlite3.ProgrammingError:
            return
        self.notifier.set_needs_reply_count(count)

    def on_notifier_mention_clicked(self, n) -> None:
        self.notifier.open_window()
        if n is not None:
            self.window.open_post(n)
        else:
            self.window.navigation.choose(InboxFilter.NEEDS_REPLY)
