"""Backups beside the database: a daily copy (the last few kept), restore, and a health check.

Copies go through SQLite's backup API (``copy_database``), so they are consistent even while the
window is reading. Restoring first backs up the current file, then copies the chosen backup into
the live connection (again through the backup API, in one step), then brings its schema up to date.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from app.clock import Clock
from app.errors import DatabaseError, DiskFull, KindlyError
from app.storage.database import copy_database, is_disk_full, open_database
from app.storage.migrations import KINDLY_APPLICATION_ID, migrations
from app.storage.unreadable import find_unreadable

log = logging.getLogger("kindly.backup")

_STAMP = "%Y%m%d-%H%M%S"
_STAMP_IN_NAME = re.compile(r"(\d{8}-\d{6})\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    mentions: int | None = None
    people: int | None = None
    promises: int | None = None
    problem: str | None = None  # why it cannot be restored, in plain words

    @property
    def kind(self) -> str:
        name = self.path.name
        if "-before-restore-" in name:
            return "before a restore"
        if "-before-" in name:
            return "before an upgrade"
        return "daily"

    def describe(self) -> str:
        if self.problem:
            return self.problem
        return (
            f"{self.mentions or 0:,} mentions, {self.people or 0:,} people, "
            f"{self.promises or 0:,} promises"
        )


@dataclass(frozen=True)
class CheckResult:
    healthy: bool  # SQLite finds no damage
    message: str
    problems: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()  # rows with values Kindly cannot read (listed, removable)


class Backups:
    def __init__(self, db: Database, db_path: Path, clock: Clock):
        self.db = db
        self.db_path = Path(db_path)
        self.clock = clock

    @property
    def folder(self) -> Path:
        return self.db_path.parent / "backups"

    def _daily_name(self, when: datetime) -> Path:
        return self.folder / f"{self.db_path.stem}-backup-{when.strftime(_STAMP)}.db"

    def _daily(self) -> list[Path]:
        if not self.folder.exists():
            return []
        return sorted(self.folder.glob(f"{self.db_path.stem}-backup-*.db"))

    def back_up_now(self) -> BackupInfo:
        now = self.clock.now().astimezone(UTC)
        target = self._daily_name(now)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            copy_database(self.db, target)
            _single_file(target)
        except (OSError, sqlite3.Error) as exc:
            _remove_quietly(target)
            if is_disk_full(exc, target):
                raise DiskFull(
                    f"Your disk is full, so Kindly could not write a backup to {self.folder}. "
                    "Free some space and try again; your data is as it was."
                ) from exc
            raise KindlyError(f"Kindly could not write a backup to {self.folder}: {exc}.") from exc
        log.info("backed up to %s", target)
        return describe_backup(target)

    def due(self) -> bool:
        """True when no daily copy was taken today (UTC)."""
        today = self.clock.now().astimezone(UTC).strftime("%Y%m%d")
        return not any(f"-backup-{today}-" in path.name for path in self._daily())

    def daily(self, keep: int = 7) -> BackupInfo | None:
        """Take today's copy if there is none yet, and keep only the last ``keep`` daily ones."""
        info = self.back_up_now() if self.due() else None
        self.prune(keep)
        return info

    def prune(self, keep: int) -> list[Path]:
        """Keep the last ``keep`` daily copies; also remove what a copy cut short left behind
        (``….db.partial``: a full disk, a power cut)."""
        removed = []
        if self.folder.exists():
            for path in self.folder.glob(f"{self.db_path.stem}-*.partial*"):
                try:
                    path.unlink()
                    removed.append(path)
                except OSError as exc:
                    log.warning("could not remove the unfinished backup %s: %s", path, exc)
        daily = self._daily()
        for path in daily[: max(0, len(daily) - max(1, keep))]:
            try:
                path.unlink()
                removed.append(path)
            except OSError as exc:
                log.warning("could not remove old backup %s: %s", path, exc)
        return removed

    def list(self) -> list[BackupInfo]:
        """Every backup beside the database, newest first, each with what it holds."""
        if not self.folder.exists():
            return []
        paths = [p for p in self.folder.glob(f"{self.db_path.stem}-*.db") if p.is_file()]
        infos = [describe_backup(p) for p in paths]
        return sorted(infos, key=lambda info: info.taken_at, reverse=True)

    def restore(self, backup: Path) -> Path:
        """Replace the database with ``backup``; returns the copy of what it replaced."""
        backup = Path(backup)
        info = describe_backup(backup)
        if info.problem:
            raise KindlyError(f"{backup.name} cannot be restored: {info.problem}")
        now = self.clock.now().astimezone(UTC)
        safety = self.folder / f"{self.db_path.stem}-before-restore-{now.strftime(_STAMP)}.db"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            copy_database(self.db, safety)
            _single_file(safety)
        except (OSError, sqlite3.Error) as exc:
            _remove_quietly(safety)
            if is_disk_full(exc, safety):
                raise DiskFull(
                    "Your disk is full, so Kindly could not back up the current database first; "
                    "nothing was restored. Free some space and try again."
                ) from exc
            raise KindlyError(
                f"Kindly could not back up the current database first ({exc}); nothing was "
                "restored."
            ) from exc
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            source.backup(self.db.conn)
        except sqlite3.Error as exc:
            raise KindlyError(
                f"Restoring {backup.name} failed ({exc}); your data is as it was, and a copy "
                f"is in {safety.name}."
            ) from exc
        finally:
            source.close()
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.db_path.exists():
            self.db.execute("PRAGMA journal_mode = WAL")
        if migrations.pending(self.db):
            migrations.apply(self.db)
        log.info("restored %s (previous database kept as %s)", backup, safety)
        return safety


