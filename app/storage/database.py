"""Opening Kindly's SQLite file: identity checks, migrations with a backup first, connection setup.

A sqlite-utils ``Database`` belongs to the thread that opened it, so a worker calls
``open_database`` again for its own connection; WAL lets the window read while it writes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Generator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from app.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseTooNew,
    DatabaseUnavailable,
    DiskFull,
    NotKindlyDatabase,
)
from app.storage.migrations import KINDLY_APPLICATION_ID, migrations

log = logging.getLogger("kindly.db")

# Rows ANALYZE samples per index: the planner's statistics in milliseconds at a million posts.
ANALYSIS_LIMIT = 1000
# How long a write waits for another connection's write (the window's, a sync's, an import's).
BUSY_TIMEOUT_MS = 5000


class StorageDiskFull(DiskFull, sqlite3.OperationalError):
    """Raised by a write on a full disk: a ``DiskFull`` for the owner's words, still a
    ``sqlite3.OperationalError`` for code that handles SQLite's failures."""


class StorageBusy(DatabaseBusy, sqlite3.OperationalError):
    """Raised by a write that waited the whole busy timeout for another connection's write."""


BUSY_MESSAGE = (
    "Kindly could not save: another Kindly (a command in a terminal, an import, a "
    "sync) kept the database busy. Nothing was lost; try again in a moment."
)


def typed_write_error(exc: BaseException, path: Path | str | None = None) -> Exception | None:
    """The typed error for a failed write that is the owner's situation rather than a bug
    (a full disk, a database kept busy), or None."""
    if isinstance(exc, (DiskFull, DatabaseBusy)):
        return exc if isinstance(exc, sqlite3.Error) else None  # already typed
    if is_disk_full(exc, path):
        return StorageDiskFull(disk_full_message(path))
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and (
        "database is locked" in text or "busy" in text
    ):
        return StorageBusy(BUSY_MESSAGE)
    return None


