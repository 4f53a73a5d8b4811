"""The inbox search in SQL: words through the search index ``posts_fts``, operators as conditions.

Each search is read from whichever side is smallest, newest first, and stops at the page's
limit: a person's posts (``from:``) from their own index range, unsent drafts (``has:draft``) from
the drafts table, words from the search index by row key, and operators alone from the
all-mentions index by time (where ``before:``/``after:`` are a range). The other conditions are
checked on each row found. Words are always quoted for FTS5, so quotes, ``*``, ``NEAR`` or ``-``
are searched as text and never parsed as syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from app.domain.search import SearchQuery, day_bounds
from app.domain.times import to_db

# Drafts still being written or waiting for review: what has:draft finds.
_UNSENT = ("draft", "ready", "failed")


@dataclass(frozen=True)
class _Plan:
    source: str  # FROM ... (with any join that drives the order)
    where: list[str]
    params: list
    order: tuple[str, ...]  # ORDER BY columns, all DESC; the last is the row key
    keyset: str  # the condition for rows after a given sort key


def search_keys(
    db, filter_where: str, query: SearchQuery, after: tuple | None, limit: int, zone=None
) -> list[tuple[int, tuple]]:
    """A page of the search's matches as (n, sort key), newest first, after ``after``."""
    plan = _plan(filter_where, query, zone)
    if plan is None:
        return []
    where, params = list(plan.where), list(plan.params)
    if after is not None:
        where.append(plan.keyset)
        params.extend(after)
    sql = (
        f"SELECT {', '.join(plan.order)} FROM {plan.source} WHERE {' AND '.join(where)}"
        f" ORDER BY {', '.join(c + ' DESC' for c in plan.order)} LIMIT ?"
    )
    rows = db.execute(sql, [*params, limit]).fetchall()
    return [(row[-1], tuple(row)) for row in rows]


def search_count(db, filter_where: str, query: SearchQuery, cap: int, zone=None) -> int:
    """How many posts the search finds, counted up to ``cap`` + 1 (more reads as "cap+")."""
    plan = _plan(filter_where, query, zone)
    if plan is None:
        return 0
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM {plan.source}"
        f" WHERE {' AND '.join(plan.where)} LIMIT ?)"
    )
    return db.execute(sql, [*plan.params, cap + 1]).fetchone()[0]


def _plan(filter_where: str, query: SearchQuery, zone: tzinfo | None) -> _Plan | None:
    from app.storage.posts import fts_query  # posts imports this module for its searches

    match = fts_query(query.words_text) if query.words else None
    if match is None and not query.has_operators:
        return None
    # Conditions checked on each row found; a leading + keeps SQLite from reading them
    # through an index of their own instead of the side chosen below.
    where = [filter_where]
    params: list = []
    if query.kinds:
        where.append(f"+p.kind IN ({_marks(query.kinds)})")
        params.extend(query.kinds)
    if query.statuses:
        where.append(f"+p.status IN ({_marks(query.statuses)})")
        params.extend(query.statuses)
    if query.after is not None:
        where.append("+p.created_at >= ?")
        params.append(to_db(day_bounds(query.after, zone)))
    if query.before is not None:
        where.append("+p.created_at < ?")
        params.append(to_db(day_bounds(query.before, zone)))
    by_time = ("p.created_at", "p.n")
    time_keyset = "(p.created_at, p.n) < (?, ?)"
    if query.handles:
        where.append(
            f"p.author_id IN (SELECT id FROM people WHERE handle COLLATE NOCASE"
            f" IN ({_marks(query.handles)}))"
        )
        params.extend(query.handles)
        if query.has_draft:
            where.append(_HAS_DRAFT)
        if match is not None:
            where.append(_HAS_WORDS)
            params.append(match)
        return _Plan("posts p INDEXED BY posts_author", where, params, by_time, time_keyset)
    if query.has_draft:
        where.append(f"d.state IN ({_marks(_UNSENT)})")
        params.extend(_UNSENT)
        if match is not None:
            where.append(_HAS_WORDS)
            params.append(match)
        return _Plan(
            "drafts d CROSS JOIN posts p ON p.id = d.post_id", where, params, by_time, time_keyset
        )
    if match is not None:
        # The search index yields row keys newest first; each is checked by primary key.
        where.insert(0, "posts_fts MATCH ?")
        params.insert(0, match)
        return _Plan(
            "posts_fts f CROSS JOIN posts p ON p.n = f.rowid",
            where,
            params,
            ("f.rowid",),
            "f.rowid < ?",
        )
    where.insert(0, "p.is_shop = 0")
    if query.after is not None:  # a range of the index (the + above only keeps other indexes out)
        where.append("p.created_at >= ?")
        params.append(to_db(day_bounds(query.after, zone)))
    if query.before is not None:
        where.append("p.created_at < ?")
        params.append(to_db(day_bounds(query.before, zone)))
    return _Plan("posts p INDEXED BY posts_all", where, params, by_time, time_keyset)


_HAS_DRAFT = (
    "EXISTS (SELECT 1 FROM drafts d WHERE d.post_id = p.id"
    f" AND d.state IN ({', '.join(repr(s) for s in _UNSENT)}))"
)
# One row's words, checked through the index by row key (a seek, not a pass over every match).
_HAS_WORDS = "EXISTS (SELECT 1 FROM posts_fts f WHERE posts_fts MATCH ? AND f.rowid = p.n)"


def _marks(values: tuple) -> str:
    return ", ".join("?" * len(values))
