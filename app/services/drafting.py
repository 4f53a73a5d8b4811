"""Writing, reviewing and sending replies: the composer's and the Review page's use cases.

A draft moves draft → ready → sending → sent, or → failed with a reason the owner can read.
Without the X API, "sending" means Kindly opened X's reply window (a web intent) and waits for the
owner to say whether it posted: ``mark_sent`` or ``cancel_sending``. The API outbox, when it comes,
plugs into the same states: ``begin_sending`` → ``mark_sent(draft_id, sent_at, post_id)`` or
``mark_failed(draft_id, reason)``.

After a reply is marked sent (and committed), ``reply_sent(draft, post)`` calls every callback in
``on_sent`` with the sent ``Draft`` and the shop's reply as a ``Post`` in the thread (``None`` for a
DM reply, which is stored with the direct messages). Other features hang their reaction to a sent
reply there — the follow-ups open an "awaiting DM" when a reply asks the customer to DM their
e-mail. A callback that raises is logged and does not undo the send.

A public reply whose link the owner has not pasted yet is in the thread as ``local-<draft id>``;
``link_sent_reply`` swaps in X's real id everywhere once the owner pastes the link.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from app.changes import NOTHING, ChangeKind, Changed, Done, Undo
from app.clock import Clock
from app.domain.drafts import (
    EDITABLE,
    IN_REVIEW,
    Channel,
    Draft,
    DraftState,
    dm_intent_url,
    is_local_id,
    local_post_id,
    reply_intent_url,
)
from app.domain.length import PostLength, measure
from app.domain.links import parse_post_link
from app.domain.models import Post, Status
from app.domain.templates import Filled, Template, fill, shop_values
from app.errors import KindlyError, NotFound, ValidationError
from app.storage.drafts import Drafts
from app.storage.messages import DirectMessage, Messages
from app.storage.people import People
from app.storage.posts import Posts
from app.storage.shop import SettingsStore, ShopStore

if TYPE_CHECKING:  # the tone checks load on their first use, not when the window opens
    from app.domain.tone import Finding

log = logging.getLogger("kindly.drafting")

DM_LIMIT = 10_000  # X's direct messages hold up to 10,000 characters

SentCallback = Callable[[Draft, "Post | None"], object]  # what it returns is not used


@dataclass(frozen=True)
class SendRequest:
    """What the window opens to send a draft by hand: X's web address, and the draft."""

    draft: Draft
    url: str
    recipient_known: bool = True  # False: a DM whose recipient X must be told by the owner

    @property
    def changed(self) -> Changed:
        """The draft is now sending: Review and the inbox show it so."""
        return Changed.of(ChangeKind.DRAFTS, [self.draft.id])


@dataclass(frozen=True)
class ReviewItem:
    """One row of the Review page: the draft, the post it answers, and what the checks found."""

    draft: Draft
    post: Post
    findings: list[Finding]
    length: PostLength


