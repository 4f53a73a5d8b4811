"""Stored rows Kindly cannot read: skipped and counted where they are read, listed and removable.

Kindly's own writes and its importers keep every value to the rules in ``app/domain/stored.py``.
A row written by an older Kindly, another program or a hand edit may not: a time such as
'yesterday' or '2026-01-01 10:00', an id that is no id. Such a row must never take the window down,
so the lists skip it (``readable``) and count it here (``skipped``); File → Check database lists
the rows (``find_unreadable``) and offers to remove them (``remove_unreadable``).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from app.domain.stored import COLUMN_RULES, EARLIEST, LATEST, check_column, is_time_column, shown
from app.errors import KindlyError

log = logging.getLogger("kindly.db")

T = TypeVar("T")

# What a read could not turn into a mention, a draft, a promise…, per table, since start.
_lock = threading.Lock()
skipped: Counter = Counter()
_logged: set[tuple[str, object]] = set()

# The tables the owner's data lives in, in the order rows are removed (dependants first).
TABLES = (
    "reminders_fired",
    "outbox",
    "drafts",
    "promises",
    "strikes",
    "direct_messages",
    "posts",
    "people",
    "templates",
)
_LIMIT = 500  # rows listed at most: the owner reads the list


def readable(rows: Iterable[tuple], convert: Callable[[tuple], T], table: str) -> Iterator[T]:
    """``convert`` each row; a row whose values cannot be read is skipped, counted and logged."""
    for row in rows:
        try:
            yield convert(row)
        except (ValueError, TypeError, OverflowError, KeyError, AttributeError) as exc:
            note_unreadable(table, row[0] if row else None, exc)


def note_unreadable(table: str, key: object, exc: BaseException) -> None:
    with _lock:
        skipped[table] += 1
        first = (table, key) not in _logged
        _logged.add((table, key))
    if first:
        log.warning("skipped a %s row Kindly cannot read (%r): %s", table, key, exc)


def skipped_total() -> int:
    with _lock:
        return sum(skipped.values())


@dataclass(frozen=True)
class UnreadableRow:
    table: str
    rowid: int
    column: str
    value: object
    why: str

    def describe(self) -> str:
        what = {
            "posts": "a post",
            "people": "a person",
            "drafts": "a draft",
            "promises": "a promise",
            "direct_messages": "a DM",
            "strikes": "a strike",
            "templates": "a template",
            "outbox": "a reply waiting to be sent",
            "reminders_fired": "a reminder",
        }.get(self.table, f"a row of {self.table}")
        return f"{what} (row {self.rowid}): {self.column} {shown(self.value)} is {self.why}"


def _columns(db, table: str) -> list[tuple[str, str]]:
    return [
        (row[1], (row[2] or "").upper())
        for row in db.execute(f"PRAGMA table_xinfo([{table}])")
        if row[6] == 0
    ]


def _suspect_sql(table: str, column: str, declared: str) -> str | None:
    """A WHERE clause that finds the column's suspect values in one pass over the table (the
    rules in ``stored.py`` then decide); None when the column has no rule beyond SQLite's own."""
    c = f"[{column}]"
    clauses = []
    if declared == "INTEGER":
        clauses.append(f"typeof({c}) NOT IN ('integer', 'null')")
    elif declared == "TEXT":
        clauses.append(f"typeof({c}) NOT IN ('text', 'null')")
    if (table, column) in COLUMN_RULES:
        clauses.append(
            f"({c} IS NOT NULL AND NOT (({c} <> '' AND {c} NOT GLOB '*[^0-9]*')"
            f" OR {c} GLOB 'local-[0-9]*' OR {c} GLOB 'handle:?*'"
            f" OR {c} GLOB 'manual-?*'))"
        )
    elif is_time_column(column) and declared in ("TEXT", ""):
        # Through julianday and back: a time in the stored form, and a day of the calendar.
        clauses.append(
            f"({c} IS NOT NULL AND (strftime('%Y-%m-%dT%H:%M:%SZ', julianday({c}))"
            f" IS NOT {c} OR {c} < '{EARLIEST.year:04d}'"
            f" OR {c} >= '{LATEST.year:04d}'))"
        )
    return " OR ".join(clauses) if clauses else None


def find_unreadable(db, limit: int = _LIMIT) -> list[UnreadableRow]:
    """Every stored row (up to ``limit``) with a value Kindly's rules refuse, with the reason."""
    existing = {
        name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    found: list[UnreadableRow] = []
    for table in TABLES:
        if table not in existing:
            continue
        columns = _columns(db, table)
        for column, declared in columns:
            where = _suspect_sql(table, column, declared)
            if where is None:
                continue
            for rowid, value in db.execute(
                f"SELECT rowid, [{column}] FROM [{table}] WHERE {where} LIMIT ?",
                [limit - len(found) + 1],
            ):
                try:
                    check_column(table, column, declared, value)
                except ValueError as why:
                    found.append(UnreadableRow(table, rowid, column, value, str(why)))
                    if len(found) >= limit:
                        return found
    return found


def remove_unreadable(db, rows: Iterable[UnreadableRow]) -> int:
    """Remove these rows in one transaction (dependants first); how many were removed."""
    order = {table: index for index, table in enumerate(TABLES)}
    targets = sorted({(r.table, r.rowid) for r in rows}, key=lambda t: (order.get(t[0], 99), t[1]))
    removed = 0
    try:
        with db.atomic():
            for table, rowid in targets:
                removed += db.execute(f"DELETE FROM [{table}] WHERE rowid = ?", [rowid]).rowcount
    except sqlite3.IntegrityError as exc:
        raise KindlyError(
            "Kindly could not remove them: other rows (a person's posts, for example) still refer "
            f"to one of them ({exc}). Nothing was removed; restore a backup instead."
        ) from exc
    with _lock:
        skipped.clear()
        _logged.clear()
    return removed
