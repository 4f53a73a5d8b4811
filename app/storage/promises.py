"""Follow-ups the shop owes: waiting for a customer's DM, or an e-mail promised to them.

Also the record of which reminders fired, so each fires once even across restarts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlite_utils import Database

from app.domain.promises import EMAIL_OWED, FollowUpRow, Promise
from app.domain.reminders import REPEAT_PREFIX
from app.domain.times import to_db
from app.storage.database import inserted_id
from app.storage.unreadable import readable

__all__ = ["Promise", "Promises", "FollowUpRow"]

_LAST_LOOK = "reminders.last_look_at"
_RESUMED = "reminders.resumed_at"
_COLUMNS = (
    "id, kind, person_id, conversation_id, post_id, email, note, status, created_at, due_at,"
    " snoozed_until, done_at, close_reason, dm_id"
)


class Promises:
    def __init__(self, db: Database):
        self.db = db

    # ----- writing --------------------------------------------------------------------------------

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
        dm_id: str | None = None,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO promises (kind, person_id, conversation_id, post_id, email, note,"
            " created_at, due_at, dm_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                kind,
                person_id,
                conversation_id,
                post_id,
                email,
                note,
                to_db(created_at),
                to_db(due_at),
                dm_id,
            ],
        )
        return inserted_id(cursor)

    def finish(
        self, promise_id: int, status: str, when: datetime, reason: str | None = None
    ) -> bool:
        """Mark an open promise done or closed; False when it was not open."""
        cursor = self.db.execute(
            "UPDATE promises SET status = ?, done_at = ?, close_reason = ?, snoozed_until = NULL"
            " WHERE id = ? AND status = 'open'",
            [status, to_db(when), reason, promise_id],
        )
        return cursor.rowcount == 1

    def reopen(self, promise_id: int) -> None:
        self.db.execute(
            "UPDATE promises SET status = 'open', done_at = NULL, close_reason = NULL WHERE id = ?",
            [promise_id],
        )

    def snooze(self, promise_id: int, until: datetime | None) -> None:
        self.db.execute(
            "UPDATE promises SET snoozed_until = ? WHERE id = ?",
            [to_db(until) if until else None, promise_id],
        )

    def set_due(self, promise_id: int, due_at: datetime) -> None:
        self.db.execute(
            "UPDATE promises SET due_at = ?, snoozed_until = NULL WHERE id = ?",
            [to_db(due_at), promise_id],
        )

    def set_email(self, promise_id: int, email: str | None) -> None:
        self.db.execute("UPDATE promises SET email = ? WHERE id = ?", [email, promise_id])

    def set_dm(self, promise_id: int, dm_id: str | None) -> None:
        self.db.execute("UPDATE promises SET dm_id = ? WHERE id = ?", [dm_id, promise_id])

    def set_note(self, promise_id: int, note: str) -> None:
        self.db.execute("UPDATE promises SET note = ? WHERE id = ?", [note, promise_id])

    # ----- reading --------------------------------------------------------------------------------

    def get(self, promise_id: int) -> Promise | None:
        found = self._select("WHERE id = ?", [promise_id])
        return found[0] if found else None

    def open_for_person(self, person_id: str) -> list[Promise]:
        return self._select("WHERE person_id = ? AND status = 'open' ORDER BY due_at", [person_id])

    def open(self) -> list[Promise]:
        return self._select("WHERE status = 'open' ORDER BY due_at, id", [])

    def reminder_candidates(
        self, now: datetime, due_soon: timedelta, every: timedelta
    ) -> list[Promise]:
        """The open promises that may have a reminder due at ``now`` (a superset; the rules
        decide): not snoozed, near or past due, and with a fixed rule, a snooze's end or an
        overdue repeat still to say, or a reminder recorded after ``now`` (a clock set back).
        The rest, however many, stay in the database: a look reads a handful, not 10,000."""
        return self._select(
            "WHERE status = 'open' AND due_at <= ?"
            " AND (snoozed_until IS NULL OR snoozed_until <= ?)"
            " AND (NOT EXISTS (SELECT 1 FROM reminders_fired f WHERE f.promise_id = promises.id"
            "        AND f.key = 'overdue:' || promises.due_at || ':1')"
            "  OR (snoozed_until IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reminders_fired f"
            "        WHERE f.promise_id = promises.id AND f.key = 'snoozed:' || snoozed_until))"
            "  OR coalesce((SELECT max(fired_at) FROM reminders_fired f"
            "        WHERE f.promise_id = promises.id), '') NOT BETWEEN ? AND ?)"
            " ORDER BY due_at, id",
            # Recorded times are whole seconds: "after now - every" is "from the next second".
            [
                to_db(now + due_soon),
                to_db(now),
                to_db(now - every + timedelta(seconds=1)),
                to_db(now),
            ],
        )

    def count_needing_attention(self, now: datetime, due_soon: timedelta) -> int:
        """Open promises due soon (e-mails), due or overdue and not snoozed: ``NEEDS_ATTENTION``
        of ``state_of``, counted in SQL."""
        return self.db.execute(
            "SELECT count(*) FROM promises WHERE status = 'open'"
            " AND (snoozed_until IS NULL OR snoozed_until <= ?)"
            " AND (due_at <= ? OR (kind = ? AND due_at <= ?))",
            [to_db(now), to_db(now), EMAIL_OWED, to_db(now + due_soon)],
        ).fetchone()[0]

    def for_post(self, post_id: str) -> list[Promise]:
        return self._select("WHERE post_id = ? ORDER BY id", [post_id])

    def finished_since(self, since: datetime) -> list[Promise]:
        return self._select(
            "WHERE status != 'open' AND done_at >= ? ORDER BY done_at DESC, id DESC",
            [to_db(since)],
        )

    def rows(self, promises: list[Promise]) -> list[FollowUpRow]:
        """The promises with their person, the post they answer and the DM they show (one
        query per 500, so the Follow-ups page reads 10,000 open promises in one go)."""
        found: dict[int, tuple] = {}
        for start in range(0, len(promises), 500):
            chunk = promises[start : start + 500]
            values = ", ".join("(?, ?, ?, ?, ?)" for _ in chunk)
            params: list = []
            for promise in chunk:
                # Without a linked DM (promises from before Kindly linked them): their DM from
                # around then, if any.
                params += [
                    promise.id,
                    promise.person_id,
                    promise.post_id,
                    promise.dm_id,
                    to_db(promise.created_at - timedelta(hours=1)),
                ]
            for row in self.db.execute(
                f"WITH want (pid, person_id, post_id, dm_id, since) AS (VALUES {values})"
                " SELECT w.pid, u.handle, u.name, u.contact_address, po.text, po.n,"
                " CASE WHEN w.dm_id IS NOT NULL THEN dm.text ELSE"
                "  (SELECT d.text FROM direct_messages d WHERE d.sender_id = w.person_id"
                "   AND d.created_at >= w.since ORDER BY d.created_at DESC LIMIT 1) END"
                " FROM want w LEFT JOIN people u ON u.id = w.person_id"
                " LEFT JOIN posts po ON po.id = w.post_id"
                " LEFT JOIN direct_messages dm ON dm.id = w.dm_id",
                params,
            ).fetchall():
                found[row[0]] = row
        result = []
        for promise in promises:
            _, handle, name, contact, post_text, post_n, dm_text = found[promise.id]
            result.append(
                FollowUpRow(
                    promise=promise,
                    handle=handle if handle is not None else promise.person_id,
                    name=name or "",
                    post_text=post_text,
                    post_n=post_n,
                    dm_text=dm_text,
                    contact_address=contact,
                )
            )
        return result

    def latest_post_of(self, person_id: str) -> tuple[str, str] | None:
        """(post id, conversation id) of the person's latest post, for a DM with no follow-up."""
        row = self.db.execute(
            "SELECT id, conversation_id FROM posts WHERE author_id = ? AND is_shop = 0"
            " ORDER BY created_at DESC, n DESC LIMIT 1",
            [person_id],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def post_author(self, post_id: str) -> tuple[str, str] | None:
        """(author id, conversation id) of a post."""
        row = self.db.execute(
            "SELECT author_id, conversation_id FROM posts WHERE id = ?", [post_id]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def known_address(self, person_id: str) -> str | None:
        """The address the shop already has for someone: their contact details, else the last
        address a promise to them used."""
        row = self.db.execute(
            "SELECT contact_address FROM people WHERE id = ?", [person_id]
        ).fetchone()
        if row and row[0] and "@" in row[0]:
            return row[0].strip().lower()
        row = self.db.execute(
            "SELECT email FROM promises WHERE person_id = ? AND email IS NOT NULL"
            " ORDER BY created_at DESC, id DESC LIMIT 1",
            [person_id],
        ).fetchone()
        return row[0] if row else None

    # ----- reminders ------------------------------------------------------------------------------

    def fired(self, promise_ids: list[int]) -> dict[int, dict[str, datetime]]:
        """What already fired for these promises: promise id -> {key: when}. Of the overdue
        repeats only the latest is returned; the rules need no more."""
        result: dict[int, dict[str, datetime]] = {}
        for start in range(0, len(promise_ids), 500):
            chunk = promise_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            # The fixed rules' keys (a range scan of the primary key, skipping the repeats), then
            # each promise's latest reminder of any kind.
            rows = self.db.execute(
                "SELECT promise_id, key, fired_at FROM reminders_fired"
                f" WHERE promise_id IN ({marks}) AND (key < ? OR key >= ?)"
                " UNION ALL"
                " SELECT promise_id, key, max(fired_at) FROM reminders_fired"
                f" WHERE promise_id IN ({marks}) GROUP BY promise_id",
                [*chunk, REPEAT_PREFIX, REPEAT_PREFIX[:-1] + ";", *chunk],
            ).fetchall()
            for promise_id, key, fired_at in rows:
                result.setdefault(promise_id, {})[key] = from_db(fired_at)
        return result

    def record_fired(
        self, promise_id: int, key: str, rule: str, scheduled_at: datetime, fired_at: datetime
    ) -> bool:
        """Record one reminder; False when it was already recorded (it fired before)."""
        cursor = self.db.execute(
            "INSERT INTO reminders_fired (promise_id, key, rule, scheduled_at, fired_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (promise_id, key) DO NOTHING",
            [promise_id, key, rule, to_db(scheduled_at), to_db(fired_at)],
        )
        return cursor.rowcount == 1

    def move_fired_back(self, since: datetime, where: Callable[[datetime], datetime]) -> int:
        """Records of reminders fired from ``since`` on (on a clock that was set back since) move
        to ``where(fired_at)`` (see ``reminders.moved_back``); returns how many moved."""
        rows = self.db.execute(
            "SELECT promise_id, key, fired_at FROM reminders_fired WHERE fired_at >= ?",
            [to_db(since)],
        ).fetchall()
        for promise_id, key, fired_at in rows:
            self.db.execute(
                "UPDATE reminders_fired SET fired_at = ? WHERE promise_id = ? AND key = ?",
                [to_db(where(from_db(fired_at))), promise_id, key],
            )
        return len(rows)

    def looks(self) -> tuple[datetime | None, datetime | None]:
        """(the last look, the first look after the last gap between looks), on the clock of
        the time: what tells a clock set back and how far (``reminders.clock_set_back``)."""
        rows = dict(
            self.db.execute(
                "SELECT key, value FROM sync_state WHERE key IN (?, ?)", [_LAST_LOOK, _RESUMED]
            ).fetchall()
        )
        last, resumed = (from_db(rows[k]) if k in rows else None for k in (_LAST_LOOK, _RESUMED))
        return last, resumed

    def set_looks(self, last: datetime, resumed: datetime | None) -> None:
        for key, when in ((_LAST_LOOK, last), (_RESUMED, resumed)):
            if when is not None:
                self.db.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, to_db(when)],
                )

    def fired_log(
        self, promise_id: int | None = None
    ) -> list[tuple[int, str, str, datetime, datetime]]:
        """(promise id, key, rule, scheduled at, fired at) in firing order (for checks)."""
        clause, params = (
            ("WHERE promise_id = ?", [promise_id]) if promise_id is not None else ("", [])
        )
        return [
            (r[0], r[1], r[2], from_db(r[3]), from_db(r[4]))
            for r in self.db.execute(
                "SELECT promise_id, key, rule, scheduled_at, fired_at FROM reminders_fired"
                f" {clause} ORDER BY fired_at, promise_id, key",
                params,
            ).fetchall()
        ]

    def _select(self, clause: str, params: list) -> list[Promise]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM promises {clause}", params).fetchall()
        return list(readable(rows, _promise, "promises"))


def from_db(text: str) -> datetime:
    """The stored UTC text back as a time (``fromisoformat`` reads Kindly's format quickly)."""
    return datetime.fromisoformat(text)


def _promise(r: tuple) -> Promise:
    return Promise(
        id=r[0],
        kind=r[1],
        person_id=r[2],
        conversation_id=r[3],
        post_id=r[4],
        email=r[5],
        note=r[6] or "",
        status=r[7],
        created_at=from_db(r[8]),
        due_at=from_db(r[9]),
        snoozed_until=from_db(r[10]) if r[10] else None,
        done_at=from_db(r[11]) if r[11] else None,
        close_reason=r[12],
        dm_id=r[13],
    )
