"""A small X-compatible server on 127.0.0.1 for Kindly's tests (and for trying Kindly by hand).

It serves the endpoints Kindly uses — OAuth 2.0 authorize/token with PKCE, ``/2/users/me``,
mentions, the shop's own posts, DM events, creating posts and DMs, and oEmbed — with answers
shaped like X's real recorded ones, and it can inject faults: 429 with a reset time, 500/503,
answers slower than the client's timeout, malformed JSON, an expired token, and "accept the
post, then drop the connection". Every exchange is recorded and, with ``validate=True``, checked
against X's OpenAPI spec and the shapes of X's recorded answers (``violations`` collects what
did not match).

It is as unkind as the real X (``Unkind``: each behaviour on by default, switchable per test;
the README's X section gives the source for each): text HTML-escaped; replies stored with the
"@name " prefix; ``/2/dm_events`` lagging a send while the per-conversation list is current;
long posts cut, whole only in ``note_tweet``; edited posts under a new id with their
``edit_history_tweet_ids``; ``errors`` next to partial data; ``start_time`` honoured; a
``next_token`` on the last page; authorization codes that expire after 30 s; API replies only to
posts that mention or quote the shop; one field naming at a time (``tweet.*`` or ``post.*``);
and, as faults, 402 credits-depleted and the usage-cap 429.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer

from tests.fakex.behaviour import (
    _DM_TEXTS,
    _TEXTS,
    CLIENT_ID,
    ID_BASE,
    SHOP_HANDLE,
    SHOP_ID,
    Exchange,
    Fault,
    Unkind,
    _Token,
)
from tests.fakex.handler import _Handler


@dataclass
class FakeX:
    """The server's state; ``start()`` serves it on 127.0.0.1 at a free port."""

    client_id: str = CLIENT_ID
    callbacks: tuple[str, ...] = (
        "http://127.0.0.1:47613/callback",
        "http://127.0.0.1:47614/callback",
        "http://127.0.0.1:47615/callback",
    )
    validate: bool = True
    token_lifetime: int = 7200
    seed: int = 7
    unkind: Unkind = field(default_factory=Unkind)
    clock: Callable[[], datetime] | None = None  # X's clock: created_at of new posts and DMs

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        self.rng = random.Random(self.seed)
        self.users: dict[str, dict] = {}
        self.mentions: list[dict] = []  # ascending by id
        self.shop_posts: list[dict] = []  # the shop's own timeline, ascending
        self.dm_events: list[dict] = []  # ascending
        self.faults: list[Fault] = []
        self.exchanges: list[Exchange] = []
        self.violations: list[str] = []
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, _Token] = {}
        self.refresh_tokens: dict[str, str] = {}  # refresh token -> user id (valid ones)
        self.issued: list[str] = []  # every token ever issued, for leak scans
        self.in_flight = 0
        self.hold_release = threading.Event()
        self.held = threading.Event()
        self.next_id = ID_BASE
        self.deleted: set[str] = set()
        self.dm_list_reads = 0
        self.revoked: list[str] = []
        self.clock_start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
        self.minutes = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.add_user(SHOP_ID, SHOP_HANDLE, "Luna Beads")
        self._spec = None
        if self.validate:
            from tests.fakex.openapi import load_spec

            self._spec = load_spec()

    # ----- serving -------------------------------------------------------------------------------

    def start(self) -> FakeX:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.hold_release.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ----- content -------------------------------------------------------------------------------

    def _new_id(self) -> str:
        with self.lock:
            self.next_id += self.rng.randint(1_000, 900_000)
            return str(self.next_id)

    def _now_text(self) -> str:
        with self.lock:
            if self.clock is not None:
                when = self.clock().astimezone(UTC)
            else:
                self.minutes += 1
                when = self.clock_start + timedelta(minutes=self.minutes)
        return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def edit_post(self, post_id: str, text: str) -> dict:
        """The author edits a post: X serves it under a new id, with the ids of every version
        in ``edit_history_tweet_ids`` (oldest first); the old version leaves the timelines."""
        with self.lock:
            old = self._find_post(post_id)
            new_id = self._new_id()
            new = {
                **old,
                "id": new_id,
                "text": text,
                "edit_history_tweet_ids": [*old["edit_history_tweet_ids"], new_id],
            }
            for posts in (self.mentions, self.shop_posts):
                if old in posts:
                    posts.remove(old)
                    posts.append(new)
        return new

    def delete_post(self, post_id: str) -> None:
        with self.lock:
            for posts in (self.mentions, self.shop_posts):
                posts[:] = [p for p in posts if p["id"] != post_id]
            self.deleted.add(post_id)

    def add_user(self, user_id: str, username: str, name: str) -> dict:
        user = {
            "id": user_id,
            "username": username,
            "name": name,
            "profile_image_url": f"https://pbs.twimg.com/profile_images/{user_id}/a_normal.jpg",
            "public_metrics": {
                "followers_count": int(user_id[-3:]) % 500,
                "following_count": 120,
                "tweet_count": 840,
                "listed_count": 2,
                "like_count": 300,
                "media_count": 12,
            },
        }
        self.users[user_id] = user
        return user

    def customer(self, i: int) -> dict:
        user_id = str(2_000_000_000 + i)
        return self.users.get(user_id) or self.add_user(
            user_id, f"customer_{i:04d}", f"Customer {i}"
        )

    def add_mention(
        self,
        author: dict,
        text: str | None = None,
        reply_to: str | None = None,
        quote: bool = False,
    ) -> dict:
        post_id = self._new_id()
        n = len(self.mentions) + 1
        text = text or self.rng.choice(_TEXTS).format(shop=SHOP_HANDLE, n=1000 + n)
        start = text.find("@" + SHOP_HANDLE)
        post = {
            "id": post_id,
            "text": text,
            "edit_history_tweet_ids": [post_id],
            "author_id": author["id"],
            "created_at": self._now_text(),
            "conversation_id": post_id,
            "entities": {
                "mentions": [
                    {
                        "start": max(start, 0),
                        "end": max(start, 0) + 10,
                        "username": SHOP_HANDLE,
                        "id": SHOP_ID,
                    }
                ]
            },
            "public_metrics": {
                "retweet_count": 0,
                "reply_count": 0,
                "like_count": 1,
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": 12,
            },
        }
        if reply_to:
            parent = self._find_post(reply_to)
            post["conversation_id"] = parent["conversation_id"] if parent else reply_to
            post["in_reply_to_user_id"] = parent["author_id"] if parent else SHOP_ID
            post["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
        if quote and self.shop_posts:
            post["referenced_tweets"] = [{"type": "quoted", "id": self.shop_posts[-1]["id"]}]
        with self.lock:
            self.mentions.append(post)
        return post

    def add_mentions(self, count: int, people: int = 60) -> list[dict]:
        return [self.add_mention(self.customer(i % people)) for i in range(count)]

    def add_dm(
        self, sender: dict, text: str | None = None, to: str = SHOP_ID, lag: int = 0
    ) -> dict:
        event_id = self._new_id()
        a, b = sorted([sender["id"], to], key=int)
        event = {
            "id": event_id,
            "event_type": "MessageCreate",
            "text": text or self.rng.choice(_DM_TEXTS).format(n=len(self.dm_events) + 1),
            "dm_conversation_id": f"{a}-{b}",
            "created_at": self._now_text(),
            "sender_id": sender["id"],
            "participant_ids": [sender["id"], to] if sender["id"] != to else [to],
        }
        if lag:
            event["_listed_after"] = self.dm_list_reads + lag
        with self.lock:
            self.dm_events.append(event)
        return event

    def add_dms(self, count: int, people: int = 30) -> list[dict]:
        return [self.add_dm(self.customer(i % people)) for i in range(count)]

    def _find_post(self, post_id: str) -> dict | None:
        for post in self.mentions + self.shop_posts:
            if post["id"] == post_id:
                return post
        return None

    def replies_to(self, post_id: str) -> list[dict]:
        return [
            p
            for p in self.shop_posts
            if any(r["id"] == post_id for r in p.get("referenced_tweets", []))
        ]

    def dms_to(self, user_id: str) -> list[dict]:
        return [
            e
            for e in self.dm_events
            if e["sender_id"] == SHOP_ID and user_id in e["dm_conversation_id"].split("-")
        ]

    # ----- faults --------------------------------------------------------------------------------

    def inject(self, kind: str, **kwargs) -> Fault:
        fault = Fault(kind, **kwargs)
        with self.lock:
            self.faults.append(fault)
        return fault

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.applied >= fault.times:
                    continue
                if fault.method and fault.method != method:
                    continue
                if fault.path and fault.path not in path:
                    continue
                fault.seen += 1
                if fault.seen <= fault.after:
                    continue
                fault.applied += 1
                return fault
        return None

    def expire_tokens(self) -> None:
        with self.lock:
            for token in self.tokens.values():
                token.expired = True

    def revoke_refresh_tokens(self) -> None:
        with self.lock:
            self.refresh_tokens.clear()

    def issue_tokens(self, user_id: str = SHOP_ID, scope: str = "") -> dict:
        access = "AT-" + secrets.token_urlsafe(48)
        refresh = "RT-" + secrets.token_urlsafe(48)
        with self.lock:
            self.tokens[access] = _Token(user_id, time.time() + self.token_lifetime, scope)
            self.refresh_tokens[refresh] = user_id
            self.issued += [access, refresh]
        return {
            "token_type": "bearer",
            "expires_in": self.token_lifetime,
            "access_token": access,
            "scope": scope,
            "refresh_token": refresh,
        }

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no request is being handled (a slow answer has finished at 'X')."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.in_flight == 0:
                    return True
            time.sleep(0.02)
        return False

    def requests_to(self, method: str, path_part: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.method == method and path_part in e.path]
