"""What the fake X is made of: the shop's ids, the texts it writes, which unkind behaviours of
the real X are switched on (``Unkind``), the faults a test can inject (``Fault``), and the record
of each exchange. ``server.py`` holds the state and ``handler.py`` answers HTTP."""

from __future__ import annotations

from dataclasses import dataclass


SHOP_ID = "1500000000000000001"
SHOP_HANDLE = "lunabeads"
CLIENT_ID = "S2luZGx5LXRlc3QtY2xpZW50OjE6Y2k"
ID_BASE = 1_860_000_000_000_000_000
REPLY_NOT_ALLOWED = (
    "Reply to this conversation is not allowed because you have not been mentioned or otherwise "
    "engaged by the author of the post you are replying to."
)

_TEXTS = [
    "@{shop} my order #{n} still hasn't arrived, it's been two weeks. Can you check?",
    "@{shop} do you ship the silver moon necklace to Canada?",
    "@{shop} the earrings I got are gorgeous, thank you so much!",
    "@{shop} one of the beads on my bracelet came loose already :(",
    "@{shop} is the sale still on this weekend?",
    "@{shop} wore your ring to my sister's wedding, got so many compliments",
    "@{shop} how long does engraving take?",
    "@{shop} I was charged twice for order {n}, please help",
]
_DM_TEXTS = [
    "Hi! As asked, my email is customer{n}@example.com — order {n}.",
    "Thanks for getting back to me. Order number is {n}.",
    "Here is my address for the replacement: 12 Example Street.",
    "You can reach me at buyer{n}@example.org",
]


@dataclass
class Unkind:
    """The real X's unkind behaviours, each on by default (switch one off to test without it)."""

    escape_text: bool = True  # &, <, > sent as &amp; &lt; &gt; (recorded mentions)
    reply_prefix: bool = True  # a reply's stored text starts "@name " (X's web app)
    dm_list_lag: int = 3  # reads of /2/dm_events before a sent DM shows there (recorded: 0 after 2)
    note_tweet: bool = True  # posts over 280: text cut, whole text only in note_tweet
    partial_errors: bool = True  # errors[] next to data when a referenced post is gone
    start_time: bool = True  # timelines honour start_time
    last_page_token: bool = True  # a next_token on the last page too (recorded)
    code_lifetime: float = 30.0  # seconds an authorization code can be exchanged (X's docs)
    reply_rule: bool = True  # API replies only to posts that mention or quote the shop
    naming: str = "tweet"  # the one field naming accepted: "tweet" (docs, SDK) or "post" (spec)
    check_shapes: bool = True  # answers checked against the recordings' shapes


NAMING_PARAMETERS = {
    "tweet": ("tweet.fields", {"referenced_tweets.id", "edit_history_tweet_ids"}),
    "post": ("post.fields", {"referenced_posts", "edit_history_post_ids"}),
}


@dataclass
class Fault:
    kind: str  # rate_limit | error | slow | malformed | bad_shape | expire_token | drop |
    #            accept_then_drop | hold | credits | usage_cap
    method: str | None = None
    path: str | None = None  # substring of the path
    times: int = 1
    status: int = 503
    seconds: float = 0.0
    reset_in: int = 60
    after: int = 0  # let this many matching requests through first
    applied: int = 0
    seen: int = 0


@dataclass
class Exchange:
    method: str
    path: str
    query: dict[str, str]
    body: object | None
    status: int | None = None
    content_type: str = ""
    response: bytes = b""


@dataclass
class _Token:
    user_id: str
    expires_at: float
    scope: str
    expired: bool = False
