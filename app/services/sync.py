"""Syncing mentions and DMs from X into the inbox, idempotently, resumable after any fault.

One run: ``GET /2/users/me`` once per connection, then mentions (``since_id`` + pagination) and
DM events (newest first, until a page reaches what Kindly already has). Each page is stored and
its cursor advanced in one transaction, so a fault at any point loses nothing and a repeat
stores nothing twice. The owner's edits (kind, status, notes) are never overwritten. Synced DMs
go through the follow-ups' incoming-DM path, the same as DMs added by hand.

Runs in a worker with its own database connection; it never touches Qt.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from app.domain.alerts import Arrival
from app.domain.models import NewMention
from app.domain.times import to_db
from app.domain.x_models import DmPage, PostsPage, XDmEvent, XPost, XUser
from app.errors import ErrorKind, KindlyError
from app.services.secrets import KeychainUnavailable
from app.services.xapi import (
    CREDITS_OUT,
    XClient,
    XError,
    XMalformed,
    XRateLimited,
    XRefused,
)
from app.settings import Settings
from app.storage.alerts import AlertsStore
from app.storage.messages import DirectMessage
from app.storage.people import local_person_id
from app.storage.posts import dm_post_id
from app.storage.x_sync import SyncState, XPeople

log = logging.getLogger("kindly.sync")

# sync_state keys
USER_ID = "x.user_id"
USERNAME = "x.username"
NEEDS_RECONNECT = "x.needs_reconnect"
MENTIONS_SINCE = "mentions.since_id"
MENTIONS_TOKEN = "mentions.next_token"
MENTIONS_RUN_NEWEST = "mentions.run_newest_id"
DMS_NEWEST = "dms.newest_id"
DMS_TOKEN = "dms.next_token"
DMS_RUN_NEWEST = "dms.run_newest_id"
DMS_LAST_RUN = "dms.last_run_at"
DMS_BACKFILL_OK = "dms.backfill_ok"  # the owner agreed to the first DM read (30 days, billed)
LAST_RUN = "sync.last_run_at"
LAST_OK = "sync.last_ok_at"
LAST_RESULT = "sync.last_result"
FAILURES = "sync.failures"
NEXT_TRY = "sync.next_try_at"

MAX_PAGES_PER_RUN = 200  # a safety stop; the cursor resumes next run


@dataclass
class SyncReport:
    started_at: datetime
    finished_at: datetime | None = None
    new_mentions: int = 0
    new_dms: int = 0
    pages: int = 0
    error: str | None = None
    error_kind: str | None = None  # offline | rate_limited | server | malformed | refused |
    #                                reconnect | not_connected | keychain
    retry_at: datetime | None = None
    username: str | None = None
    mention_ids: list[int] = field(default_factory=list)
    edited: int = 0  # mentions replaced by their edited version
    dm_backfill_waiting: bool = False  # DMs not read: the owner has not agreed to the first read
    # The new complaints and questions still waiting, read once here for the alerts.
    arrivals: list[Arrival] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> str:
        return json.dumps(
            {
                "started_at": to_db(self.started_at),
                "finished_at": to_db(self.finished_at) if self.finished_at else None,
                "new_mentions": self.new_mentions,
                "new_dms": self.new_dms,
                "pages": self.pages,
                "error": self.error,
                "error_kind": self.error_kind,
                "retry_at": to_db(self.retry_at) if self.retry_at else None,
                "dm_backfill_waiting": self.dm_backfill_waiting,
            }
        )


# The kinds the sync tells apart (its retry waits and its status line); any other failure,
# a bug included, counts as X failing on its side.
SYNC_ERROR_KINDS = frozenset(
    {
        ErrorKind.OFFLINE,
        ErrorKind.RATE_LIMITED,
        ErrorKind.RECONNECT,
        ErrorKind.NOT_CONNECTED,
        ErrorKind.KEYCHAIN,
        ErrorKind.MALFORMED,
        ErrorKind.REFUSED,
        ErrorKind.SERVER,
        ErrorKind.CREDITS,
    }
)


def error_kind(exc: Exception) -> str:
    kind = exc.kind if isinstance(exc, KindlyError) else ErrorKind.SERVER
    return str(kind if kind in SYNC_ERROR_KINDS else ErrorKind.SERVER)


def retry_delay(
    kind: str, failures: int, settings: Settings, rng: random.Random
) -> timedelta | None:
    """When to try again after a failed run (None: not automatically)."""
    if kind in ("reconnect", "not_connected", "keychain"):
        return None
    if kind == "offline":
        return timedelta(minutes=1)
    if kind == "credits":
        # Paused: nothing heals on X's clock, a top-up does. A look each hour costs nothing
        # (X does not bill a refused request) and resumes by itself after the top-up.
        return timedelta(hours=1)
    every = timedelta(minutes=settings.x_sync_every_minutes)
    backoff = timedelta(seconds=30 * 2 ** min(failures, 6))
    jittered = backoff * (0.5 + rng.random())
    return min(jittered, every) if kind != "refused" else every


class SyncEngine:
    def __init__(
        self,
        workspace,
        client: XClient,
        *,
        rng: random.Random | None = None,
        dm_sink: Callable[[DirectMessage, str | None], object] | None = None,
    ):
        self.ws = workspace
        self.db = workspace.db
        self.client = client
        self.clock = workspace.clock
        self.state = SyncState(self.db)
        self.people = XPeople(self.db)
        self.rng = rng or random.Random()
        followups = getattr(workspace, "followups", None)
        if dm_sink is not None:
            self.dm_sink = dm_sink
        elif followups is not None:
            self.dm_sink = followups.dm_received
        else:  # before the follow-ups existed: store the DM plainly
            self.dm_sink = lambda message, raw: workspace.messages.add(message, raw)

    # ----- one run ----------------------------------------------------------------------------

    def run(self, *, mentions: bool = True, dms: bool | None = None) -> SyncReport:
        """One sync. ``dms=None``: DMs only when due (see ``dms_due``); Sync now passes True."""
        report = SyncReport(started_at=self.clock.now())
        settings = self.ws.settings.load()
        try:
            me = self.account()
            report.username = me.username
            if mentions:
                self._sync_mentions(me, report)
            if self.dm_backfill_needs_consent():
                # The first DM read covers 30 days and X bills each event: the owner is asked
                # first (Sync now), and no DM is read until they say yes.
                report.dm_backfill_waiting = True
            elif dms or (dms is None and self.dms_due(settings)):
                self._sync_dms(me, report)
                self.state.set(DMS_LAST_RUN, to_db(self.clock.now()))
        except (XError, KeychainUnavailable) as exc:
            kind = error_kind(exc)
            report.error, report.error_kind = str(exc), kind
            failures = int(self.state.get(FAILURES) or 0) + 1
            self.state.set(FAILURES, failures)
            if isinstance(exc, XRateLimited):
                report.retry_at = exc.reset_at + timedelta(seconds=5)
            else:
                delay = retry_delay(kind, failures, settings, self.rng)
                report.retry_at = self.clock.now() + delay if delay else None
            if kind == "reconnect":
                self.state.set(NEEDS_RECONNECT, str(exc))
            log.warning("sync stopped (%s): %s", kind, exc)
        else:
            self.state.delete(FAILURES, NEEDS_RECONNECT)
            self.state.set(LAST_OK, to_db(self.clock.now()))
            report.retry_at = self.clock.now() + timedelta(minutes=settings.x_sync_every_minutes)
            log.info(
                "sync done: %s new mentions, %s new DMs, %s pages",
                report.new_mentions,
                report.new_dms,
                report.pages,
            )
        if report.mention_ids:
            report.arrivals = AlertsStore(self.db).arrivals(report.mention_ids)
        report.finished_at = self.clock.now()
        self.state.set(LAST_RUN, to_db(report.finished_at))
        self.state.set(LAST_RESULT, report.to_json())
        self.state.set(NEXT_TRY, to_db(report.retry_at) if report.retry_at else None)
        return report

    def dm_backfill_needs_consent(self) -> bool:
        """True until the owner agreed to the first DM read (or DMs were read before)."""
        return dm_backfill_waiting(self.ws)

    def dms_due(self, settings: Settings) -> bool:
        """DM reads are billed per event, so automatic sync reads DMs when Kindly is waiting for
        one (an open "awaiting DM" follow-up) or when the idle interval has passed."""
        waiting = self.db.execute(
            "SELECT 1 FROM promises WHERE kind = 'awaiting_dm' AND status = 'open' LIMIT 1"
        ).fetchone()
        if waiting or self.state.get(DMS_TOKEN):
            return True
        last = self.state.get(DMS_LAST_RUN)
        if last is None:
            return True
        from app.domain.times import from_db

        return self.clock.now() - from_db(last) >= timedelta(hours=settings.x_dm_idle_hours)

    def account(self) -> XUser:
        """The connected account: asked of X once, then remembered."""
        user_id, username = self.state.get(USER_ID), self.state.get(USERNAME)
        if user_id and username:
            return XUser(user_id, username)
        me = self.client.me()
        with self.db.atomic():
            self.remember_account(me)
        return me

    def remember_account(self, me: XUser) -> None:
        """The shop is this X account: its person gets X's id (merging a hand-made one)."""
        shop = self.ws.shop.get()
        for handle in {shop.handle, me.username} - {""}:
            local = local_person_id(handle)
            if local != me.id and self.people._exists(local):
                self.people.merge(local, me.id)
        if shop.user_id and shop.user_id != me.id and self.people._exists(shop.user_id):
            if not shop.user_id.isdigit():
                self.people.merge(shop.user_id, me.id)
        self.people.upsert(me)
        self.ws.shop.save(
            replace(shop, user_id=me.id, handle=me.username, name=shop.name or me.name)
        )
        self.state.set(USER_ID, me.id)
        self.state.set(USERNAME, me.username)

    # ----- mentions ---------------------------------------------------------------------------

    def _sync_mentions(self, me: XUser, report: SyncReport) -> None:
        for _ in range(MAX_PAGES_PER_RUN):
            since = self.state.get(MENTIONS_SINCE)
            token = self.state.get(MENTIONS_TOKEN)
            try:
                page = self.client.mentions(me.id, since_id=since, pagination_token=token)
            except XRefused as exc:
                if token and exc.status == 400:
                    # An expired pagination token: start this run's pages again (repeats are
                    # stored once), from the same since_id.
                    log.info("pagination token refused; restarting from since_id")
                    self.state.delete(MENTIONS_TOKEN, MENTIONS_RUN_NEWEST)
                    continue
                raise
            self._check_mentions(page)
            with self.db.atomic():
                report.new_mentions += self._store_mentions(page, me, report)
                report.pages += 1
                if token is None and page.newest_id and not self.state.get(MENTIONS_RUN_NEWEST):
                    self.state.set(MENTIONS_RUN_NEWEST, page.newest_id)
                if page.next_token:
                    self.state.set(MENTIONS_TOKEN, page.next_token)
                else:
                    newest = _max_id(self.state.get(MENTIONS_RUN_NEWEST), since)
                    self.state.set(MENTIONS_SINCE, newest)
                    self.state.delete(MENTIONS_TOKEN, MENTIONS_RUN_NEWEST)
                    return
        log.info("mentions: page limit for one run reached; resuming next run")

    @staticmethod
    def _check_mentions(page: PostsPage) -> None:
        """Everything Kindly needs is there, or the whole page is refused (nothing stored)."""
        for post in page.posts:
            if post.author_id is None or post.created_at is None:
                raise XMalformed("a mention without its author or time")
            if not post.id.isdigit():
                raise XMalformed("a mention with an odd id")

    def _store_mentions(self, page: PostsPage, me: XUser, report: SyncReport) -> int:
        now = self.clock.now()
        for user in page.users.values():
            self.people.upsert(user, seen_at=now)
        # Shop posts the mentions answer, so threads read whole.
        for ref in page.referenced.values():
            if ref.author_id == me.id and ref.created_at and not self.ws.posts.exists(ref.id):
                self.ws.posts.add_shop_reply(
                    ref.id,
                    me.id,
                    ref.text,
                    ref.created_at,
                    ref.replied_to_id,
                    "x",
                    json.dumps(ref.raw),
                )
        added = 0
        for post in sorted(page.posts, key=lambda p: int(p.id)):
            if post.author_id == me.id:
                if not self.ws.posts.exists(post.id):
                    self.ws.posts.add_shop_reply(
                        post.id,
                        me.id,
                        post.text,
                        post.created_at,
                        post.replied_to_id,
                        "x",
                        json.dumps(post.raw),
                    )
                continue
            author_id, created_at = post.author_id, post.created_at
            if author_id is None or created_at is None:  # _check_mentions refuses such a page
                raise XMalformed("a mention without its author or time")
            author = page.users.get(author_id)
            if author is None:
                self.people.ensure_id(author_id)
            if self.ws.posts.exists(post.id):
                self._enrich_existing(post)
                continue
            if self._replace_earlier_version(post):
                report.edited += 1
                continue
            handle = author.username if author else author_id
            n = self.ws.inbox.add_mention(
                self._new_mention(post, author_id, created_at, handle, author)
            )
            if n is not None:
                added += 1
                report.mention_ids.append(n)
        return added

    @staticmethod
    def _new_mention(
        post: XPost, author_id: str, created_at: datetime, handle: str, author: XUser | None
    ) -> NewMention:
        return NewMention(
            id=post.id,
            author_handle=handle,
            author_id=author_id,
            author_name=author.name if author else "",
            text=post.text,
            created_at=created_at,
            source="x",
            in_reply_to_id=post.replied_to_id,
            conversation_id=post.conversation_id,
            url=f"https://x.com/{handle}/status/{post.id}",
            raw_json=json.dumps(post.raw),
        )

    def _replace_earlier_version(self, post: XPost) -> bool:
        """An edited post comes back under a new id, its earlier versions' ids in its edit
        history. The version Kindly has takes the new text in place, so the thread shows it once
        and the owner's kind, status, notes and draft stay with it."""
        for earlier in reversed(post.earlier_versions):
            if self.ws.posts.exists(earlier):
                self.db.execute(
                    "UPDATE posts SET text = ?, raw_json = ? WHERE id = ? AND text != ?",
                    [post.text, json.dumps(post.raw), earlier, post.text],
                )
                log.info("mention %s was edited (now %s)", earlier, post.id)
                return True
        return False

    def _enrich_existing(self, post: XPost) -> None:
        """A post first added by hand or from a file: X's threading facts fill what is missing.
        Kind, status and notes — the owner's — are left alone."""
        self.db.execute(
            "UPDATE posts SET conversation_id = coalesce(?, conversation_id),"
            " in_reply_to_id = coalesce(in_reply_to_id, ?), raw_json = coalesce(raw_json, ?)"
            " WHERE id = ? AND source != 'x'",
            [post.conversation_id, post.replied_to_id, json.dumps(post.raw), post.id],
        )

    # ----- DMs --------------------------------------------------------------------------------

    def _sync_dms(self, me: XUser, report: SyncReport) -> None:
        for _ in range(MAX_PAGES_PER_RUN):
            seen = self.state.get(DMS_NEWEST)
            token = self.state.get(DMS_TOKEN)
            # X has no since_id for DMs and bills every event read: when Kindly already has the
            # newest DMs, one event is enough to see that nothing new came.
            size = 1 if seen is not None and token is None else 100
            try:
                page = self.client.dm_events(pagination_token=token, max_results=size)
            except XRefused as exc:
                if token and exc.status == 400:
                    self.state.delete(DMS_TOKEN, DMS_RUN_NEWEST)
                    continue
                raise
            self._check_dms(page)
            with self.db.atomic():
                report.new_dms += self._store_dms(page, me, seen, report.mention_ids)
                report.pages += 1
                ids = [int(e.id) for e in page.events]
                if token is None and ids and not self.state.get(DMS_RUN_NEWEST):
                    self.state.set(DMS_RUN_NEWEST, max(ids))
                reached_known = seen is not None and any(i <= int(seen) for i in ids)
                if page.next_token and not reached_known:
                    self.state.set(DMS_TOKEN, page.next_token)
                else:
                    self.state.set(DMS_NEWEST, _max_id(self.state.get(DMS_RUN_NEWEST), seen))
                    self.state.delete(DMS_TOKEN, DMS_RUN_NEWEST)
                    return
        log.info("DMs: page limit for one run reached; resuming next run")

    @staticmethod
    def _check_dms(page: DmPage) -> None:
        for event in page.events:
            if not event.id.isdigit():
                raise XMalformed("a DM with an odd id")
            if event.event_type == "MessageCreate" and (
                event.sender_id is None or event.created_at is None
            ):
                raise XMalformed("a DM without its sender or time")

    def _store_dms(
        self, page: DmPage, me: XUser, seen: str | None, arrived: list[int] | None = None
    ) -> int:
        """Store the page's new DMs; a customer's DM's post goes in ``arrived`` (the alerts
        tell a DM complaint or question like a mention's, as Needs reply lists both)."""
        now = self.clock.now()
        for user in page.users.values():
            self.people.upsert(user, seen_at=now)
        added = 0
        for event in sorted(page.events, key=lambda e: int(e.id)):
            if event.event_type != "MessageCreate":
                continue
            if seen is not None and int(event.id) <= int(seen):
                continue
            sender_id, created_at = event.sender_id, event.created_at
            if sender_id is None or created_at is None:  # _check_dms refuses such a page
                raise XMalformed("a DM without its sender or time")
            recipient = _other_participant(event, sender_id) or me.id
            for person in (sender_id, recipient):
                self.people.ensure_id(person)
            message = DirectMessage(
                id=event.id,
                sender_id=sender_id,
                recipient_id=recipient if sender_id != recipient else me.id,
                text=event.text,
                created_at=created_at,
                source="x",
                conversation_id=event.dm_conversation_id,
            )
            if self.db.execute("SELECT 1 FROM direct_messages WHERE id = ?", [event.id]).fetchone():
                continue
            self.dm_sink(message, json.dumps(event.raw))
            added += 1
            if arrived is not None and sender_id != me.id:
                post = self.db.execute(
                    "SELECT n FROM posts WHERE id = ? AND is_shop = 0", [dm_post_id(event.id)]
                ).fetchone()
                if post is not None:
                    arrived.append(post[0])
        return added


