"""Sorting imported mentions after the import: the triage backlog.

Triage reads each post closely (about 0.7 ms a mention), so a file of a million rows would spend
minutes on it inside the import's transaction while nothing shows. An import therefore sorts its
first ``INLINE`` new mentions itself — all of them, for a shop's usual file — and stores the rest
as "other" with no reason yet (``kind_reason IS NULL``): they are in the inbox at once, searchable
and counted. The backlog then sorts them in small transactions, newest first, in a worker of the
window (``ui/triage_backlog.py``); the list fills in their kinds as it goes. The owner's own
correction made in the meantime is never overwritten, and a crash loses nothing: what is still
unsorted is simply sorted on the next start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.triage import Kind, Triage, classify

INLINE = 1_000  # new mentions an import sorts itself before it commits
BATCH = 400  # mentions sorted per transaction in the backlog

# How an import stores a mention it leaves to the backlog.
UNSORTED = Triage(Kind.OTHER, None)  # type: ignore[arg-type] - no reason yet: not sorted


@dataclass(frozen=True)
class BacklogReport:
    sorted: int
    left: int


class TriageBacklog:
    def __init__(self, db):
        self.db = db

    def pending(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM posts INDEXED BY posts_unsorted"
            " WHERE is_shop = 0 AND kind_reason IS NULL"
        ).fetchone()[0]

    def sort_batch(self, limit: int = BATCH) -> list[int]:
        """Sort up to ``limit`` unsorted mentions, newest first, in one transaction."""
        rows = self.db.execute(
            "SELECT n, text FROM posts INDEXED BY posts_unsorted"
            " WHERE is_shop = 0 AND kind_reason IS NULL"
            " ORDER BY n DESC LIMIT ?",
            [limit],
        ).fetchall()
        if not rows:
            return []
        verdicts = [(str(t.kind), t.reason, n) for n, t in ((n, classify(text)) for n, text in rows)]
        with self.db.atomic():
            # kind_reason IS NULL again: an owner's correction since the read stays as it is.
            self.db.conn.executemany(
                "UPDATE posts SET kind = ?, kind_reason = ?"
                " WHERE n = ? AND kind_reason IS NULL AND kind_by_owner = 0",
                verdicts,
            )
        return [n for _, _, n in verdicts]

    def run(
        self,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
        limit: int | None = None,
    ) -> BacklogReport:
        """Sort until nothing is left (or ``cancel`` is set, or ``limit`` are sorted)."""
        done = 0
        left = self.pending()
        while left and not (cancel is not None and cancel.is_set()):
            if limit is not None and done >= limit:
                break
            batch = self.sort_batch(BATCH if limit is None else min(BATCH, limit - done))
            if not batch:
                break
            done += len(batch)
            left = max(0, left - len(batch))
            if progress is not None:
                progress(done, left)
        return BacklogReport(sorted=done, left=self.pending() if left else 0)
