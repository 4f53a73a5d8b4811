"""The inbox's use cases: add a mention, triage it, resolve, correct, mute, note.

Widgets call these and show the answer; every write goes through a repository, and writes that
touch several tables run in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from datetime import datetime, timedelta
from enum import StrEnum

from app.changes import NOTHING, ChangeKind, Changed, Done, Undo
from app.clock import Clock
from app.domain.links import clean_handle, parse_post_link
from app.domain.models import InboxFilter, InboxRow, NewMention, Picked, Post, PostState, Status
from app.domain.triage import Kind, Thread, Triage, classify
from app.domain.triage.learning import OwnerCorrections
from app.errors import ErrorKind, KindlyError, ValidationError
from app.storage.corrections import Corrections
from app.storage.people import People
from app.storage.posts import Posts, SortKey
from app.storage.shop import ShopStore

MAX_MENTION_CHARS = 25_000  # X's longest posts are 25,000 characters
MAX_NOTES_CHARS = 10_000
# A change names the posts it touched up to this many; beyond, it says "posts" (any), so a bulk
# action on a whole filter does not hand every view a hundred thousand ids.
NAMED_IDS = 2_000


class BulkAction(StrEnum):
    """What the owner can do to many mentions at once (the list's multi-selection)."""

    RESOLVE = "resolve"
    REOPEN = "reopen"
    SET_KIND = "set_kind"
    MUTE = "mute"
    MARK_READ = "mark_read"


class AlreadyInInbox(KindlyError):
    kind = ErrorKind.ALREADY_THERE

    def __init__(self, n: int):
        super().__init__("This post is already in your inbox.")
        self.n = n


@dataclass(frozen=True)
class HandEntry:
    link: str
    handle: str
    text: str
    posted_at: datetime | None


class Inbox:
    def __init__(self, db, posts: Posts, people: People, shop: ShopStore, clock: Clock):
        self.db = db
        self.posts = posts
        self.people = people
        self.shop = shop
        self.clock = clock
        self._learned: OwnerCorrections | None = None  # read again after each correction

    # ----- adding ----------------------------------------------------------------------------

    def triage(self, text: str, thread: Thread | None = None) -> Triage:
        """What kind a mention or a DM is: the rules and the model (beside the post's place in
        its thread, when known), then what the owner's corrections teach."""
        return self.learned().apply(text, classify(text, thread=thread))

    def add_mention(self, mention: NewMention) -> int | None:
        """Triage and store a mention from any source; None if it was already in the inbox."""
        triage = self.triage(mention.text, self.posts.place_in_thread(mention.in_reply_to_id))
        with self.db.atomic():
            author_id = self.people.ensure(
                mention.author_handle,
                person_id=mention.author_id,
                name=mention.author_name,
                seen_at=mention.created_at,
            )
            return self.posts.add_mention(mention, author_id, triage)

    def validate_hand_entry(self, entry: HandEntry) -> NewMention:
        """Check what the owner typed; raise ValidationError naming the field that is wrong."""
        link = parse_post_link(entry.link)
        if link is None:
            raise ValidationError(
                "Paste the link of one post, like https://x.com/name/status/123…", "link"
            )
        typed = entry.handle.strip()
        handle = clean_handle(typed) if typed else link.handle
        if typed and handle is None:
            raise ValidationError(
                "A handle has 1–15 letters, digits or underscores, like @maya_k.", "handle"
            )
        if handle is None:
            raise ValidationError("Who wrote it? Type their @handle.", "handle")
        if link.handle and link.handle.lower() != handle.lower():
            raise ValidationError(f"The link belongs to @{link.handle}, not @{handle}.", "handle")
        shop = self.shop.get()
        if shop.handle and handle.lower() == shop.handle.lower():
            raise ValidationError("That is the shop's own post, not a mention.", "handle")
        text = entry.text.strip()
        if not text:
            raise ValidationError("Paste what they wrote.", "text")
        if len(text) > MAX_MENTION_CHARS:
            raise ValidationError(
                f"That is longer than any post on X ({MAX_MENTION_CHARS:,} characters).", "text"
            )
        now = self.clock.now()
        posted_at = entry.posted_at or now
        if posted_at > now + timedelta(minutes=1):
            raise ValidationError("That time is in the future.", "time")
        existing = self.posts.get_by_id(link.post_id)
        if existing is not None:
            raise AlreadyInInbox(existing.n)
        return NewMention(
            id=link.post_id,
            author_handle=handle,
            text=text,
            created_at=posted_at,
            source="manual",
            url=link.url.replace(f"/{link.handle or 'i/web'}/", f"/{handle}/"),
        )

    def add_by_hand(self, entry: HandEntry) -> tuple[int, Changed]:
        """Add the mention the owner typed; returns its post's n and what changed: the post, and
        its author (a new person, or one seen again)."""
        mention = self.validate_hand_entry(entry)
        n = self.add_mention(mention)
        if n is None:  # raced with a sync that stored it first
            existing = self.posts.get_by_id(mention.id)
            raise AlreadyInInbox(existing.n if existing else 0)
        post = self.posts.get(n)
        return n, (
            Changed.of(ChangeKind.POSTS, [n])
            | Changed.of(ChangeKind.PEOPLE, [post.author_id] if post else [])
        )

    # ----- triage and status ------------------------------------------------------------------

    def set_kind(self, ns: list[int], kind: Kind) -> Changed:
        self.posts.set_kind(ns, str(kind))
        self._learned = None
        return Changed.of(ChangeKind.POSTS, ns)

    def learned(self) -> OwnerCorrections:
        """What the owner's corrections teach: mentions like them get the owner's kind."""
        if self._learned is None:
            self._learned = OwnerCorrections(Corrections(self.db).recent())
        return self._learned

    def resolve(self, n: int) -> Changed:
        """Resolve post ``n``'s whole conversation; the change names the posts it resolved."""
        post = self.posts.get(n)
        if post is None:
            return Changed.of(ChangeKind.POSTS)
        return Changed.of(ChangeKind.POSTS, self.posts.resolve_conversation(post.conversation_id))

    def reopen(self, n: int) -> Changed:
        self.posts.set_status([n], Status.OPEN)
        return Changed.of(ChangeKind.POSTS, [n])

    def set_muted(self, person_id: str, muted: bool) -> Changed:
        """The one write path for muting: the person, and where their posts are listed."""
        with self.db.atomic():
            self.people.set_muted(person_id, muted)
            self.posts.set_author_muted(person_id, muted)
        return Changed.of(ChangeKind.PEOPLE, [person_id]) | Changed.of(ChangeKind.POSTS)

    def mute(self, person_id: str, muted: bool) -> Done:
        """``set_muted``, with the way back."""
        person = self.people.get(person_id)
        handle = f"@{person.handle}" if person else "They"
        said = f"{handle} muted." if muted else f"{handle} unmuted."
        return Done(
            self.set_muted(person_id, muted),
            Undo(said, lambda: self.set_muted(person_id, not muted)),
        )

    def authors_of(self, picked: Picked) -> list[str]:
        """Who wrote the picked mentions (read only)."""
        with self.db.atomic():
            self.posts.pick(picked)
            return [person_id for person_id, _ in self.posts.picked_authors()]

    def mute_warning(self, person_ids: list[str]) -> str | None:
        """What muting these people does to mentions still waiting for a reply, said before it
        happens (None: nothing waits)."""
        if not person_ids:
            return None
        marks = ",".join("?" * len(person_ids))
        row = self.db.execute(
            "SELECT count(*), sum(kind = 'complaint') FROM posts WHERE is_shop = 0"
            f" AND status = 'open' AND kind IN ('complaint', 'question') AND author_id IN ({marks})"
            " AND author_muted = 0",
            person_ids,
        ).fetchone()
        waiting, complaints = row[0], row[1] or 0
        if not waiting:
            return None
        if complaints:
            what = f"{complaints} open complaint{'s' if complaints != 1 else ''}"
            if waiting > complaints:
                what += f" and {waiting - complaints} open question{'s' if waiting - complaints != 1 else ''}"
        else:
            what = f"{waiting} open question{'s' if waiting != 1 else ''}"
        who = "This person has" if len(person_ids) == 1 else "These people have"
        return (
            f"{who} {what}. Muting moves all their posts to Trolls & spam: they leave Needs reply"
            " and stay unanswered there until you unmute."
        )

    def act(self, picked: Picked, action: BulkAction, kind: Kind | None = None) -> Done:
        """Do ``action`` to every picked mention in one transaction; the change, and an Undo
        that puts back what each mention was before."""
        with self.db.atomic():
            if not self.posts.pick(picked):
                return Done(NOTHING)
            if action == BulkAction.MUTE:
                return self._mute_picked()
            params: list = []
            # what Undo puts back, on the mentions still as the action left them
            columns: tuple[str, ...] = ("status", "resolved_at")
            if action == BulkAction.RESOLVE:
                self.posts.pick_conversations()
                where, assign = "p.status IN ('open', 'waiting')", "status = 'resolved'"
                said, still = "resolved", "posts.status = 'resolved'"
            elif action == BulkAction.REOPEN:
                where, assign = "p.status != 'open'", "status = 'open'"
                said, still = "reopened", "posts.status = 'open'"
            elif action == BulkAction.MARK_READ:
                where, assign = "p.unread = 1", "unread = 0"
                said, still, columns = "marked read", "posts.unread = 0", ("unread",)
            else:
                if kind is None:
                    raise ValueError("set_kind needs a kind")
                where = "1"
                assign = "kind = ?, kind_reason = 'set by you', kind_by_owner = 1"
                params = [str(kind)]
                said = f"set to {kind}"
                still = f"posts.kind = '{Kind(kind).value}' AND posts.kind_by_owner = 1"
                columns = ("kind", "kind_reason", "kind_by_owner")
            before = self.posts.picked_states(where)
            self.posts.update_picked(assign, params, where)
        if action == BulkAction.SET_KIND:
            self._learned = None
        if not before:
            return Done(NOTHING)
        ns = [state.n for state in before]
        change_kind = ChangeKind.READ if action == BulkAction.MARK_READ else ChangeKind.POSTS
        text = f"{_mentions(len(ns))} {said}."
        return Done(
            self._named(change_kind, ns),
            Undo(text, lambda: self._put_back(before, change_kind, columns, still)),
        )

    def mark_read(self, ns: list[int]) -> Changed:
        """The owner opened these mentions: no longer unread (nothing else changes)."""
        if not ns:
            return NOTHING
        with self.db.atomic():
            read = self.posts.mark_read(ns)
        return Changed.of(ChangeKind.READ, read) if read else NOTHING

    def _mute_picked(self) -> Done:
        to_mute = [person_id for person_id, muted in self.posts.picked_authors() if not muted]
        for person_id in to_mute:
            self.people.set_muted(person_id, True)
            self.posts.set_author_muted(person_id, True)

        def unmute() -> Changed:
            with self.db.atomic():
                for person_id in to_mute:
                    self.people.set_muted(person_id, False)
                    self.posts.set_author_muted(person_id, False)
            return Changed.of(ChangeKind.PEOPLE, to_mute) | Changed.of(ChangeKind.POSTS)

        count = len(to_mute)
        said = f"{count} {'person' if count == 1 else 'people'} muted."
        changed = Changed.of(ChangeKind.PEOPLE, to_mute) | Changed.of(ChangeKind.POSTS)
        return Done(changed if to_mute else NOTHING, Undo(said, unmute) if to_mute else None)

    def _put_back(
        self, states: list[PostState], change_kind: ChangeKind, columns: tuple[str, ...], still: str
    ) -> Changed:
        """Undo a bulk action: only what it changed, and only where nothing changed it since
        (a mention the owner reopened, or a sync reopened, in the seconds after is kept)."""
        with self.db.atomic():
            put = self.posts.put_back(states, columns, still)
        self._learned = None
        return self._named(change_kind, put)

    @staticmethod
    def _named(kind: ChangeKind, ns: list[int]) -> Changed:
        if not ns:
            return NOTHING
        return Changed.of(kind, ns if len(ns) <= NAMED_IDS else [])

    def set_notes(self, person_id: str, notes: str) -> Changed:
        """The one write path for the owner's notes about a person (the conversation's panel and
        People both write here)."""
        if len(notes) > MAX_NOTES_CHARS:
            raise ValidationError(f"Keep notes under {MAX_NOTES_CHARS:,} characters.", "notes")
        self.people.set_notes(person_id, notes)
        return Changed.of(ChangeKind.PEOPLE, [person_id])

    def elsewhere(self, post: Post) -> tuple[int, int] | None:
        """Where else this post's author wrote to the shop: for a mention, their DM thread; for
        a DM, their mentions. (How many, and the newest one's n to open); None when nowhere."""
        found = self.posts.latest_by_channel(post.author_id)
        return found.get("public" if post.is_dm else "dm")

    def shop_person_id(self) -> str:
        """The shop appears in threads as a person too (the author of its replies)."""
        shop = self.shop.get()
        return self.people.ensure(shop.handle or "shop", person_id=shop.user_id, name=shop.name)


def _mentions(count: int) -> str:
    return f"{count:,} mention{'s' if count != 1 else ''}"


def explain(triage: Triage) -> str:
    return f"{triage.kind}: {triage.reason}"


class InboxPages(Protocol):
    """What the inbox list reads (``Posts`` is one): a list's size from the counters, its keys a
    page at a time (keyset, ``SortKey`` being a row's order values), and the rows for a page."""

    def count(self, inbox_filter: InboxFilter) -> int: ...

    def page_keys(
        self,
        inbox_filter: InboxFilter,
        search: str = "",
        after: SortKey | None = None,
        limit: int = 200,
        *,
        from_end: bool = False,
        offset: int = 0,
    ) -> list[tuple[int, SortKey]]: ...

    def inbox_rows(self, ns: list[int]) -> dict[int, InboxRow]: ...
