"""Adding many posts in one transaction without work per row that can be done once at the end.

The search index (``posts_ai``), the inbox counts (``posts_counts_insert``) and the search's day
bounds (``posts_by_day_insert``) are kept by triggers on every insert into posts. For a large
import that is most of the cost, so ``bulk_posts`` lifts those three triggers for the duration,
then indexes the new posts and brings the day bounds up to date in one statement each, counts
the inbox again and puts the triggers back exactly as they were.

posts' own indexes (one per inbox filter, threads, people…) are kept up to date row by row as
well, a dozen B-tree inserts per post. When the load is large next to what the table holds, it is
cheaper to build them again in one sorted pass each: the indexes are dropped for the block and
created again, from the same SQL, when it ends (the unique index on X's id stays, so lookups by
id keep working inside the block). Inside the block only inserts belong: nothing else may lean on
those indexes.

It all runs inside the import's transaction, which holds the write lock throughout: no other
connection ever sees posts without their triggers or indexes, and a failure or a cancel rolls
them back in with the rest. Triggers other than these three stay in place and run per row as
always.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.storage.posts import rebuild_counts
from app.storage.search import catch_up_day_bounds

LIFTED = ("posts_ai", "posts_counts_insert", "posts_by_day_insert")
# Rebuild the indexes when the load adds at least this share of the rows the table has. Measured
# at a million posts: keeping them row by row costs about 20 µs a new post, a sorted build about
# 5 µs a post of the whole table, so rebuilding pays from a third on (100k new posts into 880k:
# 6.1 s kept, 9.3 s rebuilt).
REBUILD_SHARE = 1 / 3


@contextmanager
def bulk_posts(db, adding: int) -> Iterator[None]:
    """Insert about ``adding`` posts inside the block; on leaving it, the index and counts
    catch up."""
    saved = dict(
        db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posts'"
            f" AND name IN ({', '.join('?' * len(LIFTED))})",
            list(LIFTED),
        ).fetchall()
    )
    if set(saved) != set(LIFTED):  # a schema Kindly does not know: keep the per-row triggers
        yield
        return
    last, rows = db.execute("SELECT coalesce(max(n), 0), count(*) FROM posts").fetchone()
    indexes = _indexes(db) if adding and adding >= rows * REBUILD_SHARE else {}
    stats = _stats(db, indexes)
    for name in LIFTED:
        db.execute(f'DROP TRIGGER "{name}"')
    for name in indexes:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for sql in indexes.values():
        db.execute(sql)
    if stats:  # the planner's statistics as they were (DROP INDEX took them)
        db.conn.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", stats)
    db.execute(
        'INSERT INTO posts_fts (rowid, "text") SELECT n, "text" FROM posts WHERE n > ?', [last]
    )
    catch_up_day_bounds(db, last)
    for name in LIFTED:
        db.execute(saved[name])
    rebuild_counts(db)


def _indexes(db) -> dict[str, str]:
    """posts' own indexes (not the ones behind UNIQUE constraints), by name."""
    return dict(
        db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'posts'"
            " AND sql IS NOT NULL"
        ).fetchall()
    )


def _stats(db, indexes: dict[str, str]) -> list[tuple]:
    if (
        not indexes
        or not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
    ):
        return []
    return db.execute(
        f"SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'posts'"
        f" AND idx IN ({', '.join('?' * len(indexes))})",
        list(indexes),
    ).fetchall()