class Drafting:
    def __init__(
        self,
        db: Database,
        drafts: Drafts,
        posts: Posts,
        people: People,
        messages: Messages,
        shop: ShopStore,
        settings: SettingsStore,
        clock: Clock,
        shop_person_id: Callable[[], str],
    ):
        self.db = db
        self.drafts = drafts
        self.posts = posts
        self.people = people
        self.messages = messages
        self.shop = shop
        self.settings = settings
        self.clock = clock
        self._shop_person_id = shop_person_id
        self.on_sent: list[SentCallback] = []

    # ----- writing -------------------------------------------------------------------------------

    def draft_for(self, post_id: str) -> Draft | None:
        return self.drafts.for_post(post_id)

    def save(self, post_id: str, text: str, channel: str | None = None) -> Draft | None:
        """Keep what the owner typed (autosave); None when there is nothing to keep.

        ``channel`` None: the post's own (a mention is answered in public, a DM by DM). A draft
        already handed to X (sending) or sent is left as it is.
        """
        post = self.posts.get_by_id(post_id)
        if post is None:
            raise NotFound("The post this reply answers is no longer in Kindly.")
        channel = post.channel if channel is None else channel
        if channel not in (Channel.PUBLIC, Channel.DM):
            raise ValidationError("A reply is public or a DM.", "channel")
        if post.is_dm and channel != Channel.DM:
            raise ValidationError("A DM is answered by DM.", "channel")
        return self.drafts.save_text(post_id, text, str(channel), self.clock.now())

    def limit_for(self, channel: str) -> int:
        if channel == Channel.DM:
            return DM_LIMIT
        return max(1, self.settings.load().max_post_length)

    def check(self, text: str, post: Post | None, channel: str = Channel.PUBLIC) -> list[Finding]:
        """The tone and privacy findings for a reply to ``post``."""
        from app.domain.tone import review_reply  # its patterns compile on the first check

        return review_reply(
            text,
            post.text if post else None,
            self.shop.get(),
            channel=str(channel),
            limit=self.limit_for(channel),
            complaint=_is_complaint(post),
        )

    def fill_template(
        self, template: Template, post: Post | None, typed: dict[str, str] | None = None
    ) -> Filled:
        """The template's text for this customer; ``missing`` are the fields still to ask for.

        ``typed`` holds what the owner typed for fields Kindly cannot fill; it wins.
        """
        values = shop_values(
            self.shop.get(),
            person_name=post.author_name if post else "",
            handle=post.author_handle if post else "",
        )
        values.update({k: v for k, v in (typed or {}).items() if v and v.strip()})
        return fill(template.body, values)

    # ----- review --------------------------------------------------------------------------------

    def mark_ready(self, draft_id: int) -> Draft:
        draft = self._get(draft_id)
        if draft.state not in EDITABLE:
            raise KindlyError("This reply was already handed to X.")
        if not draft.text.strip():
            raise ValidationError("Write the reply first.", "text")
        self.drafts.set_state(draft_id, DraftState.READY, self.clock.now())
        return self._get(draft_id)

    def back_to_draft(self, draft_id: int) -> Draft:
        draft = self._get(draft_id)
        if draft.state not in (DraftState.READY, DraftState.FAILED):
            return draft
        self.drafts.set_state(draft_id, DraftState.DRAFT, self.clock.now())
        return self._get(draft_id)

    def discard(self, draft_ids: list[int]) -> Changed:
        """Throw drafts away (sent replies stay: they are history)."""
        if not draft_ids:
            return NOTHING
        self.drafts.delete(draft_ids)
        return Changed.of(ChangeKind.DRAFTS, draft_ids)

    def discard_with_undo(self, draft_ids: list[int]) -> Done:
        """``discard``, keeping the drafts as they were so an Undo can put them back."""
        if not draft_ids:
            return Done(NOTHING)
        with self.db.atomic():
            columns, rows = self.drafts.rows(draft_ids)
            change = self.discard(draft_ids)

        def restore() -> Changed:
            with self.db.atomic():
                self.drafts.restore(columns, rows)
            return Changed.of(ChangeKind.DRAFTS, draft_ids)

        count = len(rows)
        said = "Reply discarded." if count == 1 else f"{count} replies discarded."
        return Done(change, Undo(said, restore) if rows else None)

    def review_count(self) -> int:
        return self.drafts.review_count()

    def review_queue(self) -> list[ReviewItem]:
        """Drafts waiting for the owner's last look (ready, handed to X, or not sent), oldest
        first, each beside the post it answers."""
        items = []
        for draft in self.drafts.in_states(IN_REVIEW):
            post = self.posts.get_by_id(draft.post_id)
            if post is None:
                continue
            items.append(self.review_item(draft, post))
        return items

    def review_item(self, draft: Draft, post: Post) -> ReviewItem:
        return ReviewItem(
            draft=draft,
            post=post,
            findings=self.check(draft.text, post, draft.channel),
            length=measure(draft.text, self.limit_for(draft.channel)),
        )

    # ----- sending -------------------------------------------------------------------------------

    def begin_sending(self, draft_id: int, *, resolve: bool | None = None) -> SendRequest:
        """Hand a draft to X: check it can be posted, mark it sending, and say what to open."""
        draft = self._get(draft_id)
        if draft.state == DraftState.SENT:
            raise KindlyError("This reply was already sent.")
        text = draft.text.strip()
        if not text:
            raise ValidationError("There is nothing to send yet: write the reply first.", "text")
        limit = self.limit_for(draft.channel)
        length = measure(draft.text, limit)
        if length.weighted > limit:
            raise ValidationError(
                f"X will not post more than {limit:,} characters; shorten this by "
                f"{length.over_by:,}.",
                "text",
            )
        post = self.posts.get_by_id(draft.post_id)
        if post is None:
            raise NotFound("The post this reply answers is no longer in Kindly.")
        with self.db.atomic():
            if resolve is not None:
                self.drafts.set_resolve_on_send(draft_id, resolve)
            if draft.state != DraftState.SENDING:
                self.drafts.set_state(draft_id, DraftState.SENDING, self.clock.now())
        draft = self._get(draft_id)
        if draft.is_dm:
            recipient = post.author_id if post.author_id.isdigit() else None
            return SendRequest(draft, dm_intent_url(recipient, text), recipient is not None)
        return SendRequest(draft, reply_intent_url(post.id, text))

    def cancel_sending(self, draft_id: int) -> Draft:
        """It did not post: the draft goes back where it was (draft, or waiting in Review)."""
        draft = self._get(draft_id)
        if draft.state != DraftState.SENDING:
            return draft
        before = self.drafts.state_before_sending(draft_id)
        back = DraftState.READY if before == DraftState.READY else DraftState.DRAFT
        self.drafts.set_state(draft_id, back, self.clock.now())
        return self._get(draft_id)

    def keep_draft(self, draft_id: int) -> Done:
        """The owner said it did not post: ``cancel_sending``, with the way back to "Did it
        post?" (an Undo, for a "No" clicked by mistake)."""
        before = self._get(draft_id)
        back = self.cancel_sending(draft_id)
        change = draft_change(before, back)
        if before.state != DraftState.SENDING:
            return Done(change)

        def restore() -> Changed:
            current = self._get(draft_id)
            if current.state not in (DraftState.DRAFT, DraftState.READY):
                return NOTHING  # sent or sending again since: nothing to take back
            self.drafts.set_state(draft_id, DraftState.SENDING, self.clock.now())
            return Changed.of(ChangeKind.DRAFTS, [draft_id])

        return Done(change, Undo("Kept as a draft.", restore))

    def mark_failed(self, draft_id: int, reason: str) -> Draft:
        """Sending failed; ``reason`` is shown to the owner as it is, so write it in plain words."""
        draft = self._get(draft_id)
        if draft.state == DraftState.SENT:
            raise KindlyError("This reply was already sent.")
        self.drafts.set_state(
            draft_id, DraftState.FAILED, self.clock.now(), failure=reason.strip() or "Not sent."
        )
        return self._get(draft_id)

    def mark_sent(
        self,
        draft_id: int,
        sent_at: datetime | None = None,
        post_id: str | None = None,
        *,
        resolve: bool | None = None,
    ) -> Post | None:
        """The reply is on X: record when (first response time counts from here), put it in the
        thread as the shop's post, and move the mention to Waiting (or Resolved).

        ``post_id`` is X's id of the reply when known; otherwise the thread holds it as
        ``local-<draft id>`` until ``link_sent_reply``. Returns the shop's post (None for a DM).
        """
        draft = self._get(draft_id)
        if draft.state == DraftState.SENT:
            raise KindlyError("This reply was already marked sent.")
        if not draft.text.strip():
            raise ValidationError("An empty reply cannot have been sent.", "text")
        mention = self.posts.get_by_id(draft.post_id)
        if mention is None:
            raise NotFound("The post this reply answers is no longer in Kindly.")
        if post_id is not None:
            post_id = self._check_reply_id(post_id)
        sent_at = sent_at or self.clock.now()
        resolve = draft.resolve_on_send if resolve is None else resolve
        reply_id = post_id or local_post_id(draft.id)
        shop_person = self._shop_person_id()
        with self.db.atomic():
            if draft.is_dm:
                self.messages.add(
                    DirectMessage(
                        id=post_id or f"local-dm-{draft.id}",
                        sender_id=shop_person,
                        recipient_id=mention.author_id,
                        text=draft.text,
                        created_at=sent_at,
                        source="kindly",
                    )
                )
            else:
                self.posts.add_shop_reply(
                    reply_id, shop_person, draft.text, sent_at, mention.id, "kindly"
                )
            self.drafts.set_resolve_on_send(draft.id, resolve)
            self.drafts.mark_sent(draft.id, sent_at, reply_id)
            if resolve:
                self.posts.resolve_conversation(mention.conversation_id)
            elif mention.status != Status.RESOLVED:
                self.posts.set_status([mention.n], Status.WAITING)
        sent = self._get(draft.id)
        reply = None if sent.is_dm else self.posts.get_by_id(reply_id)
        self.reply_sent(sent, reply)
        return reply

    def mark_sent_by_hand(
        self, draft_id: int, link: str = "", *, resolve: bool | None = None
    ) -> Post | None:
        """The owner said "Yes, it posted", maybe pasting the new post's link."""
        post_id = self.reply_id_from_link(link) if link.strip() else None
        return self.mark_sent(draft_id, self.clock.now(), post_id, resolve=resolve)

    def link_sent_reply(self, draft_id: int, link: str) -> str:
        """Swap a sent reply's local id for X's real one, from the link the owner pasted."""
        draft = self._get(draft_id)
        if draft.state != DraftState.SENT or draft.is_dm:
            raise KindlyError("Only a sent public reply has a link on X.")
        new_id = self.reply_id_from_link(link)
        if draft.sent_post_id == new_id:
            return new_id
        if not is_local_id(draft.sent_post_id):
            raise KindlyError("This reply already has its link.")
        parsed = parse_post_link(link)
        self.drafts.replace_sent_post_id(draft.sent_post_id, new_id, parsed.url if parsed else None)
        return new_id

    def reply_id_from_link(self, link: str) -> str:
        """X's id from a pasted link to the shop's reply; ValidationError in plain words."""
        parsed = parse_post_link(link)
        if parsed is None:
            raise ValidationError(
                "Paste the link of your reply on X, like https://x.com/yourshop/status/123…", "link"
            )
        shop = self.shop.get()
        if parsed.handle and shop.handle and parsed.handle.lower() != shop.handle.lower():
            raise ValidationError(
                f"That link is @{parsed.handle}'s post; paste the link of your own reply.", "link"
            )
        return self._check_reply_id(parsed.post_id)

    def reply_sent(self, draft: Draft, post: Post | None) -> None:
        """Tell every ``on_sent`` callback that ``draft`` was sent (see the module docstring)."""
        for callback in list(self.on_sent):
            try:
                callback(draft, post)
            except Exception:  # noqa: BLE001 - the reply is on X already; never undo that
                log.exception("a reply-sent callback failed for draft %s", draft.id)

    # ----- helpers -------------------------------------------------------------------------------

    def _check_reply_id(self, post_id: str) -> str:
        post_id = post_id.strip()
        if not post_id.isdigit():
            raise ValidationError("That is not the id of a post on X.", "link")
        existing = self.posts.get_by_id(post_id)
        if existing is not None and not existing.is_shop:
            raise ValidationError(
                "That link is the customer's post; paste the link of your reply.", "link"
            )
        return post_id

    def _get(self, draft_id: int) -> Draft:
        draft = self.drafts.get(draft_id)
        if draft is None:
            raise NotFound("That draft was discarded.")
        return draft


def draft_change(before: Draft | None, after: Draft | None) -> Changed:
    """What a write to one post's draft changed for the other views: a draft appearing or going,
    changing state (a failed one edited is a draft again), or edited while Review shows it. The
    text of a plain draft is the composer's own business, so typing announces nothing."""
    draft = after or before
    if draft is None:
        return NOTHING
    if (
        before is None
        or after is None
        or before.state != after.state
        or after.state != DraftState.DRAFT
    ):
        return Changed.of(ChangeKind.DRAFTS, [draft.id])
    return NOTHING


def _is_complaint(post: Post | None) -> bool:
    """The inbox's kind (the owner's correction wins) decides; triage reads the text otherwise."""
    if post is None:
        return False
    if post.kind:
        return post.kind == "complaint"
    from app.domain.tone import is_complaint

    return is_complaint(post.text)
