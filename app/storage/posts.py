"""The posts repository: the inbox lists, threads, and every write to a post.

Lists page by keyset (the last row's sort key) from either end, and each filter reads one partial
index in its own order, so a page costs the same at row 100 and at row 1,000,000; OFFSET is left
for a jump into the middle of a list. Each filter's count is one row kept by triggers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlite_utils import Database

from app.domain.models import InboxFilter, InboxRow, NewMention, Picked, Post, Status
from app.domain.search import parse_search
from app.domain.times import from_db, to_db
from app.domain.triage import Triage
from app.domain.triage.kinds import Thread, place_in_thread
from app.storage.picking import Picking
from app.storage.search import pick_search, search_count, search_keys
from app.storage.unreadable import readable


@dataclass(frozen=True)
class _FilterSQL:
    where: str
    order: tuple[tuple[str, str], ...]  # (column, "ASC"/"DESC"); last is always n
    # The index that holds the filter in its order. Named, not left to the planner: its
    # statistics are sampled, and a new index elsewhere once made it read Trolls & spam through
    # the all-posts index instead (25 ms a page at a million mentions, instead of 0.2 ms).
    index: str


_FILTERS: dict[InboxFilter, _FilterSQL] = {
    InboxFilter.NEEDS_REPLY: _FilterSQL(
        "p.is_shop = 0 AND p.status = 'open' AND p.hidden = 0",
        (("priority", "ASC"), ("created_at", "ASC"), ("n", "ASC")),
        "posts_needs_reply",
    ),
    InboxFilter.WAITING: _FilterSQL(
        "p.is_shop = 0 AND p.status = 'waiting' AND p.hidden = 0",
        (("created_at", "DESC"), ("n", "DESC")),
        "posts_by_status",
    ),
    InboxFilter.PRAISE: _FilterSQL(
        "p.is_shop = 0 AND p.kind = 'praise' AND p.hidden = 0",
        (("created_at", "DESC"), ("n", "DESC")),
        "posts_by_kind",
    ),
    InboxFilter.DMS: _FilterSQL(
        "p.is_shop = 0 AND p.channel = 'dm' AND p.hidden = 0",
        (("created_at", "DESC"), ("n", "DESC")),
        "posts_dms",
    ),
    InboxFilter.TROLLS: _FilterSQL(
        "p.is_shop = 0 AND p.hidden = 1",
        (("created_at", "DESC"), ("n", "DESC")),
        "posts_by_hidden",
    ),
    InboxFilter.RESOLVED: _FilterSQL(
        "p.is_shop = 0 AND p.status = 'resolved' AND p.hidden = 0",
        (("created_at", "DESC"), ("n", "DESC")),
        "posts_by_status",
    ),
    InboxFilter.ALL: _FilterSQL(
        "p.is_shop = 0",
        (("created_at", "DESC"), ("n", "DESC")),
        "posts_all",
    ),
}

SortKey = tuple  # the values of a filter's order columns for one row

# The inbox_counts column that holds each filter's count.
_COUNT_COLUMNS = {f: ("all_posts" if f == InboxFilter.ALL else f.value) for f in InboxFilter}
# The filters whose unread mentions are counted too (migrations 0014, 0020), in inbox_counts'
# "<column>_unread".
UNREAD_COUNTED = (
    InboxFilter.NEEDS_REPLY,
    InboxFilter.WAITING,
    InboxFilter.PRAISE,
    InboxFilter.DMS,  # its own triggers (migration 0020)
    InboxFilter.TROLLS,
    InboxFilter.RESOLVED,
    InboxFilter.ALL,
)
_UNREAD_COLUMNS = {f: f"{_COUNT_COLUMNS[f]}_unread" for f in UNREAD_COUNTED}


def rebuild_counts(db) -> None:
    """Count every filter again, row by row, into inbox_counts (after a bulk load that ran
    without the triggers). ``db`` is a sqlite-utils Database or a plain sqlite3 connection."""
    sums = [
        f"{_COUNT_COLUMNS[f]} = (SELECT count(*) FROM posts p WHERE {spec.where})"
        for f, spec in _FILTERS.items()
    ]
    sums += [
        f"{column} = (SELECT count(*) FROM posts p WHERE {_FILTERS[f].where} AND p.unread = 1)"
        for f, column in _UNREAD_COLUMNS.items()
    ]
    db.execute(f"UPDATE inbox_counts SET {', '.join(sums)} WHERE id = 1")


_POST_COLUMNS = (
    "p.n, p.id, p.conversation_id, p.in_reply_to_id, p.author_id, pe.handle, pe.name, p.is_shop,"
    " p.text, p.created_at, p.kind, p.kind_reason, p.kind_by_owner, p.status, p.source, p.url,"
    " p.channel"
)


class Posts(Picking):
    def __init__(self, db: Database):
        self.db = db
        self.zone: tzinfo | None = (
            None  # the owner's days for before:/after: (None: this computer's)
        )

    # ----- reading -------------------------------------------------------------------------

    def page_keys(
        self,
        inbox_filter: InboxFilter,
        search: str = "",
        after: SortKey | None = None,
        limit: int = 200,
        *,
        from_end: bool = False,
        offset: int = 0,
    ) -> list[tuple[int, SortKey]]:
        """``limit`` rows of a list as (n, sort key) pairs, in the list's order.

        From the start: the rows after ``after`` (or the first rows). ``from_end``: the rows
        before ``after`` (or the last rows), so the end of a long list is one index range too.
        ``offset`` skips that many rows first (a jump into the middle; keyset is cheaper).
        A search lists its matches newest first (by row key): the search index is read in that
        order and stops at ``limit``, so a common word costs no more than a rare one.
        """
        spec = _FILTERS[inbox_filter]
        if search:
            return self._search_keys(spec, search, after, limit)
        order = spec.order
        if from_end:
            order = tuple((c, "DESC" if d == "ASC" else "ASC") for c, d in order)
        columns = [column for column, _ in order]
        where = [spec.where]
        params: list = []
        if after is not None:
            where.append(_keyset_condition(order))
            params.extend(after)
        order_sql = ", ".join(f"p.{column} {direction}" for column, direction in order)
        sql = (
            f"SELECT {', '.join('p.' + c for c in columns)} FROM posts p INDEXED BY {spec.index}"
            f" WHERE {' AND '.join(where)} ORDER BY {order_sql} LIMIT ? OFFSET ?"
        )
        params.extend([limit, max(0, offset)])
        rows = self.db.execute(sql, params).fetchall()
        if from_end:
            rows.reverse()
        return [(row[-1], tuple(row)) for row in rows]

    def _search_keys(
        self, spec: _FilterSQL, search: str, after: SortKey | None, limit: int
    ) -> list[tuple[int, SortKey]]:
        return search_keys(self.db, spec.where, parse_search(search), after, limit, self.zone)

    def search_count(self, inbox_filter: InboxFilter, search: str, cap: int = 1000) -> int:
        """How many posts a search finds in a filter, counted up to ``cap`` + 1."""
        spec = _FILTERS[inbox_filter]
        return search_count(self.db, spec.where, parse_search(search), cap, self.zone)

    def inbox_rows(self, ns: list[int]) -> dict[int, InboxRow]:
        """The list's columns for these rows (one query for a whole page)."""
        if not ns:
            return {}
        marks = ",".join("?" * len(ns))
        sql = (
            "SELECT p.n, p.id, pe.handle, pe.name, substr(p.text, 1, 160), p.kind, p.status,"
            " p.created_at, p.conversation_id, p.author_muted, p.unread, p.channel"
            f" FROM posts p JOIN people pe ON pe.id = p.author_id WHERE p.n IN ({marks})"
        )
        rows = self.db.execute(sql, ns).fetchall()
        return {row.n: row for row in readable(rows, _inbox_row, "posts")}

    def count(self, inbox_filter: InboxFilter) -> int:
        """How many posts the filter lists: one row kept by triggers (migration 0008)."""
        return self.counts()[inbox_filter]

    def counts(self) -> dict[InboxFilter, int]:
        row = self.db.execute(
            f"SELECT {', '.join(_COUNT_COLUMNS.values())} FROM inbox_counts WHERE id = 1"
        ).fetchone()
        return dict(zip(_COUNT_COLUMNS, row, strict=True))

    def unread_counts(self) -> dict[InboxFilter, int]:
        """How many of each filter's mentions are unread: one row kept by triggers (0014, and
        0020 for DMs)."""
        row = self.db.execute(
            f"SELECT {', '.join(_UNREAD_COLUMNS.values())} FROM inbox_counts WHERE id = 1"
        ).fetchone()
        return dict(zip(_UNREAD_COLUMNS, row, strict=True))

    def counted_unread(self, inbox_filter: InboxFilter) -> int:
        """The same figure counted row by row (for checks)."""
        spec = _FILTERS[inbox_filter]
        return self.db.execute(
            f"SELECT count(*) FROM posts p WHERE {spec.where} AND p.unread = 1"
        ).fetchone()[0]

    def counted(self, inbox_filter: InboxFilter) -> int:
        """The same figure counted row by row (for checks; costs a pass over the filter)."""
        spec = _FILTERS[inbox_filter]
        return self.db.execute(f"SELECT count(*) FROM posts p WHERE {spec.where}").fetchone()[0]

    def get(self, n: int) -> Post | None:
        row = self.db.execute(
            f"SELECT {_POST_COLUMNS} FROM posts p JOIN people pe ON pe.id = p.author_id"
            " WHERE p.n = ?",
            [n],
        ).fetchone()
        return next(readable([row], _post, "posts"), None) if row else None

    def get_by_id(self, post_id: str) -> Post | None:
        row = self.db.execute(
            f"SELECT {_POST_COLUMNS} FROM posts p JOIN people pe ON pe.id = p.author_id"
            " WHERE p.id = ?",
            [post_id],
        ).fetchone()
        return next(readable([row], _post, "posts"), None) if row else None

    def exists(self, post_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM posts WHERE id = ?", [post_id]).fetchone() is not None

    def thread(self, conversation_id: str) -> list[Post]:
        """Every post of a conversation, oldest first: the customer's and the shop's."""
        rows = self.db.execute(
            f"SELECT {_POST_COLUMNS} FROM posts p JOIN people pe ON pe.id = p.author_id"
            " WHERE p.conversation_id = ? ORDER BY p.created_at, p.n",
            [conversation_id],
        ).fetchall()
        return list(readable(rows, _post, "posts"))

    # ----- writing -------------------------------------------------------------------------

    def add_mention(self, mention: NewMention, author_id: str, triage: Triage) -> int | None:
        """Store a customer's post; None when a post with that id is already in the inbox."""
        if self.exists(mention.id):
            return None
        conversation_id = (
            mention.conversation_id or self._conversation_of(mention.in_reply_to_id) or mention.id
        )
        cursor = self.db.execute(
            "INSERT INTO posts (id, conversation_id, in_reply_to_id, author_id, is_shop, text,"
            " created_at, kind, kind_reason, status, source, url, raw_json, author_muted, unread)"
            " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, 'open', ?, ?, ?,"
            " (SELECT muted FROM people WHERE id = ?), 1)",
            [
                mention.id,
                conversation_id,
                mention.in_reply_to_id,
                author_id,
                mention.text,
                to_db(mention.created_at),
                str(triage.kind),
                triage.reason,
                mention.source,
                mention.url,
                mention.raw_json,
                author_id,
            ],
        )
        return cursor.lastrowid

    def add_shop_reply(
        self,
        post_id: str,
        shop_person_id: str,
        text: str,
        created_at: datetime,
        in_reply_to_id: str | None,
        source: str,
        raw_json: str | None = None,
    ) -> int | None:
        """Store one of the shop's own posts in its thread; None when it is already there."""
        if self.exists(post_id):
            return None
        conversation_id = self._conversation_of(in_reply_to_id) or in_reply_to_id or post_id
        cursor = self.db.execute(
            "INSERT INTO posts (id, conversation_id, in_reply_to_id, author_id, is_shop, text,"
            " created_at, status, source, raw_json) VALUES (?, ?, ?, ?, 1, ?, ?, NULL, ?, ?)",
            [
                post_id,
                conversation_id,
                in_reply_to_id,
                shop_person_id,
                text,
                to_db(created_at),
                source,
                raw_json,
            ],
        )
        return cursor.lastrowid

    def add_dm(
        self,
        message_id: str,
        author_id: str,
        customer_id: str,
        text: str,
        created_at: datetime,
        source: str,
        triage: Triage | None,
    ) -> int | None:
        """A direct message as a post of its DM conversation (``Messages.add`` calls this in the
        same transaction as it stores the DM). ``triage`` None: the shop's own DM, which answers
        the customer's DMs before it (the open ones move to Waiting; one stored after the
        shop's answer waits from the start). None when already there."""
        post_id = dm_post_id(message_id)
        if self.exists(post_id):
            return None
        conversation_id = dm_conversation_id(customer_id)
        if triage is None:
            answered = self.db.execute(
                "SELECT id FROM posts WHERE conversation_id = ? AND is_shop = 0 AND created_at <= ?"
                " ORDER BY created_at DESC, n DESC LIMIT 1",
                [conversation_id, to_db(created_at)],
            ).fetchone()
            cursor = self.db.execute(
                "INSERT INTO posts (id, conversation_id, in_reply_to_id, author_id, is_shop, text,"
                " created_at, status, source, channel) VALUES (?, ?, ?, ?, 1, ?, ?, NULL, ?, 'dm')",
                [
                    post_id,
                    conversation_id,
                    answered[0] if answered else None,
                    author_id,
                    text,
                    to_db(created_at),
                    source,
                ],
            )
            self.db.execute(
                "UPDATE posts SET status = 'waiting' WHERE conversation_id = ? AND is_shop = 0"
                " AND status = 'open' AND created_at <= ?",
                [conversation_id, to_db(created_at)],
            )
            return cursor.lastrowid
        # Already answered when the shop's DM after it came first (X lists DMs newest first, so
        # a read of several pages stores the answer a page before what it answers).
        cursor = self.db.execute(
            "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind,"
            " kind_reason, status, source, author_muted, channel, unread) VALUES (?, ?, ?, 0, ?, ?,"
            " ?, ?, CASE WHEN EXISTS (SELECT 1 FROM posts a WHERE a.conversation_id = ?"
            " AND a.is_shop = 1 AND a.created_at >= ?) THEN 'waiting' ELSE 'open' END,"
            " ?, (SELECT muted FROM people WHERE id = ?), 'dm', 1)",
            [
                post_id,
                conversation_id,
                author_id,
                text,
                to_db(created_at),
                str(triage.kind),
                triage.reason,
                conversation_id,
                to_db(created_at),
                source,
                author_id,
            ],
        )
        return cursor.lastrowid

    def latest_by_channel(self, person_id: str) -> dict[str, tuple[int, int]]:
        """This person's posts per channel ("public", "dm"): (how many, the newest one's n), for
        the links between their mentions and their DM thread."""
        found = {}
        for channel, count in self.db.execute(
            "SELECT channel, count(*) FROM posts WHERE author_id = ? AND +is_shop = 0"
            " GROUP BY channel",
            [person_id],
        ).fetchall():
            newest = self.db.execute(
                "SELECT n FROM posts WHERE author_id = ? AND +is_shop = 0 AND channel = ?"
                " ORDER BY created_at DESC, n DESC LIMIT 1",
                [person_id, channel],
            ).fetchone()
            found[channel] = (count, newest[0])
        return found

    def set_status(self, ns: list[int], status: Status) -> None:
        marks = ",".join("?" * len(ns))
        self.db.execute(
            f"UPDATE posts SET status = ? WHERE is_shop = 0 AND n IN ({marks})",
            [str(status), *ns],
        )

    def resolve_conversation(self, conversation_id: str) -> list[int]:
        """Resolve every customer post still open or waiting in the conversation."""
        ns = [
            row[0]
            for row in self.db.execute(
                "SELECT n FROM posts WHERE conversation_id = ? AND is_shop = 0"
                " AND status IN ('open', 'waiting')",
                [conversation_id],
            ).fetchall()
        ]
        if ns:
            self.set_status(ns, Status.RESOLVED)
        return ns

    def set_kind(self, ns: list[int], kind: str) -> None:
        """The owner's correction: it wins over triage and is kept from then on."""
        marks = ",".join("?" * len(ns))
        self.db.execute(
            "UPDATE posts SET kind = ?, kind_reason = 'set by you', kind_by_owner = 1"
            f" WHERE is_shop = 0 AND n IN ({marks})",
            [kind, *ns],
        )

    def set_author_muted(self, person_id: str, muted: bool) -> None:
        self.db.execute(
            "UPDATE posts SET author_muted = ? WHERE author_id = ?", [int(muted), person_id]
        )

    # ----- many at once (the list's multi-selection; the rest is in picking.py) -----------------

    def pick(self, picked: Picked) -> int:
        """Put the picked mentions' row keys in the temporary table ``picked``; how many."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS picked (n INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM temp.picked")
        spec = _FILTERS[picked.inbox_filter]
        if not picked.whole:
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO temp.picked (n) SELECT n FROM posts WHERE n = ?"
                " AND is_shop = 0",
                [(n,) for n in picked.ns],
            )
        elif picked.search:
            pick_search(self.db, spec.where, parse_search(picked.search), self.zone)
        else:
            self.db.execute(
                f"INSERT INTO temp.picked (n) SELECT p.n FROM posts p WHERE {spec.where}"
            )
        return self.db.execute("SELECT count(*) FROM temp.picked").fetchone()[0]

    def mark_read(self, ns: list[int]) -> list[int]:
        """Mark these mentions read; the ones that were unread."""
        marks = ",".join("?" * len(ns))
        rows = self.db.execute(
            f"UPDATE posts SET unread = 0 WHERE unread = 1 AND is_shop = 0 AND n IN ({marks})"
            " RETURNING n",
            ns,
        ).fetchall()
        return [row[0] for row in rows]

    def place_in_thread(self, in_reply_to_id: str | None) -> Thread | None:
        """Where a post answering ``in_reply_to_id`` sits, for triage (None: not known here)."""
        row = self.db.execute(
            "SELECT is_shop, text FROM posts WHERE id = ?", [in_reply_to_id or ""]
        ).fetchone()
        return place_in_thread(in_reply_to_id, *(row or (None, None)))

    def _conversation_of(self, post_id: str | None) -> str | None:
        if not post_id:
            return None
        row = self.db.execute(
            "SELECT conversation_id FROM posts WHERE id = ?", [post_id]
        ).fetchone()
        return row[0] if row else None


def dm_post_id(message_id: str) -> str:
    """A DM's id among the posts: X's DM event ids and post ids are different series."""
    return f"dm:{message_id}"


def dm_conversation_id(customer_id: str) -> str:
    """The conversation every DM between the shop and this customer is in."""
    return f"dm:{customer_id}"


def _list_time(text: str) -> datetime:
    """``from_db`` for a page of the list or a thread: the stored form is ISO-8601 with 'Z',
    which ``fromisoformat`` reads several times faster than ``strptime``. ValueError or TypeError
    for anything else (``readable`` skips such a row)."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None or len(text) != 20:
        return from_db(text)
    return value


def _keyset_condition(order: tuple[tuple[str, str], ...]) -> str:
    """Rows strictly after the given key, for an ORDER BY whose columns share one direction."""
    directions = {direction for _, direction in order}
    columns = ", ".join(f"p.{column}" for column, _ in order)
    marks = ", ".join("?" * len(order))
    if len(directions) != 1:
        raise ValueError("keyset paging needs one sort direction")
    op = ">" if directions == {"ASC"} else "<"
    return f"({columns}) {op} ({marks})"


def _inbox_row(row: tuple) -> InboxRow:
    return InboxRow(
        n=row[0],
        id=row[1],
        author_handle=row[2],
        author_name=row[3],
        snippet=" ".join(row[4].split()),
        kind=row[5],
        status=row[6],
        created_at=_list_time(row[7]),
        conversation_id=row[8],
        author_muted=bool(row[9]),
        unread=bool(row[10]),
        channel=row[11],
    )


def _post(row: tuple) -> Post:
    return Post(
        n=row[0],
        id=row[1],
        conversation_id=row[2],
        in_reply_to_id=row[3],
        author_id=row[4],
        author_handle=row[5],
        author_name=row[6] or "",
        is_shop=bool(row[7]),
        text=row[8],
        created_at=_list_time(row[9]),
        kind=row[10],
        kind_reason=row[11],
        kind_by_owner=bool(row[12]),
        status=row[13],
        source=row[14],
        url=row[15],
        channel=row[16],
    )
