"""Importing files into Kindly: X's archive, Customer Support on Twitter CSVs, Kindly's own export.

``run_import`` is the one entry point (the command line and the window's worker both use it): it
detects the format, then runs the importer inside one transaction on the given workspace's
connection, so a file that breaks half-way, or a cancel, changes nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.importers.common import ImportCancelled, ImportFailed, ImportReport, ImportRun
from app.importers.detect import FORMATS, detect_format
from app.storage.database import refresh_statistics
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
    kind = detect_format(path) if fmt == "auto" else fmt
    if not path.exists():
        raise ImportFailed(f"There is no file or folder at {path}.")
    log.info("importing %s as %s", path, kind)
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
    log.info("import done: %s", report.as_dict())
    return report
