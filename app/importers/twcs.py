"""A CSV in the Customer Support on Twitter layout: one shop's replies, and the mentions of it.

Columns: ``tweet_id, author_id, inbound, created_at, text, response_tweet_id,
in_response_to_tweet_id`` (extra columns, such as pandas' unnamed index, are ignored). ``--shop``
says which author is the shop: its tweets become the shop's replies; inbound tweets that contain
@shop or answer one of the shop's tweets become mentions; everything else is skipped and counted.

Three steps, each a pass over all the rows rather than a step per row, so a million rows cost
seconds and memory stays flat for any file size:

1. Read: the file is read as a stream (``csv`` over a text stream) into a temporary staging
   table, each row checked as it goes. The usual shapes (plain ids, True/False, X's times) are
   recognised at once; anything else goes through the full parse (``_row``), which understands it
   ('123.0', ' true ', an ISO time) or names the line and what is wrong.
2. Decide, in SQL: which rows are the shop's replies, which are mentions, which Kindly already
   has; then, in time order, each new post's thread (a recursive query down from each thread's
   first new post, so a reply that comes before its question in the file still joins it), whether
   a mention is answered already, and who wrote it.
3. Add: the new posts go into posts in time order, a page per INSERT … SELECT, inside
   ``bulk_posts`` (the search index, the inbox counts and, for a load that is large for the
   table, the indexes catch up once at the end).
"""

from __future__ import annotations

import csv
import io
import operator
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path

from app.domain.triage.kinds import place_in_thread
from app.domain.times import to_db
from app.importers.bulk_posts import bulk_posts
from app.importers.common import (
    MAX_POST_CHARS,
    PROGRESS_EVERY,
    ImportCancelled,
    ImportFailed,
    ImportReport,
    ImportRun,
    handle_mentioned,
    parse_post_time,
    post_id,
    post_ids,
)
from app.importers.target import ImportTarget
from app.services.triage_backlog import INLINE, UNSORTED
from app.workspace import Workspace

COLUMNS = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
_TRUE = {"true", "1", "yes", "t"}
_FALSE = {"false", "0", "no", "f"}
SOURCE = "twcs"
IMPORT_CACHE_KIB = 131_072  # SQLite page cache while importing (negative cache_size: KiB)
CANCEL_STEPS = 100_000  # SQLite steps between looks at the cancel flag inside one statement

# The usual shapes, as the dataset and pandas write them; anything else takes the full parse.
_PLAIN_ID = re.compile(r"[1-9][0-9]{0,17}").fullmatch
_PLAIN_IDS = re.compile(r"[1-9][0-9]{0,17}(?:,[1-9][0-9]{0,17})*").fullmatch
_PLAIN_INBOUND = {"True": 1, "False": 0}
_X_TIME = re.compile(
    r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([0-3][0-9]) ((?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])"
    r" \+0000 ([12][0-9]{3})"
).fullmatch
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}

# The work tables, dropped again when the import ends (and with a rollback).
_WORK_TABLES = {
    # Every row of the file as read, then one per tweet id (the first in the file wins).
    "twcs_stage": """CREATE TEMP TABLE twcs_stage (
        line INTEGER PRIMARY KEY,      -- where the row starts in the file
        id TEXT NOT NULL,
        author TEXT NOT NULL,
        author_key TEXT NOT NULL,      -- author in lower case: one person, whatever the case
        is_shop INTEGER NOT NULL,
        inbound INTEGER NOT NULL,
        created_at TEXT NOT NULL,      -- as Kindly stores times
        text TEXT NOT NULL,
        responses TEXT,                -- response_tweet_id: plain ids, comma-separated
        reply_to TEXT)""",
    # The rows without their text (so this table stays small next to the staging table): first
    # every row with what becomes of it (skip), then only the new posts.
    "twcs_rows": """CREATE TEMP TABLE twcs_rows (
        line INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        reply_to TEXT,
        is_shop INTEGER NOT NULL,
        author TEXT NOT NULL,
        author_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        parent_conversation TEXT,      -- the thread of a parent Kindly already has
        skip TEXT,
        answered_before INTEGER NOT NULL DEFAULT 0)  -- by a shop post Kindly already has""",
    # Each new post's thread.
    "twcs_threads": """CREATE TEMP TABLE twcs_threads (
        line INTEGER PRIMARY KEY, conversation TEXT NOT NULL)""",
    # The customers of the new mentions: who they are in Kindly (NULL: new to Kindly).
    "twcs_people": """CREATE TEMP TABLE twcs_people (
        author_key TEXT PRIMARY KEY,
        handle TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        person TEXT,
        muted INTEGER NOT NULL DEFAULT 0)""",
    # The kinds of the first INLINE new mentions, sorted before the commit.
    "twcs_kinds": """CREATE TEMP TABLE twcs_kinds (
        line INTEGER PRIMARY KEY, kind TEXT NOT NULL, reason TEXT)""",
}


