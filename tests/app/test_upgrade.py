"""Updates keep the owner's data: an older database is backed up, then migrated, nothing lost."""

import sqlite3

from sqlite_utils import Database

from app.storage.database import open_database, schema_version
from app.storage.migrations import migrations

# Kindly 0.1.0, the first release, shipped with these two migrations.
FIRST_RELEASE = ("0001_wal_and_identity", "0002_core_tables")


def later_migrations() -> list[str]:
    names = [m.name for m in migrations._migrations]
    return names[names.index(FIRST_RELEASE[-1]) + 1 :]


def make_first_release_database(path):
    """A shop's database as Kindly 0.1.0 left it: its schema, and a little real-looking data."""
    db = Database(path)
    later = later_migrations()
    migrations.apply(db, stop_before=later[0] if later else None)
    assert [m.name for m in migrations.applied(db)] == list(FIRST_RELEASE)
    with db.atomic():
        db.execute("UPDATE shop SET name = 'Juniper & Gold', handle = 'junipergold' WHERE id = 1")
        db.execute(
            "INSERT INTO people (id, handle, name, notes) "
            "VALUES ('42', 'mara_k', 'Mara K', 'prefers e-mail')"
        )
        db.execute(
            "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind, "
            "status, source) VALUES ('1001', '1001', '42', 0, 'My ring arrived bent :(', "
            "'2026-01-05T10:00:00Z', 'complaint', 'open', 'x')"
        )
    db.close()


def test_an_older_database_is_backed_up_then_migrated_with_its_data(tmp_path):
    later = later_migrations()
    assert later, "no migration after the first release: nothing to upgrade"
    path = tmp_path / "kindly.db"
    make_first_release_database(path)

    db = open_database(path)
    try:
        assert schema_version(db) == migrations._migrations[-1].name
        assert db.execute("SELECT name, handle FROM shop").fetchone() == (
            "Juniper & Gold",
            "junipergold",
        )
        assert db.execute("SELECT text, kind, status FROM posts WHERE id = '1001'").fetchone() == (
            "My ring arrived bent :(",
            "complaint",
            "open",
        )
        assert db.execute("SELECT notes FROM people WHERE id = '42'").fetchone() == (
            "prefers e-mail",
        )
    finally:
        db.close()

    backups = list((tmp_path / "backups").glob("*.db"))
    assert len(backups) == 1
    assert backups[0].name.startswith(f"kindly-before-{later[0]}-")
    # the backup is the database exactly as 0.1.0 left it, and opens on its own
    conn = sqlite3.connect(backups[0])
    try:
        applied = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'kindly' ORDER BY id"
            )
        ]
        assert applied == list(FIRST_RELEASE)
        assert conn.execute("SELECT text FROM posts").fetchall() == [("My ring arrived bent :(",)]
    finally:
        conn.close()


def test_an_up_to_date_database_is_not_backed_up_again(tmp_path):
    path = tmp_path / "kindly.db"
    make_first_release_database(path)
    open_database(path).close()
    open_database(path).close()
    assert len(list((tmp_path / "backups").glob("*.db"))) == 1