def _other_participant(event: XDmEvent, sender: str | None) -> str | None:
    ids = list(event.participant_ids)
    if not ids and event.dm_conversation_id and "-" in event.dm_conversation_id:
        ids = event.dm_conversation_id.split("-")
    others = [i for i in ids if i != sender]
    return others[0] if others else None


def _max_id(*ids: str | None) -> str | None:
    present = [int(i) for i in ids if i]
    return str(max(present)) if present else None


# ----- the first DM read: asked before it costs -----------------------------------------------------


DM_BACKFILL_DAYS = 30  # X's DM lookup returns the last 30 days of events
DM_BACKFILL_GUESS = 100  # DMs assumed when Kindly has no DMs of its own to go by


@dataclass(frozen=True)
class DmBackfillEstimate:
    dms: int
    dollars: float
    guessed: bool  # no DMs in Kindly to go by: a typical small shop's month

    def question(self) -> str:
        about = "about" if not self.guessed else "perhaps"
        return (
            f"The first DM sync reads your DMs from the last {DM_BACKFILL_DAYS} days. X charges "
            f"for each DM read: {about} {self.dms:,} DMs, roughly ${self.dollars:,.2f}. "
            "Later syncs read only new DMs. Read your DMs now?"
        )


def dm_backfill_estimate(workspace) -> DmBackfillEstimate:
    """What the first DM read would cost: the DMs Kindly already holds from the last 30 days (an
    imported archive, DMs added by hand), or a typical small shop's month."""
    settings = workspace.settings.load()
    since = to_db(workspace.clock.now() - timedelta(days=DM_BACKFILL_DAYS))
    known = workspace.db.execute(
        "SELECT count(*) FROM direct_messages WHERE created_at >= ?", [since]
    ).fetchone()[0]
    dms = known or DM_BACKFILL_GUESS
    price = float(settings.x_price_dm_event_read)
    return DmBackfillEstimate(dms, dms * price, guessed=not known)


