"""Direct messages: what customers sent in private (they often carry an e-mail address).

Every DM stored here is also a post of channel 'dm' in its DM conversation (``Posts.add_dm``),
written in the same transaction, so the inbox lists, counts, searches and answers DMs the way it
does mentions. This table stays the DMs' own record (recipient, raw JSON, follow-ups).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from app.domain.times import from_db, to_db
from app.domain.triage import Triage, classify
from app.domain.x_models import comparable_text
from app.storage.posts import Posts, dm_post_id
from app.storage.unreadable import readable

# How far apart X's time of a DM and the owner's "Yes, it posted" may be for one DM.
HAND_SENT_WITHIN = timedelta(days=1)

# The shop among the people: its X account, or anyone with its handle (its replies are stored
# under ``People.ensure(shop.handle or "shop", person_id=shop.user_id)``).
_IS_SHOP = (
    "SELECT 1 FROM people pe, shop s WHERE pe.id = ? AND (pe.id = s.user_id"
    " OR pe.handle = (CASE WHEN s.handle != '' THEN s.handle ELSE 'shop' END) COLLATE NOCASE)"
)


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
    def __init__(self, db: Database, triage: Callable[[str], Triage] | None = None):
        self.db = db
        self.posts = Posts(db)
        # What kind a customer's DM is (the inbox's triage with the owner's corrections, when
        # the workspace passes it; the plain rules otherwise).
        self.triage = triage or classify

    def add(self, message: DirectMessage, raw_json: str | None = None) -> bool:
        """Store a DM once, and its post in the DM conversation; False when already stored."""
        with self.db.atomic():
            from_shop = self.is_shop(message.sender_id)
            if (
                from_shop
                and self.get(message.id) is None
                and self._known_as_sent_by_hand(message, raw_json)
            ):
                return False
            added = self._add(message, raw_json)
            if added:
                self._add_post(message, from_shop)
        return added

    def _add_post(self, message: DirectMessage, from_shop: bool) -> bool:
        """The DM's post in its DM conversation; False when it is already there."""
        return (
            self.posts.add_dm(
                message.id,
                message.sender_id,
                message.recipient_id if from_shop else message.sender_id,
                message.text,
                message.created_at,
                message.source,
                None if from_shop else self.triage(message.text),
            )
            is not None
        )

    def _known_as_sent_by_hand(self, message: DirectMessage, raw_json: str | None) -> bool:
        """The shop's DM read from X that Kindly holds as ``local-dm-…`` (sent through X's DM
        window, confirmed by the owner): that copy takes X's id and time, so the thread shows
        the DM once. True when one was found."""
        if message.id.startswith("local-"):
            return False
        wanted = comparable_text(message.text)
        for local_id, text in self.db.execute(
            "SELECT id, text FROM direct_messages WHERE recipient_id = ? AND id LIKE 'local-dm-%'"
            " AND created_at BETWEEN ? AND ? ORDER BY created_at",
            [
                message.recipient_id,
                to_db(message.created_at - HAND_SENT_WITHIN),
                to_db(message.created_at + HAND_SENT_WITHIN),
            ],
        ).fetchall():
            if comparable_text(text) != wanted:
                continue
            self.db.execute(
                "UPDATE direct_messages SET id = ?, conversation_id = ?, created_at = ?,"
                " source = ?, raw_json = ? WHERE id = ?",
                [
                    message.id,
                    message.conversation_id,
                    to_db(message.created_at),
                    message.source,
                    raw_json,
                    local_id,
                ],
            )
            self.db.execute(
                "UPDATE posts SET id = ?, created_at = ? WHERE id = ?",
                [dm_post_id(message.id), to_db(message.created_at), dm_post_id(local_id)],
            )
            return True
        return False

    def add_missing_posts(self) -> int:
        """Give each stored DM without its post in the DM conversation one, oldest first (the
        shop's DMs answer the customer's before them, as ``add`` does): the DMs of a Kindly
        export written before DMs were posts (0015). How many were added."""
        rows = self.db.execute(
            "SELECT d.id, d.sender_id, d.recipient_id, d.text, d.created_at, d.source"
            " FROM direct_messages d WHERE NOT EXISTS"
            " (SELECT 1 FROM posts p WHERE p.id = 'dm:' || d.id) ORDER BY d.created_at, d.id"
        ).fetchall()
        added = 0
        for message in readable(
            rows,
            lambda r: DirectMessage(r[0], r[1], r[2], r[3], from_db(r[4]), r[5]),
            "direct_messages",
        ):
            added += self._add_post(message, self.is_shop(message.sender_id))
        return added

    def is_shop(self, person_id: str) -> bool:
        return self.db.execute(_IS_SHOP, [person_id]).fetchone() is not None

    def _add(self, message: DirectMessage, raw_json: str | None) -> bool:
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