# Settings for the import only, from the connection's own. posts has a dozen indexes and the
# staging table holds the whole file; at a million rows neither fits SQLite's 2 MiB default cache.
# The work tables are thrown away, so there is nothing to overwrite when they are dropped.
_PRAGMAS = {
    "main.cache_size": lambda size: min(size, -IMPORT_CACHE_KIB),
    "temp.cache_size": lambda size: min(size, -IMPORT_CACHE_KIB),
    "temp.secure_delete": lambda _: 0,
}


def looks_like_twcs(first_line: str) -> bool:
    names = {name.strip().strip('"').lower() for name in first_line.split(",")}
    return {"tweet_id", "author_id", "inbound", "created_at"} <= names


def import_twcs(
    workspace: Workspace, path: Path, shop_handle: str | None, run: ImportRun
) -> ImportReport:
    """Import the CSV at ``path``; the caller holds the transaction (everything or nothing)."""
    shop = workspace.shop.get()
    handle = (shop_handle or shop.handle or "").strip().lstrip("@")
    if not handle:
        raise ImportFailed(
            "Which author in the file is your shop? Give its handle (for example AppleSupport); "
            "Kindly imports that author's replies and the mentions of it."
        )
    if shop.handle and shop.handle.lower() != handle.lower():
        raise ImportFailed(
            f"This database is @{shop.handle}'s shop; importing @{handle}'s conversations would "
            "mix two shops. Each shop needs its own Kindly data file."
        )
    if not shop.handle:
        from dataclasses import replace

        workspace.shop.save(replace(shop, handle=handle, name=shop.name or handle))
    report = ImportReport("twcs", str(path), shop_handle=handle)
    target = ImportTarget(workspace, report)
    conn = workspace.db.conn
    _drop_work_tables(conn)
    for sql in _WORK_TABLES.values():
        conn.execute(sql)
    pragmas = {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in _PRAGMAS}
    for name, value in _PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value(pragmas[name])}")
    try:
        with _cancellable(conn, run):
            _stage(conn, path, handle, report, run)
            answered = _decide(conn, handle, target, report, run)
            answered += _add(workspace, target, report, run)
        target.finish(answered=answered)
    finally:
        _drop_work_tables(conn)
        for name, value in pragmas.items():
            conn.execute(f"PRAGMA {name} = {int(value)}")
    run.say(1.0, "Done")
    return report


def _drop_work_tables(conn: sqlite3.Connection) -> None:
    for name in _WORK_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


@contextmanager
def _cancellable(conn: sqlite3.Connection, run: ImportRun) -> Iterator[None]:
    """A cancel stops even one long statement: SQLite asks every ``CANCEL_STEPS`` steps."""
    conn.set_progress_handler(run.cancel.is_set, CANCEL_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if run.cancel.is_set():
            raise ImportCancelled() from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)


# ----- 1. read ---------------------------------------------------------------------------------


def _lines(text: io.TextIOBase) -> Iterator[str]:
    """Lines split on '\\n' only: a bare '\\r' inside a field (as one pandas export has) is text,
    not the end of a row, so it becomes a space instead of breaking the row in two."""
    for line in text:
        if "\r" in line:
            body = line[:-2] if line.endswith("\r\n") else line
            body = body.replace("\r", " ")
            line = body + ("\n" if line.endswith("\n") else "")
        yield line


