"""The People page's SQL: everyone who ever wrote, paged by keyset; fans; trolls; strikes.

Lists page on ``(handle COLLATE NOCASE, id)`` through the ``people_handle`` index, and the
figures for a page (posts, last contact, kinds, strikes, DMs) are read in one grouped query for
just that page's ids, so a page costs the same with fifty people or half a million.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from app.domain.people import PeopleFilter, PersonRow, Strike
from app.domain.times import from_db, to_db
from app.storage.database import inserted_id

__all__ = ["FAN_SQL", "PeopleFilter", "PeopleList", "PersonRow", "Strike"]


# A fan: praise at least twice, and no complaint still open or waiting.
FAN_SQL = (
    "pe.id IN (SELECT author_id FROM posts WHERE is_shop = 0 AND kind = 'praise'"
    " GROUP BY author_id HAVING count(*) >= 2)"
    " AND NOT EXISTS (SELECT 1 FROM posts c WHERE c.author_id = pe.id AND c.is_shop = 0"
    " AND c.kind = 'complaint' AND c.status IN ('open', 'waiting'))"
)

_WHERE = {
    PeopleFilter.EVERYONE: "1",
    PeopleFilter.FANS: FAN_SQL,
    PeopleFilter.TROLLS: (
        "(EXISTS (SELECT 1 FROM strikes s WHERE s.person_id = pe.id)"
        " OR EXISTS (SELECT 1 FROM posts t WHERE t.author_id = pe.id AND t.is_shop = 0"
        " AND t.kind = 'troll'))"
    ),
    PeopleFilter.MUTED: "(pe.muted = 1 OR pe.blocked = 1)",
}


class PeopleList:
    def __init__(self, db: Database):
        self.db = db

    def _shop_ids(self) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT p.id FROM people p JOIN shop s ON s.id = 1 WHERE p.id = s.user_id"
                " OR (p.handle = s.handle COLLATE NOCASE AND s.handle != '')"
            ).fetchall()
        ]

    def page_keys(
        self,
        people_filter: PeopleFilter,
        search: str = "",
        after: tuple[str, str] | None = None,
        limit: int = 200,
    ) -> list[tuple[str, tuple[str, str]]]:
        where = [_WHERE[people_filter]]
        params: list = []
        shop = self._shop_ids()
        if shop:
            where.append(f"pe.id NOT IN ({','.join('?' * len(shop))})")
            params.extend(shop)
        text = search.strip().lstrip("@")
        if text:
            where.append("(pe.handle LIKE ? ESCAPE '\\' OR pe.name LIKE ? ESCAPE '\\')")
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params.extend([like, like])
        if after is not None:
            where.append(
                "(pe.handle > ? COLLATE NOCASE OR (pe.handle = ? COLLATE NOCASE AND pe.id > ?))"
            )
            params.extend([after[0], after[0], after[1]])
        rows = self.db.execute(
            f"SELECT pe.id, pe.handle FROM people pe WHERE {' AND '.join(where)}"
            " ORDER BY pe.handle COLLATE NOCASE, pe.id LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [(r[0], (r[1], r[0])) for r in rows]

    def count(self, people_filter: PeopleFilter) -> int:
        shop = self._shop_ids()
        where = _WHERE[people_filter]
        if shop:
            where += f" AND pe.id NOT IN ({','.join('?' * len(shop))})"
        return self.db.execute(f"SELECT count(*) FROM people pe WHERE {where}", shop).fetchone()[0]

    def rows(self, ids: list[str]) -> dict[str, PersonRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        kinds: dict[str, dict[str, int]] = {i: {} for i in ids}
        last: dict[str, str] = {}
        posts: dict[str, int] = {}
        for author, kind, count, latest in self.db.execute(
            "SELECT author_id, coalesce(kind, 'other'), count(*), max(created_at) FROM posts"
            f" WHERE is_shop = 0 AND author_id IN ({marks}) GROUP BY 1, 2",
            ids,
        ).fetchall():
            kinds[author][kind] = count
            posts[author] = posts.get(author, 0) + count
            last[author] = max(last.get(author, ""), latest)
        dms: dict[str, int] = {}
        for person, count, latest in self.db.execute(
            "SELECT person, count(*), max(created_at) FROM ("
            f" SELECT sender_id AS person, created_at FROM direct_messages WHERE sender_id IN ({marks})"
            " UNION ALL"
            f" SELECT recipient_id, created_at FROM direct_messages WHERE recipient_id IN ({marks})"
            ") GROUP BY person",
            [*ids, *ids],
        ).fetchall():
            dms[person] = count
            last[person] = max(last.get(person, ""), latest)
        strikes = dict(
            self.db.execute(
                f"SELECT person_id, count(*) FROM strikes WHERE person_id IN ({marks}) GROUP BY 1",
                ids,
            ).fetchall()
        )
        result = {}
        for row in self.db.execute(
            "SELECT id, handle, name, muted, blocked, preferred_channel, contact_address, notes"
            f" FROM people WHERE id IN ({marks})",
            ids,
        ).fetchall():
            pid = row[0]
            result[pid] = PersonRow(
                id=pid,
                handle=row[1],
                name=row[2] or "",
                posts=posts.get(pid, 0),
                dms=dms.get(pid, 0),
                last_contact=from_db(last[pid]) if last.get(pid) else None,
                kinds=dict(sorted(kinds[pid].items(), key=lambda kv: -kv[1])),
                strikes=strikes.get(pid, 0),
                muted=bool(row[3]),
                blocked=bool(row[4]),
                preferred_channel=row[5],
                contact_address=row[6],
                notes=row[7] or "",
            )
        return result

    def row(self, person_id: str) -> PersonRow | None:
        return self.rows([person_id]).get(person_id)

    def is_fan(self, person_id: str) -> bool:
        return (
            self.db.execute(
                f"SELECT 1 FROM people pe WHERE pe.id = ? AND {FAN_SQL}", [person_id]
            ).fetchone()
            is not None
        )

    def latest_praise(self, person_id: str) -> int | None:
        row = self.db.execute(
            "SELECT n FROM posts WHERE author_id = ? AND is_shop = 0 AND kind = 'praise'"
            " ORDER BY created_at DESC, n DESC LIMIT 1",
            [person_id],
        ).fetchone()
        return row[0] if row else None

    def latest_post(self, person_id: str) -> int | None:
        row = self.db.execute(
            "SELECT n FROM posts WHERE author_id = ? AND is_shop = 0"
            " ORDER BY created_at DESC, n DESC LIMIT 1",
            [person_id],
        ).fetchone()
        return row[0] if row else None

    # ----- contact and moderation ---------------------------------------------------------------

    def set_contact(self, person_id: str, channel: str | None, address: str | None) -> None:
        self.db.execute(
            "UPDATE people SET preferred_channel = ?, contact_address = ? WHERE id = ?",
            [channel or None, address or None, person_id],
        )

    def set_notes(self, person_id: str, notes: str) -> None:
        self.db.execute("UPDATE people SET notes = ? WHERE id = ?", [notes, person_id])

    def set_blocked(self, person_id: str, blocked: bool) -> None:
        self.db.execute("UPDATE people SET blocked = ? WHERE id = ?", [int(blocked), person_id])

    def add_strike(self, person_id: str, reason: str, when: datetime) -> int:
        return inserted_id(
            self.db.execute(
                "INSERT INTO strikes (person_id, reason, created_at) VALUES (?, ?, ?)",
                [person_id, reason, to_db(when)],
            )
        )

    def remove_strike(self, strike_id: int) -> None:
        self.db.execute("DELETE FROM strikes WHERE id = ?", [strike_id])

    def strikes(self, person_id: str) -> list[Strike]:
        return [
            Strike(r[0], r[1], r[2], from_db(r[3]))
            for r in self.db.execute(
                "SELECT id, person_id, reason, created_at FROM strikes WHERE person_id = ?"
                " ORDER BY created_at, id",
                [person_id],
            ).fetchall()
        ]
