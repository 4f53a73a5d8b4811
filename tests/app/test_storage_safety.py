"""The database file under pressure: second connections, other processes, a full disk, backups."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.errors import DatabaseBusy, DiskFull, KindlyError, NotKindlyDatabase
from app.services.backups import Backups
from app.storage.database import copy_database, open_database
from app.workspace import open_workspace


def other_process_opens_and_closes(db: Path) -> None:
    """Another program (or a Kindly command) reads the file and closes it: on its last close
    SQLite checkpoints and removes the -wal, unless someone else still holds the file."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('SELECT count(*) FROM sqlite_master').fetchone(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)


def test_opening_a_second_connection_keeps_the_first_ones_locks(tmp_path):
    """A worker opening its own connection must not drop the process's locks on the file (closing
    any handle on it does, on Linux and macOS): another process would then think it is alone,
    checkpoint and delete the WAL the window still writes to."""
    path = tmp_path / "shop.db"
    main = open_database(path)
    main.execute("INSERT INTO settings (key, value) VALUES ('probe', 'in the wal')")
    assert Path(f"{path}-wal").stat().st_size > 0
    worker = open_database(path)  # as ui/workers.py does, in its thread
    worker.close()
    other_process_opens_and_closes(path)
    assert Path(f"{path}-wal").exists(), "the WAL was deleted while a connection held it"
    main.execute("INSERT INTO settings (key, value) VALUES ('after', 'still safe')")
    main.close()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (
        check.execute("SELECT count(*) FROM settings WHERE key IN ('probe', 'after')").fetchone()[0]
        == 2
    )
    check.close()


def test_a_file_that_is_not_sqlite_is_still_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"shopping list\n" * 20)
    with pytest.raises(NotKindlyDatabase, match="not an SQLite file"):
        open_database(path)
    assert path.read_bytes() == b"shopping list\n" * 20
    assert not Path(f"{path}-wal").exists()


def test_a_write_after_a_read_waits_for_another_writer_instead_of_failing(tmp_path):
    """A transaction that reads first and writes later, while another connection commits in
    between: with a deferred BEGIN the later write fails at once ("database is locked")."""
    path = tmp_path / "shop.db"
    first = open_database(path)
    read_done = threading.Event()
    outcome: dict[str, object] = {}

    def other_writer() -> None:
        db = open_database(path)
        read_done.wait(30)
        try:
            db.execute("INSERT INTO settings (key, value) VALUES ('other', 'x')")
            outcome["other"] = "ok"
        except Exception as exc:  # noqa: BLE001 - recorded for the assert below
            outcome["other"] = exc
        finally:
            db.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        with first.atomic():
            first.execute("SELECT count(*) FROM settings").fetchone()
            read_done.set()
            thread.join(0.5)  # the other writer commits now, or waits for this transaction
            first.execute("INSERT INTO settings (key, value) VALUES ('mine', 'y')")
        outcome["mine"] = "ok"
    except Exception as exc:  # noqa: BLE001
        outcome["mine"] = exc
    thread.join(30)
    first.close()
    assert outcome == {"mine": "ok", "other": "ok"}


