"""Importing files into Kindly: X's archive, Customer Support on Twitter CSVs, Kindly's own export.

``run_import`` is the one entry point (the command line and the window's worker both use it): it
detects the format, then runs the importer inside one transaction on the given workspace's
connection, so a file that breaks half-way, or a cancel, changes nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from app.errors import KindlyError
from app.importers.common import ImportCancelled, ImportFailed, ImportReport, ImportRun
from app.importers.detect import FORMATS, detect_format
from app.storage.database import refresh_statistics, typed_write_error
from app.workspace import Workspace

__all__ = [
    "FORMATS",
    "ImportCancelled",
    "ImportFailed",
    "ImportReport",
    "ImportRun",
    "detect_format",
    "run_import",
]

log = logging.getLogger("kindly.import")


def run_import(
    workspace: Workspace,
    path: Path | str,
    fmt: str = "auto",
    shop: str | None = None,
    run: ImportRun | None = None,
) -> ImportReport:
    path = Path(path)
    run = run or ImportRun()
    if fmt not in FORMATS:
        raise ImportFailed(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if not path.exists():
        raise ImportFailed(f"There is no file or folder at {path}.")
    _refuse_the_database_itself(workspace, path)
    kind = detect_format(path) if fmt == "auto" else fmt
    log.info("importing %s as %s", path, kind)
    try:
        report = _import(workspace, path, kind, shop, run)
    except ImportFailed as exc:
        if path.name in str(exc):
            raise
        raise ImportFailed(f"{path.name}: {exc}") from exc  # a member of it, or a line
    except KindlyError:
        raise
    except sqlite3.Error as exc:
        typed = typed_write_error(exc, workspace.path)
        if typed is not None:
            raise typed from exc
        log.exception("import of %s failed in the database", path)
        raise ImportFailed(
            f"{path.name} could not be imported: the database refused it ({exc}). Nothing was "
            "changed."
        ) from exc
    except (RecursionError, MemoryError) as exc:
        raise ImportFailed(
            f"{path.name} is shaped so that Kindly cannot read it (nested too deep or too large); "
            "nothing was imported."
        ) from exc
    except Exception as exc:  # a parser's surprise is a bad file, never a crash
        log.exception("import of %s failed", path)
        raise ImportFailed(
            f"{path.name} cannot be read ({type(exc).__name__}: {str(exc)[:80]}); nothing was "
            "imported."
        ) from exc
    log.info("import done: %s", report.as_dict())
    return report


def _refuse_the_database_itself(workspace: Workspace, path: Path) -> None:
    """Reading the open database (or its -wal or -shm) as a file, and closing it, would drop this
    process's locks on it; and it is never something to import."""
    if workspace.path is None:
        return
    live = Path(workspace.path)
    try:
        candidates = {live.resolve(), Path(f"{live}-wal").resolve(), Path(f"{live}-shm").resolve()}
        if path.resolve() in candidates:
            raise ImportFailed(
                f"{path.name} is the database Kindly has open. Import a file X or Kindly wrote "
                "instead (an archive, a CSV, a Kindly export)."
            )
    except OSError:
        return


def _import(
    workspace: Workspace, path: Path, kind: str, shop: str | None, run: ImportRun
) -> ImportReport:
    with workspace.db.atomic():
        if kind == "twcs":
            from app.importers.twcs import import_twcs

            report = import_twcs(workspace, path, shop, run)
        elif kind == "archive":
            from app.importers.archive import import_archive

            report = import_archive(workspace, path, run)
        else:
            from app.importers.kindly_json import import_kindly

            report = import_kindly(workspace, path, run)
        refresh_statistics(workspace.db)  # the file may have grown tenfold: plan for its size
    return report
