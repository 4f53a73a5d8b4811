"""Logging: named loggers per area (kindly.db, kindly.sync, …) into a rotating file.

A native crash (Qt, a driver, a C extension) kills the process before any Python handler runs:
``faulthandler`` writes its report to ``kindly-crash.log`` beside the log the moment it happens,
and the next start moves that report into ``kindly.log`` as an error.

Never log a token: secrets go through app/services/secrets.py only, and the filter below masks
anything that looks like a bearer token in case one slips into a message.
"""

from __future__ import annotations

import faulthandler
import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE_NAME = "kindly.log"
CRASH_FILE_NAME = "kindly-crash.log"
_crash_file: list = []  # the open file faulthandler writes to, kept for the process's life
_TOKEN = re.compile(
    r"(?i)(bearer\s+|(?:access|refresh)_token=|[\"'](?:access|refresh)_token[\"']:\s*[\"'])"
    r"[^\s\"'&]+"
)


class _MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _TOKEN.sub(r"\1***", message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``folder/kindly.log`` (1 MB × 5 files). Returns the path, or None if unwritable."""
    root = logging.getLogger("kindly")
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_kindly", False):
            root.removeHandler(handler)
            handler.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_FILE_NAME
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    # A mark on Kindly's own handler, so setting up again finds it instead of adding a second.
    handler._kindly = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MaskTokens())
    root.addHandler(handler)
    enable_crash_log(folder)
    return path


def enable_crash_log(folder: Path) -> Path | None:
    """Send faulthandler's report of a native crash to ``folder/kindly-crash.log``, after moving
    the report a previous crash left there into the log. Leaves faulthandler alone when someone
    else enabled it already (``python -X faulthandler``, pytest)."""
    path = folder / CRASH_FILE_NAME
    try:
        report = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        report = ""
    if report:
        logging.getLogger("kindly.crash").error(
            "Kindly stopped unexpectedly last time; the crash report:\n%s", report
        )
    if faulthandler.is_enabled() and not _crash_file:
        return None
    try:
        stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 (open while Kindly runs)
    except OSError:
        return None
    faulthandler.enable(file=stream, all_threads=True)
    for old in _crash_file:
        old.close()
    _crash_file[:] = [stream]
    return path
