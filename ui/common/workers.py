"""Long work off the GUI thread: a QRunnable that runs a plain function and signals its result.

The function gets its own database connection (``open_database`` in the worker thread: a
sqlite-utils ``Database`` belongs to the thread that opened it) when the caller asks for one, and
returns a plain dataclass. ``finished`` carries it back to the GUI thread; ``failed`` carries the
exception (a ``KindlyError`` to show in plain words, anything else is a bug to log and report).
Receivers check ``shiboken6.isValid`` before touching a widget that may be gone.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
                from app.storage.database import open_database

                db = open_database(self.db_path)
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
