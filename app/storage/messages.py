"""Direct messages: what customers sent in private (they often carry an e-mail address)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from app.domain.times import from_db, to_db
from app.storage.unreadable import readable


@dataclass(frozen=True)
class DirectMessage:
    id: str
    sender_id: str
    recipient_id: str
    text: str
    created_at: datetime
    source: str
    conversation_id: str | None = None


class Messages:
    def __init__(self, db: Database):
        self.db = db

    def add(self, message: DirectMessage, raw_json: str | None = None) -> bool:
        """Store a DM once; False when it was already stored."""
        cursor = self.db.execute(
            "INSERT INTO direct_messages (id, conversation_id, sender_id, recipient_id, text,"
            " created_at, source, raw_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO NOTHING",
            [
                message.id,
                message.conversation_id,
                message.sender_id,
                message.recipient_id,
                message.text,
                to_db(message.created_at),
                message.source,
                raw_json,
            ],
        )
        return cursor.rowcount == 1

    def with_person(self, person_id: str) -> list[DirectMessage]:
        return self._select(
            "WHERE sender_id = ? OR recipient_id = ? ORDER BY created_at, id",
            [person_id, person_id],
        )

    def get(self, message_id: str) -> DirectMessage | None:
        found = self._select("WHERE id = ?", [message_id])
        return found[0] if found else None

    def from_person(self, person_id: str) -> list[DirectMessage]:
        """What this person sent the shop, newest first."""
        return self._select("WHERE sender_id = ? ORDER BY created_at DESC, id DESC", [person_id])

    def _select(self, clause: str, params: list) -> list[DirectMessage]:
        rows = self.db.execute(
            "SELECT id, sender_id, recipient_id, text, created_at, source, conversation_id"
            f" FROM direct_messages {clause}",
            params,
        ).fetchall()
        return list(
            readable(
                rows,
                lambda r: DirectMessage(r[0], r[1], r[2], r[3], from_db(r[4]), r[5], r[6]),
                "direct_messages",
            )
        )
