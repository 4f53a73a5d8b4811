"""Forget a person on request: everything about them goes, the search index included.

Deleted: their posts and the shop's replies to them, their DMs (both ways), drafts for those
posts, replies and DMs to them in the outbox, their promises and strikes, rows in any other table
that point at them or at those posts, searches saved to the navigation that name them
(``from:@them``), and the person row with the owner's notes and contact details. Deletions are overwritten on disk (``secure_delete``) and the search index is rebuilt
without them, so no search finds them again. Backups taken earlier still hold them until they
roll over.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlite_utils import Database

from app.domain.search import parse_search
from app.errors import NotFound
from app.storage.posts import dm_conversation_id

log = logging.getLogger("kindly.forget")

# Columns that, whatever table they are in, name a person or a post.
# (The outbox names them as a DM's ``participant_id`` and a reply's ``in_reply_to_id``: a
# queued reply or DM to them goes too, and is never sent.)
_PERSON_COLUMNS = {"person_id", "author_id", "sender_id", "recipient_id", "participant_id"}
_POST_COLUMNS = {"post_id", "mention_id", "reply_to_post_id", "sent_post_id", "in_reply_to_id"}


@dataclass
class Forgotten:
    handle: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def forget_person(db: Database, person_id: str) -> Forgotten:
    row = db.execute("SELECT handle FROM people WHERE id = ?", [person_id]).fetchone()
    if row is None:
        raise NotFound("That person is not in Kindly (any more).")
    shop_person = db.execute(
        "SELECT p.id FROM people p JOIN shop s ON s.id = 1"
        " WHERE p.id = s.user_id OR (s.user_id IS NULL AND p.handle = s.handle COLLATE NOCASE)"
    ).fetchall()
    if any(r[0] == person_id for r in shop_person):
        raise NotFound("That is your shop; Kindly forgets customers, not the shop itself.")
    result = Forgotten(handle=row[0])
    db.execute("PRAGMA secure_delete = ON")
    try:
        with db.atomic():
            _forget(db, person_id, result)
        # Merge the search index so the deleted words are gone from it, not just hidden.
        for fts in _fts_tables(db):
            db.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('optimize')")
    finally:
        db.execute("PRAGMA secure_delete = OFF")
    log.info("forgot a person: %s rows", result.total)
    return result


def _fts_tables(db: Database) -> list[str]:
    return [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql LIKE 'CREATE VIRTUAL TABLE%USING FTS5%'"
        ).fetchall()
    ]


def _count(result: Forgotten, table: str, n: int) -> None:
    if n:
        result.rows[table] = result.rows.get(table, 0) + n


def _forget(db: Database, person_id: str, result: Forgotten) -> None:
    db.execute("DROP TABLE IF EXISTS temp.forget_posts")
    db.execute("CREATE TEMP TABLE forget_posts (id TEXT PRIMARY KEY)")
    db.execute("INSERT INTO forget_posts SELECT id FROM posts WHERE author_id = ?", [person_id])
    # their DM thread, the shop's DMs to them included
    db.execute(
        "INSERT OR IGNORE INTO forget_posts SELECT id FROM posts WHERE conversation_id = ?",
        [dm_conversation_id(person_id)],
    )
    # the shop's replies to them, and replies to those replies, all the way down
    while True:
        added = db.execute(
            "INSERT OR IGNORE INTO forget_posts SELECT r.id FROM posts r"
            " WHERE r.is_shop = 1 AND r.in_reply_to_id IN (SELECT id FROM forget_posts)"
        ).rowcount
        if not added:
            break
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('people', 'posts')"
        ).fetchall()
    ]
    for table in tables:
        columns = {r[1] for r in db.execute(f"PRAGMA table_info([{table}])").fetchall()}
        targets = _fk_targets(db, table)
        person_cols = (columns & _PERSON_COLUMNS) | {c for c, t, _ in targets if t == "people"}
        post_cols = (columns & _POST_COLUMNS) | {
            c for c, t, to in targets if t == "posts" and to in (None, "id")
        }
        post_n_cols = {c for c, t, to in targets if t == "posts" and to == "n"}
        conditions = [f"[{c}] = ?" for c in sorted(person_cols)]
        params: list = [person_id] * len(person_cols)
        conditions += [f"[{c}] IN (SELECT id FROM forget_posts)" for c in sorted(post_cols)]
        conditions += [
            f"[{c}] IN (SELECT n FROM posts WHERE id IN (SELECT id FROM forget_posts))"
            for c in sorted(post_n_cols)
        ]
        if not conditions:
            continue
        cursor = db.execute(f"DELETE FROM [{table}] WHERE {' OR '.join(conditions)}", params)
        _count(result, table, cursor.rowcount)
    cursor = db.execute("DELETE FROM posts WHERE id IN (SELECT id FROM forget_posts)")
    _count(result, "posts", cursor.rowcount)
    handle = result.handle.lower()
    for search_id, query in db.execute("SELECT id, query FROM saved_searches").fetchall():
        if handle in parse_search(query).handles:
            _count(
                result,
                "saved_searches",
                db.execute("DELETE FROM saved_searches WHERE id = ?", [search_id]).rowcount,
            )
    cursor = db.execute("DELETE FROM people WHERE id = ?", [person_id])
    _count(result, "people", cursor.rowcount)
    db.execute("DROP TABLE IF EXISTS temp.forget_posts")


def _fk_targets(db: Database, table: str) -> list[tuple[str, str, str | None]]:
    """(column, referenced table, referenced column) for each foreign key of ``table``."""
    return [(row[3], row[2], row[4]) for row in db.execute(f"PRAGMA foreign_key_list([{table}])")]
