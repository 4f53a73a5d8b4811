"""Sorting imported mentions in the background while the window is open (see
``app/services/triage_backlog.py``): a worker on its own connection, a line in the status bar
("Sorting 12,345 imported mentions…"), and the list told every couple of seconds so the kinds fill
in as they are found. It starts when the window opens with mentions still unsorted and after
every change to the posts (an import), and stops when Kindly quits; the rest waits for next time.
"""

from __future__ import annotations

import logging
import time

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.errors import KindlyError
from app.services.triage_backlog import (
    BATCH,
    SORTING,
    ClassifierProcess,
    TriageBacklog,
    sorted_change,
)
from ui.common.changes import POSTS
from ui.common.workers import Worker, run_job

log = logging.getLogger("kindly.ui")

TELL_EVERY_SECONDS = 2.0  # how often the list is told that kinds changed


class TriageBacklogRunner(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.workspace = window.workspace
        self.worker: Worker | None = None
        self.sorting_here = False
        # A pool of its own: minutes of sorting never keep an import or a backup waiting.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.line = QLabel()
        self.line.setAccessibleName("Sorting imported mentions")
        self.line.hide()
        window.statusBar().addPermanentWidget(self.line)
        window.changes.changed.connect(self.on_changes_changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        QTimer.singleShot(0, self.start_if_needed)

    def running(self) -> bool:
        return self.worker is not None

    def start_if_needed(self) -> None:
        if self.worker is not None or self.sorting_here or not shiboken6.isValid(self.window):
            return
        backlog = TriageBacklog(self.workspace.db)
        if not backlog.any_pending():  # the count itself is the worker's: 20 ms at 400k
            self.line.hide()
            return
        self._show(None)
        if self.workspace.path is None:  # in memory: one connection, sorted here in steps
            self.sorting_here = True
            QTimer.singleShot(0, self._sort_here)
            return
        told = [time.monotonic()]

        def job(context):
            def progress(done: int, remaining: int) -> None:
                if time.monotonic() - told[0] >= TELL_EVERY_SECONDS:
                    told[0] = time.monotonic()
                    context.progress(done / max(1, done + remaining), str(remaining))

            backlog = TriageBacklog(context.db)
            context.progress(0.0, str(backlog.pending()))
            with ClassifierProcess() as classifier:
                return backlog.run(context.cancel, progress, classifier=classifier)

        self.worker = run_job(
            job,
            db_path=self.workspace.path,
            pool=self.pool,
            owner=self,
            settled=self.on_worker_settled,
            progress=self.on_worker_progressed,
            done=self.on_worker_finished,
            expected=self.on_worker_failed,
        )

    def stop(self) -> None:
        """Quitting: the batch being sorted commits, then the worker ends before Kindly does."""
        if self.worker is not None:
            self.worker.cancel.set()
            self.pool.waitForDone(10_000)

    def _sort_here(self) -> None:
        if not shiboken6.isValid(self.window):
            return
        backlog = TriageBacklog(self.workspace.db)
        sorted_now = backlog.sort_batch(BATCH)
        left = backlog.pending()
        self.sorting_here = bool(left)
        self._show(left)
        self.window.changes.publish(sorted_change(sorted_now))
        if left:
            QTimer.singleShot(0, self._sort_here)

    def _show(self, left: int | None) -> None:
        if left is None:
            self.line.setText("Sorting imported mentions…")
            self.line.show()
        elif left:
            self.line.setText(f"Sorting {left:,} imported mention{'s' if left != 1 else ''}…")
            self.line.show()
        else:
            self.line.hide()

    # ----- the worker ---------------------------------------------------------------------------

    def on_worker_progressed(self, fraction: float, left: str) -> None:
        if not shiboken6.isValid(self.window):
            return
        self._show(int(left))
        if fraction > 0:  # kinds changed (the first report is only the count)
            self.window.changes.publish(SORTING)

    def on_worker_settled(self) -> None:
        self.worker = None

    def on_worker_finished(self, report) -> None:
        if not shiboken6.isValid(self.window):
            return
        self._show(report.left)
        self.window.changes.publish(report.changed)

    def on_worker_failed(self, error: KindlyError) -> None:
        log.warning("sorting imported mentions stopped: %r", error)
        if shiboken6.isValid(self.window):
            self.line.hide()

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind == POSTS and self.worker is None:
            QTimer.singleShot(0, self.start_if_needed)
