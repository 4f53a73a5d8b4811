"""The outbox: replies and DMs sent through X's API — persistent, and exactly once.

Queuing a ready draft writes an outbox row and moves the draft to "sending" in one transaction; a
queued item survives a restart and goes out when Kindly is back online. Every attempt is written
and committed *before* the call. If the call ends ambiguously (a timeout, a connection dropped
after X may have accepted the post, a crash or a kill mid-call), the item stays "attempting" and
the next turn first looks for it on X before it tries again — so nothing is posted twice, and
nothing is lost:

- a reply among the shop's own posts (``GET /2/users/{id}/tweets``) from shortly before the
  *first* attempt on: one that answers the same post, created after that attempt, whose text
  (unescaped, without the leading "@name " X's web app puts in front) is the reply's;
- a DM in its conversation (``GET /2/dm_conversations/with/{id}/dm_events``), which is current,
  read a few times before any resend (``/2/dm_events`` lags a send: X's recorded answers show it
  empty right after two DMs went out).

A duplicate-content 403 on a retry means X most likely already has the earlier attempt: Kindly
looks for it and keeps the item waiting; it never tells the owner to change a word. Out of
credits (402, usage cap), queued items wait for the top-up.

A refusal (X allows API replies only to people who mentioned or quoted the shop; duplicate text;
anything else) fails the draft with the reason in plain words, and the owner can still post it in
the browser ("Post on X", X's web intent). The draft states are the composer's:
draft → ready → sending → sent | failed.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain.drafts import dm_intent_url, reply_intent_url
from app.domain.x_models import comparable_text as _normal
from app.errors import KindlyError, NotFound, ValidationError
from app.services.secrets import KeychainUnavailable
from app.services.xapi import (
    NotConnected,
    ReconnectNeeded,
    XClient,
    XCreditsOut,
    XError,
    XOffline,
    XRateLimited,
    XRefused,
)
from app.storage.x_sync import OutboxItem, OutboxStore, SyncState

log = logging.getLogger("kindly.outbox")

NOT_MENTIONED = (
    "X lets apps reply only to people who @mentioned or quoted your shop, so it refused this "
    "one. Use “Post on X” to send it from your browser instead."
)
# How far before the first attempt Kindly looks for the reply on X: X's clock and this
# computer's may disagree by a few minutes.
CLOCK_SKEW = timedelta(minutes=5)
DM_LOOKUPS = 3  # reads of the conversation before a DM is sent again
DUPLICATE_PROBABLY_SENT = (
    "X says this exact reply is already posted — most likely Kindly's earlier try got through. "
    "Kindly is checking X for it before doing anything else."
)
DUPLICATE_FIRST = (
    "X refused: your shop already has a post with exactly this text, and X does not allow the "
    "same text twice. Edit the reply a little and send again."
)


@dataclass
class OutboxReport:
    sent: list[int] = field(default_factory=list)  # outbox ids sent this turn
    found_already_sent: list[int] = field(default_factory=list)  # ambiguous ones found on X
    failed: list[int] = field(default_factory=list)
    waiting: int = 0
    error: str | None = None
    error_kind: str | None = None
    next_try_at: datetime | None = None
    draft_ids: list[int] = field(default_factory=list)


def refusal_text(error: XRefused) -> str:
    detail = (error.detail or "").lower()
    if "not allowed because you have not been mentioned" in detail or (
        error.status == 403 and "reply" in detail and "mention" in detail
    ):
        return NOT_MENTIONED
    if "duplicate" in detail:
        return DUPLICATE_FIRST
    return (
        f"X refused this ({error.detail or f'error {error.status}'}). "
        "Use “Post on X” to send it from your browser instead."
    )


class Outbox:
    def __init__(self, workspace, *, rng: random.Random | None = None):
        self.ws = workspace
        self.db = workspace.db
        self.clock = workspace.clock
        self.store = OutboxStore(self.db)
        self.state = SyncState(self.db)
        self.rng = rng or random.Random()

    # ----- queuing (the window's thread: no network) --------------------------------------------

    def takes(self, draft_id: int) -> bool:
        """Whether a draft goes through the API while X is connected: every one but a draft X
        already refused, which goes to X's web intent (the browser), as the refusal message says."""
        item = self.store.for_draft(draft_id)
        return not (item is not None and item.state == "failed" and item.refused)

    def queue_draft(self, draft_id: int, *, resolve: bool | None = None) -> OutboxItem:
        """Hand a ready draft to the outbox; it is sent on the next turn (now, if online)."""
        drafting = self._drafting()
        draft = drafting.drafts.get(draft_id)
        if draft is None:
            raise NotFound("That draft was discarded.")
        post = self.ws.posts.get_by_id(draft.post_id)
        if post is None:
            raise NotFound("The post this reply answers is no longer in Kindly.")
        if draft.is_dm:
            if not post.author_id.isdigit():
                raise ValidationError(
                    "Kindly does not know this person's X account yet (they were added by "
                    "hand), so it cannot send them a DM. Sync first, or use “Post on X”.",
                    "text",
                )
            kind, reply_to, participant = "dm", None, post.author_id
        else:
            if not post.id.isdigit():
                raise ValidationError(
                    "This post has no id on X, so Kindly cannot reply to it.", "text"
                )
            kind, reply_to, participant = "reply", post.id, None
        with self.db.atomic():
            existing = self.store.for_draft(draft_id)
            if existing is not None and existing.state in ("attempting", "sent"):
                return existing  # already on its way: never queue twice
            drafting.begin_sending(draft_id, resolve=resolve)  # checks length, marks sending
            draft = drafting.drafts.get(draft_id)
            item_id = self.store.add(
                draft_id=draft_id,
                kind=kind,
                text=draft.text.strip(),
                in_reply_to_id=reply_to,
                participant_id=participant,
                now=self.clock.now(),
            )
        log.info("outbox: queued draft %s as item %s (%s)", draft_id, item_id, kind)
        return self._added(item_id)

    def queue_text(
        self,
        kind: str,
        text: str,
        *,
        in_reply_to_id: str | None = None,
        participant_id: str | None = None,
    ) -> OutboxItem:
        """A send not tied to a draft (used by tests and headless tools)."""
        item_id = self.store.add(
            draft_id=None,
            kind=kind,
            text=text,
            in_reply_to_id=in_reply_to_id,
            participant_id=participant_id,
            now=self.clock.now(),
        )
        return self._added(item_id)

    def _added(self, item_id: int) -> OutboxItem:
        item = self.store.get(item_id)
        if item is None:  # the row was written just now; only another process could delete it
            raise NotFound("That reply is no longer in the outbox.")
        return item

    def cancel(self, item_id: int) -> bool:
        """Take a queued item back (not one X may already have): the draft returns to review."""
        item = self.store.get(item_id)
        if item is None or item.state not in ("queued", "failed"):
            return False
        with self.db.atomic():
            self.store.cancel(item_id)
            if item.draft_id is not None and self._has_drafting():
                self._drafting().cancel_sending(item.draft_id)
        return True

    def waiting(self) -> list[OutboxItem]:
        return self.store.waiting()

    def web_intent(self, item: OutboxItem) -> str:
        if item.kind == "dm":
            return dm_intent_url(item.participant_id, item.text)
        return reply_intent_url(_target(item), item.text)

    # ----- sending (a worker: network) ------------------------------------------------------------

    def send_pending(self, client: XClient) -> OutboxReport:
        report = OutboxReport()
        for item in self.store.pending(self.clock.now()):
            try:
                self._work(item, client, report)
            except (NotConnected, ReconnectNeeded, KeychainUnavailable, XOffline) as exc:
                # Nothing reached X this turn; everything waits for the connection.
                report.error, report.error_kind = str(exc), str(exc.kind)
                break
            except XRateLimited as exc:
                report.error, report.error_kind = str(exc), str(exc.kind)
                break
            except XCreditsOut as exc:
                report.error, report.error_kind = str(exc), str(exc.kind)
                break
        report.waiting = len(self.store.waiting())
        upcoming = [i.next_try_at for i in self.store.waiting() if i.next_try_at]
        report.next_try_at = min(upcoming) if upcoming else None
        return report

    def _work(self, item: OutboxItem, client: XClient, report: OutboxReport) -> None:
        now = self.clock.now()
        try:
            target = _target(item)
        except ValidationError as exc:
            self._fail(item, str(exc), report)
            return
        if item.state == "attempting":
            # The last attempt may have reached X: look before sending again.
            try:
                found = self._find_on_x(item, client)
            except (
                XOffline,
                XRateLimited,
                XCreditsOut,
                NotConnected,
                ReconnectNeeded,
                KeychainUnavailable,
            ):
                self.store.retry_later(
                    item.id, "Waiting to check X for this reply.", self._soon(item), attempted=True
                )
                raise
            except XError as exc:
                self.store.retry_later(item.id, str(exc), self._backoff(item), attempted=True)
                return
            if found is not None:
                log.info("outbox: item %s was already on X as %s", item.id, found)
                self._finish(item, found, report)
                report.found_already_sent.append(item.id)
                return
        with self.db.atomic():
            self.store.start_attempt(item.id, now)  # committed before the call
        try:
            if item.kind == "reply":
                sent_id = client.create_reply(item.text, target).id
            else:
                sent_id = client.send_dm(target, item.text).dm_event_id
        except XRefused as exc:
            if "duplicate" in (exc.detail or "").lower() and item.attempts > 0:
                # A retry, and X already has this exact text: most likely the earlier attempt
                # got through. Look for it; never ask the owner to change a word.
                self._after_duplicate(item, client, report)
                return
            self._fail(item, refusal_text(exc), report)
            return
        except (XRateLimited, XCreditsOut) as exc:
            # X did nothing with this request: back to the queue until the reset or a top-up.
            at = exc.reset_at if isinstance(exc, XRateLimited) else self._soon(item)
            if item.state == "attempting":
                self.store.retry_later(item.id, str(exc), at, attempted=True)
            else:
                self.store.undo_attempt(item.id, str(exc), at)
            raise
        except (XOffline, NotConnected, ReconnectNeeded, KeychainUnavailable) as exc:
            # The request surely did not leave this computer (or was refused before posting).
            self.store.undo_attempt(item.id, str(exc), self._soon(item))
            raise
        except XError as exc:
            # Timeout, dropped connection, X's 5xx, an unreadable answer: X may have it.
            log.warning("outbox: item %s ended ambiguously (%s)", item.id, type(exc).__name__)
            self.store.retry_later(item.id, str(exc), self._backoff(item), attempted=True)
            return
        self._finish(item, sent_id, report)

    def _after_duplicate(self, item: OutboxItem, client: XClient, report: OutboxReport) -> None:
        try:
            found = self._find_on_x(item, client)
        except XError:
            found = None
        if found is not None:
            log.info("outbox: item %s was on X already as %s (duplicate answer)", item.id, found)
            self._finish(item, found, report)
            report.found_already_sent.append(item.id)
            return
        self.store.retry_later(
            item.id, DUPLICATE_PROBABLY_SENT, self._backoff(item), attempted=True
        )

    def _find_on_x(self, item: OutboxItem, client: XClient) -> str | None:
        target = _target(item)  # checked before the first attempt
        me = self.state.get("x.user_id") or client.me().id
        first = item.first_attempt_at or item.attempt_started_at or item.queued_at
        since = first - CLOCK_SKEW
        wanted = _normal(item.text)
        taken = {i.sent_id for i in self.store.recent(500) if i.sent_id}
        if item.kind == "reply":
            page = client.own_posts(me, start_time=since, max_results=100)
            for post in sorted(page.posts, key=lambda p: int(p.id)):
                if (
                    post.replied_to_id == target
                    and (post.created_at is None or post.created_at >= since)
                    and _normal(post.text) == wanted
                    and post.id not in taken
                ):
                    return post.id
            return None
        for lookup in range(DM_LOOKUPS):
            if lookup:
                client.sleep(2.0 * lookup)  # the worker's thread; tests pass a no-op
            dm_page = client.dm_events_with(target, max_results=50)
            for event in sorted(dm_page.events, key=lambda e: int(e.id)):
                if (
                    event.sender_id in (me, None)
                    and event.event_type == "MessageCreate"
                    and (event.created_at is None or event.created_at >= since)
                    and _normal(event.text) == wanted
                    and event.id not in taken
                ):
                    return event.id
        return None

    def _finish(self, item: OutboxItem, sent_id: str, report: OutboxReport) -> None:
        now = self.clock.now()
        with self.db.atomic():
            self.store.mark_sent(item.id, sent_id, now)
            if item.draft_id is not None and self._has_drafting():
                try:
                    self._drafting().mark_sent(item.draft_id, now, sent_id)
                except KindlyError as exc:  # the draft changed meanwhile; the send stands
                    log.warning("outbox: draft %s not marked sent: %s", item.draft_id, exc)
            elif item.kind == "reply":
                shop_id = self.ws.inbox.shop_person_id()
                self.ws.posts.add_shop_reply(
                    sent_id, shop_id, item.text, now, item.in_reply_to_id, "kindly"
                )
        report.sent.append(item.id)
        if item.draft_id is not None:
            report.draft_ids.append(item.draft_id)

    def _fail(self, item: OutboxItem, reason: str, report: OutboxReport) -> None:
        with self.db.atomic():
            self.store.mark_failed(item.id, reason, refused=True)
            if item.draft_id is not None and self._has_drafting():
                try:
                    self._drafting().mark_failed(item.draft_id, reason)
                except KindlyError as exc:
                    log.warning("outbox: draft %s not marked failed: %s", item.draft_id, exc)
        report.failed.append(item.id)
        if item.draft_id is not None:
            report.draft_ids.append(item.draft_id)

    def _backoff(self, item: OutboxItem) -> datetime:
        """After an ambiguous end, wait long enough for a slow X to have finished (twice the
        request timeout at least) before looking for the reply and trying again."""
        grace = 2 * self.ws.settings.load().x_request_timeout_seconds
        seconds = min(900, 15 * 2 ** min(item.attempts, 6)) * (0.5 + self.rng.random())
        return self.clock.now() + timedelta(seconds=max(seconds, grace))

    def _soon(self, item: OutboxItem) -> datetime:
        return self.clock.now() + timedelta(minutes=1)

    def _has_drafting(self) -> bool:
        return getattr(self.ws, "drafting", None) is not None

    def _drafting(self):
        drafting = getattr(self.ws, "drafting", None)
        if drafting is None:
            raise KindlyError("Replies cannot be sent from this version of Kindly.")
        return drafting


def _target(item: OutboxItem) -> str:
    """The post a reply answers, or the person a DM goes to."""
    target = item.in_reply_to_id if item.kind == "reply" else item.participant_id
    if not target:
        raise ValidationError(
            "Kindly does not know which post this reply answers, so it cannot send it."
            if item.kind == "reply"
            else "Kindly does not know who this message is for, so it cannot send it."
        )
    return target