def full(db) -> None:
    """The file cannot grow any more: SQLite then says exactly what it says on a full disk."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_a_typed_error_in_plain_words(tmp_path):
    ws = open_workspace(tmp_path / "shop.db")
    ws.db.execute("INSERT INTO people (id, handle) VALUES ('1', 'maya')")
    ws.db.execute(
        "INSERT INTO posts (id, conversation_id, author_id, text, created_at, status,"
        " source) VALUES ('5', '5', '1', 'hi', '2026-01-01T00:00:00Z', 'open', 'manual')"
    )
    full(ws.db)
    with pytest.raises(DiskFull, match="Your disk is full") as info:
        ws.drafting.save("5", "So sorry! " * 8000)
    assert isinstance(info.value, KindlyError)
    assert isinstance(info.value, sqlite3.OperationalError)  # still SQLite's, for its handlers
    with pytest.raises(DiskFull), ws.db.atomic():
        ws.db.execute("INSERT INTO templates (name, body) VALUES ('big', ?)", ["x" * 90_000])
    assert ws.drafting.draft_for("5") is None
    ws.close()


def test_a_database_kept_busy_is_a_typed_error(tmp_path):
    path = tmp_path / "shop.db"
    holder, waiter = open_database(path), open_database(path)
    waiter.execute("PRAGMA busy_timeout = 50")
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy, match="try again"):
            waiter.execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        waiter.close()


class _CutShort:
    """A connection whose backup writes part of the copy and then finds the disk full."""

    def __init__(self, real: sqlite3.Connection):
        self.real = real

    def backup(self, target: sqlite3.Connection, **_kwargs) -> None:
        self.real.backup(target, pages=1)
        raise sqlite3.OperationalError("database or disk is full")


class _Db:
    def __init__(self, conn):
        self.conn = conn


def test_a_backup_cut_short_leaves_no_partial_file_and_pruning_clears_old_ones(tmp_path):
    ws = open_workspace(tmp_path / "shop.db")
    backups = Backups(ws.db, tmp_path / "shop.db", ws.clock)
    backups.folder.mkdir()
    old = backups.folder / "shop-backup-20200101-000000.db.partial"
    old.write_bytes(b"half a copy")
    target = backups.folder / "shop-backup-20260101-000000.db"
    with pytest.raises(sqlite3.OperationalError):
        copy_database(_Db(_CutShort(ws.db.conn)), target)
    assert not target.exists()
    assert [p.name for p in backups.folder.iterdir()] == [old.name]
    backups.back_up_now()
    backups.prune(7)
    names = sorted(p.name for p in backups.folder.iterdir())
    assert len(names) == 1 and names[0].endswith(".db"), names
    ws.close()


def test_a_backup_on_a_full_disk_says_so(tmp_path, monkeypatch):
    ws = open_workspace(tmp_path / "shop.db")
    backups = Backups(ws.db, tmp_path / "shop.db", ws.clock)
    import app.services.backups as module

    def copy_cut_short(db, target):
        copy_database(_Db(_CutShort(db.conn)), target)

    monkeypatch.setattr(module, "copy_database", copy_cut_short)
    with pytest.raises(DiskFull, match="Your disk is full"):
        backups.back_up_now()
    assert not [p for p in backups.folder.iterdir()]
    ws.close()


def test_an_import_while_the_backlog_is_sorted_in_the_background(tmp_path):
    """The window sorts a big import's mentions in a worker, a batch per transaction; another
    import meanwhile must wait for a batch, not fail with "database is locked"."""
    from app.domain.triage import classify
    from app.importers import run_import
    from app.services.triage_backlog import TriageBacklog
    from tests.e2e.test_window_and_commands_together import SHOP, write_csv

    path = tmp_path / "shop.db"
    ws = open_workspace(path)
    first = tmp_path / "first.csv"
    write_csv(first)
    run_import(ws, first, "twcs", SHOP)
    backlog = TriageBacklog(ws.db)
    assert backlog.pending() > 0
    second = tmp_path / "second.csv"
    second.write_text(first.read_text().replace("19000000000000", "19100000000000"))
    started = threading.Event()
    outcome: dict[str, object] = {}

    def slow_classifier(texts):
        started.set()
        return [classify(text) for text in texts]

    def sort_in_background() -> None:
        db = open_database(path)
        try:
            outcome["sorted"] = TriageBacklog(db).run(classifier=slow_classifier).sorted
        except Exception as exc:  # noqa: BLE001 - recorded for the assert below
            outcome["sorted"] = exc
        finally:
            db.close()

    worker = threading.Thread(target=sort_in_background)
    worker.start()
    started.wait(30)
    report = run_import(ws, second, "twcs", SHOP)
    worker.join(120)
    assert report.added["mentions"] > 0
    assert isinstance(outcome["sorted"], int) and outcome["sorted"] > 0
    ws.close()


def test_an_import_on_a_full_disk_says_so_and_changes_nothing(tmp_path):
    from app.importers import run_import
    from tests.e2e.test_window_and_commands_together import SHOP, write_csv

    ws = open_workspace(tmp_path / "shop.db")
    ws.db.execute("UPDATE shop SET handle = ? WHERE id = 1", [SHOP])
    csv = tmp_path / "mentions.csv"
    write_csv(csv)
    full(ws.db)
    with pytest.raises(DiskFull, match="Your disk is full"):
        run_import(ws, csv, "twcs", SHOP)
    assert ws.db.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    ws.close()


def test_opening_on_a_full_disk_is_not_a_bare_disk_io_error(tmp_path, monkeypatch):
    """SQLite says "disk I/O error" when it cannot grow the -shm on a full disk."""
    import shutil
    from collections import namedtuple

    from app.storage import database

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(10**9, 10**9, 0))
    error = database._translate(sqlite3.OperationalError("disk I/O error"), tmp_path / "shop.db")
    assert isinstance(error, DiskFull)
    assert "Your disk is full" in str(error)
