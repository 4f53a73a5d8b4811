"""Opening files: Kindly's own, other SQLite files, garbage, damaged, newer, unwritable."""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.errors import DatabaseCorrupt, DatabaseTooNew, DatabaseUnavailable, NotKindlyDatabase
from app.storage.database import open_database, schema_version
from app.storage.migrations import KINDLY_APPLICATION_ID, migrations


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_gets_schema_wal_and_identity(tmp_path):
    path = tmp_path / "sub" / "k.db"
    db = open_database(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA application_id").fetchone()[0] == KINDLY_APPLICATION_ID
    assert {
        "shop",
        "people",
        "posts",
        "posts_fts",
        "direct_messages",
        "drafts",
        "promises",
        "templates",
        "settings",
        "sync_state",
    } <= set(db.table_names())
    assert schema_version(db) == migrations._migrations[-1].name
    db.close()
    # reopening applies nothing and makes no backup
    open_database(path).close()
    assert not (path.parent / "backups").exists()


def test_backup_is_taken_before_new_migrations(tmp_path):
    path = tmp_path / "k.db"
    db = Database(path)
    migrations.apply(db, stop_before=migrations._migrations[-1].name)
    db.close()
    db = open_database(path)
    backups = list((tmp_path / "backups").glob("k-before-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert (
        old.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        == len(migrations._migrations) - 1
    )
    old.close()
    assert schema_version(db) == migrations._migrations[-1].name


def test_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list: milk, rings\n")
    before = digest(path)
    with pytest.raises(NotKindlyDatabase, match="not an SQLite file"):
        open_database(path)
    assert digest(path) == before


def test_someone_elses_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotKindlyDatabase, match="not one of Kindly's"):
        open_database(path)
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_a_kindly_stopped_while_creating_its_file_opens_it_next_time(tmp_path):
    # Killed after the migrations' bookkeeping table was written, before the first migration
    # marked the file as Kindly's: nothing is in it, so the next start finishes the job.
    from sqlite_utils import Database

    from app.storage.migrations import KINDLY_APPLICATION_ID, migrations

    path = tmp_path / "k.db"
    stopped = Database(path)
    migrations.ensure_migrations_table(stopped)
    stopped.close()
    db = open_database(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == KINDLY_APPLICATION_ID
    assert not migrations.pending(db)
    db.close()


def test_database_from_a_newer_kindly_is_refused(tmp_path):
    path = tmp_path / "k.db"
    db = open_database(path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        ["kindly", "9999_from_the_future", "2030-01-01"],
    )
    db.close()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(path)


def test_damaged_file_is_reported_as_damaged(tmp_path):
    path = tmp_path / "k.db"
    db = open_database(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    # keep the header so it still looks like SQLite, wreck the schema page and beyond
    data[100 : 4096 * 3] = b"\xff" * (4096 * 3 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises((DatabaseCorrupt, NotKindlyDatabase)) as info:
        open_database(path)
    assert "damaged" in str(info.value) or "not" in str(info.value)


def test_unwritable_place_is_a_plain_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="cannot"):
        open_database(blocker / "inside" / "k.db")