def _stage(
    conn: sqlite3.Connection, path: Path, handle: str, report: ImportReport, run: ImportRun
) -> None:
    """Read and check every row into the staging table; the first bad row stops everything."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ImportFailed(f"Kindly cannot read {path}: {exc.strerror or exc}.") from exc
    with raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="\n")
        reader = csv.reader(_lines(text))
        try:
            header = next(reader, None)
            if header is None:
                raise ImportFailed(f"{path.name} is empty.")
            names = [name.strip().lower() for name in header]
            missing = [c for c in COLUMNS if c not in names]
            if missing:
                raise ImportFailed(
                    f"{path.name} has no {', '.join(repr(m) for m in missing)} column"
                    f"{'s' if len(missing) > 1 else ''}. A Customer Support on Twitter file "
                    f"starts with the columns: {', '.join(COLUMNS)}."
                )
            conn.executemany(
                "INSERT INTO twcs_stage (line, id, author, author_key, is_shop, inbound,"
                " created_at, text, responses, reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _Rows(reader, names, path.name, handle.lower(), run, raw),
            )
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                f"{path.name} is not UTF-8 text (line {_line_of_bad_byte(path):,} is not). Save "
                "it as UTF-8 (in Excel: 'CSV UTF-8') and import it again."
            ) from exc
        except csv.Error as exc:
            raise ImportFailed(
                f"Line {reader.line_num} of {path.name} cannot be read as CSV: {exc}."
            ) from exc
    # One row per tweet id, the first in the file; an index built once, in one sorted pass.
    conn.execute("CREATE INDEX temp.twcs_stage_id ON twcs_stage (id, is_shop)")
    if conn.execute("SELECT 1 FROM twcs_stage GROUP BY id HAVING count(*) > 1 LIMIT 1").fetchone():
        twice = conn.execute(
            "DELETE FROM twcs_stage WHERE line NOT IN (SELECT min(line) FROM twcs_stage GROUP BY id)"
        ).rowcount
        report.skip("the same tweet twice in the file", twice)


def _line_of_bad_byte(path: Path) -> int:
    """The line holding the file's first byte that is not UTF-8 (text is decoded ahead of the
    CSV reader in blocks, so the reader's own line count is behind when decoding fails)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line = 1
    with open(path, "rb") as raw:
        while block := raw.read(1 << 16):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return line + block.count(b"\n", 0, max(0, exc.start))
            line += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
    return line


class _Rows:
    """The file's rows as the staging table takes them (blank lines are not rows), each checked:
    the usual shapes at once, anything else through the full parse (``_row``)."""

    def __init__(self, reader, names: list[str], name: str, shop: str, run: ImportRun, raw):
        self.reader = reader
        self.at = {c: names.index(c) for c in COLUMNS}
        self.width = len(names)
        self.name = name
        self.shop = shop
        self.run = run
        self.raw = raw
        self.size = max(1, os.fstat(raw.fileno()).st_size)

    def __iter__(self) -> Iterator[tuple]:
        reader, width, shop = self.reader, self.width, self.shop
        pick = operator.itemgetter(*(self.at[c] for c in COLUMNS))
        for count, row in enumerate(reader, 1):
            line = reader.line_num
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                raise ImportFailed(
                    f"Line {line} of {self.name} has {len(row)} fields where the header has "
                    f"{width}. The file may be cut off or not comma-separated; nothing was "
                    "imported."
                )
            tweet_id, author, inbound, created, body, responses, reply_to = pick(row)
            flag = _PLAIN_INBOUND.get(inbound)
            created_at = _usual_time(created)
            if (
                flag is None
                or created_at is None
                or not _PLAIN_ID(tweet_id)
                or not author
                or author.strip() != author
                or (reply_to and not _PLAIN_ID(reply_to))
                or (responses and not _PLAIN_IDS(responses))
                or len(body) > MAX_POST_CHARS
            ):
                tweet_id, author, flag, created_at, body, children, reply_to = _row(
                    row, self.at, line, self.name
                )
                responses = ",".join(children)
            key = author.lower()
            yield (
                line,
                tweet_id,
                author,
                key,
                key == shop,
                flag,
                created_at,
                body,
                responses or None,
                reply_to or None,
            )
            if count % PROGRESS_EVERY == 0:
                self.run.say(0.5 * self.raw.tell() / self.size, f"Reading line {line:,}")


