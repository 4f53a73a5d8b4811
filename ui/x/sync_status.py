"""The X sync status line in the window's status bar, "Sync now", and automatic sync.

Syncing and sending run in a ``QThreadPool`` worker on its own database connection; the worker
returns plain dataclasses by signal and the views listening for posts, people, promises and
drafts reload. Automatic sync runs every 15 minutes (a setting) while connected and under the
cost cap; after an offline spell it resumes by itself as soon as the network is back.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.changes import Changed
from app.clock import Clock
from app.errors import KindlyError
from app.services.costs import month_costs
from app.services.outbox import Outbox, OutboxReport
from app.services.secrets import TokenStore
from app.services.sync import (
    SyncEngine,
    SyncLine,
    SyncReport,
    allow_dm_backfill,
    auto_sync_due,
    dm_backfill_estimate,
    dm_backfill_waiting,
    sync_line,
)
from app.services.xconnection import Connection, ConnectionStatus, client_for, status
from ui.common import style
from ui.common.changes import DRAFTS, PEOPLE, POSTS, PROMISES, SETTINGS, Changes
from ui.common.workers import run_job

log = logging.getLogger("kindly.ui.sync")

CHECK_EVERY_MS = 30_000


@dataclass(frozen=True)
class SyncOutcome:
    sync: SyncReport | None
    outbox: OutboxReport | None


def sync_turn(
    path: Path,
    clock: Clock,
    *,
    sync: bool = True,
    send: bool = True,
    store: TokenStore | None = None,
    dms: bool | None = None,
) -> SyncOutcome:
    """One turn, in a worker on its own connection: sync mentions and DMs (optional; ``dms``
    None: when due, True: Sync now), then send what the outbox holds."""
    from app.workspace import open_workspace

    workspace = open_workspace(path, clock)
    try:
        client = client_for(workspace, store=store)
        report = SyncEngine(workspace, client).run(dms=dms) if sync else None
        sent = Outbox(workspace).send_pending(client) if send else None
    finally:
        workspace.close()
    return SyncOutcome(report, sent)


class SyncStatus(QWidget):
    """Status-bar widget: one line about X, a cost figure, and a "Sync now" button."""

    synced = Signal(object)  # SyncOutcome, after the views were told

    def __init__(
        self,
        workspace,
        changes: Changes,
        parent: QWidget | None = None,
        store: TokenStore | None = None,
        pool: QThreadPool | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.changes = changes
        self.store = store
        self.pool = pool or QThreadPool(self)  # X work never waits behind other work
        self.busy = False
        self.connection = ConnectionStatus(Connection.NOT_SET_UP)
        self.line = QLabel()
        self.line.setAccessibleName("X sync status")
        self.cost = QLabel()
        self.cost.setAccessibleName("X costs this month")
        self.sync_now = QToolButton()
        self.sync_now.setText("Sync now")
        self.sync_now.setAccessibleName("Sync with X now")
        self.sync_now.setToolTip("Fetch new mentions and DMs from X and send queued replies")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.cost)
        layout.addWidget(self.sync_now)
        self.sync_now.clicked.connect(self.on_sync_now_clicked)
        self.changes.changed.connect(self.on_changes_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.timer.start()
        # Soon after start: replies queued before a restart go out, an overdue sync runs.
        self.first_check = QTimer(self)
        self.first_check.setSingleShot(True)
        self.first_check.timeout.connect(self.on_timer_timeout)
        self.first_check.start(1500)
        self._watch_network()
        self.refresh_connection()

    # ----- state ----------------------------------------------------------------------------------

    def refresh_connection(self) -> None:
        self.connection = status(self.workspace, self.store)
        self.refresh()

    def costs(self):
        return month_costs(self.workspace.db, self.workspace.clock, self.workspace.settings.load())

    def refresh(self) -> None:
        costs = self.costs()
        line = sync_line(self.workspace, self.connection.connected, costs.cap_reached)
        if self.connection.state == Connection.RECONNECT:
            line = SyncLine(
                "X stopped accepting Kindly's sign-in — Reconnect on the X account page.",
                "error",
                None,
            )
        elif self.connection.state == Connection.KEYCHAIN:
            line = SyncLine(self.connection.message, "error", None)
        text = "Syncing with X…" if self.busy else line.text
        self.line.setText(text)
        colour = {"error": style.age_colour("red"), "warn": style.age_colour("amber")}.get(
            line.tone
        )
        self.line.setStyleSheet(f"color: {colour.name()}" if colour and not self.busy else "")
        self.cost.setText(f"X: ${costs.total:,.2f}" if self.connection.connected else "")
        self.cost.setToolTip(costs.summary())
        self.sync_now.setVisible(self.connection.connected)
        # An owner who never set X up is not reminded of it on every screen.
        self.setVisible(self.connection.state != Connection.NOT_SET_UP)
        self.sync_now.setEnabled(not self.busy and self.workspace.path is not None)

    # ----- running -------------------------------------------------------------------------------

    def start(self, *, sync: bool = True, send: bool = True, dms: bool | None = True) -> bool:
        """Sync and send now (the owner's Sync now reads DMs too; the timer only when due)."""
        if self.busy or self.workspace.path is None or not self.connection.connected:
            return False
        self.busy = True
        path, clock, store = self.workspace.path, self.workspace.clock, self.store
        self._worker = run_job(
            lambda _context: sync_turn(path, clock, sync=sync, send=send, store=store, dms=dms),
            pool=self.pool,
            owner=self,
            settled=self.on_worker_settled,
            done=self.on_worker_finished,
            expected=self.on_worker_failed,
        )
        self.refresh()
        return True

    def on_sync_now_clicked(self) -> None:
        dms = self.connection.connected and self.ask_dm_backfill()
        self.start(dms=dms)

    def ask_dm_backfill(self) -> bool:
        """The first DM read covers 30 days and X bills each DM: ask before it (once)."""
        if not dm_backfill_waiting(self.workspace):
            return True
        from PySide6.QtWidgets import QMessageBox

        question = dm_backfill_estimate(self.workspace).question()
        answer = QMessageBox.question(self, "Read your DMs from X?", question)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        allow_dm_backfill(self.workspace)
        return True

    def _workspace_open(self) -> bool:
        """False once the window's workspace was closed (the window is going away)."""
        try:
            self.workspace.db.conn.total_changes  # noqa: B018 - raises when closed
        except sqlite3.ProgrammingError:
            self.timer.stop()
            self.first_check.stop()
            return False
        return True

    def on_timer_timeout(self) -> None:
        if self.busy or not self.connection.connected or not self._workspace_open():
            return
        if auto_sync_due(
            self.workspace, True, self.costs().cap_reached, self.workspace.clock.now()
        ):
            self.start(dms=None)
        elif Outbox(self.workspace).store.pending(self.workspace.clock.now()):
            self.start(sync=False)

    def on_worker_settled(self) -> None:
        self.busy = False
        if self._workspace_open():
            self.refresh()

    def on_worker_finished(self, outcome: SyncOutcome) -> None:
        if not self._workspace_open():
            return
        if outcome.sync is not None and outcome.sync.error_kind in ("reconnect", "keychain"):
            self.connection = status(self.workspace, self.store)
        # One announcement: the inbox reloads once for what the sync and the sending changed.
        change = Changed(frozenset({POSTS, PEOPLE, PROMISES}))
        if outcome.outbox is not None and outcome.outbox.draft_ids:
            change |= Changed.of(DRAFTS, outcome.outbox.draft_ids)
        self.changes.publish(change)
        self.refresh()
        self.synced.emit(outcome)

    def on_worker_failed(self, error: KindlyError) -> None:
        if self._workspace_open():
            self.line.setText(str(error))

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind == SETTINGS and self._workspace_open():
            self.refresh_connection()

    # ----- the network --------------------------------------------------------------------------

    def _watch_network(self) -> None:
        """Sync as soon as the network comes back (where the platform can tell)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend() and QNetworkInformation.instance():
                QNetworkInformation.instance().reachabilityChanged.connect(
                    self.on_network_reachability_changed
                )
        except (ImportError, RuntimeError):  # no backend here: the 1-minute retry covers it
            pass

    def on_network_reachability_changed(self, reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online and self.connection.connected:
            self.start(dms=None)
