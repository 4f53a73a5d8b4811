"""Everything Kindly needs for one database, built once by main.py and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.clock import Clock, SystemClock
from app.services.customers import Customers
from app.services.followups import FollowUps, Reminders
from app.services.drafting import Drafting
from app.services.inbox import Inbox
from app.services.search import Search
from app.storage.database import close_database, open_database
from app.storage.drafts import Drafts
from app.storage.messages import Messages
from app.storage.migrations import migrations
from app.storage.people import People
from app.storage.people_list import PeopleList
from app.storage.posts import Posts
from app.storage.promises import Promises
from app.storage.shop import SettingsStore, ShopStore
from app.storage.stats import StatsStore
from app.storage.templates import Templates


@dataclass
class Workspace:
    path: Path | None
    db: Database
    clock: Clock
    shop: ShopStore
    settings: SettingsStore
    posts: Posts
    people: People
    messages: Messages
    promises: Promises
    inbox: Inbox
    followups: FollowUps
    reminders: Reminders
    drafts: Drafts
    templates: Templates
    drafting: Drafting
    people_list: PeopleList  # the People page: lists, fans, strikes
    customers: Customers  # contact, strikes, troll policy, forget a person
    stats: StatsStore  # first-response times and the weekly figures
    search: Search  # search counts, saved searches

    def close(self) -> None:
        close_database(self.db)


def open_workspace(path: Path | str | None, clock: Clock | None = None) -> Workspace:
    """Open the database at ``path`` (None: in memory) and build the repositories over it."""
    clock = clock or SystemClock()
    db = open_database(path)
    return build_workspace(db, Path(path) if path else None, clock)


def needs_update(path: Path | str) -> bool:
    """Whether opening the existing database at ``path`` first brings it up to date for this
    version of Kindly: a backup, then the schema's changes (at a million mentions, up to a
    minute, e.g. when the search index is made again)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    db = open_database(path, migrate=False)
    try:
        return bool(migrations.applied(db)) and bool(migrations.pending(db))
    finally:
        db.close()


def bring_up_to_date(path: Path | str) -> None:
    """Open the database at ``path`` once, so its backup and schema changes are done, and close
    it: callable from a thread of its own, the connection never leaves it."""
    close_database(open_database(path))


def open_connection(path: Path | str) -> Database:
    """One more connection to the workspace's file, for a worker thread: a sqlite3 connection
    belongs to the thread that opened it (WAL lets the window read while the worker writes)."""
    return open_database(path)


def build_workspace(db: Database, path: Path | None, clock: Clock) -> Workspace:
    shop = ShopStore(db)
    posts = Posts(db)
    people = People(db)
    settings = SettingsStore(db)
    inbox = Inbox(db, posts, people, shop, clock)
    messages = Messages(db, inbox.triage)
    promises = Promises(db)
    followups = FollowUps(db, promises, messages, people, shop, settings, clock)
    reminders = Reminders(db, promises, followups, settings, clock)
    drafts = Drafts(db)
    drafting = Drafting(
        db, drafts, posts, people, messages, shop, settings, clock, inbox.shop_person_id
    )
    # A sent reply that hands off to DM (or promises an e-mail) opens its follow-up.
    drafting.on_sent.append(
        lambda draft, _post: followups.reply_sent(
            draft.text, draft.channel, draft.post_id, draft.sent_at
        )
    )
    people_list = PeopleList(db)
    return Workspace(
        path=path,
        db=db,
        clock=clock,
        shop=shop,
        settings=settings,
        posts=posts,
        people=people,
        messages=messages,
        promises=promises,
        inbox=inbox,
        followups=followups,
        reminders=reminders,
        drafts=drafts,
        templates=Templates(db),
        drafting=drafting,
        people_list=people_list,
        customers=Customers(db, people_list, settings, clock, inbox),
        stats=StatsStore(db),
        search=Search(db, posts, clock),
    )