def _row(row: list[str], at: dict[str, int], line: int, name: str):
    """The full parse of one row: every shape Kindly understands, or what is wrong with it."""

    def bad(column: str, why: str) -> ImportFailed:
        return ImportFailed(f"Line {line} of {name}: {column} {why}; nothing was imported.")

    try:
        tweet_id = post_id(row[at["tweet_id"]])
    except ValueError:
        raise bad("tweet_id", f"{row[at['tweet_id']][:30]!r} is not a tweet id") from None
    if tweet_id is None:
        raise bad("tweet_id", "is empty")
    author = row[at["author_id"]].strip()
    if not author:
        raise bad("author_id", "is empty")
    inbound_text = row[at["inbound"]].strip().lower()
    if inbound_text in _TRUE:
        inbound = True
    elif inbound_text in _FALSE:
        inbound = False
    else:
        raise bad("inbound", f"{row[at['inbound']][:20]!r} is neither True nor False")
    try:
        created = _db_time(row[at["created_at"]])
    except ValueError:
        raise bad(
            "created_at",
            f"{row[at['created_at']][:40]!r} is not a time like 'Tue Oct 31 22:10:47 +0000 2017'",
        ) from None
    body = row[at["text"]]
    if len(body) > MAX_POST_CHARS:
        raise bad("text", f"is {len(body):,} characters, longer than any post on X")
    try:
        responses = post_ids(row[at["response_tweet_id"]])
    except ValueError:
        raise bad("response_tweet_id", "is not a list of tweet ids") from None
    try:
        reply_to = post_id(row[at["in_response_to_tweet_id"]])
    except ValueError:
        raise bad("in_response_to_tweet_id", "is not a tweet id") from None
    return tweet_id, author, int(inbound), created, body, responses, reply_to


@lru_cache(maxsize=8192)
def _usual_time(text: str) -> str | None:
    """X's 'Tue Oct 31 22:10:47 +0000 2017' as the database stores it, without building a
    datetime; None for any other shape (the full parse decides). Files repeat times."""
    match = _X_TIME(text)
    if match is None:
        return None
    month = _MONTHS.get(match[1])
    if month is None or not _is_date(int(match[4]), month, int(match[2])):
        return None
    return f"{match[4]}-{month:02d}-{match[2]}T{match[3]}Z"


@lru_cache(maxsize=4096)
def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=8192)
def _db_time(text: str) -> str:
    """A file's time as the database stores it; files repeat times, so each is parsed once."""
    return to_db(parse_post_time(text))


# ----- 2. decide -------------------------------------------------------------------------------
# Time order is (created_at, line): the order the rows are added in, so a post's row key n keeps
# time order. The work tables stay in file order (line), so every pass and join below reads them
# front to back instead of jumping about; only the final insert sorts, once.

# A child that names no parent, listed in another row's response_tweet_id: that row (the first
# in the file) is its parent.
_PARENTS_FROM_RESPONSES = """
UPDATE twcs_stage SET reply_to = listed.parent
FROM (SELECT j.value AS child, s.id AS parent, min(s.line)
      FROM twcs_stage s, json_each('["' || replace(s.responses, ',', '","') || '"]') j
      WHERE s.responses IS NOT NULL
        AND j.value IN (SELECT id FROM twcs_stage WHERE reply_to IS NULL)
      GROUP BY j.value) AS listed
WHERE twcs_stage.id = listed.child AND twcs_stage.reply_to IS NULL
"""

# What becomes of every row (the reasons are the report's words). A customer's post is a mention
# when it answers one of the shop's posts (in the file or in Kindly) or names @shop.
_ROWS = """
INSERT INTO twcs_rows (line, id, reply_to, is_shop, author, author_key, created_at,
                       parent_conversation, skip)
SELECT s.line, s.id, s.reply_to, s.is_shop, s.author, s.author_key, s.created_at,
       pp.conversation_id,
       CASE
         WHEN s.is_shop THEN NULL
         WHEN NOT s.inbound THEN 'posts by other companies'
         WHEN pp.is_shop = 1 OR s.reply_to IN (SELECT id FROM twcs_stage WHERE is_shop)
           OR twcs_mentions_shop(s.text) THEN NULL
         ELSE :not_addressed
       END
FROM twcs_stage s LEFT JOIN posts pp ON pp.id = s.reply_to
"""

