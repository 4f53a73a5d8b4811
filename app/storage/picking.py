"""Work on many mentions at once (the list's multi-selection), for the posts repository.

The picked row keys are put into the temporary table ``picked`` first (``Posts.pick``), so a
whole filter of a million mentions is one INSERT … SELECT and each action one UPDATE joined to
it; call these inside one transaction. An Undo puts back only what an action changed, on the
mentions still as it left them.
"""

from __future__ import annotations

from sqlite_utils import Database

from app.domain.models import PostState

# What an Undo may put back on a mention (PostState's fields after n).
_STATE_COLUMNS = ("status", "kind", "kind_reason", "kind_by_owner", "unread", "resolved_at")


class Picking:
    """The posts repository's work on the picked mentions (``Posts`` is one)."""

    db: Database

    def pick_conversations(self) -> None:
        """Add to the picked the other open or waiting mentions of their conversations (a
        resolve closes the whole conversation, as resolving one mention does)."""
        self.db.execute(
            "INSERT OR IGNORE INTO temp.picked (n) SELECT o.n FROM posts o"
            " WHERE o.is_shop = 0 AND o.status IN ('open', 'waiting') AND o.conversation_id IN"
            " (SELECT p.conversation_id FROM temp.picked k JOIN posts p ON p.n = k.n)"
        )

    def picked_states(self, where: str = "1") -> list[PostState]:
        """The picked mentions as they are now (those matching ``where``, on ``p``)."""
        rows = self.db.execute(
            "SELECT p.n, p.status, p.kind, p.kind_reason, p.kind_by_owner, p.unread,"
            f" p.resolved_at FROM temp.picked k JOIN posts p ON p.n = k.n WHERE {where}"
        ).fetchall()
        return [
            PostState(n, status, kind, reason, bool(by_owner), bool(unread), resolved_at)
            for n, status, kind, reason, by_owner, unread, resolved_at in rows
        ]

    def picked_authors(self) -> list[tuple[str, bool]]:
        """The picked mentions' authors, with whether each is muted now."""
        return self.db.execute(
            "SELECT pe.id, pe.muted FROM people pe WHERE pe.id IN"
            " (SELECT p.author_id FROM temp.picked k JOIN posts p ON p.n = k.n)"
        ).fetchall()

    def update_picked(self, assignments: str, params: list, where: str = "1") -> None:
        """``UPDATE posts SET <assignments>`` on the picked mentions matching ``where``."""
        self.db.execute(
            f"UPDATE posts AS p SET {assignments}"
            f" WHERE p.n IN (SELECT n FROM temp.picked) AND p.is_shop = 0 AND {where}",
            params,
        )

    def put_back(
        self,
        states: list[PostState],
        columns: tuple[str, ...] = _STATE_COLUMNS,
        still: str = "1",
        params: tuple = (),
    ) -> list[int]:
        """Mentions as they were (an Undo): the states into a temporary table, then one UPDATE
        joined to it (a statement per mention costs three times as much). Only ``columns`` are
        put back, and only on mentions where ``still`` (SQL on ``posts``, with ``params``) holds:
        what the owner or a sync changed since the action is left as it is. A mention put back
        to resolved gets its own resolved_at again, not the trigger's "now" (0017). The row keys
        put back."""
        unknown = set(columns) - set(_STATE_COLUMNS)
        if unknown:
            raise ValueError(f"not a state column: {sorted(unknown)}")
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS put_back (n INTEGER PRIMARY KEY, status TEXT,"
            " kind TEXT, kind_reason TEXT, kind_by_owner INTEGER, unread INTEGER,"
            " resolved_at TEXT)"
        )
        self.db.execute("DELETE FROM temp.put_back")
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO temp.put_back VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    s.n,
                    s.status,
                    s.kind,
                    s.kind_reason,
                    int(s.kind_by_owner),
                    int(s.unread),
                    s.resolved_at,
                )
                for s in states
            ],
        )
        assign = ", ".join(f"{column} = b.{column}" for column in columns)
        rows = self.db.execute(
            f"UPDATE posts SET {assign} FROM temp.put_back b"
            f" WHERE posts.n = b.n AND posts.is_shop = 0 AND ({still}) RETURNING posts.n",
            list(params),
        ).fetchall()
        self.db.execute("DELETE FROM temp.put_back")
        return [row[0] for row in rows]
