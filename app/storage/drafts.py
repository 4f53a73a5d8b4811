"""The drafts repository: one draft per customer post answered, saved as the owner types.

Every write is one statement (or one transaction), committed at once: with WAL and SQLite's
default full sync a crash or a power cut loses nothing that was saved.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from app.domain.drafts import EDITABLE, IN_REVIEW, Draft, DraftState
from app.domain.times import from_db, to_db
from app.storage.unreadable import readable

_COLUMNS = (
    "id, post_id, channel, text, state, updated_at, failure, resolve_on_send, sent_at, sent_post_id"
)


class Drafts:
    def __init__(self, db: Database):
        self.db = db

    # ----- reading -------------------------------------------------------------------------

    def get(self, draft_id: int) -> Draft | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", [draft_id]).fetchone()
        return next(readable([row], _draft, "drafts"), None) if row else None

    def for_post(self, post_id: str) -> Draft | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM drafts WHERE post_id = ?", [post_id]
        ).fetchone()
        return next(readable([row], _draft, "drafts"), None) if row else None

    def in_states(self, states: tuple[str, ...]) -> list[Draft]:
        marks = ",".join("?" * len(states))
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM drafts WHERE state IN ({marks}) ORDER BY updated_at, id",
            [str(s) for s in states],
        ).fetchall()
        return list(readable(rows, _draft, "drafts"))

    def review_count(self) -> int:
        marks = ",".join("?" * len(IN_REVIEW))
        return self.db.execute(
            f"SELECT count(*) FROM drafts WHERE state IN ({marks})", [str(s) for s in IN_REVIEW]
        ).fetchone()[0]

    def sent_in_conversation(self, conversation_id: str) -> list[Draft]:
        """Sent drafts answering posts of one conversation (DM replies show in the thread)."""
        rows = self.db.execute(
            f"SELECT {', '.join('d.' + c.strip() for c in _COLUMNS.split(','))} FROM drafts d"
            " JOIN posts p ON p.id = d.post_id"
            " WHERE p.conversation_id = ? AND d.state = 'sent' ORDER BY d.sent_at",
            [conversation_id],
        ).fetchall()
        return list(readable(rows, _draft, "drafts"))

    # ----- writing -------------------------------------------------------------------------

    def save_text(self, post_id: str, text: str, channel: str, now: datetime) -> Draft | None:
        """Keep what the owner typed for this post; an empty draft is no draft.

        A sent or sending draft is never overwritten (None is returned). A failed draft that is
        edited becomes a draft again.
        """
        editable = ",".join(f"'{s}'" for s in EDITABLE)
        if not text.strip():
            self.db.execute(
                f"DELETE FROM drafts WHERE post_id = ? AND state IN ({editable})", [post_id]
            )
            return None
        self.db.execute(
            "INSERT INTO drafts (post_id, channel, text, state, updated_at)"
            " VALUES (?, ?, ?, 'draft', ?)"
            " ON CONFLICT(post_id) DO UPDATE SET"
            " text = excluded.text, channel = excluded.channel, updated_at = excluded.updated_at,"
            " state = CASE WHEN drafts.state = 'failed' THEN 'draft' ELSE drafts.state END,"
            " failure = CASE WHEN drafts.state = 'failed' THEN NULL ELSE drafts.failure END"
            f" WHERE drafts.state IN ({editable})",
            [post_id, channel, text, to_db(now)],
        )
        draft = self.for_post(post_id)
        return draft if draft and draft.state in EDITABLE else None

    def set_state(
        self, draft_id: int, state: DraftState, now: datetime, failure: str | None = None
    ) -> None:
        self.db.execute(
            "UPDATE drafts SET state = ?, failure = ?, updated_at = ?,"
            " state_before_sending = CASE WHEN ? = 'sending' THEN state"
            " ELSE state_before_sending END WHERE id = ?",
            [str(state), failure, to_db(now), str(state), draft_id],
        )

    def state_before_sending(self, draft_id: int) -> str | None:
        row = self.db.execute(
            "SELECT state_before_sending FROM drafts WHERE id = ?", [draft_id]
        ).fetchone()
        return row[0] if row else None

    def set_resolve_on_send(self, draft_id: int, resolve: bool) -> None:
        self.db.execute(
            "UPDATE drafts SET resolve_on_send = ? WHERE id = ?", [int(resolve), draft_id]
        )

    def mark_sent(self, draft_id: int, sent_at: datetime, sent_post_id: str) -> None:
        self.db.execute(
            "UPDATE drafts SET state = 'sent', failure = NULL, sent_at = ?, updated_at = ?,"
            " sent_post_id = ? WHERE id = ?",
            [to_db(sent_at), to_db(sent_at), sent_post_id, draft_id],
        )

    def rows(self, draft_ids: list[int]) -> tuple[list[str], list[tuple]]:
        """Every column of these drafts as stored (the column names, the rows): what ``restore``
        puts back after a discard."""
        marks = ",".join("?" * len(draft_ids))
        cursor = self.db.execute(
            f"SELECT * FROM drafts WHERE id IN ({marks}) AND state != 'sent'", draft_ids
        )
        rows = cursor.fetchall()
        return [d[0] for d in cursor.description], [tuple(row) for row in rows]

    def restore(self, columns: list[str], rows: list[tuple]) -> None:
        """Put discarded drafts back as they were; a post given a new draft since keeps it."""
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        self.db.conn.executemany(f"INSERT OR IGNORE INTO drafts ({names}) VALUES ({marks})", rows)

    def delete(self, draft_ids: list[int]) -> None:
        marks = ",".join("?" * len(draft_ids))
        self.db.execute(f"DELETE FROM drafts WHERE id IN ({marks}) AND state != 'sent'", draft_ids)

    def replace_sent_post_id(self, old_id: str, new_id: str, url: str | None = None) -> None:
        """A sent reply's local id becomes X's real id, everywhere it is used.

        When X's post is already stored (a sync fetched it first), the local copy is dropped and
        everything points at the stored one. Runs in one transaction.
        """
        with self.db.atomic():
            exists = self.db.execute("SELECT 1 FROM posts WHERE id = ?", [new_id]).fetchone()
            if exists:
                self.db.execute("DELETE FROM posts WHERE id = ?", [old_id])
            else:
                self.db.execute(
                    "UPDATE posts SET id = ?, url = coalesce(?, url) WHERE id = ?",
                    [new_id, url, old_id],
                )
            self.db.execute(
                "UPDATE posts SET in_reply_to_id = ? WHERE in_reply_to_id = ?", [new_id, old_id]
            )
            self.db.execute(
                "UPDATE posts SET conversation_id = ? WHERE conversation_id = ?", [new_id, old_id]
            )
            self.db.execute(
                "UPDATE drafts SET sent_post_id = ? WHERE sent_post_id = ?", [new_id, old_id]
            )
            self.db.execute("UPDATE drafts SET post_id = ? WHERE post_id = ?", [new_id, old_id])
            # A follow-up opened on the reply (a "DM us your e-mail" hand-off) follows it too.
            self.db.execute("UPDATE promises SET post_id = ? WHERE post_id = ?", [new_id, old_id])


def _draft(row: tuple) -> Draft:
    return Draft(
        id=row[0],
        post_id=row[1],
        channel=row[2],
        text=row[3],
        state=row[4],
        updated_at=from_db(row[5]),
        failure=row[6],
        resolve_on_send=bool(row[7]),
        sent_at=from_db(row[8]) if row[8] else None,
        sent_post_id=row[9],
    )