def _remove_quietly(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def _single_file(path: Path) -> None:
    """A backup is one self-contained file: no -wal or -shm beside it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def describe_backup(path: Path) -> BackupInfo:
    """What a backup file holds, read without changing it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        return BackupInfo(path, datetime.fromtimestamp(0, UTC), 0, problem=f"unreadable ({exc})")
    match = _STAMP_IN_NAME.search(path.name)
    taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC) if match else mtime
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return BackupInfo(path, taken, size, problem=f"unreadable ({exc})")
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != KINDLY_APPLICATION_ID:
            return BackupInfo(path, taken, size, problem="not a Kindly database")
        quick = conn.execute("PRAGMA quick_check").fetchone()[0]
        if quick != "ok":
            return BackupInfo(path, taken, size, problem="damaged")
        counts = [
            conn.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM posts WHERE is_shop = 0",
                "SELECT count(*) FROM people",
                "SELECT count(*) FROM promises",
            )
        ]
        return BackupInfo(path, taken, size, *counts)
    except sqlite3.Error:
        return BackupInfo(path, taken, size, problem="damaged or not a Kindly database")
    finally:
        conn.close()


def check_database(path: Path) -> CheckResult:
    """integrity_check and foreign_key_check, said in plain words."""
    path = Path(path)
    advice = (
        f"Restore it from a backup (File → Restore from backup…, or a copy in "
        f"{path.parent / 'backups'})."
    )
    try:
        db = open_database(path, migrate=False)
    except DatabaseError as exc:
        return CheckResult(False, str(exc), (str(exc),))
    try:
        problems: list[str] = []
        try:
            for (line,) in db.execute("PRAGMA integrity_check(20)").fetchall():
                if line != "ok":
                    problems.append(line)
            for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check").fetchall()[:20]:
                problems.append(f"a row in {table} (row {rowid}) points to a missing {parent} row")
        except sqlite3.DatabaseError as exc:
            problems.append(str(exc))
        if problems:
            listed = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
            return CheckResult(False, f"{path} is damaged: {listed}. {advice}", tuple(problems))
        mentions = db.execute("SELECT count(*) FROM posts WHERE is_shop = 0").fetchone()[0]
        people = db.execute("SELECT count(*) FROM people").fetchone()[0]
        promises = db.execute("SELECT count(*) FROM promises").fetchone()[0]
        unreadable = tuple(row.describe() for row in find_unreadable(db))
        message = (
            f"{path} is healthy: {mentions:,} mentions, {people:,} people, "
            f"{promises:,} promises; no damage found."
        )
        if unreadable:
            listed = "; ".join(unreadable[:10]) + ("; …" if len(unreadable) > 10 else "")
            message += (
                f" But {len(unreadable):,} stored rows hold values Kindly cannot read, "
                f"so its lists skip them: {listed}. File → Check database in the window "
                "removes them."
            )
        return CheckResult(True, message, unreadable=unreadable)
    finally:
        db.close()