def dm_backfill_waiting(workspace) -> bool:
    """Does the first DM read wait for the owner's yes?"""
    state = SyncState(workspace.db)
    return not (state.get(DMS_BACKFILL_OK) or state.get(DMS_NEWEST) or state.get(DMS_TOKEN))


def allow_dm_backfill(workspace) -> None:
    SyncState(workspace.db).set(DMS_BACKFILL_OK, to_db(workspace.clock.now()))


# ----- what the window shows and when it syncs by itself ------------------------------------------


@dataclass(frozen=True)
class SyncLine:
    """The status line: last sync, what was new, problems in plain words."""

    text: str
    tone: str  # 'idle' | 'ok' | 'warn' | 'error'
    next_auto_at: datetime | None


def last_result(state: SyncState) -> dict:
    try:
        return json.loads(state.get(LAST_RESULT) or "{}")
    except ValueError:
        return {}


def last_sync_result(db) -> dict:
    """The last sync's outcome as stored (its error kind, what was new); empty before the first."""
    return last_result(SyncState(db))


def _when(text: str | None) -> datetime | None:
    from app.domain.times import from_db

    try:
        return from_db(text) if text else None
    except ValueError:
        return None


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%H:%M")


def sync_line(workspace, connected: bool, cap_reached: bool = False) -> SyncLine:
    settings = workspace.settings.load()
    state = SyncState(workspace.db)
    if not connected:
        return SyncLine(
            "Not connected to X — mentions come in by hand or from files.", "idle", None
        )
    result = last_result(state)
    next_try = _when(state.get(NEXT_TRY))
    auto = settings.x_auto_sync and not cap_reached
    if not result:
        return SyncLine("Connected to X — not synced yet.", "idle", workspace.clock.now())
    finished = _when(result.get("finished_at"))
    kind = result.get("error_kind")
    if kind is None:
        new = []
        if result.get("new_mentions"):
            n = result["new_mentions"]
            new.append(f"{n:,} new mention{'s' if n != 1 else ''}")
        if result.get("new_dms"):
            n = result["new_dms"]
            new.append(f"{n:,} new DM{'s' if n != 1 else ''}")
        at = f" at {_local(finished)}" if finished else ""
        text = f"Synced{at} — " + (", ".join(new) if new else "nothing new")
        tone = "ok"
    elif kind == "offline":
        text = "Offline — Kindly syncs again by itself when you are back online."
        tone = "warn"
    elif kind == "credits":
        text = CREDITS_OUT
        tone = "error"
    elif kind == "rate_limited":
        text = "X asked Kindly to slow down" + (
            f" — next try at {_local(next_try)}." if next_try else "."
        )
        tone = "warn"
    elif kind == "reconnect":
        text = "X stopped accepting Kindly's sign-in — Reconnect in Settings → X account."
        tone = "error"
    elif kind == "keychain":
        text = "Your keychain is locked — unlock it, then Sync now."
        tone = "error"
    else:
        ok = _when(state.get(LAST_OK))
        since = f" Last good sync {_local(ok)}." if ok else ""
        text = f"Sync problem: {result.get('error')}{since}"
        tone = "warn"
    if result.get("dm_backfill_waiting") and kind is None:
        text += " DMs are not read yet: Sync now asks first (X bills each DM read)."
    if cap_reached:
        text += " Automatic sync paused: this month's X cost cap is reached."
    return SyncLine(text, tone, next_try if auto else None)


def auto_sync_due(workspace, connected: bool, cap_reached: bool, now: datetime) -> bool:
    """Automatic sync: on (setting), connected, under the cost cap, and its time has come."""
    settings = workspace.settings.load()
    if not (connected and settings.x_auto_sync) or cap_reached:
        return False
    state = SyncState(workspace.db)
    if state.get(NEEDS_RECONNECT):
        return False
    result = last_result(state)
    if result and result.get("error_kind") in ("reconnect", "not_connected", "keychain"):
        return False
    next_try = _when(state.get(NEXT_TRY))
    if next_try is None:
        last = _when(state.get(LAST_RUN))
        return last is None or now - last >= timedelta(minutes=settings.x_sync_every_minutes)
    return now >= next_try
