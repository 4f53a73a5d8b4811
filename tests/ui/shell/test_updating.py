"""The first start after an update that changes the database: a notice shows while the backup
and the schema's changes run off the GUI thread; errors reach the start as they did before."""

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from app.errors import DatabaseUnavailable
from app.storage.database import schema_version
from app.storage.migrations import migrations
from app.workspace import needs_update, open_workspace
from ui.shell import updating


def older_database(path):
    db = Database(path)
    migrations.apply(db, stop_before="0021_search_prefix_index")
    db.execute("INSERT INTO people (id, handle) VALUES ('p1', 'ann')")
    db.execute(
        "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind,"
        " status, source) VALUES ('1', '1', 'p1', 0, 'Where is my parcel?',"
        " '2026-01-05T10:00:00Z', 'question', 'open', 'test')"
    )
    db.close()


def notices():
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, updating.UpdatingNotice) and w.isVisible()
    ]


def test_an_older_database_is_updated_in_a_thread_while_a_notice_shows(
    qtbot, tmp_path, monkeypatch
):
    path = tmp_path / "shop.db"
    older_database(path)
    assert needs_update(path)
    threads, seen = [], []
    real = updating.bring_up_to_date

    def slow_update(p):
        threads.append(threading.current_thread())
        threading.Event().wait(0.3)
        real(p)

    # While the update runs, the GUI thread keeps running its events: the notice is on screen.
    QTimer.singleShot(100, lambda: seen.append(len(notices())))
    monkeypatch.setattr(updating, "bring_up_to_date", slow_update)
    updating.update_with_notice(path)
    assert seen == [1]
    assert threads and threads[0] is not threading.main_thread()
    assert notices() == []
    assert not needs_update(path)
    assert list((tmp_path / "backups").glob("shop-before-0021_search_prefix_index-*.db"))
    ws = open_workspace(path)
    try:
        assert schema_version(ws.db) == migrations._migrations[-1].name
        found = ws.db.execute(
            "SELECT rowid FROM posts_fts WHERE posts_fts MATCH '\"parc\"*'"
        ).fetchall()
        assert found == [(1,)]
    finally:
        ws.close()


def test_nothing_shows_for_a_database_that_is_up_to_date_or_new(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(updating, "UpdatingNotice", None)  # would fail if built
    updating.update_with_notice(tmp_path / "new.db")
    open_workspace(tmp_path / "current.db").close()
    assert not needs_update(tmp_path / "current.db")
    updating.update_with_notice(tmp_path / "current.db")


def test_an_error_while_updating_reaches_the_start(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "shop.db"
    older_database(path)

    def fails(p):
        raise DatabaseUnavailable("The disk is full.")

    monkeypatch.setattr(updating, "bring_up_to_date", fails)
    with pytest.raises(DatabaseUnavailable, match="disk is full"):
        updating.update_with_notice(path)
    assert notices() == []
