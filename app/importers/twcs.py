"""A CSV in the Customer Support on Twitter layout: one shop's replies, and the mentions of it.

Columns: ``tweet_id, author_id, inbound, created_at, text, response_tweet_id,
in_response_to_tweet_id`` (extra columns, such as pandas' unnamed index, are ignored). ``--shop``
says which author is the shop: its tweets become the shop's replies; inbound tweets that contain
@shop or answer one of the shop's tweets become mentions; everything else is skipped and counted.

The file is read as a stream (``csv`` over a text stream) into a temporary staging table, then
added in time order, so a reply that comes before its question in the file still joins its thread
and a customer answering a shop tweet further down is still recognised. Memory stays flat for any
file size. Both steps work a batch (``BATCH`` rows) at a time: rows are checked in Python, then
written with one ``executemany``; new people are added once, and the search index and inbox counts
catch up once at the end (``bulk_posts``).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from app.domain.times import to_db
from app.importers.common import (
    MAX_POST_CHARS,
    ImportFailed,
    ImportReport,
    ImportRun,
    handle_mentioned,
    parse_post_time,
    post_id,
    post_ids,
)
from app.importers.bulk_posts import bulk_posts
from app.importers.target import ImportTarget
from app.storage.people import local_person_id
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
BATCH = 5_000  # rows read, checked and written together
IMPORT_CACHE_KIB = 131_072  # SQLite page cache while importing (negative cache_size: KiB)


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
            "Which author in the file is your shop? Give its handle (for example --shop "
            "AppleSupport); Kindly imports that author's replies and the mentions of it."
        )
    if shop.handle and shop.handle.lower() != handle.lower():
        raise ImportFailed(
            f"This database is @{shop.handle}'s shop; importing @{handle}'s conversations would "
            "mix two shops. Import it into another database file (--db)."
        )
    if not shop.handle:
        from dataclasses import replace

        workspace.shop.save(replace(shop, handle=handle, name=shop.name or handle))
    report = ImportReport("twcs", str(path), shop_handle=handle)
    target = ImportTarget(workspace, report)
    db = workspace.db
    db.execute("DROP TABLE IF EXISTS temp.twcs_stage")
    db.execute("DROP TABLE IF EXISTS temp.twcs_links")
    db.execute(
        "CREATE TEMP TABLE twcs_stage (id TEXT PRIMARY KEY, line INTEGER NOT NULL,"
        " author TEXT NOT NULL, inbound INTEGER NOT NULL, created_at TEXT NOT NULL,"
        " text TEXT NOT NULL, reply_to TEXT, is_shop INTEGER NOT NULL)"
    )
    db.execute("CREATE TEMP TABLE twcs_links (child TEXT NOT NULL, parent TEXT NOT NULL)")
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    # posts has a dozen indexes; at a million rows their pages no longer fit SQLite's 2 MiB
    # default cache and every batch reads them back from disk. 128 MiB for the import only.
    db.execute(f"PRAGMA cache_size = {min(cache, -IMPORT_CACHE_KIB)}")
    try:
        staged = _stage(workspace, path, handle, report, run)
        db.execute("CREATE INDEX temp.twcs_links_child ON twcs_links (child)")
        db.execute("CREATE INDEX temp.twcs_stage_order ON twcs_stage (created_at, line)")
        with bulk_posts(db):
            _add(workspace, target, handle, staged, report, run)
        target.finish()
    finally:
        db.execute("DROP TABLE IF EXISTS temp.twcs_stage")
        db.execute("DROP TABLE IF EXISTS temp.twcs_links")
        db.execute(f"PRAGMA cache_size = {int(cache)}")
    run.say(1.0, "Done")
    return report


def _lines(text: io.TextIOBase) -> Iterator[str]:
    """Lines split on '\\n' only: a bare '\\r' inside a field (as one pandas export has) is text,
    not the end of a row, so it becomes a space instead of breaking the row in two."""
    for line in text:
        if "\r" in line:
            body = line[:-2] if line.endswith("\r\n") else line
            body = body.replace("\r", " ")
            line = body + ("\n" if line.endswith("\n") else "")
        yield line


def _stage(workspace: Workspace, path: Path, handle: str, report: ImportReport,
           run: ImportRun) -> int:
    """Read and check every row into the staging table; the first bad row stops everything."""
    db = workspace.db
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ImportFailed(f"Kindly cannot read {path}: {exc.strerror or exc}.") from exc
    size = max(1, os.fstat(raw.fileno()).st_size)
    staged = 0
    shop_lower = handle.lower()
    rows: list[tuple] = []
    links: list[tuple] = []

    def flush() -> None:
        nonlocal staged
        if not rows:
            return
        before = db.conn.total_changes
        db.conn.executemany(
            "INSERT INTO twcs_stage (id, line, author, inbound, created_at, text,"
            " reply_to, is_shop) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            rows,
        )
        added = db.conn.total_changes - before
        if added < len(rows):
            report.skip("the same tweet twice in the file", len(rows) - added)
        staged += added
        if links:  # only the links of the row that was kept, not of a later copy of it
            db.conn.executemany(
                "INSERT INTO twcs_links (child, parent) SELECT ?, ?"
                " WHERE EXISTS (SELECT 1 FROM twcs_stage WHERE id = ? AND line = ?)",
                links,
            )
        rows.clear()
        links.clear()

    with raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="\n")
        reader = csv.reader(_lines(text))
        line = 0
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
            at = {c: names.index(c) for c in COLUMNS}
            width = len(names)
            for row in reader:
                line = reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if len(row) != width:
                    raise ImportFailed(
                        f"Line {line} of {path.name} has {len(row)} fields where the header has "
                        f"{width}. The file may be cut off or not comma-separated; nothing was "
                        "imported."
                    )
                values = _row(row, at, line, path.name)
                tweet_id, author, inbound, created, body, responses, reply_to = values
                is_shop = author.lower() == shop_lower
                rows.append((tweet_id, line, author, int(inbound), created, body, reply_to,
                             int(is_shop)))
                for child in responses:
                    links.append((child, tweet_id, tweet_id, line))
                if len(rows) >= BATCH:
                    flush()
                run.tick(0.5 * raw.tell() / size, f"Reading line {line:,}")
            flush()
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                f"{path.name} is not UTF-8 text (after line {line:,}). Save it as UTF-8 "
                "(in Excel: 'CSV UTF-8') and import it again."
            ) from exc
        except csv.Error as exc:
            raise ImportFailed(
                f"Line {reader.line_num} of {path.name} cannot be read as CSV: {exc}."
            ) from exc
    return staged


def _row(row: list[str], at: dict[str, int], line: int, name: str):
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
    return tweet_id, author, inbound, created, body, responses, reply_to


def _add(workspace: Workspace, target: ImportTarget, handle: str, staged: int,
         report: ImportReport, run: ImportRun) -> None:
    """Add the staged rows oldest first, a page at a time: parents before replies, so threads
    join up. Each page is read whole (keyset paging) before it is written, so its lookups of
    posts see every earlier page; a reply to a post of the same page finds it in ``page_posts``."""
    db = workspace.db
    conn = db.conn
    shop_person = target.shop_person_id()
    after: tuple[str, int] = ("", -1)
    done = 0
    while True:
        page = conn.execute(_PAGE, [after[0], after[1], BATCH]).fetchall()
        if not page:
            break
        after = (page[-1][3], page[-1][7])
        page_posts: dict[str, tuple[str, bool]] = {}  # id -> (conversation, is shop)
        posts: list[tuple] = []  # the shop's replies and the mentions, in time order
        people = _people_of(conn, page)  # handle, lower-cased -> person id
        new_people: list[tuple] = []
        for (tweet_id, author, inbound, created_at, body, is_shop, line, reply_to, exists,
             parent_conv, parent_is_shop, parent_staged_shop) in page:
            done += 1
            run.tick(0.5 + 0.5 * done / max(1, staged), f"Adding {done:,} of {staged:,}")
            if not is_shop and not inbound:
                report.skip("posts by other companies")
                continue
            in_page = page_posts.get(reply_to) if reply_to else None
            if in_page is not None:
                parent_conv, parent_is_shop = in_page
            if is_shop:
                if exists:
                    report.skip("already in Kindly")
                    continue
                conversation = parent_conv or reply_to or tweet_id
                posts.append((tweet_id, conversation, reply_to, shop_person, 1, body, created_at,
                              None, None, None, 0, None))
                page_posts[tweet_id] = (conversation, True)
                report.add("shop replies")
                continue
            answers_shop = bool(reply_to) and bool(parent_staged_shop or parent_is_shop)
            if not (answers_shop or handle_mentioned(body, handle)):
                report.skip(f"customer posts not addressed to @{handle}")
                continue
            if exists:
                report.skip("already in Kindly")
                continue
            key = author.lower()
            person = people.get(key)
            if person is None:  # someone Kindly meets for the first time
                person = local_person_id(author)
                new_people.append((person, author, created_at))
                people[key] = person
            conversation = parent_conv or tweet_id
            triage = target.triage_for_import(body)
            posts.append((tweet_id, conversation, reply_to, person, 0, body, created_at,
                          str(triage.kind), triage.reason, "open", None, person))
            page_posts[tweet_id] = (conversation, False)
            report.add("mentions")
        if new_people:
            conn.executemany(
                "INSERT INTO people (id, handle, name, first_seen_at) VALUES (?, ?, '', ?)"
                " ON CONFLICT(id) DO UPDATE SET handle = excluded.handle",
                new_people,
            )
        if posts:  # in page order, so n keeps time order as one row at a time did
            conn.executemany(
                "INSERT INTO posts (id, conversation_id, in_reply_to_id, author_id, is_shop,"
                " text, created_at, kind, kind_reason, status, source, author_muted)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '" + SOURCE + "',"
                " coalesce(?, (SELECT muted FROM people WHERE id = ?)))",
                posts,
            )
        run.check()


# One page of staged rows in time order, with what the database already knows of each row's
# parent: its conversation, whether it is the shop's, and whether the file has it as the shop's.
_PAGE = """
SELECT s.id, s.author, s.inbound, s.created_at, s.text, s.is_shop, s.line, s.reply_to,
       e.id IS NOT NULL, pp.conversation_id, coalesce(pp.is_shop, 0),
       coalesce(ps.is_shop, 0)
