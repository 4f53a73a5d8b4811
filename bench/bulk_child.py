"""Bulk resolve of a whole filter (Needs reply, every mention in it) through the inbox service, and
its Undo, against the same change as one raw SQL UPDATE; each on a fresh copy of the database.

    python bench/bulk_child.py INBOX.db WORK_DIR RUNS   → one JSON line
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.models import InboxFilter, Picked  # noqa: E402
from app.services.inbox import BulkAction  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.data import working_copy  # noqa: E402

RAW = "UPDATE posts SET status = 'resolved' WHERE is_shop = 0 AND status = 'open' AND hidden = 0"


def kindly(db: Path) -> tuple[float, float, int]:
    ws = open_workspace(db)
    try:
        started = time.perf_counter()
        done = ws.inbox.act(Picked(InboxFilter.NEEDS_REPLY, whole=True), BulkAction.RESOLVE)
        resolved = time.perf_counter() - started
        count = ws.posts.count(InboxFilter.NEEDS_REPLY)
        assert count == 0, count
        started = time.perf_counter()
        assert done.undo is not None
        done.undo.restore()
        undone = time.perf_counter() - started
        return resolved, undone, len(done.changed.ids_of("posts")) or -1
    finally:
        ws.close()


def raw(db: Path) -> float:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(RAW)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def main() -> None:
    source, work, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    conn = sqlite3.connect(source)
    needs_reply = conn.execute(
        "SELECT count(*) FROM posts WHERE is_shop = 0 AND status = 'open' AND hidden = 0"
    ).fetchone()[0]
    mentions = conn.execute("SELECT count(*) FROM posts WHERE is_shop = 0").fetchone()[0]
    conn.close()
    result: dict = {"mentions": mentions, "needs_reply": needs_reply, "kindly": [], "undo": []}
    result["raw"] = []
    for _ in range(runs):  # interleaved, so a busy moment hits both
        copy = working_copy(source, work / "bulk-kindly.db")
        resolved, undone, _ = kindly(copy)
        result["kindly"].append(resolved)
        result["undo"].append(undone)
        copy = working_copy(source, work / "bulk-raw.db")
        result["raw"].append(raw(copy))
    for name in ("bulk-kindly.db", "bulk-raw.db"):
        for suffix in ("", "-wal", "-shm"):
            Path(str(work / name) + suffix).unlink(missing_ok=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