class KindlyDatabase(Database):
    """A sqlite-utils ``Database`` whose transactions take the write lock when they begin.

    A deferred ``BEGIN`` that reads first and writes later cannot wait for another writer: in WAL
    mode its snapshot is stale by then and SQLite answers "database is locked" at once, whatever
    the busy timeout. ``BEGIN IMMEDIATE`` waits (up to the busy timeout) at the start instead, so
    an import, a sync and the composer's autosave queue behind each other rather than fail.

    The owner's situations (a full disk, a database kept busy past the timeout) come out of
    ``execute`` and ``atomic`` as ``StorageDiskFull`` and ``StorageBusy``.
    """

    def execute(self, sql, parameters=None):
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            typed = typed_write_error(exc)
            if typed is None:
                raise
            raise typed from exc

    @contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        if self.conn.in_transaction:
            with super().atomic() as db:  # a savepoint inside the open transaction
                yield db
            return
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def open_database(path: Path | str | None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path``; ``None`` means in memory (tests).

    Raises a ``DatabaseError`` subclass with a plain-words message when the file cannot be used;
    in that case nothing in the file was changed.
    """
    if path is None:
        db = KindlyDatabase(memory=True, execute_plugins=False)
        _configure(db)
        migrations.apply(db)
        return db
    path = Path(path)
    # Only stat() here: opening the file outside SQLite and closing it again would drop every
    # POSIX lock this process holds on it, including those of its other open connections.
    existed = path.exists() and path.stat().st_size > 0
    if not existed:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"Kindly cannot create the folder {path.parent}: {exc.strerror or exc}."
            ) from exc
    try:
        db = KindlyDatabase(path, execute_plugins=False)
        _configure(db)
    except sqlite3.Error as exc:
        raise _translate(exc, path) from exc
    try:
        if existed:
            _check_header(db, path)
            _check_identity(db, path)
        if migrate:
            pending = migrations.pending(db)
            if pending and existed and migrations.applied(db):
                backup_before_migration(db, path, pending[0].name)
            if pending:
                log.info("applying migrations: %s", ", ".join(m.name for m in pending))
                migrations.apply(db)
            if pending or statistics_stale(db):
                refresh_statistics(db)
    except sqlite3.Error as exc:
        db.close()
        raise _translate(exc, path) from exc
    except Exception:
        db.close()
        raise
    return db


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an ``INSERT`` just added (sqlite3 sets it after every INSERT statement)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise sqlite3.InterfaceError("the statement inserted no row")
    return rowid


def statistics_stale(db: Database) -> bool:
    """True when the posts' statistics are missing or were taken at under half today's size
    (mentions arrive by sync for months after the last import)."""
    if not db["sqlite_stat1"].exists():
        return True
    # Each index's row gives its entries first; partial indexes hold fewer, so the largest.
    sampled = max(
        (
            int(stat.split()[0])
            for (stat,) in db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'posts'")
            if stat and stat.split()[0].isdigit()
        ),
        default=0,
    )
    newest = db.execute("SELECT max(n) FROM posts").fetchone()[0] or 0
    return newest > 2 * sampled + 1000


def refresh_statistics(db: Database) -> None:
    """Sample the tables for SQLite's query planner (``sqlite_stat1``).

    Without statistics the planner guesses, and at a million posts a wrong guess turns a lookup
    by person into a scan of every mention. Run after migrations, after each import and when a
    file has none; a failure only costs the better plans, so it is logged, never raised.
    """
    try:
        db.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        db.execute("ANALYZE")
    except sqlite3.Error as exc:
        log.warning("could not gather query statistics: %s", exc)


def close_database(db: Database) -> None:
    """Close the file, first letting SQLite refresh statistics that this session's queries
    showed to be stale (``PRAGMA optimize``, sampled like ``refresh_statistics``)."""
    try:
        db.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        db.execute("PRAGMA optimize")
    except sqlite3.Error as exc:
        log.warning("could not refresh query statistics: %s", exc)
    db.close()


def _configure(db: Database) -> None:
    # Kindly's connections are opened with ``execute_plugins=False``: no sqlite-utils plugin
    # installed beside Kindly may change them, and looking for plugins scans every installed
    # package's metadata (about 15 ms of every start).
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Python's own implicit transactions (a write outside ``atomic()``) take the lock at BEGIN too.
    db.conn.isolation_level = "IMMEDIATE"


def _check_header(db: Database, path: Path) -> None:
    """The file's header, read by SQLite itself (its first read of the file checks it).

    SQLite answers "file is not a database" for a header that is not its own, before it reads or
    writes anything else.
    """
    try:
        db.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "not a database" not in str(exc).lower():
            raise
        db.close()
        raise NotKindlyDatabase(
            f"{path} is not a Kindly database (it is not an SQLite file at all). "
            "Choose another file, or start with a new one."
        ) from exc


def _check_identity(db: Database, path: Path) -> None:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    # The migrations' own bookkeeping table comes before the first migration marks the file as
    # Kindly's: a file with only that table is a Kindly that was stopped while creating it.
    tables = set(db.table_names()) - {migrations.migrations_table}
    if app_id != KINDLY_APPLICATION_ID:
        if tables:
            raise NotKindlyDatabase(
                f"{path} is an SQLite database, but not one of Kindly's. "
                "Kindly left it untouched; choose another file."
            )
        return
    known = {m.name for m in migrations._migrations}
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise DatabaseTooNew(
            f"{path} was written by a newer version of Kindly. "
            "Install the latest Kindly to open it; this version left it untouched."
        )


def backup_before_migration(db: Database, path: Path, next_migration: str) -> Path:
    """Copy the whole file (through SQLite's backup API) before the schema changes."""
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-before-{next_migration}-{stamp}.db"
    copy_database(db, target)
    log.info("backed up %s to %s before migrating", path, target)
    return target


def copy_database(db: Database, target: Path) -> None:
    """A consistent copy of a live database, safe while the window keeps reading."""
    partial = target.with_suffix(target.suffix + ".partial")
    try:
        destination = sqlite3.connect(partial)
        try:
            db.conn.backup(destination)
        finally:
            destination.close()
        partial.replace(target)
    except BaseException:
        for leftover in (partial, Path(f"{partial}-journal")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        raise


def _translate(exc: sqlite3.Error, path: Path) -> Exception:
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseCorrupt(
            f"{path} is damaged and cannot be read. Kindly left it untouched; "
            "restore it from a backup in the 'backups' folder beside it."
        )
    if "locked" in text or "busy" in text:
        return DatabaseUnavailable(
            f"{path} is in use by another program. Close it there and try again."
        )
    if is_disk_full(exc, path):
        return DiskFull(disk_full_message(path))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseUnavailable(
            f"Kindly cannot write to {path}. Check that the folder exists and is yours."
        )
    return DatabaseUnavailable(f"Kindly cannot use {path}: {exc}.")


def is_disk_full(exc: BaseException, path: Path | str | None = None) -> bool:
    """SQLite's "database or disk is full", the system's "No space left on device", or SQLite's
    "disk I/O error" on a disk with (almost) no room left: SQLite says that when it cannot grow
    the -wal or -shm file."""
    import errno

    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    text = str(exc).lower()
    if ("disk" in text and "full" in text) or "no space left" in text:
        return True
    if "disk i/o error" in text and path is not None:
        import shutil

        try:
            return shutil.disk_usage(Path(path).parent).free < 1024 * 1024
        except OSError:
            return False
    return False


def disk_full_message(path: Path | str | None = None) -> str:
    where = f" where {Path(path).parent} is" if path else ""
    return f"Your disk is full. Free some space on the disk{where} and try again; nothing was lost."


def schema_version(db: Database) -> str:
    applied = migrations.applied(db)
    return applied[-1].name if applied else ""
