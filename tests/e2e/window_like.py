"""A stand-in for Kindly's window on one database file, for the concurrency test.

It holds what the window holds: the main connection (the workspace), and worker threads that each
open their own connection the way ``ui/workers.py`` does (``open_database``), read, write a little
(the triage backlog's kind of work) and close it again. On the main thread it autosaves a reply
as the composer does, retrying when a save cannot be written yet, and prints ``saved N`` after each
save that committed, so the test knows exactly what must survive a crash.

Usage: python -m tests.e2e.window_like DB STOP_FILE
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.errors import DatabaseUnavailable
from app.storage.database import close_database, open_database
from app.workspace import open_workspace


def worker(db_path: Path, stop: threading.Event, errors: list[str]) -> None:
    """Open, use and close a connection again and again, like the window's workers."""
    while not stop.is_set():
        try:
            db = open_database(db_path)
        except DatabaseUnavailable:
            time.sleep(0.05)
            continue
        try:
            db.execute("SELECT count(*) FROM posts WHERE is_shop = 0").fetchone()
            with db.atomic():
                row = db.execute(
                    "SELECT n FROM posts WHERE is_shop = 0 ORDER BY n LIMIT 1"
                ).fetchone()
                if row:
                    db.execute("UPDATE posts SET kind_reason = kind_reason WHERE n = ?", [row[0]])
        except DatabaseUnavailable:
            pass  # busy past the timeout: the next round tries again
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            errors.append(f"worker: {type(exc).__name__}: {exc}")
        finally:
            close_database(db)
        time.sleep(0.02)


def main() -> int:
    db_path, stop_file = Path(sys.argv[1]), Path(sys.argv[2])
    workspace = open_workspace(db_path)
    post_id = workspace.db.execute(
        "SELECT id FROM posts WHERE is_shop = 0 ORDER BY n LIMIT 1"
    ).fetchone()[0]
    stop = threading.Event()
    errors: list[str] = []
    workers = [
        threading.Thread(target=worker, args=(db_path, stop, errors), daemon=True) for _ in range(2)
    ]
    for thread in workers:
        thread.start()
    print(f"ready {post_id}", flush=True)
    n = 0
    while not stop_file.exists():
        n += 1
        text = f"So sorry about your order! Reply number {n}."
        while True:
            try:
                workspace.drafting.save(post_id, text)
                break
            except DatabaseUnavailable:  # the composer keeps trying, and so does this
                time.sleep(0.05)
        print(f"saved {n}", flush=True)
        for error in errors:
            print(f"error {error}", flush=True)
        errors.clear()
        time.sleep(0.01)
    stop.set()
    for thread in workers:
        thread.join()
    workspace.close()
    print("closed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
