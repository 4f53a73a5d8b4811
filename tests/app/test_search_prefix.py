"""The search index's prefix indexes (migration 0021) find exactly what the plain index found.

Ten thousand real customer tweets (the twcs samples: AppleSupport's threads and a random sample
of a hundred brands in several languages) are indexed the old way, without prefix indexes, and
searched; the migration then makes the index again with them, and every search must list the
same posts in the same order, page by page, with the same count.
"""

import csv
import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from app.domain.models import InboxFilter
from app.storage.database import open_database
from app.storage.migrations import search_prefix_index
from app.storage.posts import Posts
from app.storage.search import PREFIX_FROM, fts_query
from tests.conftest import shared_data

# The search index as migration 0002 made it (sqlite-utils' enable_fts): no prefix indexes.
_OLD_INDEX = (
    'CREATE VIRTUAL TABLE "posts_fts" USING FTS5 ("text",'
    " tokenize='unicode61 remove_diacritics 2', content=\"posts\")"
)
_FILES = ("twcs_first5000.csv", "twcs_random_rows_sample.csv")
_KINDS = ("complaint", "question", "praise", "troll", "other")


def _tweets() -> list[tuple[str, str, str]]:
    rows = []
    for name in _FILES:
        with open(shared_data("twcs", name), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                when = datetime.strptime(row["created_at"], "%a %b %d %H:%M:%S %z %Y")
                rows.append((row["author_id"], row["text"], when.astimezone(UTC)))
    rows.sort(key=lambda r: r[2])
    return [(a, t, w.strftime("%Y-%m-%dT%H:%M:%SZ")) for a, t, w in rows]


@pytest.fixture(scope="module")
def tweets_db():
    db = open_database(None)
    tweets = _tweets()
    db.conn.executemany(
        "INSERT OR IGNORE INTO people (id, handle) VALUES (?, ?)",
        [(a, f"user{a}") for a, _, _ in tweets],
    )
    db.conn.executemany(
        "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind,"
        " status, source) VALUES (?, ?, ?, 0, ?, ?, ?, ?, 'test')",
        [
            (f"t{i}", f"c{i // 3}", a, text, at, _KINDS[i % 5], ("open", "resolved")[i % 2])
            for i, (a, text, at) in enumerate(tweets)
        ],
    )
    db.conn.commit()
    return db


def _make_old_index(db) -> None:
    db.execute("DROP TABLE posts_fts")
    db.execute(_OLD_INDEX)
    db.execute("INSERT INTO posts_fts (posts_fts) VALUES ('rebuild')")


def _searches(db) -> list[str]:
    """What an owner may type: the starts (4 to 11 letters) of the words the tweets use, the
    most frequent all, the rest sampled, as typed (capitals, accents, punctuation, other
    scripts), alone, after another word and with operators."""
    typed: Counter[str] = Counter()
    for (text,) in db.execute("SELECT text FROM posts"):
        typed.update(w for w in re.findall(r"\w[\w'’]*", text) if len(w) >= PREFIX_FROM)
    words = [w for w, _ in typed.most_common()]
    chosen = words[:150] + words[150::37]
    chosen += [w for w in words if not w.isascii()][:40]  # accents, emoji neighbours, scripts
    searches = set()
    for word in chosen:
        for length in range(PREFIX_FROM, min(len(word), 11) + 1):
            searches.add(word[:length])
    searches |= {s.upper() for s in list(searches)[::9]}
    searches |= {"Café", "CAFÉ", "cafe", "naïve", "HELP!", "help?!", "don't", "iPho", "iPhone"}
    searches |= {"my acco", "please hel", "not work", "battery dra", "thank you so", "the upda"}
    searches |= {"kind:complaint acco", "is:open thank", "kind:question is:open upda"}
    searches |= {"help ", "update  ", "acco*", '"help"', "NEAR(help"}
    return sorted(searches)


def _everything(posts: Posts, search: str) -> tuple[list[int], list[int], int]:
    """The first page, every match by pages of 40 (keyset), and the count."""
    first = [n for n, _ in posts.page_keys(InboxFilter.ALL, search)]
    paged: list[int] = []
    after = None
    while True:
        page = posts.page_keys(InboxFilter.ALL, search, after=after, limit=40)
        paged += [n for n, _ in page]
        if len(page) < 40:
            break
        after = page[-1][1]
    return first, paged, posts.search_count(InboxFilter.ALL, search, cap=1000)


def test_prefix_indexes_find_what_the_plain_index_found(tweets_db):
    db = tweets_db
    posts = Posts(db)
    searches = _searches(db)
    assert len(searches) > 1000
    _make_old_index(db)
    before = {s: _everything(posts, s) for s in searches}
    with db.conn:
        search_prefix_index(db)
    db.execute("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')")
    after = {s: _everything(posts, s) for s in searches}
    differ = [s for s in searches if after[s] != before[s]]
    assert not differ, differ[:20]
    # The searches found things, many a full page and more.
    assert sum(1 for first, _, _ in before.values() if first) > 0.9 * len(searches)
    assert sum(1 for first, _, _ in before.values() if len(first) == 200) > 20


def test_the_index_has_a_prefix_index_for_each_length_searched_as_a_start():
    # A start of four letters and more is searched as a prefix (search.fts_query); FTS5 uses a
    # prefix index only for the lengths it was made with.
    db = open_database(None)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'posts_fts'").fetchone()[0]
    lengths = [int(x) for x in re.search(r"prefix='([\d ]+)'", sql).group(1).split()]
    assert lengths == list(range(PREFIX_FROM, 9))
    # Big imports write it with 16 MB of words waiting in memory (fewer pieces to merge).
    assert db.execute("SELECT v FROM posts_fts_config WHERE k = 'hashsize'").fetchone() == (
        16777216,
    )


def test_the_index_follows_new_changed_and_deleted_posts_after_the_migration(tweets_db):
    db = tweets_db
    posts = Posts(db)
    n = db.execute(
        "INSERT INTO posts (id, conversation_id, author_id, text, created_at, kind, status,"
        " source) VALUES ('new1', 'cnew', (SELECT id FROM people LIMIT 1),"
        " 'Zwölfkämpfer zwischendurch', '2030-01-01T00:00:00Z', 'question', 'open', 'test')"
    ).lastrowid
    assert [k for k, _ in posts.page_keys(InboxFilter.ALL, "zwolf")] == [n]
    assert [k for k, _ in posts.page_keys(InboxFilter.ALL, "ZWISCHEN")] == [n]
    db.execute("UPDATE posts SET text = 'Qoxtrelbing qoxtrels' WHERE n = ?", [n])
    assert posts.page_keys(InboxFilter.ALL, "zwolf") == []
    assert [k for k, _ in posts.page_keys(InboxFilter.ALL, "qoxtrel")] == [n]
    db.execute("DELETE FROM posts WHERE n = ?", [n])
    assert posts.page_keys(InboxFilter.ALL, "qoxtrel") == []
    db.execute("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')")


def test_a_word_is_a_start_only_when_its_last_piece_is_long_enough():
    # FTS5 cuts a word at its punctuation and puts the '*' on the last piece: "don't"* would be
    # "don" followed by every word that starts with "t", 300 ms at a million mentions.
    assert fts_query("don't") == '"don\'t"'
    assert fts_query("I can’t") == '"I" "can’t"'
    assert fts_query("co-op") == '"co-op"'
    assert fts_query("https://t.co/xyz") == '"https://t.co/xyz"'
    assert fts_query("snake_ca") == '"snake_ca"'
    assert fts_query("e-mail") == '"e-mail"*'
    assert fts_query("help!") == '"help!"*'
    assert fts_query("Café") == '"Café"*'
    assert fts_query("refund#iOS11") == '"refund#iOS11"*'


def test_a_word_with_a_short_last_piece_finds_the_word_itself(tweets_db):
    posts = Posts(tweets_db)
    found = [n for n, _ in posts.page_keys(InboxFilter.ALL, "don't")]
    assert found
    texts = [
        tweets_db.execute("SELECT text FROM posts WHERE n = ?", [n]).fetchone()[0] for n in found
    ]
    assert all(re.search(r"\bdon[^\w]+t\b", t, re.IGNORECASE) for t in texts)
