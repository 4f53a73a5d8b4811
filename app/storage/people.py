"""The people repository: everyone who ever wrote to the shop, and what the owner knows of them."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from app.domain.models import Person, PersonSummary
from app.domain.times import from_db, to_db

_COLUMNS = (
    "id, handle, name, notes, muted, blocked, preferred_channel, contact_address, profile_image_url"
)


def local_person_id(handle: str) -> str:
    """An id for someone known only by handle (added by hand); X's numeric id replaces it later."""
    return "handle:" + handle.lower()


class People:
    def __init__(self, db: Database):
        self.db = db

    def get(self, person_id: str) -> Person | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM people WHERE id = ?", [person_id]).fetchone()
        return _person(row) if row else None

    def by_handle(self, handle: str) -> Person | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM people WHERE handle = ? COLLATE NOCASE"
            " ORDER BY id LIKE 'handle:%' LIMIT 1",
            [handle],
        ).fetchone()
        return _person(row) if row else None

    def ensure(
        self,
        handle: str,
        *,
        person_id: str | None = None,
        name: str = "",
        seen_at: datetime | None = None,
    ) -> str:
        """The id of this person, adding them if Kindly has not met them yet."""
        if person_id is None:
            existing = self.by_handle(handle)
            if existing:
                return existing.id
            person_id = local_person_id(handle)
        self.db.execute(
            "INSERT INTO people (id, handle, name, first_seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET"
            " handle = excluded.handle,"
            " name = CASE WHEN excluded.name != '' THEN excluded.name ELSE people.name END",
            [person_id, handle, name, to_db(seen_at) if seen_at else None],
        )
        return person_id

    def set_notes(self, person_id: str, notes: str) -> None:
        self.db.execute("UPDATE people SET notes = ? WHERE id = ?", [notes, person_id])

    def set_muted(self, person_id: str, muted: bool) -> None:
        self.db.execute("UPDATE people SET muted = ? WHERE id = ?", [int(muted), person_id])

    def summary(self, person_id: str) -> PersonSummary | None:
        person = self.get(person_id)
        if person is None:
            return None
        kinds: dict[str, int] = {}
        total = 0
        last = None
        for kind, count, latest in self.db.execute(
            "SELECT coalesce(kind, 'other'), count(*), max(created_at) FROM posts"
            " WHERE author_id = ? AND is_shop = 0 GROUP BY 1 ORDER BY 2 DESC",
            [person_id],
        ).fetchall():
            kinds[kind] = count
            total += count
            last = max(last, latest) if last else latest
        return PersonSummary(
            person=person,
            post_count=total,
            kinds=kinds,
            last_contact=from_db(last) if last else None,
        )


def _person(row: tuple) -> Person:
    return Person(
        id=row[0],
        handle=row[1],
        name=row[2] or "",
        notes=row[3] or "",
        muted=bool(row[4]),
        blocked=bool(row[5]),
        preferred_channel=row[6],
        contact_address=row[7],
        profile_image_url=row[8],
    )
