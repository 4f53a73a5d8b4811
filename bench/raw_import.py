"""The import's reference: the same CSV into SQLite with nothing but the standard library —
``csv`` to read it, one ``executemany`` into a table, then an FTS5 index built over its text —
in one transaction, in WAL mode like Kindly's file.

    python bench/raw_import.py CSV DB      prints the seconds taken
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import time
from pathlib import Path


def main() -> int:
    source, target = sys.argv[1], Path(sys.argv[2])
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(
        "CREATE TABLE tweets (tweet_id INTEGER PRIMARY KEY, author_id TEXT, inbound TEXT,"
        " created_at TEXT, text TEXT, response_tweet_id TEXT, in_response_to_tweet_id TEXT)"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE tweets_fts USING fts5(text, content='tweets',"
        " content_rowid='tweet_id', tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("BEGIN")
    with open(source, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        conn.executemany("INSERT INTO tweets VALUES (?, ?, ?, ?, ?, ?, ?)", reader)
    conn.execute("INSERT INTO tweets_fts (tweets_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    conn.close()
    print(f"{time.perf_counter() - started:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
