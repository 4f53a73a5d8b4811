"""Follow-ups: hand-offs to DM, e-mails owed, and the reminders that keep them from slipping.

The flow: a sent reply that asks for a DM opens an *awaiting DM* follow-up; the customer's DM
(synced, or pasted by hand) with an e-mail address turns it into an *e-mail owed* promise, due
after the promise window; the owner writes the e-mail from Kindly and ticks it done. Reminders
come from ``Reminders.check`` over the same table.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from sqlite_utils import Database

from app.changes import NOTHING, ChangeKind, Changed
from app.clock import Clock
from app.domain import reminders as rules
from app.domain.contacts import find_emails, is_email
from app.domain.handoff import asks_for_dm, promises_email
from app.domain.links import clean_handle
from app.domain.mail import EmailDraft, compose_email, first_name_of
from app.domain.opening_hours import (
    add_open_hours,
    next_local_time,
    parse_opening_hours,
    to_local,
)
from app.domain.promises import (
    AWAITING_DM,
    EMAIL_OWED,
    NEEDS_ATTENTION,
    Promise,
    State,
    state_of,
    topic_of,
)
from app.domain.times import to_db
from app.errors import NotFound, ValidationError
from app.settings import Settings
from app.storage.messages import DirectMessage, Messages
from app.storage.people import People
from app.storage.promises import FollowUpRow, Promises
from app.storage.shop import SettingsStore, ShopStore

log = logging.getLogger("kindly.followups")

MAX_DM_CHARS = 10_000  # X's DMs are at most 10,000 characters
DM_ARRIVED = "Their DM arrived"  # why an awaiting-DM follow-up closed by itself


@dataclass(frozen=True)
class DmOutcome:
    """What adding a DM did: the stored message, the addresses found, the promise it touched."""

    message: DirectMessage
    emails: list[str]
    promise: Promise | None  # the e-mail owed opened, or the awaiting-DM follow-up now showing it
    closed: list[int] = field(default_factory=list)  # awaiting-DM follow-ups it settled
    touched: list[int] = field(default_factory=list)  # awaiting-DM follow-ups now showing it
    # The address the open e-mail owed had before this DM gave a different one (it now has the
    # newest: a second DM usually corrects the first); None when nothing was replaced.
    earlier_email: str | None = None
    updated_owed: bool = False  # the DM went to an e-mail owed that was already open

    @property
    def changed(self) -> Changed:
        """The sender (a new person, or a new DM on theirs) and every follow-up the DM moved;
        and the inbox, which lists the DM in its thread."""
        promises = [self.promise.id] if self.promise is not None else []
        return (
            Changed.of(ChangeKind.PROMISES, promises + self.closed + self.touched)
            | Changed.of(ChangeKind.PEOPLE, [self.message.sender_id])
            | Changed.of(ChangeKind.POSTS)
        )


def _promises_changed(*promise_ids: int) -> Changed:
    return Changed.of(ChangeKind.PROMISES, promise_ids)


@dataclass(frozen=True)
class Overview:
    """The Follow-ups page in three sections."""

    owed: list[tuple[FollowUpRow, State]]  # e-mails owed, most urgent first
    awaiting: list[tuple[FollowUpRow, State]]  # waiting for the customer's DM
    done: list[tuple[FollowUpRow, State]]  # done or closed this week, newest first

    @property
    def due_count(self) -> int:
        return sum(1 for _, state in self.owed + self.awaiting if state in NEEDS_ATTENTION)


_URGENT_ORDER = {State.OVERDUE: 0, State.DUE: 1, State.SOON: 2, State.LATER: 3, State.SNOOZED: 4}


class FollowUps:
    def __init__(
        self,
        db: Database,
        promises: Promises,
        messages: Messages,
        people: People,
        shop: ShopStore,
        settings: SettingsStore,
        clock: Clock,
        zone: tzinfo | None = None,
    ):
        self.db = db
        self.promises = promises
        self.messages = messages
        self.people = people
        self.shop = shop
        self.settings = settings
        self.clock = clock
        self.zone = zone  # the shop's local zone; None: this computer's

    # ----- a reply was sent -----------------------------------------------------------------------

    def reply_sent(
        self, text: str, channel: str, answered_post_id: str, sent_at: datetime | None = None
    ) -> Promise | None:
        """Open the follow-up a sent reply calls for: awaiting DM for a hand-off, e-mail owed for
        a promised e-mail. None when the reply promises nothing (or it is already tracked)."""
        sent_at = sent_at or self.clock.now()
        handoff = asks_for_dm(text)
        owes = promises_email(text)
        if not (handoff or owes):
            return None
        found = self.promises.post_author(answered_post_id)
        if found is None:
            log.warning("reply to unknown post %s: no follow-up opened", answered_post_id)
            return None
        person_id, conversation_id = found
        settings = self.settings.load()
        kind = AWAITING_DM if handoff else EMAIL_OWED
        with self.db.atomic():
            for existing in self.promises.for_post(answered_post_id):
                if existing.is_open and existing.kind == kind:
                    return existing
            if kind == AWAITING_DM:
                for existing in self.promises.open_for_person(person_id):
                    if existing.kind == AWAITING_DM:
                        # Asked again in another thread: one wait per person, due from now.
                        self.promises.set_due(existing.id, self._awaiting_due(sent_at, settings))
                        return self.promises.get(existing.id)
                promise_id = self.promises.add(
                    kind=AWAITING_DM,
                    person_id=person_id,
                    created_at=sent_at,
                    due_at=self._awaiting_due(sent_at, settings),
                    conversation_id=conversation_id,
                    post_id=answered_post_id,
                    note=self._note_from_post(answered_post_id),
                )
            else:
                promise_id = self.promises.add(
                    kind=EMAIL_OWED,
                    person_id=person_id,
                    created_at=sent_at,
                    due_at=self.promise_due(sent_at, settings),
                    conversation_id=conversation_id,
                    post_id=answered_post_id,
                    email=self.promises.known_address(person_id)
                    or self._address_from_dms(person_id),
                    note=self._note_from_post(answered_post_id),
                )
        log.info(
            "reply to %s opened %s follow-up %s (%s)", answered_post_id, kind, promise_id, channel
        )
        return self.promises.get(promise_id)

    # ----- a DM arrived ---------------------------------------------------------------------------

    def owed_address(self, handle: str) -> str | None:
        """The address of the e-mail already owed to this person, if one is open: a DM with
        another address changes it, and the owner is told so before adding it."""
        person = self.people.by_handle(handle.strip().lstrip("@"))
        if person is None:
            return None
        for promise in self.promises.open_for_person(person.id):
            if promise.kind == EMAIL_OWED and promise.email:
                return promise.email
        return None

    def add_dm_by_hand(self, handle: str, text: str, received_at: datetime | None) -> DmOutcome:
        """The owner pasted a customer's DM: check it, store it, and act on any address in it."""
        typed = (handle or "").strip()
        clean = clean_handle(typed) if typed else None
        if not typed:
            raise ValidationError("Who sent it? Type their @handle.", "handle")
        if clean is None:
            raise ValidationError(
                "A handle has 1–15 letters, digits or underscores, like @maya_k.", "handle"
            )
        shop = self.shop.get()
        if shop.handle and clean.lower() == shop.handle.lower():
            raise ValidationError("That is the shop's own handle; type the customer's.", "handle")
        body = (text or "").strip()
        if not body:
            raise ValidationError("Paste what they wrote in the DM.", "text")
        if len(body) > MAX_DM_CHARS:
            raise ValidationError(
                f"That is longer than any DM on X ({MAX_DM_CHARS:,} characters).", "text"
            )
        now = self.clock.now()
        when = received_at or now
        if when > now + timedelta(minutes=1):
            raise ValidationError("That time is in the future.", "time")
        with self.db.atomic():
            person_id = self.people.ensure(clean, seen_at=when)
            for earlier in self.messages.from_person(person_id):
                if earlier.text.strip() == body and abs(earlier.created_at - when) < timedelta(
                    minutes=1
                ):
                    raise ValidationError("This DM is already in Kindly.", "text")
            message = DirectMessage(
                id=f"manual-{uuid.uuid4().hex}",
                sender_id=person_id,
                recipient_id=self._shop_person_id(),
                text=body,
                created_at=when.replace(microsecond=0),
                source="manual",
            )
            return self.dm_received(message)

    def dm_received(self, message: DirectMessage, raw_json: str | None = None) -> DmOutcome:
        """A DM from any source (pasted, synced, imported). Stored once; a customer's DM with an
        address opens an e-mail owed and settles their awaiting-DM follow-up."""
        with self.db.atomic():
            added = self.messages.add(message, raw_json)
            if message.sender_id == self._shop_person_id():
                return DmOutcome(message, [], None)
            emails = find_emails(message.text)
            if not added and self.messages.get(message.id) is not None:
                already = [
                    p
                    for p in self.promises.open_for_person(message.sender_id)
                    if p.dm_id == message.id
                ]
                return DmOutcome(message, emails, already[0] if already else None)
            awaiting = [
                p for p in self.promises.open_for_person(message.sender_id) if p.kind == AWAITING_DM
            ]
            owed = [
                p for p in self.promises.open_for_person(message.sender_id) if p.kind == EMAIL_OWED
            ]
            owed_without_address = [p for p in owed if not p.email]
            if not emails:
                for promise in awaiting:
                    if promise.dm_id is None:
                        # Their DM came: the wait is over and the e-mail is owed from now on,
                        # so the follow-up falls due as the e-mail would, not as "no DM yet".
                        self.promises.set_due(promise.id, self.promise_due(message.created_at))
                    self.promises.set_dm(promise.id, message.id)
                shown = awaiting[0].id if awaiting else None
                return DmOutcome(
                    message,
                    [],
                    self.promises.get(shown) if shown else None,
                    touched=[p.id for p in awaiting],
                )
            address = emails[0]
            if owed_without_address:
                target = owed_without_address[0]
                self.promises.set_email(target.id, address)
                self.promises.set_dm(target.id, message.id)
                closed = self._settle(awaiting, message.created_at)
                return DmOutcome(message, emails, self.promises.get(target.id), closed)
            if owed:
                # One e-mail is owed to one person: a second DM updates the open promise (its
                # due time and reminders stay), never opens a second one of its own.
                target = next((p for p in owed if p.email in emails), owed[0])
                earlier = None
                if target.email not in emails:
                    earlier = target.email
                    self.promises.set_email(target.id, address)
                    log.info("DM %s changed the address of e-mail owed %s", message.id, target.id)
                self.promises.set_dm(target.id, message.id)
                closed = self._settle(awaiting, message.created_at)
                return DmOutcome(
                    message,
                    emails,
                    self.promises.get(target.id),
                    closed,
                    earlier_email=earlier,
                    updated_owed=True,
                )
            source = awaiting[0] if awaiting else None
            promise_id = self._open_owed(
                person_id=message.sender_id,
                address=address,
                dm_at=message.created_at,
                source=source,
                dm_id=message.id,
            )
            closed = self._settle(awaiting, message.created_at)
        log.info("DM %s gave an address: e-mail owed %s", message.id, promise_id)
        return DmOutcome(message, emails, self.promises.get(promise_id), closed)

    def set_address(self, promise_id: int, typed: str) -> tuple[Promise, Changed]:
        """The owner typed the address for a follow-up: an awaiting DM becomes an e-mail owed
        (due from the DM's time when there is one), an e-mail owed gets its address. Returns
        the e-mail owed and what changed (the awaiting DM too, now settled)."""
        promise = self._open(promise_id)
        address = typed.strip()
        if not address:
            raise ValidationError("Type the customer's e-mail address.", "email")
        if not is_email(address):
            raise ValidationError(
                f"“{address}” is not an e-mail address; it looks like name@example.com.", "email"
            )
        address = find_emails(address)[0]
        with self.db.atomic():
            if promise.kind == EMAIL_OWED:
                self.promises.set_email(promise.id, address)
                return self._written(promise.id), _promises_changed(promise.id)
            dm = self.messages.get(promise.dm_id) if promise.dm_id else None
            start = dm.created_at if dm else self.clock.now()
            new_id = self._open_owed(
                person_id=promise.person_id,
                address=address,
                dm_at=start,
                source=promise,
                dm_id=promise.dm_id,
            )
            self._settle([promise], self.clock.now())
        return self._written(new_id), _promises_changed(new_id, promise.id)

    # ----- the owner's actions --------------------------------------------------------------------

    def done(self, promise_id: int) -> Changed:
        """The e-mail was written (or the DM came and was handled): record when."""
        promise = self._open(promise_id)
        self.promises.finish(promise.id, "done", self.clock.now())
        return _promises_changed(promise.id)

    def close(self, promise_id: int, reason: str) -> Changed:
        """Close without an e-mail, saying why (sorted in DMs, customer went quiet, …)."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("Say why it closes without an e-mail.", "reason")
        promise = self._open(promise_id)
        self.promises.finish(promise.id, "closed", self.clock.now(), reason[:500])
        return _promises_changed(promise.id)

    def reopen(self, promise_id: int) -> Changed:
        """Open a done or closed follow-up again. The reminders whose time passed while it was
        done count as said: the next one is a repeat, not a burst of old ones at once."""
        promise = self.promises.get(promise_id)
        if promise is None:
            raise NotFound("That follow-up no longer exists.")
        if promise.is_open:
            return NOTHING
        now = self.clock.now()
        soon = timedelta(hours=self.settings.load().reminder_due_soon_hours)
        with self.db.atomic():
            self.promises.reopen(promise_id)
            passed = [
                (rule, key, at) for rule, key, at in rules.rule_times(promise, soon) if at <= now
            ]
            for rule, key, at in passed:
                self.promises.record_fired(promise_id, key, rule, at, now)
            if passed:  # repeats count from now, not from a reminder before it was done
                self.promises.record_fired(
                    promise_id, f"{rules.REOPENED_PREFIX}{to_db(now)}", "reopened", now, now
                )
        return _promises_changed(promise_id)

    def snooze(self, promise_id: int, until: datetime) -> Changed:
        promise = self._open(promise_id)
        now = self.clock.now()
        if until <= now:
            raise ValidationError("Choose a time in the future to be reminded again.", "time")
        if until > now + timedelta(days=366):
            raise ValidationError("Snooze for at most a year.", "time")
        self.promises.snooze(promise.id, until.replace(microsecond=0))
        return _promises_changed(promise.id)

    def snooze_choices(self) -> dict[str, datetime]:
        """The quick snoozes: in an hour, and tomorrow at 9:00 local time."""
        now = self.clock.now()
        return {
            "hour": (now + timedelta(hours=1)).replace(microsecond=0),
            "tomorrow": next_local_time(now, 9, 0, self.zone),
        }

    def nudged(self, promise_id: int) -> Promise:
        """The owner nudged publicly: wait for the DM again, for the awaiting-DM days."""
        promise = self._open(promise_id)
        if promise.kind != AWAITING_DM:
            raise ValidationError("Only a follow-up waiting for a DM can be nudged.")
        self.promises.set_due(
            promise.id, self._awaiting_due(self.clock.now(), self.settings.load())
        )
        return self._written(promise.id)

    def email_draft(self, promise_id: int) -> EmailDraft:
        """Address, subject and body of the promised e-mail, for the owner's mail app."""
        promise = self.promises.get(promise_id)
        if promise is None:
            raise NotFound("That follow-up no longer exists.")
        if not promise.email:
            raise ValidationError(
                "Kindly has no e-mail address for them yet; type it first.", "email"
            )
        row = self.promises.rows([promise])[0]
        shop = self.shop.get()
        return compose_email(
            to=promise.email,
            shop_name=shop.name,
            topic=topic_of(promise, row.post_text),
            first_name=first_name_of(row.name, row.handle),
            post_text=row.post_text,
            dm_text=row.dm_text,
            signature=shop.signature,
        )

    # ----- reading --------------------------------------------------------------------------------

    def overview(self, now: datetime | None = None) -> Overview:
        now = now or self.clock.now()
        settings = self.settings.load()
        soon = timedelta(hours=settings.reminder_due_soon_hours)
        open_rows = self.promises.rows(self.promises.open())
        owed: list[tuple[FollowUpRow, State]] = []
        awaiting: list[tuple[FollowUpRow, State]] = []
        for row in open_rows:
            state = state_of(row.promise, now, soon)
            (owed if row.promise.kind == EMAIL_OWED else awaiting).append((row, state))
        owed.sort(key=lambda rs: (_URGENT_ORDER.get(rs[1], 9), rs[0].promise.due_at))
        awaiting.sort(key=lambda rs: (_URGENT_ORDER.get(rs[1], 9), rs[0].promise.due_at))
        finished = [
            p
            for p in self.promises.finished_since(self.week_start(now))
            if p.close_reason != DM_ARRIVED
        ]  # settled by the DM: the e-mail goes on
        done = [(row, state_of(row.promise, now, soon)) for row in self.promises.rows(finished)]
        return Overview(owed, awaiting, done)

    def for_person(
        self, person_id: str, now: datetime | None = None
    ) -> list[tuple[FollowUpRow, State]]:
        """One person's open follow-ups, most urgent first (the person panel's line)."""
        now = now or self.clock.now()
        soon = timedelta(hours=self.settings.load().reminder_due_soon_hours)
        rows = [
            (row, state_of(row.promise, now, soon))
            for row in self.promises.rows(self.promises.open_for_person(person_id))
        ]
        rows.sort(
            key=lambda rs: (
                rs[0].promise.kind != EMAIL_OWED,
                _URGENT_ORDER.get(rs[1], 9),
                rs[0].promise.due_at,
            )
        )
        return rows

    def due_count(self, now: datetime | None = None) -> int:
        """How many follow-ups need the owner now (due soon, due, overdue), counted in SQL."""
        now = now or self.clock.now()
        soon = timedelta(hours=self.settings.load().reminder_due_soon_hours)
        return self.promises.count_needing_attention(now, soon)

    def due_list(self, now: datetime | None = None) -> list[tuple[FollowUpRow, State]]:
        """What is due soon, due or overdue at ``now`` (the `kindly due` command)."""
        overview = self.overview(now)
        return [
            (row, state)
            for row, state in overview.owed + overview.awaiting
            if state in NEEDS_ATTENTION
        ]

    def week_start(self, now: datetime) -> datetime:
        """Monday 00:00 of this local week, as UTC."""
        local = to_local(now, self.zone)
        return next_local_time(now, 0, 0, self.zone, days_ahead=-local.weekday())

    def promise_due(self, start: datetime, settings: Settings | None = None) -> datetime:
        """When an e-mail promised at ``start`` is due: the promise window later, counted in
        opening hours when the owner chose that."""
        settings = settings or self.settings.load()
        hours = settings.promise_window_hours
        if settings.promise_window_in_opening_hours:
            try:
                opening = parse_opening_hours(settings.opening_hours)
                return add_open_hours(start, hours, opening, self.zone).replace(microsecond=0)
            except ValidationError as exc:
                log.warning("opening hours unusable (%s); counting clock hours", exc)
        return (start + timedelta(hours=hours)).replace(microsecond=0)

    def handles(self, person_ids: list[str]) -> dict[str, str]:
        result = {}
        for person_id in set(person_ids):
            person = self.people.get(person_id)
            result[person_id] = person.handle if person else person_id
        return result

    # ----- inside ---------------------------------------------------------------------------------

    def _written(self, promise_id: int) -> Promise:
        """A promise this service has just written, read back."""
        promise = self.promises.get(promise_id)
        if promise is None:  # only if the row was deleted under us, between write and read
            raise NotFound("That follow-up no longer exists.")
        return promise

    def _open(self, promise_id: int) -> Promise:
        promise = self.promises.get(promise_id)
        if promise is None:
            raise NotFound("That follow-up no longer exists.")
        if not promise.is_open:
            raise ValidationError("That follow-up is already done or closed.")
        return promise

    def _open_owed(self, *, person_id, address, dm_at, source: Promise | None, dm_id) -> int:
        conversation_id = source.conversation_id if source else None
        post_id = source.post_id if source else None
        if source is None:
            latest = self.promises.latest_post_of(person_id)
            if latest:
                post_id, conversation_id = latest
        return self.promises.add(
            kind=EMAIL_OWED,
            person_id=person_id,
            created_at=dm_at,
            due_at=self.promise_due(dm_at),
            conversation_id=conversation_id,
            post_id=post_id,
            email=address,
            note=source.note if source else (self._note_from_post(post_id) if post_id else ""),
            dm_id=dm_id,
        )

    def _settle(self, awaiting: list[Promise], when: datetime) -> list[int]:
        closed = []
        for promise in awaiting:
            if self.promises.finish(promise.id, "done", max(when, promise.created_at), DM_ARRIVED):
                closed.append(promise.id)
        return closed

    def _awaiting_due(self, start: datetime, settings: Settings) -> datetime:
        return (start + timedelta(days=settings.awaiting_dm_days)).replace(microsecond=0)

    def _note_from_post(self, post_id: str | None) -> str:
        if not post_id:
            return ""
        row = self.db.execute("SELECT text FROM posts WHERE id = ?", [post_id]).fetchone()
        if not row:
            return ""
        words = [w for w in row[0].split() if not w.startswith("@")]
        text = " ".join(words)
        return text if len(text) <= 90 else text[:89].rstrip() + "…"

    def _address_from_dms(self, person_id: str) -> str | None:
        for message in self.messages.from_person(person_id):
            found = find_emails(message.text)
            if found:
                return found[0]
        return None

    def _shop_person_id(self) -> str:
        shop = self.shop.get()
        return self.people.ensure(shop.handle or "shop", person_id=shop.user_id, name=shop.name)


