"""Searching the inbox, saved searches, and "You answered mentions like this before".

The earlier replies come from the shop's own history on this computer: the customer posts most
like the one being answered (ranked by the search index's bm25 over their rarest shared words)
that the shop already answered publicly, and the shop's first reply to each. Nothing leaves the
machine. ``earlier_replies`` takes a database so a worker can run it on its own connection.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from app.changes import ChangeKind, Changed
from app.clock import Clock
from app.domain.models import InboxFilter
from app.domain.search import SearchQuery, parse_search
from app.domain.times import from_db
from app.errors import ValidationError
from app.storage.posts import Posts
from app.storage.saved_searches import SavedSearch, SavedSearches

COUNT_CAP = 1000  # a search's count reads "1,000+" beyond this, so counting stays cheap
MAX_NAME_CHARS = 60

# Words too common in any shop's mentions to say what a post is about.
_STOPWORDS = frozenset(
    """a about after again all also am an and any are as at be been before being but by can
    could did do does doing don dont for from get got had has have having he her here hi him his
    how i if im in into is it its ive just me my no not now of on or our out please so some
    still than thank thanks that the their them then there these they this to too up us very
    was we were what when where which who why will with would yes yet you your youre""".split()
)
_WORD = re.compile(r"[^\W_]+")
_HANDLE = re.compile(r"[@＠]\w+")
_LEADING_HANDLES = re.compile(r"^(?:[@＠]\w+[\s,:]*)+")
_LINK = re.compile(r"https?://\S+")
_TERMS_ASKED = 6  # the rarest words of the post, searched for in pairs
_MIN_SHARED = 2  # an earlier mention must share this many of them (or all, if fewer)
_CANDIDATES = 300  # the best-ranked matches looked at
_WEAKEST = 0.4  # a match this much weaker than the best one is left out


@dataclass(frozen=True)
class EarlierReply:
    mention_n: int
    mention_handle: str
    mention_text: str
    reply_text: str  # without the handles it began with
    replied_at: datetime
    shared_words: tuple[str, ...]


class Search:
    def __init__(self, db, posts: Posts, clock: Clock):
        self.db = db
        self.posts = posts
        self.saved = SavedSearches(db)
        self.clock = clock

    def parse(self, text: str) -> SearchQuery:
        return parse_search(text)

    def count(self, inbox_filter: InboxFilter, text: str) -> int:
        """How many posts ``text`` finds in the filter, up to COUNT_CAP + 1."""
        return self.posts.search_count(inbox_filter, text, COUNT_CAP)

    def counter(self, inbox_filter: InboxFilter, text: str):
        """``count`` as a job for a worker with its own connection (a sparse search counts
        thousands of rows: not a job for the window's thread)."""
        zone = self.posts.zone

        def count(db) -> int:
            posts = Posts(db)
            posts.zone = zone
            return posts.search_count(inbox_filter, text, COUNT_CAP)

        return count

    def saved_searches(self) -> list[SavedSearch]:
        return self.saved.list()

    def save(self, name: str, query: str) -> Changed:
        name, query = name.strip(), query.strip()
        if not query:
            raise ValidationError("Type a search first, then save it.", "query")
        if not name:
            raise ValidationError("Give the search a name for the navigation.", "name")
        if len(name) > MAX_NAME_CHARS:
            raise ValidationError(f"Keep the name under {MAX_NAME_CHARS} characters.", "name")
        self.saved.add(name, query, self.clock.now())
        return Changed.of(ChangeKind.SETTINGS)

    def remove_saved(self, search_id: int) -> Changed:
        self.saved.remove(search_id)
        return Changed.of(ChangeKind.SETTINGS)


def count_text(count: int) -> str:
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"


def earlier_replies(db, post_n: int, limit: int = 3) -> list[EarlierReply]:
    """The shop's own public replies to the earlier mentions most like post ``post_n``, best
    first, one per distinct reply; none from the post's own conversation, and never a DM (a
    private answer may hold an address or an order number)."""
    row = db.execute(
        "SELECT text, conversation_id FROM posts WHERE n = ? AND is_shop = 0", [post_n]
    ).fetchone()
    if row is None:
        return []
    text, conversation_id = row
    words = _terms(text)
    terms = _rarest_terms(db, words)
    if not terms:
        return []
    needed = min(_MIN_SHARED, len(terms))
    # Any two of them together: the index itself keeps out posts that share one word only, so
    # bm25 ranks a few hundred posts instead of every post with a common word.
    match = (
        " OR ".join(f'("{a}" AND "{b}")' for a, b in itertools.combinations(terms, 2))
        or f'"{terms[0]}"'
    )
    # The search index ranks its own matches (bm25, in C, without a join); the best few hundred
    # are then read by row key and kept if the shop answered them.
    ranked = db.execute(
        "SELECT rowid, rank FROM posts_fts WHERE posts_fts MATCH ? ORDER BY rank LIMIT ?",
        [match, _CANDIDATES],
    ).fetchall()
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    rows = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT m.n, m.text, pe.handle, ("
            "SELECT r.text || char(0) || r.created_at FROM posts r"
            " WHERE r.in_reply_to_id = m.id AND r.is_shop = 1 AND r.channel = 'public'"
            " ORDER BY r.created_at LIMIT 1)"
            " FROM posts m JOIN people pe ON pe.id = m.author_id"
            f" WHERE m.n IN ({marks}) AND +m.is_shop = 0 AND +m.conversation_id != ?"
            " AND +m.channel = 'public'",
            [*(n for n, _ in ranked), conversation_id],
        ).fetchall()
    }
    found: list[EarlierReply] = []
    seen: set[str] = set()
    best = None
    for n, score in ranked:
        row = rows.get(n)
        if row is None or row[2] is None:
            continue  # the shop's own post, this thread, or not answered
        best = score if best is None else best
        if score > best * _WEAKEST:  # bm25 is negative: the closer to 0, the weaker the match
            break
        mention_text, handle, answer = row
        theirs = set(_terms(mention_text))
        shared = tuple(t for t in words if t in theirs)  # every word in common, for the tip
        if sum(t in theirs for t in terms) < needed:
            continue
        reply_text, replied_at = answer.split("\0", 1)
        key = " ".join(reply_text.split()).lower()
        if key in seen:
            continue
        seen.add(key)
        reusable = _LEADING_HANDLES.sub("", reply_text) or reply_text  # not to that customer again
        found.append(EarlierReply(n, handle, mention_text, reusable, from_db(replied_at), shared))
        if len(found) >= limit:
            break
    return found


def _terms(text: str) -> list[str]:
    """The words of a post that can say what it is about, as the search index spells them:
    lower case, accents off; no handles, links, numbers or common words."""
    text = _LINK.sub(" ", _HANDLE.sub(" ", text))
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )
    out: list[str] = []
    for word in _WORD.findall(plain):
        if len(word) < 3 or word.isdigit() or word in _STOPWORDS or word in out:
            continue
        out.append(word)
    return out


def _rarest_terms(db, terms: list[str]) -> list[str]:
    """The post's words that other posts use too, rarest first (the ones that say most)."""
    if not terms:
        return []
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.posts_fts_words USING fts5vocab(main, posts_fts, row)"
    )
    counted = []
    for term in terms[:40]:
        row = db.execute("SELECT doc FROM temp.posts_fts_words WHERE term = ?", [term]).fetchone()
        if row is not None and row[0] >= 2:  # the post itself is one
            counted.append((row[0], term))
    counted.sort()
    return [term for _, term in counted[:_TERMS_ASKED]]
