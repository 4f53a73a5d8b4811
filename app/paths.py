"""Where Kindly keeps things: the per-user data folder, and the resources shipped with the app."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "Kindly"


def data_dir() -> Path:
    """The OS per-user data folder (e.g. ~/.local/share/Kindly, %LOCALAPPDATA%\\Kindly,
    ~/Library/Application Support/Kindly)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    return data_dir() / "kindly.db"


def resolve_db_path(db: Path | None) -> Path:
    """The database a command or the window opens: ``--db`` if given, else the data folder's."""
    return db if db else default_db_path()


def resources_dir() -> Path:
    """Bundled resources: next to the frozen executable, or at the top of the source tree."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def log_dir_for(db_path: Path | None) -> Path:
    """Logs live beside the database, so a --db elsewhere keeps its logs with it."""
    if db_path is None:
        return data_dir() / "logs"
    return db_path.parent / "logs"
