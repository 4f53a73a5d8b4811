"""Long work off the GUI thread: a QRunnable that runs a plain function and signals its result.

The function gets its own database connection (``open_database`` in the worker thread: a
sqlite-utils ``Database`` belongs to the thread that opened it) when the caller asks for one, and
returns a plain dataclass. ``finished`` carries it back to the GUI thread; ``failed`` carries the
exception.

``run_job`` is the one way the views use it, with one error policy: the result goes to ``done``,
an expected failure (a ``KindlyError``, to show in plain words) to ``expected``, and anything else
is a bug that goes to the crash dialog. Nothing is called once ``owner`` is gone.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.errors import KindlyError

log = logging.getLogger("kindly.ui")


class WorkerSignals(QObject):
    progressed = Signal(float, str)  # 0–1, what is happening
    finished = Signal(object)  # the function's result (a dataclass)
    failed = Signal(object)  # the exception


class Worker(QRunnable):
    """Runs ``job(context)`` in the pool. ``context`` has ``db`` (its own connection, when a
    database path was given), ``cancel`` (a threading.Event) and ``progress(fraction, text)``."""

    def __init__(self, job: Callable[[WorkerContext], Any], db_path: Path | None = None):
        super().__init__()
        self.setAutoDelete(True)
        self.job = job
        self.db_path = db_path
        self.signals = WorkerSignals()
        self.cancel = threading.Event()

    def run(self) -> None:
        db = None
        try:
            if self.db_path is not None:
                from app.workspace import open_connection

                db = open_connection(self.db_path)
            context = WorkerContext(db, self.cancel, self.signals.progressed.emit)
            result = self.job(context)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            if not isinstance(exc, Exception):
                log.warning("worker stopped: %r", exc)
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            if db is not None:
                db.close()


class WorkerContext:
    def __init__(self, db, cancel: threading.Event, progress: Callable[[float, str], None]):
        self.db = db
        self.cancel = cancel
        self.progress = progress


def start(worker: Worker, pool: QThreadPool | None = None) -> Worker:
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


# Workers started by run_job, kept alive until their answer is in: their signals object must
# outlive the run even when the caller keeps no reference.
_running: set[Worker] = set()


def report_bug(error: BaseException) -> None:
    """A bug from a worker, on the GUI thread: logged with its trace and shown in the crash
    dialog, like a bug raised here."""
    sys.excepthook(type(error), error, error.__traceback__)


def run_job(
    job: Callable[[WorkerContext], Any],
    *,
    done: Callable[[Any], None],
    expected: Callable[[KindlyError], None],
    owner: QObject,
    settled: Callable[[], None] | None = None,
    progress: Callable[[float, str], None] | None = None,
    db_path: Path | None = None,
    pool: QThreadPool | None = None,
    start_now: bool = True,
) -> Worker:
    """Run ``job(context)`` in ``pool`` (the global pool if None); with ``start_now`` False the
    caller starts it (``worker.run()`` runs it right here, for an in-memory database).

    ``settled`` is called first whatever the outcome (the caller forgets its worker there), then
    ``done(result)``, ``expected(error)``, or for a bug the crash dialog. ``owner`` is the object
    the callbacks belong to: once it is deleted, none is called (a bug is still reported).
    """
    worker = Worker(job, db_path)

    def alive() -> bool:
        return shiboken6.isValid(owner)

    def on_finished(result: Any) -> None:
        _running.discard(worker)
        if alive():
            if settled is not None:
                settled()
            done(result)

    def on_failed(error: BaseException) -> None:
        _running.discard(worker)
        if alive() and settled is not None:
            settled()
        if isinstance(error, KindlyError):
            if alive():
                expected(error)
        elif isinstance(error, Exception):
            report_bug(error)

    if progress is not None:
        worker.signals.progressed.connect(
            lambda fraction, text: alive() and progress(fraction, text)
        )
    worker.signals.finished.connect(on_finished)
    worker.signals.failed.connect(on_failed)
    _running.add(worker)
    if start_now:
        start(worker, pool)
    return worker
