"""The inbox search in SQL: words through the search index ``posts_fts``, operators as conditions.

Each search is read from whichever side is smallest, newest first, and stops at the page's
limit: a person's posts (``from:``) from their own index range, unsent drafts (``has:draft``) from
the drafts table, words from the search index by row key, and operators alone from the
all-mentions index by time (where ``before:``/``after:`` are a range). The other conditions are
checked on each row found. Words are always quoted for FTS5, so quotes, ``*``, ``NEAR`` or ``-``
are searched as text and never parsed as syntax.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import tzinfo

from app.domain.search import SearchQuery, day_bounds
from app.domain.times import to_db

# Drafts still being written or waiting for review: what has:draft finds.
_UNSENT = ("draft", "ready", "failed")


@dataclass(frozen=True)
class _Arm:
    source: str  # FROM ... (with any join that drives the order)
    where: list[str]
    params: list


@dataclass(frozen=True)
class _Plan:
    arms: list[_Arm]  # read in order each, merged newest first (UNION ALL ... ORDER BY)
    order: tuple[str, ...]  # the sort key's columns, all DESC; the last is the row key
    keyset: str  # the condition for rows after a given sort key

    def select(self, after: tuple | None) -> tuple[str, list]:
        parts, params = [], []
        for arm in self.arms:
            where = list(arm.where)
            params.extend(arm.params)
            if after is not None:
                where.append(self.keyset)
                params.extend(after)
            parts.append(
                f"SELECT {', '.join(self.order)} FROM {arm.source} WHERE {' AND '.join(where)}"
            )
        return " UNION ALL ".join(parts), params


# Kinds and states are counted up to this many posts (a few milliseconds on their index) to
# choose the side with fewer.
_COUNTED = 10_000


# The word being typed (the last, with no space after it) is searched as the start of a word
# from this many letters on. A shorter start ("th") matches thousands of different words, and
# merging all of them costs about 100 ms at a million mentions; whole, it costs one.
PREFIX_FROM = 4


def fts_query(text: str) -> str | None:
    """Turn what the owner typed into a safe FTS5 query: every word quoted, the last (when its
    last piece has four letters or more) as a prefix.

    Quotes, '*', 'AND', 'NEAR(' and friends are searched for as words, never parsed as syntax.
    None means there is nothing to search for.
    """
    words = [w for w in text.split() if re.search(r"\w", w)]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    # FTS5 splits a word at its punctuation and applies the '*' to the last piece only: "don't"*
    # is "don" then any word starting with "t", a merge of every such word (300 ms at a million
    # mentions). So the last piece is what must be long enough.
    pieces = re.findall(r"[^\W_]+", words[-1])
    if not text[-1:].isspace() and pieces and len(pieces[-1]) >= PREFIX_FROM:
        quoted[-1] += "*"
    return " ".join(quoted)


def search_keys(
    db, filter_where: str, query: SearchQuery, after: tuple | None, limit: int, zone=None
) -> list[tuple[int, tuple]]:
    """A page of the search's matches as (n, sort key), newest first, after ``after``."""
    plan = _plan(db, filter_where, query, zone)
    if plan is None:
        return []
    sql, params = plan.select(after)
    order = ", ".join(f"{i} DESC" for i in range(1, len(plan.order) + 1))
    rows = db.execute(f"{sql} ORDER BY {order} LIMIT ?", [*params, limit]).fetchall()
    return [(row[-1], tuple(row)) for row in rows]


def search_count(db, filter_where: str, query: SearchQuery, cap: int, zone=None) -> int:
    """How many posts the search finds, counted up to ``cap`` + 1 (more reads as "cap+")."""
    plan = _plan(db, filter_where, query, zone)
    if plan is None:
        return 0
    sql, params = plan.select(None)
    return db.execute(f"SELECT count(*) FROM ({sql} LIMIT ?)", [*params, cap + 1]).fetchone()[0]


def catch_up_day_bounds(db, after_n: int = 0) -> None:
    """Bring ``posts_by_day`` (migration 0018) up to date for the posts after row key ``after_n``,
    once a bulk load that ran without its trigger is done."""
    db.execute(
        "INSERT INTO posts_by_day (day, max_n)"
        " SELECT substr(created_at, 1, 10), max(n) FROM posts WHERE n > ? GROUP BY 1"
        " ON CONFLICT (day) DO UPDATE SET max_n = max(max_n, excluded.max_n)",
        [after_n],
    )


def _bound_before(db, before: str) -> int:
    """The highest row key a post written before the moment ``before`` (stored form) can have:
    any such post's day is at most ``before``'s day, so its key is at most that day's figure."""
    row = db.execute(
        "SELECT coalesce(max(max_n), 0) FROM posts_by_day WHERE day <= ?", [before[:10]]
    ).fetchone()
    return row[0]


def pick_search(db, filter_where: str, query: SearchQuery, zone=None) -> None:
    """Every post the search finds into the temporary table ``picked`` (see ``Posts.pick``):
    "all of this search" picks what the list shows, operators included."""
    plan = _plan(db, filter_where, query, zone)
    if plan is None:
        return
    sql, params = plan.select(None)
    columns = [f"c{i}" for i in range(len(plan.order))]  # the row key is the last
    db.execute(
        f"WITH found({', '.join(columns)}) AS ({sql})"
        f" INSERT OR IGNORE INTO temp.picked (n) SELECT {columns[-1]} FROM found",
        params,
    )


