"""The benchmark's data, built on this machine and cached under build/bench/.

* ``inbox_database(n)``: a Kindly database with ``n`` customer mentions (and the shop's replies,
  about one for every four mentions), written with ``executemany`` straight into the real schema
  (every migration applied), triaged in batch, with the search index and the inbox counters built
  once at the end. Texts come from the Customer Support on Twitter samples in shared/data/twcs
  (rewritten to mention one shop), or from a generated corpus when those are missing.
* ``twcs_file(rows)``: a CSV in the Customer Support on Twitter layout, the sample scaled up with
  fresh ids (every brand becomes the one shop), for the import benchmark.

The cache key holds ``DATA_VERSION`` and the newest migration's name, so a new migration or a
change to the builders builds afresh instead of migrating (and backing up) a gigabyte at start-up.
"""

from __future__ import annotations

import csv
import random
import re
import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"
SHARED_TWCS = ROOT.parent / "shared" / "data" / "twcs"
DATA_VERSION = 1
SHOP_HANDLE = "lunabeads"
SHOP_ID = "1500000000000000001"
TWCS_SHOP = "ShopBrand"  # every brand of the sample becomes this one shop
START = datetime(2021, 11, 23, 8, 0, tzinfo=UTC)
_DB_TIME = "%Y-%m-%dT%H:%M:%SZ"
_HANDLE = re.compile(r"@\w+")


