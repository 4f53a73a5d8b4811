"""Logging: named loggers per area (kindly.db, kindly.sync, …) into a rotating file.

Never log a token: secrets go through app/services/secrets.py only, and the filter below masks
anything that looks like a bearer token in case one slips into a message.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE_NAME = "kindly.log"
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
    handler._kindly = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MaskTokens())
    root.addHandler(handler)
    return path