def _plan(db, filter_where: str, query: SearchQuery, zone: tzinfo | None) -> _Plan | None:
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
    dates: list[str] = []
    if query.after is not None:
        where.append("+p.created_at >= ?")
        dates.append(to_db(day_bounds(query.after, zone)))
    if query.before is not None:
        where.append("+p.created_at < ?")
        dates.append(to_db(day_bounds(query.before, zone)))
    params.extend(dates)
    by_time = ("p.created_at", "p.n")
    time_keyset = "(p.created_at, p.n) < (?, ?)"
    # A row's words checked by its row key: whole words only, since a prefix ("ord"*) would
    # gather every word it starts for each row.
    whole_words = fts_query(" ".join(query.words) + " ") if query.words else None
    if query.handles:
        where.append(
            f"p.author_id IN (SELECT id FROM people WHERE handle COLLATE NOCASE"
            f" IN ({_marks(query.handles)}))"
        )
        params.extend(query.handles)
        if query.has_draft:
            where.append(_HAS_DRAFT)
        if whole_words is not None:
            where.append(_HAS_WORDS)
            params.append(whole_words)
        return _Plan([_Arm("posts p INDEXED BY posts_author", where, params)], by_time, time_keyset)
    if query.has_draft:
        where.append(f"d.state IN ({_marks(_UNSENT)})")
        params.extend(_UNSENT)
        if whole_words is not None:
            where.append(_HAS_WORDS)
            params.append(whole_words)
        source = "drafts d CROSS JOIN posts p ON p.id = d.post_id"
        return _Plan([_Arm(source, where, params)], by_time, time_keyset)
    if match is not None:
        # The search index yields row keys newest first; each is checked by primary key. With
        # before:, the index starts at the last row key that date can hold instead of passing
        # every newer match.
        source = "posts_fts f CROSS JOIN posts p ON p.n = f.rowid"
        arm = _Arm(source, ["posts_fts MATCH ?", *where], [match, *params])
        if query.before is not None:
            arm.where.insert(1, "f.rowid <= ?")
            arm.params.insert(1, _bound_before(db, dates[-1]))
        return _Plan([arm], ("f.rowid",), "f.rowid < ?")
    # Operators alone: the kind or the state with fewer posts, from its own index, one range per
    # value and per hidden/shown, each in time order and merged, so the page stops as soon as it
    # is full; dates alone: a range of the newest posts of all.
    range_where = [f"p.created_at {op} ?" for op in (">=", "<")]
    range_where = [
        w for w, day in zip(range_where, (query.after, query.before), strict=True) if day
    ]
    if query.kinds and query.statuses:  # both: one range of their own index per pair
        arms = [
            _Arm(
                "posts p INDEXED BY posts_by_kind_status",
                ["p.kind = ?", "p.status = ?", "p.hidden = ?", *range_where, *where],
                [kind, status, hidden, *dates, *params],
            )
            for kind in query.kinds
            for status in query.statuses
            for hidden in (0, 1)
        ]
        return _Plan(arms, by_time, time_keyset)
    fewest = _fewest(db, query)
    if fewest is not None:
        column, index, values = fewest
        arms = [
            _Arm(
                f"posts p INDEXED BY {index}",
                [f"p.{column} = ?", "p.hidden = ?", *range_where, *where],
                [value, hidden, *dates, *params],
            )
            for value in values
            for hidden in (0, 1)
        ]
        return _Plan(arms, by_time, time_keyset)
    arm = _Arm(
        "posts p INDEXED BY posts_all", ["p.is_shop = 0", *range_where, *where], [*dates, *params]
    )
    return _Plan([arm], by_time, time_keyset)


def _fewest(db, query: SearchQuery) -> tuple[str, str, tuple[str, ...]] | None:
    """Of kind: and is:, the one with fewer posts (states first on a tie, since open and
    waiting are the short lists): (column, its index, values)."""
    found = []
    for rank, (column, index, values) in enumerate(
        (
            ("status", "posts_by_status", query.statuses),
            ("kind", "posts_by_kind", query.kinds),
        )
    ):
        if values:
            count = db.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM posts INDEXED BY {index}"
                f" WHERE is_shop = 0 AND {column} IN ({_marks(values)}) LIMIT ?)",
                [*values, _COUNTED],
            ).fetchone()[0]
            found.append((count, rank, column, index, values))
    if not found:
        return None
    _, _, column, index, values = min(found)
    return column, index, values


_HAS_DRAFT = (
    "EXISTS (SELECT 1 FROM drafts d WHERE d.post_id = p.id"
    f" AND d.state IN ({', '.join(repr(s) for s in _UNSENT)}))"
)
# One row's words, checked through the index by row key (a seek, not a pass over every match).
_HAS_WORDS = "EXISTS (SELECT 1 FROM posts_fts f WHERE posts_fts MATCH ? AND f.rowid = p.n)"


def _marks(values: tuple) -> str:
    return ", ".join("?" * len(values))
