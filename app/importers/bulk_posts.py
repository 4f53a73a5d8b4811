"""Adding many posts in one transaction without a trigger per row.

The search index (``posts_ai``) and the inbox counts (``posts_counts_insert``) are kept by
triggers on every insert into posts. For a large import that is most of the cost, so
``bulk_posts`` lifts those two triggers for the duration, then indexes the new posts in one
statement, counts the inbox again and puts the triggers back exactly as they were. It runs inside
the import's transaction, which holds the write lock throughout: no other connection ever sees
posts without their triggers, and a failure or a cancel rolls the triggers back in with the rest.
Triggers other than these two stay in place and run per row as always.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.storage.posts import rebuild_counts

LIFTED = ("posts_ai", "posts_counts_insert")


@contextmanager
def bulk_posts(db) -> Iterator[None]:
    """Insert into posts inside the block; on leaving it, the index and counts catch up."""
    saved = dict(db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posts'"
        f" AND name IN ({', '.join('?' * len(LIFTED))})", list(LIFTED)).fetchall())
    if set(saved) != set(LIFTED):  # a schema Kindly does not know: keep the per-row triggers
        yield
        return
    last = db.execute("SELECT coalesce(max(n), 0) FROM posts").fetchone()[0]
    for name in LIFTED:
        db.execute(f'DROP TRIGGER "{name}"')
    yield
    db.execute('INSERT INTO posts_fts (rowid, "text") SELECT n, "text" FROM posts WHERE n > ?',
               [last])
    for name in LIFTED:
        db.execute(saved[name])
    rebuild_counts(db)
