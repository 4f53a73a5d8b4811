"""The query planner's statistics: gathered when a file is opened without them, after migrations
and after every import, so a lookup by person uses its index at any size."""

from __future__ import annotations

import sqlite3

from app.importers import run_import
from app.storage.database import open_database, refresh_statistics
from app.workspace import open_workspace

SUMMARY = (  # People.summary's query
    "SELECT coalesce(kind, 'other'), count(*), max(created_at) FROM posts"
    " WHERE author_id = ? AND is_shop = 0 GROUP BY 1 ORDER BY 2 DESC"
)


def fill(db, people: int = 300, each: int = 10) -> None:
    db.conn.executemany(
        "INSERT INTO people (id, handle, name) VALUES (?, ?, '')",
        [(f"p{i}", f"h{i}") for i in range(people)],
    )
    db.conn.executemany(
        "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind,"
        " kind_reason, status, source) VALUES (?, ?, ?, 0, 'hi', ?, 'other', 'r', 'open', 'twcs')",
        [
            (f"{i}-{j}", f"{i}-{j}", f"p{i}", f"2026-01-01T00:{j:02d}:00Z")
            for i in range(people)
            for j in range(each)
        ],
    )
    db.conn.commit()


def plan(db) -> str:
    return " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + SUMMARY, ["p1"]))


def test_a_file_without_statistics_gets_them_when_opened(tmp_path):
    path = tmp_path / "k.db"
    open_database(path).close()
    raw = sqlite3.connect(path)
    raw.execute("DROP TABLE sqlite_stat1")
    raw.commit()
    raw.close()
    db = open_database(path)
    assert db["sqlite_stat1"].exists()
    db.close()


def test_with_statistics_a_person_is_found_by_their_index(tmp_path):
    db = open_database(tmp_path / "k.db")
    fill(db)
    refresh_statistics(db)
    assert "posts_author_kind" in plan(db), plan(db)
    assert db.execute(SUMMARY, ["p1"]).fetchall()[0][1] == 10


def test_an_import_refreshes_the_statistics(tmp_path):
    workspace = open_workspace(tmp_path / "k.db")
    fill(workspace.db)
    workspace.db.execute("DELETE FROM sqlite_stat1")
    workspace.db.conn.commit()
    csv = tmp_path / "t.csv"
    csv.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "1,ann,True,Tue Oct 31 22:10:47 +0000 2017,@shop hello,,\n"
    )
    run_import(workspace, csv, "twcs", shop="shop")
    rows = workspace.db.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'posts'")
    assert rows.fetchone()[0] > 0
    assert "posts_author_kind" in plan(workspace.db)
    workspace.close()


def test_a_file_that_grew_since_its_statistics_gets_new_ones_when_opened(tmp_path):
    path = tmp_path / "k.db"
    db = open_database(path)  # statistics of an empty file: nothing about posts
    fill(db)  # 3,000 mentions arrive (by sync, say)
    # The statistics still describe an empty file (the planner guesses; with some sets of
    # indexes it guesses wrong, with others right by luck).
    assert _posts_statistics(db) == 0
    db.close()
    db = open_database(path)
    assert _posts_statistics(db) > 0
    assert "posts_author_kind" in plan(db)
    db.close()


def _posts_statistics(db) -> int:
    return db.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'posts'").fetchone()[0]


def test_every_filter_reads_its_own_index_in_its_order_whatever_the_statistics(tmp_path):
    """A list's page is one range of its filter's index in both directions, never a sort of the
    whole filter: the index is named, so sampled (or misleading) statistics cannot change it."""
    from app.domain.models import InboxFilter
    from app.storage.posts import _FILTERS, Posts

    db = open_database(tmp_path / "k.db")
    fill(db)
    # Statistics that make the all-posts index look like the best way to anything.
    db.execute("DELETE FROM sqlite_stat1")
    db.execute(
        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('posts', 'posts_all', '1000000 1 1 1')"
    )
    db.execute("ANALYZE sqlite_schema")  # load the statistics above
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    posts = Posts(db)
    for inbox_filter in InboxFilter:
        for from_end in (False, True):
            statements.clear()
            posts.page_keys(inbox_filter, limit=20, from_end=from_end)
            [sql] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
            plan = " ".join(str(r[-1]) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert f"INDEX {_FILTERS[inbox_filter].index}" in plan, (inbox_filter, plan)
            assert "TEMP B-TREE" not in plan, (inbox_filter, plan)
    db.conn.set_trace_callback(None)