FROM (
  SELECT id, author, inbound, created_at, text, is_shop, line,
         coalesce(reply_to, (SELECT l.parent FROM twcs_links l WHERE l.child = twcs_stage.id
                             LIMIT 1)) AS reply_to
  FROM twcs_stage
  WHERE (created_at, line) > (?, ?)
  ORDER BY created_at, line
  LIMIT ?
) s
LEFT JOIN posts e ON e.id = s.id
LEFT JOIN posts pp ON pp.id = s.reply_to
LEFT JOIN twcs_stage ps ON ps.id = s.reply_to
ORDER BY s.created_at, s.line
"""


def _people_of(conn, page: list[tuple]) -> dict[str, str]:
    """The people Kindly already knows among a page's customers, by handle (one query)."""
    handles = list({row[1].lower(): row[1] for row in page if row[2] and not row[5]}.values())
    if not handles:
        return {}
    rows = conn.execute(
        "SELECT j.value, (SELECT id FROM people WHERE handle = j.value COLLATE NOCASE"
        " ORDER BY id LIKE 'handle:%' LIMIT 1) FROM json_each(?) j",
        [json.dumps(handles)],
    ).fetchall()
    return {handle.lower(): person for handle, person in rows if person is not None}


@lru_cache(maxsize=8192)
def _db_time(text: str) -> str:
    """A file's time as the database stores it; files repeat times, so each is parsed once."""
    return to_db(parse_post_time(text))
