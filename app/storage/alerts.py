"""The reads behind the alerts: which new mentions a sync brought that need a reply, which
complaints near a day's wait, and the one stored moment the nudges were considered up to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlite_utils import Database

from app.domain.alerts import TELLS, Arrival, Waiting
from app.domain.times import from_db, to_db
from app.storage.unreadable import readable
from app.storage.x_sync import SyncState

CONSIDERED_THROUGH = "alerts_nudges_considered_through"
_CHUNK = 500  # SQLite's bound-parameter limit is far above; pages keep one statement small


class AlertsStore:
    def __init__(self, db: Database):
        self.db = db
        self.state = SyncState(db)

    def arrivals(self, ns: Iterable[int]) -> list[Arrival]:
        """Of the mentions ``ns``, the complaints and questions still waiting for a reply."""
        ns = list(ns)
        found: list[Arrival] = []
        kinds = ", ".join(f"'{k}'" for k in TELLS)
        for i in range(0, len(ns), _CHUNK):
            chunk = ns[i : i + _CHUNK]
            rows = self.db.execute(
                "SELECT p.n, pe.handle, p.kind, p.created_at FROM posts p"
                " JOIN people pe ON pe.id = p.author_id"
                f" WHERE p.n IN ({', '.join('?' * len(chunk))}) AND p.is_shop = 0"
                f" AND p.status = 'open' AND p.hidden = 0 AND p.kind IN ({kinds})",
                chunk,
            ).fetchall()
            found.extend(
                readable(rows, lambda r: Arrival(r[0], r[1], r[2], from_db(r[3])), "posts")
            )
        return sorted(found, key=lambda a: a.n)

    def still_waiting(self, ns: Iterable[int]) -> set[int]:
        return {a.n for a in self.arrivals(ns)}

    def waiting_complaints(self, start: datetime, end: datetime) -> list[Waiting]:
        """Open complaints created in [start, end) (one range of the needs-reply index)."""
        rows = self.db.execute(
            "SELECT p.n, pe.handle, p.created_at FROM posts p"
            " JOIN people pe ON pe.id = p.author_id"
            " WHERE p.is_shop = 0 AND p.status = 'open' AND p.hidden = 0 AND p.priority = 0"
            " AND p.kind = 'complaint' AND p.created_at >= ? AND p.created_at < ?"
            " ORDER BY p.created_at, p.n",
            [to_db(start), to_db(end)],
        ).fetchall()
        return list(readable(rows, lambda r: Waiting(r[0], r[1], from_db(r[2])), "posts"))

    def considered_through(self) -> datetime | None:
        text = self.state.get(CONSIDERED_THROUGH)
        try:
            return from_db(text) if text else None
        except ValueError:
            return None

    def set_considered_through(self, when: datetime | None) -> None:
        self.state.set(CONSIDERED_THROUGH, to_db(when) if when else None)