@dataclass(frozen=True)
class Look:
    """One look for reminders, as plain data a worker thread hands back to the window: what to
    show, how many need the owner, and the Follow-ups page as it stands at ``now`` (None when
    the page is not on screen: reading 10,000 rows for nobody is what stalled the window)."""

    now: datetime
    notices: list[rules.Notice]
    due_count: int
    overview: Overview | None


def followups_on(db: Database, clock: Clock, zone: tzinfo | None = None) -> Reminders:
    """The follow-ups and their reminders over one connection (a worker thread's own)."""
    promises = Promises(db)
    people = People(db)
    settings = SettingsStore(db)
    followups = FollowUps(db, promises, Messages(db), people, ShopStore(db), settings, clock, zone)
    return Reminders(db, promises, followups, settings, clock, zone)


class Reminders:
    """Fires reminders from the promises table: each rule once per promise, recorded atomically,
    so a restart, a second window or the computer sleeping neither loses nor repeats one."""

    def __init__(
        self,
        db: Database,
        promises: Promises,
        followups: FollowUps,
        settings: SettingsStore,
        clock: Clock,
        zone: tzinfo | None = None,
    ):
        self.db = db
        self.promises = promises
        self.followups = followups
        self.settings = settings
        self.clock = clock
        self.zone = zone

    def fire(self, now: datetime | None = None) -> list[rules.Reminder]:
        """Record and return every reminder due at ``now`` that has not fired before."""
        now = now or self.clock.now()
        settings = self.settings.load()
        soon = timedelta(hours=settings.reminder_due_soon_hours)
        every = timedelta(hours=max(settings.reminder_overdue_every_hours, 0.25))
        fired = []
        with self.db.atomic():
            candidates = self.promises.reminder_candidates(now, soon, every)
            done = self.promises.fired([p.id for p in candidates])
            last_look, resumed_at = self.promises.looks()
            since = rules.clock_set_back(done, now, last_look, resumed_at)
            if since is not None:
                moved = self.promises.move_fired_back(
                    since, lambda at: rules.moved_back(at, now, last_look)
                )
                log.info(
                    "the clock was set back (last look %s, now %s): %d reminder records moved back",
                    last_look and to_db(last_look),
                    to_db(now),
                    moved,
                )
                candidates = self.promises.reminder_candidates(now, soon, every)
                done = self.promises.fired([p.id for p in candidates])
            resumed = since is not None or last_look is None or now - last_look > rules.RESUME_GAP
            if resumed:
                resumed_at = now  # a new stretch of the clock begins
            if (
                resumed
                or last_look is None
                or now < last_look
                or now - last_look >= rules.LOOK_RECORDED_EVERY
            ):
                self.promises.set_looks(now, resumed_at)
            for reminder in rules.due_reminders(candidates, done, now, settings):
                if self.promises.record_fired(
                    reminder.promise.id, reminder.key, reminder.rule, reminder.at, now
                ):
                    fired.append(reminder)
            if fired and last_look is not None and last_look < now:
                self.promises.set_looks(now, None)  # a reminder's time is never after the look's
        return fired

    def check(self, *, catch_up: bool = False, now: datetime | None = None) -> list[rules.Notice]:
        """Fire what is due and say it the way the owner should see it (one summary on a
        catch-up, one notice per promise otherwise)."""
        now = now or self.clock.now()
        fired = self.fire(now)
        if not fired:
            return []
        handles = self.followups.handles([r.promise.person_id for r in fired])
        return rules.notices(
            fired, now, handles, self.settings.load(), catch_up=catch_up, zone=self.zone
        )

    def said_again(self, notice: rules.Notice, now: datetime | None = None) -> rules.Notice | None:
        """A notice on screen as it reads now: its figures updated after the owner handled some of
        its follow-ups (or time made one overdue), or None when none needs the owner any more."""
        now = now or self.clock.now()
        ids = (notice.promise_id,) if notice.promise_id is not None else notice.promise_ids
        still_open = [
            p
            for p in (self.promises.get(i) for i in ids)
            if p is not None and p.is_open and (p.snoozed_until is None or p.snoozed_until <= now)
        ]
        if not still_open:
            return None
        handles = self.followups.handles([p.person_id for p in still_open])
        settings = self.settings.load()
        if notice.promise_id is not None:
            return rules.notice_for(still_open[0], now, handles, settings, self.zone)
        return rules.regroup(notice, still_open, now, handles, settings)

    def look(self, now: datetime, *, catch_up: bool = False, page: bool = True) -> Look:
        """Fire what is due, say it, count what needs the owner and (``page``) read the page:
        the window's look every 30 seconds, done in a worker."""
        shown = self.check(catch_up=catch_up, now=now)
        overview = self.followups.overview(now) if page else None
        count = overview.due_count if overview is not None else self.followups.due_count(now)
        return Look(now, shown, count, overview)
