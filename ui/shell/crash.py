"""Bugs (not expected failures) end up here: logged with their trace, and shown once, calmly."""

from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("kindly.crash")


def install_excepthook(log_path: str | None) -> None:
    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", text)
        app = QApplication.instance()
        on_gui_thread = app is not None and QThread.currentThread() == app.thread()
        if not on_gui_thread:
            print(text, file=sys.stderr)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Kindly hit a bug", "")
        box.setText(
            "Something went wrong inside Kindly. Your data is safe: everything saved so far "
            "is kept, and you can carry on."
        )
        where = log_path or "the log could not be written"
        box.setInformativeText(f"The details are in the log file:\n{where}")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value, args.exc_traceback)