# Each new post's thread: the first new post of a thread (no new parent before it in time) takes
# its parent's thread if Kindly has the parent, else starts one (a shop reply: at the post it
# answers); every later new reply takes its parent's thread.
_THREADS = """
WITH RECURSIVE thread (line, id, created_at, conversation) AS (
  SELECT n.line, n.id, n.created_at,
         coalesce(n.parent_conversation,
                  CASE WHEN n.is_shop THEN coalesce(n.reply_to, n.id) ELSE n.id END)
  FROM twcs_rows n
  WHERE NOT EXISTS (SELECT 1 FROM twcs_rows p WHERE p.id = n.reply_to
                    AND (p.created_at, p.line) < (n.created_at, n.line))
  UNION ALL
  SELECT c.line, c.id, c.created_at, t.conversation
  FROM thread t JOIN twcs_rows c
    ON c.reply_to = t.id AND (c.created_at, c.line) > (t.created_at, t.line)
)
INSERT INTO twcs_threads (line, conversation) SELECT line, conversation FROM thread ORDER BY line
"""

# The customers of the new mentions, each with the spelling and time of their first mention.
_CUSTOMERS = """
INSERT INTO twcs_people (author_key, handle, first_seen_at)
SELECT author_key, author, created_at
FROM (SELECT author_key, author, created_at,
             row_number() OVER (PARTITION BY author_key ORDER BY created_at, line) AS nth
      FROM twcs_rows WHERE NOT is_shop)
WHERE nth = 1
"""

# Who they are in Kindly already: by handle, whatever the case, a real X id before a local one.
_KNOWN_CUSTOMERS = """
UPDATE twcs_people SET person = known.id, muted = known.muted
FROM (SELECT c.author_key, (SELECT id FROM people WHERE handle = c.handle COLLATE NOCASE
                            ORDER BY id LIKE 'handle:%' LIMIT 1) AS id
      FROM twcs_people c) AS found
JOIN people known ON known.id = found.id
WHERE twcs_people.author_key = found.author_key
"""

_NEW_CUSTOMERS = """
INSERT INTO people (id, handle, name, first_seen_at)
SELECT 'handle:' || author_key, handle, '', first_seen_at FROM twcs_people WHERE person IS NULL
ON CONFLICT(id) DO UPDATE SET handle = excluded.handle
"""

# New mentions answered by a shop post Kindly has already.
_ANSWERED_BY_KINDLY = """
UPDATE twcs_rows SET answered_before = 1
WHERE NOT is_shop
  AND EXISTS (SELECT 1 FROM posts r WHERE r.in_reply_to_id = twcs_rows.id AND r.is_shop = 1)
"""

# Mentions Kindly had, open, that one of the new shop replies answers.
_ANSWERED_BEFORE = """
UPDATE posts SET status = 'waiting'
WHERE is_shop = 0 AND status = 'open' AND id IN (SELECT reply_to FROM twcs_rows WHERE is_shop)
"""


