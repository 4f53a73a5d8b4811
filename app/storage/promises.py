"""Follow-ups the shop owes: waiting for a customer's DM, or an e-mail promised to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from app.domain.times import from_db, to_db


@dataclass(frozen=True)
class Promise:
    id: int
    kind: str  # 'awaiting_dm' | 'email_owed'
    person_id: str
    conversation_id: str | None
    post_id: str | None
    email: str | None
    note: str
    status: str
    created_at: datetime
    due_at: datetime


class Promises:
    def __init__(self, db: Database):
        self.db = db

    def add(
        self,
        *,
        kind: str,
        person_id: str,
        created_at: datetime,
        due_at: datetime,
        conversation_id: str | None = None,
        post_id: str | None = None,
        email: str | None = None,
        note: str = "",
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO promises (kind, person_id, conversation_id, post_id, email, note,"
            " created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, person_id, conversation_id, post_id, email, note,
             to_db(created_at), to_db(due_at)],
        )
        return cursor.lastrowid

    def open_for_person(self, person_id: str) -> list[Promise]:
        return self._select("WHERE person_id = ? AND status = 'open' ORDER BY due_at", [person_id])

    def open(self) -> list[Promise]:
        return self._select("WHERE status = 'open' ORDER BY due_at", [])

    def _select(self, clause: str, params: list) -> list[Promise]:
        rows = self.db.execute(
            "SELECT id, kind, person_id, conversation_id, post_id, email, note, status,"
            f" created_at, due_at FROM promises {clause}",
            params,
        ).fetchall()
        return [
            Promise(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], from_db(r[8]), from_db(r[9]))
            for r in rows
        ]
