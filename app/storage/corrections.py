"""The owner's corrected kinds, read back so triage can learn from them (a read-only view over
``posts``: a correction is written by ``Posts.set_kind``, the one write path)."""

from __future__ import annotations

# Enough to know a shop's wording; the newest corrections say most about it.
LIMIT = 2_000


class Corrections:
    def __init__(self, db):
        self.db = db

    def recent(self, limit: int = LIMIT) -> list[tuple[str, str]]:
        """(text, kind) of the mentions whose kind the owner set, newest first."""
        return [
            (text, kind)
            for text, kind in self.db.execute(
                "SELECT text, kind FROM posts INDEXED BY posts_by_owner"
                " WHERE kind_by_owner = 1 AND is_shop = 0 ORDER BY n DESC LIMIT ?",
                [limit],
            ).fetchall()
        ]
