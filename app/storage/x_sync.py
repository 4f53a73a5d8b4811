"""Storage for the X connection: sync cursors, people learnt from X, the outbox, API usage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from app.domain.times import from_db, to_db
from app.domain.x_models import XUser
from app.storage.database import inserted_id
from app.storage.people import local_person_id
from app.storage.posts import dm_conversation_id


class SyncState:
    """Small key-value facts about syncing (since_id, pagination tokens, last result)."""

    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str | int | None) -> None:
        if value is None:
            self.delete(key)
            return
        self.db.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, str(value)],
        )

    def delete(self, *keys: str) -> None:
        for key in keys:
            self.db.execute("DELETE FROM sync_state WHERE key = ?", [key])

    def delete_prefix(self, prefix: str) -> None:
        self.db.execute("DELETE FROM sync_state WHERE key LIKE ? || '%'", [prefix])

    def all(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM sync_state").fetchall())


class XPeople:
    """People as X knows them: handle, name and picture may update; the owner's notes never do."""

    def __init__(self, db: Database):
        self.db = db

    def upsert(self, user: XUser, seen_at: datetime | None = None) -> str:
        """Store what X says about a person (merging a hand-added twin first); returns the id."""
        local = local_person_id(user.username)
        if local != user.id and self._exists(local):
            self.merge(local, user.id)
        self.db.execute(
            "INSERT INTO people (id, handle, name, profile_image_url, first_seen_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET handle = excluded.handle,"
            " name = CASE WHEN excluded.name != '' THEN excluded.name ELSE people.name END,"
            " profile_image_url = coalesce(excluded.profile_image_url, people.profile_image_url)",
            [
                user.id,
                user.username,
                user.name,
                user.profile_image_url,
                to_db(seen_at) if seen_at else None,
            ],
        )
        return user.id

    def ensure_id(self, user_id: str, handle: str | None = None) -> str:
        """A person X mentioned without details: known by id only until X says more."""
        self.db.execute(
            "INSERT INTO people (id, handle) VALUES (?, ?) ON CONFLICT(id) DO NOTHING",
            [user_id, handle or user_id],
        )
        return user_id

    def _exists(self, person_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM people WHERE id = ?", [person_id]).fetchone() is not None
        )

    def merge(self, local_id: str, real_id: str) -> None:
        """Someone first added by hand ("handle:<name>") is X user ``real_id``: one person from
        now on. Their posts, DMs, promises (every row pointing at people) move across; the
        owner's notes and choices are kept. Call inside ``db.atomic()``."""
        cols = (
            "notes, muted, blocked, preferred_channel, contact_address, first_seen_at,"
            " handle, name, profile_image_url"
        )
        local = self.db.execute(f"SELECT {cols} FROM people WHERE id = ?", [local_id]).fetchone()
        if local is None:
            return
        real = self.db.execute(f"SELECT {cols} FROM people WHERE id = ?", [real_id]).fetchone()
        if real is None:
            self.db.execute(
                f"INSERT INTO people (id, {cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [real_id, *local],
            )
        else:
            notes = "\n\n".join(n for n in (real[0], local[0]) if n)
            first_seen = min((s for s in (real[5], local[5]) if s), default=None)
            self.db.execute(
                "UPDATE people SET notes = ?, muted = max(muted, ?), blocked = max(blocked, ?),"
                " preferred_channel = coalesce(preferred_channel, ?),"
                " contact_address = coalesce(contact_address, ?), first_seen_at = ?,"
                " profile_image_url = coalesce(profile_image_url, ?) WHERE id = ?",
                [notes, local[1], local[2], local[3], local[4], first_seen, local[8], real_id],
            )
        for table, column in self._references():
            self.db.execute(
                f"UPDATE [{table}] SET [{column}] = ? WHERE [{column}] = ?", [real_id, local_id]
            )
        # Their DM thread is one thread: what was pasted by hand joins the DMs X brings (0015).
        local_thread, real_thread = dm_conversation_id(local_id), dm_conversation_id(real_id)
        for table in ("posts", "promises"):
            self.db.execute(
                f"UPDATE {table} SET conversation_id = ? WHERE conversation_id = ?",
                [real_thread, local_thread],
            )
        muted = self.db.execute("SELECT muted FROM people WHERE id = ?", [real_id]).fetchone()[0]
        self.db.execute("UPDATE posts SET author_muted = ? WHERE author_id = ?", [muted, real_id])
        self.db.execute("DELETE FROM people WHERE id = ?", [local_id])

    def _references(self) -> list[tuple[str, str]]:
        found = []
        for (table,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            for row in self.db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
                # (id, seq, table, from, to, on_update, on_delete, match)
                if row[2] == "people":
                    found.append((table, row[3]))
        return found


# ----- the outbox --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxItem:
    id: int
    draft_id: int | None
    kind: str  # 'reply' | 'dm'
    text: str
    in_reply_to_id: str | None
    participant_id: str | None
    state: str  # 'queued' | 'attempting' | 'sent' | 'failed'
    attempts: int
    queued_at: datetime
    attempt_started_at: datetime | None
    next_try_at: datetime | None
    sent_id: str | None
    error: str | None
    refused: bool
    first_attempt_at: datetime | None = None


_OUTBOX_COLUMNS = (
    "id, draft_id, kind, text, in_reply_to_id, participant_id, state, attempts, queued_at,"
    " attempt_started_at, next_try_at, sent_id, error, refused, first_attempt_at"
)


def _item(row) -> OutboxItem:
    return OutboxItem(
        id=row[0],
        draft_id=row[1],
        kind=row[2],
        text=row[3],
        in_reply_to_id=row[4],
        participant_id=row[5],
        state=row[6],
        attempts=row[7],
        queued_at=from_db(row[8]),
        attempt_started_at=from_db(row[9]) if row[9] else None,
        next_try_at=from_db(row[10]) if row[10] else None,
        sent_id=row[11],
        error=row[12],
        refused=bool(row[13]),
        first_attempt_at=from_db(row[14]) if row[14] else None,
    )


class OutboxStore:
    def __init__(self, db: Database):
        self.db = db

    def get(self, item_id: int) -> OutboxItem | None:
        row = self.db.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE id = ?", [item_id]
        ).fetchone()
        return _item(row) if row else None

    def for_draft(self, draft_id: int) -> OutboxItem | None:
        row = self.db.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE draft_id = ?", [draft_id]
        ).fetchone()
        return _item(row) if row else None

    def add(
        self,
        *,
        draft_id: int | None,
        kind: str,
        text: str,
        in_reply_to_id: str | None,
        participant_id: str | None,
        now: datetime,
    ) -> int:
        """Queue a send; a draft already queued (and not sent) is updated in place."""
        existing = self.for_draft(draft_id) if draft_id is not None else None
        if existing is not None:
            self.db.execute(
                "UPDATE outbox SET kind = ?, text = ?, in_reply_to_id = ?, participant_id = ?,"
                " state = 'queued', next_try_at = NULL, error = NULL, refused = 0,"
                " queued_at = ? WHERE id = ? AND state IN ('queued', 'failed')",
                [kind, text, in_reply_to_id, participant_id, to_db(now), existing.id],
            )
            return existing.id
        cursor = self.db.execute(
            "INSERT INTO outbox (draft_id, kind, text, in_reply_to_id, participant_id, state,"
            " queued_at) VALUES (?, ?, ?, ?, ?, 'queued', ?)",
            [draft_id, kind, text, in_reply_to_id, participant_id, to_db(now)],
        )
        return inserted_id(cursor)

    def pending(self, now: datetime) -> list[OutboxItem]:
        """Items to work on now: queued and due, or left mid-attempt (crash, ambiguous end)."""
        rows = self.db.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE state IN ('queued', 'attempting')"
            " AND (next_try_at IS NULL OR next_try_at <= ?) ORDER BY queued_at, id",
            [to_db(now)],
        ).fetchall()
        return [_item(row) for row in rows]

    def waiting(self) -> list[OutboxItem]:
        rows = self.db.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE state IN ('queued', 'attempting')"
            " ORDER BY queued_at, id"
        ).fetchall()
        return [_item(row) for row in rows]

    def recent(self, limit: int = 50) -> list[OutboxItem]:
        rows = self.db.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?", [limit]
        ).fetchall()
        return [_item(row) for row in rows]

    def start_attempt(self, item_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET state = 'attempting', attempts = attempts + 1,"
            " attempt_started_at = ?, first_attempt_at = coalesce(first_attempt_at, ?),"
            " next_try_at = NULL, error = NULL WHERE id = ?",
            [to_db(now), to_db(now), item_id],
        )

    def mark_sent(self, item_id: int, sent_id: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET state = 'sent', sent_id = ?, sent_at = ?, error = NULL,"
            " next_try_at = NULL WHERE id = ?",
            [sent_id, to_db(now), item_id],
        )

    def mark_failed(self, item_id: int, error: str, refused: bool) -> None:
        self.db.execute(
            "UPDATE outbox SET state = 'failed', error = ?, refused = ?, next_try_at = NULL"
            " WHERE id = ?",
            [error, int(refused), item_id],
        )

    def retry_later(self, item_id: int, error: str, at: datetime, *, attempted: bool) -> None:
        """Wait until ``at``. ``attempted``: X may have the post, so the item stays
        'attempting' and the next turn checks X before sending again."""
        self.db.execute(
            "UPDATE outbox SET state = ?, error = ?, next_try_at = ? WHERE id = ?",
            ["attempting" if attempted else "queued", error, to_db(at), item_id],
        )

    def undo_attempt(self, item_id: int, error: str, at: datetime) -> None:
        """The request surely never reached X (offline): back to queued."""
        self.db.execute(
            "UPDATE outbox SET state = 'queued', error = ?, next_try_at = ? WHERE id = ?",
            [error, to_db(at), item_id],
        )

    def cancel(self, item_id: int) -> bool:
        cursor = self.db.execute(
            "DELETE FROM outbox WHERE id = ? AND state IN ('queued', 'failed')", [item_id]
        )
        return cursor.rowcount == 1


# ----- API usage -------------------------------------------------------------------------------


class UsageStore:
    def __init__(self, db: Database):
        self.db = db

    def add(self, month: str, kind: str, count: int) -> None:
        self.db.execute(
            "INSERT INTO x_usage (month, kind, count) VALUES (?, ?, ?)"
            " ON CONFLICT(month, kind) DO UPDATE SET count = count + excluded.count",
            [month, kind, count],
        )

    def first_today(self, day: str, kind: str, resource_ids: list[str]) -> int:
        """Note these resources as billed on ``day``; how many were not billed that day yet."""
        added = 0
        for resource_id in dict.fromkeys(resource_ids):
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO x_billed (day, kind, resource_id) VALUES (?, ?, ?)",
                [day, kind, resource_id],
            )
            added += cursor.rowcount
        return added

    def forget_days_before(self, day: str) -> None:
        self.db.execute("DELETE FROM x_billed WHERE day < ?", [day])

    def month(self, month: str) -> dict[str, int]:
        return dict(
            self.db.execute("SELECT kind, count FROM x_usage WHERE month = ?", [month]).fetchall()
        )
