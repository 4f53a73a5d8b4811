"""The things a shop owner talks about, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"  # needs a reply
    WAITING = "waiting"  # the shop answered; waiting on the customer
    RESOLVED = "resolved"


class InboxFilter(StrEnum):
    NEEDS_REPLY = "needs_reply"
    WAITING = "waiting"
    PRAISE = "praise"
    DMS = "dms"  # customers' direct messages (they are in the other filters too, by status)
    TROLLS = "trolls"
    RESOLVED = "resolved"
    ALL = "all"

    @property
    def label(self) -> str:
        return _FILTER_LABELS[self]


_FILTER_LABELS = {
    InboxFilter.NEEDS_REPLY: "Needs reply",
    InboxFilter.WAITING: "Waiting on customer",
    InboxFilter.PRAISE: "Praise",
    InboxFilter.DMS: "DMs",
    InboxFilter.TROLLS: "Trolls & spam",
    InboxFilter.RESOLVED: "Resolved",
    InboxFilter.ALL: "All",
}


@dataclass(frozen=True)
class Picked:
    """Mentions the owner picked in the list: these row keys (``ns``), or with ``whole`` every
    mention the filter and search list — read in SQL, never row by row into the window."""

    inbox_filter: InboxFilter
    ns: tuple[int, ...] = ()
    whole: bool = False
    search: str = ""


@dataclass(frozen=True)
class PostState:
    """What a bulk action may change on one mention, kept so it can be put back (Undo)."""

    n: int
    status: str
    kind: str | None
    kind_reason: str | None
    kind_by_owner: bool
    unread: bool
    resolved_at: str | None = None  # as stored: Undo gives a resolved mention its own time back


@dataclass(frozen=True)
class Shop:
    name: str = ""
    handle: str = ""
    user_id: str | None = None
    signature: str = ""
    email: str = ""
    website: str = ""
    voice: str = ""
    is_demo: bool = False
    # The shop's public phone and the owner's first name ("Maya"), for templates and the checks.
    phone: str = ""
    owner_name: str = ""


@dataclass(frozen=True)
class Person:
    id: str
    handle: str
    name: str = ""
    notes: str = ""
    muted: bool = False
    blocked: bool = False
    preferred_channel: str | None = None
    contact_address: str | None = None
    profile_image_url: str | None = None


@dataclass(frozen=True)
class Post:
    n: int
    id: str
    conversation_id: str
    in_reply_to_id: str | None
    author_id: str
    author_handle: str
    author_name: str
    is_shop: bool
    text: str
    created_at: datetime
    kind: str | None
    kind_reason: str | None
    kind_by_owner: bool
    status: str | None
    source: str
    url: str | None = None
    channel: str = "public"  # "dm": a direct message, in its DM conversation

    @property
    def is_dm(self) -> bool:
        return self.channel == "dm"


@dataclass(frozen=True)
class InboxRow:
    """One line of the inbox list: only what the list shows."""

    n: int
    id: str
    author_handle: str
    author_name: str
    snippet: str
    kind: str | None
    status: str
    created_at: datetime
    conversation_id: str
    author_muted: bool
    unread: bool = False
    channel: str = "public"


@dataclass(frozen=True)
class PersonSummary:
    person: Person
    post_count: int
    kinds: dict[str, int] = field(default_factory=dict)
    last_contact: datetime | None = None


@dataclass(frozen=True)
class NewMention:
    """A mention about to enter the inbox, from any source."""

    id: str
    author_handle: str
    text: str
    created_at: datetime
    source: str
    author_id: str | None = None
    author_name: str = ""
    in_reply_to_id: str | None = None
    conversation_id: str | None = None
    url: str | None = None
    raw_json: str | None = None