def cache_dir(schema: bool = True) -> Path:
    """Where built data is kept: databases by data version and schema, files by data version."""
    name = f"data-v{DATA_VERSION}"
    if schema:
        from app.storage.migrations import migrations

        newest = migrations._migrations[-1].name if migrations._migrations else "none"
        name += f"-{newest}"
    folder = BUILD / name
    if schema and not folder.exists():  # databases of an older schema or data version: a GiB each
        for stale in BUILD.glob("data-v*-*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ----- texts -----------------------------------------------------------------------------------


def sample_texts() -> tuple[list[str], list[str], str]:
    """(customer texts, shop texts, where they came from)."""
    inbound: list[str] = []
    outbound: list[str] = []
    files = [SHARED_TWCS / "twcs_first5000.csv", SHARED_TWCS / "twcs_random_rows_sample.csv"]
    for path in files:
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = (row.get("text") or "").replace("\r", " ").strip()
                if not text:
                    continue
                if (row.get("inbound") or "").strip().lower() == "true":
                    inbound.append(_HANDLE.sub(f"@{SHOP_HANDLE}", text, count=1))
                else:
                    outbound.append(text)
    if len(inbound) >= 1000 and len(outbound) >= 500:
        return inbound, outbound, "shared/data/twcs samples"
    return generated_texts(5000), generated_shop_texts(2000), "generated corpus"


_OPENINGS = [
    "my order",
    "the necklace",
    "my parcel",
    "the ring I bought",
    "your website",
    "the bracelet",
    "delivery",
    "the earrings",
    "my refund",
    "the gift card",
]
_MIDDLES = [
    "still hasn't arrived",
    "came broken",
    "is gorgeous",
    "was charged twice",
    "is the wrong size",
    "arrived early",
    "has a loose clasp",
    "looks amazing",
    "is missing a bead",
    "won't load at checkout",
]
_ENDS = [
    "please help",
    "thank you so much!",
    "can you check?",
    "what now?",
    "love it",
    "this is the third time",
    "any update?",
    "so happy",
    "when will it ship?",
    "ugh",
]


def generated_texts(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [
        f"@{SHOP_HANDLE} {rng.choice(_OPENINGS)} {rng.choice(_MIDDLES)}, {rng.choice(_ENDS)}"
        f" #{rng.randint(1000, 99999)}"
        for _ in range(count)
    ]


def generated_shop_texts(count: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    lines = [
        "So sorry to hear that! Could you DM us your order number?",
        "Thank you so much, this made our day!",
        "Orders leave us within 2 working days; tracking comes by e-mail.",
        "We're on it — a replacement ships today.",
        "All sorted by email — thanks for your patience!",
    ]
    return [f"{rng.choice(lines)} ^{rng.choice('ABCDEFGH')}" for _ in range(count)]


# ----- the inbox database ----------------------------------------------------------------------


def inbox_database(mentions: int, log=print) -> Path:
    """The cached database with ``mentions`` customer mentions; built if missing."""
    path = cache_dir() / f"inbox-{mentions}.db"
    if path.exists():
        return path
    started = time.perf_counter()
    partial = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    _build_inbox(partial, mentions)
    partial.replace(path)
    log(f"  built {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def _build_inbox(path: Path, mentions: int, seed: int = 5) -> None:
    from app.domain.triage import classify
    from app.storage.database import open_database

    db = open_database(path)  # the real schema: every migration applied
    db.execute(
        "UPDATE shop SET name = 'Luna Beads', handle = ?, user_id = ? WHERE id = 1",
        [SHOP_HANDLE, SHOP_ID],
    )
    db.close()

    inbound, outbound, _ = sample_texts()
    rng = random.Random(seed)
    verdicts: dict[str, tuple[str, str]] = {}
    for text in set(inbound):  # triage in batch: each distinct text once
        triage = classify(text)
        verdicts[text] = (str(triage.kind), triage.reason)

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posts'"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')

    people_count = max(50, mentions // 8)
    muted = set(rng.sample(range(people_count), max(1, people_count // 1000)))
    conn.execute(
        "INSERT INTO people (id, handle, name) VALUES (?, ?, 'Luna Beads')", [SHOP_ID, SHOP_HANDLE]
    )
    conn.executemany(
        "INSERT INTO people (id, handle, name, muted, first_seen_at) VALUES (?, ?, ?, ?, ?)",
        (
            (
                str(2_000_000_000 + i),
                f"customer_{i:06d}",
                f"Customer {i}",
                int(i in muted),
                START.strftime(_DB_TIME),
            )
            for i in range(people_count)
        ),
    )

    total_rows = mentions + mentions // 4
    step = (5 * 365 * 86400) / total_rows  # about five years of mentions
    recent: list[tuple[str, str, str]] = []  # (post id, conversation id, author id)
    batch: list[tuple] = []
    n_mentions = 0
    k = 0
    when = START
    insert = (
        "INSERT INTO posts (id, conversation_id, in_reply_to_id, author_id, is_shop, text,"
        " created_at, kind, kind_reason, status, author_muted, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    while n_mentions < mentions:
        k += 1
        when += timedelta(seconds=rng.expovariate(1 / step))
        post_id = str(1_000_000_000_000 + k * 7)
        at = when.strftime(_DB_TIME)
        if recent and rng.random() < 0.2:  # the shop answers an earlier mention
            parent_id, conversation, _ = rng.choice(recent)
            batch.append(
                (
                    post_id,
                    conversation,
                    parent_id,
                    SHOP_ID,
                    1,
                    rng.choice(outbound),
                    at,
                    None,
                    None,
                    None,
                    0,
                    "bench",
                )
            )
            continue
        author = rng.randrange(people_count)
        author_id = str(2_000_000_000 + author)
        reply_to, conversation = None, post_id
        if recent and rng.random() < 0.3:  # a follow-up in an earlier conversation
            reply_to, conversation, author_id = rng.choice(recent)
            author = int(author_id) - 2_000_000_000
        text = rng.choice(inbound)
        kind, reason = verdicts[text]
        # Years of history: most resolved; the last few months still open or waiting.
        age_share = n_mentions / mentions
        r = rng.random()
        if age_share > 0.97:
            status = "open" if r < 0.6 else "waiting" if r < 0.8 else "resolved"
        else:
            status = "open" if r < 0.03 else "waiting" if r < 0.06 else "resolved"
        batch.append(
            (
                post_id,
                conversation,
                reply_to,
                author_id,
                0,
                text,
                at,
                kind,
                reason,
                status,
                int(author in muted),
                "bench",
            )
        )
        n_mentions += 1
        recent.append((post_id, conversation, author_id))
        if len(recent) > 64:
            recent.pop(0)
        if len(batch) >= 50_000:
            conn.executemany(insert, batch)
            batch.clear()
    if batch:
        conn.executemany(insert, batch)
    # The search index and the inbox counters, built once instead of row by row.
    conn.execute("INSERT INTO posts_fts (posts_fts) VALUES ('rebuild')")
    for _name, sql in triggers:
        conn.execute(sql)
    try:
        from app.storage.posts import rebuild_counts
    except ImportError:  # a schema without the inbox counters
        pass
    else:
        rebuild_counts(conn)
    try:
        from app.storage.search import catch_up_day_bounds
    except ImportError:  # a schema without the search's day bounds
        pass
    else:
        catch_up_day_bounds(conn)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def working_copy(source: Path, target: Path) -> Path:
    """A copy to change (sync, import into) without touching the cached original."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def empty_database(target: Path, handle: str = TWCS_SHOP) -> Path:
    """A fresh Kindly database (every migration) for the shop the twcs file is about."""
    from app.storage.database import open_database

    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    db = open_database(target)
    db.execute("UPDATE shop SET name = ?, handle = ? WHERE id = 1", [handle, handle])
    db.close()
    return target


# ----- the twcs file ---------------------------------------------------------------------------


def twcs_file(rows: int, log=print) -> tuple[Path, str]:
    """A CSV of ``rows`` rows in the Customer Support on Twitter layout; (path, origin)."""
    path = cache_dir(schema=False) / f"twcs-{rows}.csv"
    origin_note = path.with_suffix(".origin")
    if path.exists() and origin_note.exists():
        return path, origin_note.read_text()
    started = time.perf_counter()
    origin = _write_twcs(path.with_name(path.name + ".building"), rows)
    path.with_name(path.name + ".building").replace(path)
    origin_note.write_text(origin)
    log(f"  built {path.name} in {time.perf_counter() - started:.0f} s")
    return path, origin


def _sample_rows() -> tuple[list[list[str]], str]:
    source = SHARED_TWCS / "twcs_first5000.csv"
    if source.exists():
        with open(source, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            return [row for row in reader if len(row) == 7], "shared/data/twcs/twcs_first5000.csv"
    return _generated_rows(5000), "generated corpus"


def _generated_rows(count: int) -> list[list[str]]:
    """Conversations in the twcs layout: a customer's post, the shop's answer, sometimes more."""
    rng = random.Random(3)
    texts, shop_texts = generated_texts(count), generated_shop_texts(count)
    rows: list[list[str]] = []
    i = 1
    when = datetime(2017, 10, 1, tzinfo=UTC)
    while len(rows) < count:
        customer = str(100_000 + rng.randrange(3000))
        when += timedelta(minutes=rng.randint(1, 30))
        stamp = when.strftime("%a %b %d %H:%M:%S +0000 %Y")
        rows.append(
            [str(i), customer, "True", stamp, texts[len(rows) % len(texts)], str(i + 1), ""]
        )
        rows.append(
            [
                str(i + 1),
                TWCS_SHOP,
                "False",
                stamp,
                f"@{customer} " + shop_texts[len(rows) % len(shop_texts)],
                "",
                str(i),
            ]
        )
        i += 2
    return rows[:count]


def _write_twcs(path: Path, rows: int) -> str:
    sample, origin = _sample_rows()
    brands = {row[1] for row in sample if row[2].strip().lower() == "false"}
    brand_mention = (
        re.compile(r"@(" + "|".join(re.escape(b) for b in brands) + r")\b", re.IGNORECASE)
        if brands
        else None
    )
    prepared = []
    top = 0
    for tweet_id, author, inbound, created, text, responses, reply_to in sample:
        if author in brands:
            author = TWCS_SHOP
        elif brand_mention is not None:
            text = brand_mention.sub("@" + TWCS_SHOP, text)
        ids = [int(x) for x in responses.split(",") if x.strip().isdigit()]
        parent = int(float(reply_to)) if reply_to.strip() else None
        top = max([top, int(tweet_id), *ids, parent or 0])
        text = text.replace("\r", " ")  # a bare CR (one pandas quirk) would split the row
        prepared.append((int(tweet_id), author, inbound, created, text, ids, parent))
    span = top + 1
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "tweet_id",
                "author_id",
                "inbound",
                "created_at",
                "text",
                "response_tweet_id",
                "in_response_to_tweet_id",
            ]
        )
        written = 0
        copy = 0
        while written < rows:
            base = copy * span  # fresh ids in every copy; threads stay inside their copy
            for tweet_id, author, inbound, created, text, ids, parent in prepared:
                if author != TWCS_SHOP and author.isdigit():
                    author = str(int(author) + copy * 1_000_000)
                writer.writerow(
                    [
                        base + tweet_id,
                        author,
                        inbound,
                        created,
                        text,
                        ",".join(str(base + i) for i in ids),
                        "" if parent is None else base + parent,
                    ]
                )
                written += 1
                if written >= rows:
                    break
            copy += 1
    return origin