def _decide(
    conn: sqlite3.Connection,
    handle: str,
    target: ImportTarget,
    report: ImportReport,
    run: ImportRun,
) -> int:
    """What becomes of every staged row; then, for the new posts, each one's thread and author.
    Returns how many mentions Kindly had are answered now (they wait on the customer)."""
    run.say(0.5, "Finding the mentions")
    conn.execute(_PARENTS_FROM_RESPONSES)
    conn.create_function(
        "twcs_mentions_shop", 1, lambda text: handle_mentioned(text, handle), deterministic=True
    )
    conn.execute(_ROWS, {"not_addressed": f"customer posts not addressed to @{handle}"})
    if target.had_posts():
        conn.execute(
            "UPDATE twcs_rows SET skip = 'already in Kindly' WHERE skip IS NULL"
            " AND EXISTS (SELECT 1 FROM posts e WHERE e.id = twcs_rows.id)"
        )
    for reason, count in conn.execute(
        "SELECT skip, count(*) FROM twcs_rows WHERE skip IS NOT NULL GROUP BY skip"
    ):
        report.skip(reason, count)
    conn.execute("DELETE FROM twcs_rows WHERE skip IS NOT NULL")  # the new posts stay
    conn.execute("CREATE INDEX temp.twcs_rows_id ON twcs_rows (id, created_at)")
    conn.execute(
        "CREATE INDEX temp.twcs_rows_reply ON twcs_rows (reply_to, is_shop, id, created_at)"
    )
    run.say(0.55, "Joining threads")
    conn.execute(_THREADS)
    answered = 0
    if target.had_posts():
        conn.execute(_ANSWERED_BY_KINDLY)
        answered = conn.execute(_ANSWERED_BEFORE).rowcount
    run.say(0.6, "Finding the customers")
    conn.execute(_CUSTOMERS)
    if target.had_people():
        conn.execute(_KNOWN_CUSTOMERS)
    conn.execute(_NEW_CUSTOMERS)
    # each with the post it answers, when the file holds it (its place in the thread)
    first = conn.execute(
        "SELECT n.line, s.text, n.reply_to, pr.is_shop, ps.text"
        " FROM twcs_rows n JOIN twcs_stage s ON s.line = n.line"
        " LEFT JOIN twcs_rows pr ON pr.id = n.reply_to LEFT JOIN twcs_stage ps ON ps.line = pr.line"
        " WHERE NOT n.is_shop ORDER BY n.created_at, n.line LIMIT ?",
        [INLINE],
    ).fetchall()
    sorted_now = []
    for line, body, *answers in first:
        triage = target.triage_for_import(body, place_in_thread(*answers))
        sorted_now.append((line, str(triage.kind), triage.reason))
    conn.executemany("INSERT INTO twcs_kinds (line, kind, reason) VALUES (?, ?, ?)", sorted_now)
    return answered


# ----- 3. add ----------------------------------------------------------------------------------

# The new posts, in time order. A mention is answered when a shop post replies to it.
_ADD = """
INSERT INTO posts (id, conversation_id, in_reply_to_id, author_id, is_shop, text, created_at,
                   kind, kind_reason, status, source, author_muted, unread)
SELECT n.id, t.conversation, n.reply_to,
       CASE WHEN n.is_shop THEN :shop ELSE coalesce(c.person, 'handle:' || c.author_key) END,
       n.is_shop, s.text, n.created_at,
       CASE WHEN NOT n.is_shop THEN coalesce(k.kind, :unsorted) END, k.reason,
       CASE WHEN n.is_shop THEN NULL
            WHEN n.answered_before
              OR EXISTS (SELECT 1 FROM twcs_rows r WHERE r.reply_to = n.id AND r.is_shop)
            THEN 'waiting'
            ELSE 'open' END,
       :source, CASE WHEN n.is_shop THEN 0 ELSE c.muted END, CASE WHEN n.is_shop THEN 0 ELSE 1 END
FROM twcs_rows n
JOIN twcs_stage s ON s.line = n.line
JOIN twcs_threads t ON t.line = n.line
LEFT JOIN twcs_people c ON c.author_key = n.author_key AND NOT n.is_shop
LEFT JOIN twcs_kinds k ON k.line = n.line
ORDER BY n.created_at, n.line
"""


def _add(workspace: Workspace, target: ImportTarget, report: ImportReport, run: ImportRun) -> int:
    """The new posts into posts; the indexes catch up at the end. Returns how many of the new
    mentions are answered already."""
    conn = workspace.db.conn
    replies, total = conn.execute(
        "SELECT coalesce(sum(is_shop), 0), count(*) FROM twcs_rows"
    ).fetchone()
    mentions = total - replies
    last = target.last_n_before()
    run.say(0.65, f"Adding {total:,} posts")
    with bulk_posts(workspace.db, total):
        conn.execute(
            _ADD,
            {"shop": target.shop_person_id(), "unsorted": str(UNSORTED.kind), "source": SOURCE},
        )
        run.say(0.85, "Indexing the new posts for search and the inbox")
    answered = conn.execute(
        "SELECT count(*) FROM posts WHERE is_shop = 0 AND status = 'waiting' AND n > ?", [last]
    ).fetchone()[0]
    if replies:
        report.add("shop replies", replies)
    if mentions:
        report.add("mentions", mentions)
        target.leave_for_backlog(mentions)
    return answered
