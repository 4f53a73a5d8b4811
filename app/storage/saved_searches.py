"""Searches the owner saved to the navigation: a name and what was typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from app.domain.times import to_db


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str


class SavedSearches:
    def __init__(self, db: Database):
        self.db = db

    def list(self) -> list[SavedSearch]:
        rows = self.db.execute("SELECT id, name, query FROM saved_searches ORDER BY id").fetchall()
        return [SavedSearch(*row) for row in rows]

    def add(self, name: str, query: str, now: datetime) -> int:
        cursor = self.db.execute(
            "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?)",
            [name, query, to_db(now)],
        )
        return int(cursor.lastrowid or 0)

    def remove(self, search_id: int) -> None:
        self.db.execute("DELETE FROM saved_searches WHERE id = ?", [search_id])
