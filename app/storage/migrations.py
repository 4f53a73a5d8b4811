"""Kindly's schema, as append-only migrations. Never edit one that has shipped: add a new one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# Written into the SQLite header so Kindly can tell its own files from any other SQLite file.
KINDLY_APPLICATION_ID = 0x4B4E4459  # "KNDY"

migrations = Migrations("kindly")


@migrations(name="0001_wal_and_identity", transactional=False)
def wal_and_identity(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {KINDLY_APPLICATION_ID}")
    if not db.memory:
        db.execute("PRAGMA journal_mode = WAL")


@migrations(name="0002_core_tables")
def core_tables(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE shop (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT '',
            handle TEXT NOT NULL DEFAULT '',
            user_id TEXT,
            signature TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            voice TEXT NOT NULL DEFAULT '',
            is_demo INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("INSERT INTO shop (id) VALUES (1)")
    db.execute(
        """
        CREATE TABLE people (
            id TEXT PRIMARY KEY,
            handle TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            profile_image_url TEXT,
            notes TEXT NOT NULL DEFAULT '',
            muted INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            preferred_channel TEXT,
            contact_address TEXT,
            first_seen_at TEXT,
            raw_json TEXT
        )"""
    )
    db.execute("CREATE INDEX people_handle ON people (handle COLLATE NOCASE)")
    # Customer mentions and the shop's own replies share one table: a thread reads in one query.
    # `n` is a stable integer key for the search index and for keyset paging; `id` is X's id.
    db.execute(
        """
        CREATE TABLE posts (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            conversation_id TEXT NOT NULL,
            in_reply_to_id TEXT,
            author_id TEXT NOT NULL REFERENCES people(id),
            is_shop INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            kind TEXT,
            kind_reason TEXT,
            kind_by_owner INTEGER NOT NULL DEFAULT 0,
            status TEXT CHECK (status IN ('open', 'waiting', 'resolved')),
            author_muted INTEGER NOT NULL DEFAULT 0,
            hidden INTEGER GENERATED ALWAYS AS (kind = 'troll' OR author_muted = 1) VIRTUAL,
            priority INTEGER GENERATED ALWAYS AS
                (CASE WHEN kind IN ('complaint', 'question') THEN 0 ELSE 1 END) VIRTUAL,
            source TEXT NOT NULL,
            url TEXT,
            raw_json TEXT,
            CHECK ((is_shop = 1) = (status IS NULL))
        )"""
    )
    # One index per inbox filter, in that filter's sort order, so every page is an index range.
    db.execute(
        "CREATE INDEX posts_needs_reply ON posts (status, hidden, priority, created_at, n)"
        " WHERE is_shop = 0"
    )
    db.execute(
        "CREATE INDEX posts_by_status ON posts (status, hidden, created_at, n) WHERE is_shop = 0"
    )
    db.execute(
        "CREATE INDEX posts_by_kind ON posts (kind, hidden, created_at, n) WHERE is_shop = 0"
    )
    db.execute("CREATE INDEX posts_by_hidden ON posts (hidden, created_at, n) WHERE is_shop = 0")
    db.execute("CREATE INDEX posts_all ON posts (is_shop, created_at, n)")
    db.execute("CREATE INDEX posts_conversation ON posts (conversation_id, created_at)")
    db.execute("CREATE INDEX posts_reply_to ON posts (in_reply_to_id)")
    db.execute("CREATE INDEX posts_author ON posts (author_id, created_at)")
    db.table("posts").enable_fts(
        ["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    db.execute(
        """
        CREATE TABLE direct_messages (
            id TEXT PRIMARY KEY,
            conversation_id TEXT,
            sender_id TEXT NOT NULL REFERENCES people(id),
            recipient_id TEXT NOT NULL REFERENCES people(id),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source TEXT NOT NULL,
            raw_json TEXT
        )"""
    )
    db.execute("CREATE INDEX dms_sender ON direct_messages (sender_id, created_at)")
    db.execute("CREATE INDEX dms_recipient ON direct_messages (recipient_id, created_at)")
    db.execute(
        """
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            post_id TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL DEFAULT 'public' CHECK (channel IN ('public', 'dm')),
            text TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'draft'
                CHECK (state IN ('draft', 'ready', 'sending', 'sent', 'failed')),
            failure TEXT,
            resolve_on_send INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            sent_at TEXT,
            sent_post_id TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE promises (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('awaiting_dm', 'email_owed')),
            person_id TEXT NOT NULL REFERENCES people(id),
            conversation_id TEXT,
            post_id TEXT,
            email TEXT,
            note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'closed')),
            created_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            snoozed_until TEXT,
            done_at TEXT,
            close_reason TEXT
        )"""
    )
    db.execute("CREATE INDEX promises_open ON promises (status, due_at)")
    db.execute("CREATE INDEX promises_person ON promises (person_id)")
    db.execute(
        """
        CREATE TABLE templates (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            body TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations(name="0003_starter_templates_and_review")
def starter_templates_and_review(db: Database) -> None:
    # The review queue and the outbox read drafts by state, newest change last.
    db.execute("CREATE INDEX drafts_state ON drafts (state, updated_at)")
    # Where a draft was before "sending", so "No, it did not post" puts it back there.
    db.execute("ALTER TABLE drafts ADD COLUMN state_before_sending TEXT")
    # The starter templates, in the shop's voice; the owner edits, reorders or deletes them.
    starters = [
        (
            "Sorry — a problem",
            "Oh no, {first_name}, we're so sorry to hear that! That's not the experience we want "
            "for you. We'll make it right. {signature}",
        ),
        ("DM hand-off", "So sorry! Could you DM us your e-mail so we can make this right?"),
        ("Thanks for the love", "Thank you so much, {first_name}! This made our day at {shop} 💛"),
        (
            "Shipping times",
            "Great question! Orders leave us within 2 working days; tracking comes by e-mail as "
            "soon as yours ships. {signature}",
        ),
        (
            "Troll policy",
            "We're happy to talk about any problem with an order. We don't answer insults, and "
            "accounts that keep posting them are blocked, as our policy says.",
        ),
        ("All sorted", "All sorted by email — thanks for your patience!"),
        (
            "Order update",
            "Thanks for waiting, {first_name}! Order {order_number} is on its way: {tracking_link}",
        ),
    ]
    start = db.execute("SELECT coalesce(max(position), -1) + 1 FROM templates").fetchone()[0]
    for offset, (name, body) in enumerate(starters):
        db.execute(
            "INSERT INTO templates (name, body, position) VALUES (?, ?, ?)",
            [name, body, start + offset],
        )


@migrations(name="0007_x_connection")
def x_connection(db: Database) -> None:
    # The persistent outbox: a reply or DM handed to X. The attempt is written (and committed)
    # before the call, so after a crash or an ambiguous failure Kindly checks X first and never
    # posts twice. `draft_id` ties it to the composer's draft.
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('reply', 'dm')),
            text TEXT NOT NULL,
            in_reply_to_id TEXT,
            participant_id TEXT,
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'attempting', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            queued_at TEXT NOT NULL,
            attempt_started_at TEXT,
            next_try_at TEXT,
            sent_id TEXT,
            sent_at TEXT,
            error TEXT,
            refused INTEGER NOT NULL DEFAULT 0,
            CHECK ((kind = 'reply') = (in_reply_to_id IS NOT NULL)),
            CHECK ((kind = 'dm') = (participant_id IS NOT NULL))
        )"""
    )
    db.execute("CREATE INDEX outbox_state ON outbox (state, next_try_at)")
    # Billable X API use per calendar month (UTC), per kind of resource, for the cost meter.
    db.execute(
        """
        CREATE TABLE x_usage (
            month TEXT NOT NULL,
            kind TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (month, kind)
        )"""
    )


@migrations(name="0005_strikes_and_response_index")
def strikes_and_response_index(db: Database) -> None:
    # Strikes against a person, each with the owner's reason and the date: the troll policy
    # applied the same way every time, and the suggestion to mute at `strikes_before_mute`.
    db.execute(
        """
        CREATE TABLE strikes (
            id INTEGER PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES people(id),
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX strikes_person ON strikes (person_id, created_at)")
    # First response time: the earliest shop reply to each mention is one index seek.
    db.execute(
        "CREATE INDEX posts_shop_replies ON posts (in_reply_to_id, created_at) WHERE is_shop = 1"
    )


@migrations(name="0004_followups")
def followups(db: Database) -> None:
    # The DM a follow-up shows (the one awaited, or the one that gave the address).
    db.execute("ALTER TABLE promises ADD COLUMN dm_id TEXT")
    db.execute("CREATE INDEX promises_post ON promises (post_id)")
    # Every reminder that fired, once per rule per promise, so a restart never repeats one.
    db.execute(
        """
        CREATE TABLE reminders_fired (
            promise_id INTEGER NOT NULL REFERENCES promises(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            rule TEXT NOT NULL,
            scheduled_at TEXT NOT NULL,
            fired_at TEXT NOT NULL,
            PRIMARY KEY (promise_id, key)
        )"""
    )
    db.execute("CREATE INDEX reminders_fired_latest ON reminders_fired (promise_id, fired_at)")


# What each inbox filter counts, for the counters below. Frozen with this migration: a later
# change to a filter adds a migration that rebuilds the triggers and the counts.
_COUNTED_0008 = {
    "needs_reply": "{p}.status = 'open' AND {p}.hidden = 0",
    "waiting": "{p}.status = 'waiting' AND {p}.hidden = 0",
    "praise": "{p}.kind = 'praise' AND {p}.hidden = 0",
    "trolls": "{p}.hidden = 1",
    "resolved": "{p}.status = 'resolved' AND {p}.hidden = 0",
    "all_posts": "1",
}


@migrations(name="0008_inbox_counts")
def inbox_counts(db: Database) -> None:
    # The inbox's filter counts, kept by triggers in the same transaction as every change to a
    # post, so reading them costs one row instead of a count(*) over a million mentions (at
    # start-up and after every change). NULLs count as "no", as they do in the filters' WHERE.
    columns = ", ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in _COUNTED_0008)
    db.execute(f"CREATE TABLE inbox_counts (id INTEGER PRIMARY KEY CHECK (id = 1), {columns})")
    db.execute("INSERT INTO inbox_counts (id) VALUES (1)")

    def delta(row: str, sign: str) -> str:
        return ", ".join(
            f"{name} = {name} {sign} ifnull(({where.format(p=row)}), 0)"
            for name, where in _COUNTED_0008.items()
        )

    db.execute(
        "CREATE TRIGGER posts_counts_insert AFTER INSERT ON posts WHEN NEW.is_shop = 0 BEGIN"
        f" UPDATE inbox_counts SET {delta('NEW', '+')} WHERE id = 1; END"
    )
    db.execute(
        "CREATE TRIGGER posts_counts_delete AFTER DELETE ON posts WHEN OLD.is_shop = 0 BEGIN"
        f" UPDATE inbox_counts SET {delta('OLD', '-')} WHERE id = 1; END"
    )
    db.execute(
        "CREATE TRIGGER posts_counts_update AFTER UPDATE OF status, kind, author_muted, is_shop"
        " ON posts WHEN OLD.is_shop = 0 OR NEW.is_shop = 0 BEGIN"
        f" UPDATE inbox_counts SET {delta('OLD', '-')} WHERE id = 1 AND OLD.is_shop = 0;"
        f" UPDATE inbox_counts SET {delta('NEW', '+')} WHERE id = 1 AND NEW.is_shop = 0; END"
    )
    sums = ", ".join(
        f"{name} = (SELECT count(*) FROM posts p WHERE p.is_shop = 0 AND {where.format(p='p')})"
        for name, where in _COUNTED_0008.items()
    )
    db.execute(f"UPDATE inbox_counts SET {sums} WHERE id = 1")
    # The People page's fans and trolls: a person's praise, complaints and troll posts are one
    # index range instead of a pass over every post.
    db.execute(
        "CREATE INDEX posts_author_kind ON posts (author_id, kind, status) WHERE is_shop = 0"
    )
    db.execute("CREATE INDEX posts_kind_author ON posts (kind, author_id) WHERE is_shop = 0")


@migrations(name="0008_triage_backlog")
def triage_backlog(db: Database) -> None:
    # Mentions an import left for triage after its commit (kind 'other', no reason yet): the
    # backlog finds them, newest first, without reading the other million.
    db.execute("CREATE INDEX posts_unsorted ON posts (n) WHERE is_shop = 0 AND kind_reason IS NULL")


@migrations(name="0009_search_index_follows_text")
def search_index_follows_text(db: Database) -> None:
    # The search index holds a post's text under its row key; only a change to one of those two
    # needs it re-indexed. Before this, every UPDATE of posts (a status, a kind, a mute) took the
    # post out of the index and put it back, which cost an import most of its final status pass.
    db.execute("DROP TRIGGER posts_au")
    db.execute(
        'CREATE TRIGGER "posts_au" AFTER UPDATE OF "text", n ON "posts" BEGIN\n'
        '  INSERT INTO "posts_fts" ("posts_fts", rowid, "text")'
        " VALUES('delete', old.rowid, old.\"text\");\n"
        '  INSERT INTO "posts_fts" (rowid, "text") VALUES (new.rowid, new."text");\n'
        "END"
    )


@migrations(name="0010_owner_corrections")
def owner_corrections(db: Database) -> None:
    # Triage learns from the kinds the owner corrected: it reads them on every new mention, so
    # they get an index of their own instead of a scan of every post.
    db.execute("CREATE INDEX posts_by_owner ON posts (n) WHERE kind_by_owner = 1 AND is_shop = 0")


@migrations(name="0011_x_first_attempt_and_billed_resources")
def x_first_attempt_and_billed_resources(db: Database) -> None:
    # When an outbox item was first tried: after a long back-off, the reply is looked for on X from
    # there, not from the latest attempt (which may be hours later).
    db.execute("ALTER TABLE outbox ADD COLUMN first_attempt_at TEXT")
    db.execute("UPDATE outbox SET first_attempt_at = attempt_started_at")
    # X bills a resource (a post, a profile, a DM event) once per UTC day however often it is read:
    # the cost meter counts a resource id once per day and kind.
    db.execute(
        """
        CREATE TABLE x_billed (
            day TEXT NOT NULL,
            kind TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            PRIMARY KEY (day, kind, resource_id)
        )"""
    )


@migrations(name="0012_shop_phone_and_owner_name")
def shop_phone_and_owner_name(db: Database) -> None:
    # Set once at the first start: templates fill the owner's first name, and the shop's own phone
    # is fine in a public reply.
    db.execute("ALTER TABLE shop ADD COLUMN phone TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE shop ADD COLUMN owner_name TEXT NOT NULL DEFAULT ''")


ORDER_UPDATE_BEFORE = (
    "Thanks for waiting, {first_name}! Order {order_number} is on its way: {tracking_link}"
)
ORDER_UPDATE_AFTER = "Thanks for waiting, {first_name}! Your order is on its way: {tracking_link}"


@migrations(name="0013_order_update_without_order_number")
def order_update_without_order_number(db: Database) -> None:
    # The shipped "Order update" put the order number in a public reply, which the privacy check
    # rightly flags (anyone can quote it to the shop as the customer). The customer knows which
    # order is theirs, and the tracking link says the rest. Only the untouched starter changes.
    db.execute(
        "UPDATE templates SET body = ? WHERE name = 'Order update' AND body = ?",
        [ORDER_UPDATE_AFTER, ORDER_UPDATE_BEFORE],
    )


# What each filter counts as unread, for the counters below: the 0008 columns, each also counted
# among the unread. A filter added later has no unread count unless a migration adds one.
_COUNTED_0014 = {
    **_COUNTED_0008,
    **{f"{name}_unread": f"{where} AND {{p}}.unread = 1" for name, where in _COUNTED_0008.items()},
}


@migrations(name="0014_unread_mentions")
def unread_mentions(db: Database) -> None:
    # A mention is unread until the owner opens it. Every post already stored counts as read (the
    # column's default, so adding it rewrites nothing at a million rows); new mentions are stored
    # unread by whoever adds them. The partial index holds only the unread, so "mark all read"
    # and the unread counts cost what is unread, not the whole inbox.
    db.execute("ALTER TABLE posts ADD COLUMN unread INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX posts_unread ON posts (n) WHERE unread = 1 AND is_shop = 0")
    for name in _COUNTED_0014:
        if name not in _COUNTED_0008:
            db.execute(f"ALTER TABLE inbox_counts ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0")

    def delta(row: str, sign: str) -> str:
        return ", ".join(
            f"{name} = {name} {sign} ifnull(({where.format(p=row)}), 0)"
            for name, where in _COUNTED_0014.items()
        )

    for name in ("posts_counts_insert", "posts_counts_delete", "posts_counts_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute(
        "CREATE TRIGGER posts_counts_insert AFTER INSERT ON posts WHEN NEW.is_shop = 0 BEGIN"
        f" UPDATE inbox_counts SET {delta('NEW', '+')} WHERE id = 1; END"
    )
    db.execute(
        "CREATE TRIGGER posts_counts_delete AFTER DELETE ON posts WHEN OLD.is_shop = 0 BEGIN"
        f" UPDATE inbox_counts SET {delta('OLD', '-')} WHERE id = 1; END"
    )
    db.execute(
        "CREATE TRIGGER posts_counts_update AFTER UPDATE OF status, kind, author_muted, is_shop,"
        " unread ON posts WHEN OLD.is_shop = 0 OR NEW.is_shop = 0 BEGIN"
        f" UPDATE inbox_counts SET {delta('OLD', '-')} WHERE id = 1 AND OLD.is_shop = 0;"
        f" UPDATE inbox_counts SET {delta('NEW', '+')} WHERE id = 1 AND NEW.is_shop = 0; END"
    )


# Who the shop is among the people, as 0015 found it: its X account, or anyone with its handle
# (the shop's own replies are stored under ``People.ensure(shop.handle or "shop", person_id=...)``).
_SHOP_PERSON_0015 = (
    "(SELECT pe.id FROM people pe, shop s WHERE pe.id = s.user_id"
    " OR pe.handle = (CASE WHEN s.handle != '' THEN s.handle ELSE 'shop' END) COLLATE NOCASE)"
)


@migrations(name="0015_dms_in_the_inbox")
def dms_in_the_inbox(db: Database) -> None:
    # A DM is a post of channel 'dm' in the conversation 'dm:<customer id>' as well as a row of
    # direct_messages (which stays the DMs' own record: raw JSON, recipient, follow-ups). So a DM
    # is listed, counted, searched, answered, reviewed and sent by the paths mentions already
    # take, and a DM thread reads in one query like any thread.
    db.execute(
        "ALTER TABLE posts ADD COLUMN channel TEXT NOT NULL DEFAULT 'public'"
        " CHECK (channel IN ('public', 'dm'))"
    )
    db.execute(
        "CREATE INDEX posts_dms ON posts (hidden, created_at, n) WHERE is_shop = 0 AND channel = 'dm'"
    )
    db.execute("ALTER TABLE inbox_counts ADD COLUMN dms INTEGER NOT NULL DEFAULT 0")
    listed = "({p}.is_shop = 0 AND {p}.channel = 'dm' AND {p}.hidden = 0)"
    new, old = listed.format(p="NEW"), listed.format(p="OLD")
    db.execute(
        f"CREATE TRIGGER posts_dms_insert AFTER INSERT ON posts WHEN {new} BEGIN"
        " UPDATE inbox_counts SET dms = dms + 1 WHERE id = 1; END"
    )
    db.execute(
        f"CREATE TRIGGER posts_dms_delete AFTER DELETE ON posts WHEN {old} BEGIN"
        " UPDATE inbox_counts SET dms = dms - 1 WHERE id = 1; END"
    )
    db.execute(
        "CREATE TRIGGER posts_dms_update AFTER UPDATE OF kind, author_muted, is_shop, channel"
        f" ON posts WHEN {old} != {new} BEGIN"
        f" UPDATE inbox_counts SET dms = dms - {old} + {new} WHERE id = 1; END"
    )
    # The DMs already stored come in: a customer's DM is open unless the shop wrote after it
    # (then it is resolved: it was answered before the inbox showed DMs). Their kind is left to
    # the triage backlog (kind 'other', no reason yet), which sorts them after start-up.
    shop = f"(d.sender_id IN {_SHOP_PERSON_0015})"
    customer = f"(CASE WHEN {shop} THEN d.recipient_id ELSE d.sender_id END)"
    answered = (
        "EXISTS (SELECT 1 FROM direct_messages a WHERE a.recipient_id = d.sender_id"
        " AND a.created_at > d.created_at)"
    )
    db.execute(
        "INSERT OR IGNORE INTO posts (id, conversation_id, in_reply_to_id, author_id, is_shop, text,"
        " created_at, kind, kind_reason, status, source, author_muted, channel)"
        f" SELECT 'dm:' || d.id, 'dm:' || {customer}, NULL, d.sender_id, {shop}, d.text,"
        f" d.created_at, CASE WHEN {shop} THEN NULL ELSE 'other' END, NULL,"
        f" CASE WHEN {shop} THEN NULL WHEN {answered} THEN 'resolved' ELSE 'open' END,"
        " d.source, coalesce((SELECT muted FROM people WHERE id = d.sender_id), 0), 'dm'"
        " FROM direct_messages d ORDER BY d.created_at, d.id"
    )


@migrations(name="0016_saved_searches")
def saved_searches(db: Database) -> None:
    # Searches the owner keeps in the navigation, in the order they were saved.
    db.execute(
        """
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            query TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


@migrations(name="0017_resolved_at")
def resolved_at(db: Database) -> None:
    # When a mention was resolved, for the Stats page's time to resolve. Every write path that
    # resolves (one, many, from a sync) is covered by the trigger; a path that knows the moment
    # (an injected clock, an import) sets resolved_at itself in the same UPDATE and is left alone.
    db.execute("ALTER TABLE posts ADD COLUMN resolved_at TEXT")
    db.execute(
        """CREATE TRIGGER posts_resolved_at AFTER UPDATE OF status ON posts
        WHEN NEW.status = 'resolved' AND OLD.status IS NOT 'resolved'
             AND NEW.resolved_at IS OLD.resolved_at
        BEGIN
            UPDATE posts SET resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE n = NEW.n;
        END"""
    )
    db.execute(
        """CREATE TRIGGER posts_reopened AFTER UPDATE OF status ON posts
        WHEN NEW.status IS NOT 'resolved' AND OLD.status = 'resolved'
        BEGIN
            UPDATE posts SET resolved_at = NULL WHERE n = NEW.n;
        END"""
    )
    # Mentions resolved before this: the shop's last reply in the thread is the best estimate
    # there is (none: the time stays unknown and the mention is not timed).
    db.execute(
        """UPDATE posts SET resolved_at = (
            SELECT max(r.created_at) FROM posts r
            WHERE r.conversation_id = posts.conversation_id AND r.is_shop = 1
              AND r.created_at >= posts.created_at)
        WHERE is_shop = 0 AND status = 'resolved'"""
    )


@migrations(name="0018_posts_by_day")
def posts_by_day(db: Database) -> None:
    # For each UTC day, the highest row key of a post written that day. A search with words and
    # before: reads the search index newest first, so it had to pass every newer match (30 ms at
    # a million mentions for an old date); the largest row key of the days up to the date is a
    # bound the index can seek to. A deleted post leaves its day's figure as it was: the bound is
    # then loose, never wrong. Bulk loads lift the insert trigger and catch up at the end.
    db.execute(
        "CREATE TABLE posts_by_day (day TEXT PRIMARY KEY, max_n INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO posts_by_day (day, max_n)"
        " SELECT substr(created_at, 1, 10), max(n) FROM posts GROUP BY 1"
    )
    upsert = (
        "INSERT INTO posts_by_day (day, max_n) VALUES (substr(NEW.created_at, 1, 10), NEW.n)"
        " ON CONFLICT (day) DO UPDATE SET max_n = max(max_n, excluded.max_n)"
    )
    db.execute(f"CREATE TRIGGER posts_by_day_insert AFTER INSERT ON posts BEGIN {upsert}; END")
    db.execute(
        f"CREATE TRIGGER posts_by_day_update AFTER UPDATE OF created_at ON posts BEGIN {upsert}; END"
    )


@migrations(name="0019_posts_by_kind_and_status")
def posts_by_kind_and_status(db: Database) -> None:
    # A search for a kind in a state (kind:troll is:open, kind:question is:waiting) read one of
    # the two alone and checked the other on every row: all the open posts for a few open
    # trolls (10 ms at a million mentions). Both together are one range here.
    db.execute(
        "CREATE INDEX posts_by_kind_status ON posts (kind, status, hidden, created_at, n)"
        " WHERE is_shop = 0"
    )


@migrations(name="0020_dms_unread")
def dms_unread(db: Database) -> None:
    # The DMs filter's new ones, kept by triggers like every other filter's (0014): counting
    # them on demand at each refresh cost a look at every DM the shop ever had.
    db.execute("ALTER TABLE inbox_counts ADD COLUMN dms_unread INTEGER NOT NULL DEFAULT 0")
    listed = "({p}.is_shop = 0 AND {p}.channel = 'dm' AND {p}.hidden = 0 AND {p}.unread = 1)"
    new, old = listed.format(p="NEW"), listed.format(p="OLD")
    db.execute(
        f"CREATE TRIGGER posts_dms_unread_insert AFTER INSERT ON posts WHEN {new} BEGIN"
        " UPDATE inbox_counts SET dms_unread = dms_unread + 1 WHERE id = 1; END"
    )
    db.execute(
        f"CREATE TRIGGER posts_dms_unread_delete AFTER DELETE ON posts WHEN {old} BEGIN"
        " UPDATE inbox_counts SET dms_unread = dms_unread - 1 WHERE id = 1; END"
    )
    db.execute(
        "CREATE TRIGGER posts_dms_unread_update AFTER UPDATE OF kind, author_muted, is_shop,"
        f" channel, unread ON posts WHEN {old} != {new} BEGIN"
        f" UPDATE inbox_counts SET dms_unread = dms_unread - {old} + {new} WHERE id = 1; END"
    )
    db.execute(
        "UPDATE inbox_counts SET dms_unread = (SELECT count(*) FROM posts p WHERE"
        f" {listed.format(p='p')}) WHERE id = 1"
    )


@migrations(name="0021_search_prefix_index")
def search_prefix_index(db: Database) -> None:
    # The word being typed is searched as the start of a word from four letters on ("help"*).
    # Without a prefix index FTS5 gathers the whole list of posts of every word that starts so
    # before it can give the newest 200 (3-9 ms at a million mentions for "help", "thank",
    # "service"); with one per length from 4 to 8 characters it reads that length's own list
    # newest first and stops at the page (about 0.2 ms). Longer starts match few words and are
    # cheap without one. The option can only be given when the table is created, so the index
    # is made again from the posts' text. The triggers on posts keep writing to it by name.
    db.execute("DROP TABLE posts_fts")
    db.execute(
        'CREATE VIRTUAL TABLE "posts_fts" USING FTS5 ("text",'
        " tokenize='unicode61 remove_diacritics 2', content=\"posts\", prefix='4 5 6 7 8')"
    )
    # Words waiting to be written are kept in up to 16 MB of memory instead of 1 MB: each word
    # now adds up to six entries, and with 1 MB the many small pieces written and merged again
    # doubled the cost of indexing a big import (1.25 million posts: 27 s instead of 12-17 s;
    # 8 s without prefix indexes). Kept in the index's settings, so imports use it too.
    db.execute("INSERT INTO posts_fts (posts_fts, rank) VALUES ('hashsize', 16777216)")
    db.execute("INSERT INTO posts_fts (posts_fts) VALUES ('rebuild')")
