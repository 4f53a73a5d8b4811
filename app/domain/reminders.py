"""Which reminders are due, as one pure function over the promises and what already fired.

No sleeping timers: whoever asks (the window every 30 seconds and on waking, or a test with a
fake clock) passes ``now``; the answer depends only on the promises, the record of what fired and
``now``. That is why a restart, a night asleep or a change to summer time neither loses nor
repeats a reminder: every rule has a key, a fired key never fires again, and an unfired one fires
at the first look after its time.

The rules, per open promise:

- ``soon``: ``reminder_due_soon_hours`` before an e-mail is due (e-mails only);
- ``due``: at the due time;
- ``overdue``: an hour after the due time, then again at most every
  ``reminder_overdue_every_hours`` while it stays open and is not snoozed;
- ``snoozed``: when a snooze ends on a promise that had already started reminding.

Reminder keys include the due time (and snooze end), so moving a promise arms fresh reminders.

Repeats are measured from the last reminder's recorded time. When the owner sets a clock back
(it ran a day ahead), that time lies in the future; ``clock_set_back`` finds such records and the
service moves them back by the size of the jump (``moved_back``) before asking, so the next
repeat comes ``every`` hours of real time after the last one instead of a day late.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from app.domain.opening_hours import to_local
from app.domain.promises import (
    AWAITING_DM,
    EMAIL_OWED,
    OVERDUE_AFTER,
    Promise,
    State,
    short_duration,
    time_state,
    topic_of,
)
from app.domain.times import english, to_db
from app.settings import Settings

RULES = ("soon", "due", "overdue", "snoozed")
REPEAT_PREFIX = "again:"
REOPENED_PREFIX = "reopened:"  # recorded, never shown: a reopened promise's past reminders
_URGENCY = {"soon": 1, "snoozed": 2, "due": 3, "overdue": 4}


@dataclass(frozen=True)
class Reminder:
    promise: Promise
    rule: str  # one of RULES
    key: str  # unique per promise; recorded once fired
    at: datetime  # when it was meant to fire (UTC); it fires at the first look after


@dataclass(frozen=True)
class Notice:
    """What the owner sees: one desktop notification or banner line."""

    title: str
    body: str
    promise_id: int | None  # None: a summary of several; it opens the Follow-ups page
    urgent: bool
    promise_ids: tuple[int, ...] = ()  # what a summary counts, so it can be said again later
    post_n: int | None = None  # an alert about one mention opens it
    opens: str = "followups"  # 'followups' | 'inbox' (alerts about mentions, app/domain/alerts.py)


# promise id -> {key: when it fired}. Every key but the repeats is needed; of the repeats
# (keys starting with REPEAT_PREFIX) only the latest matters.
FiredKeys = Mapping[int, Mapping[str, datetime]]


def due_reminders(
    promises: Iterable[Promise], fired: FiredKeys, now: datetime, settings: Settings
) -> list[Reminder]:
    """Every reminder whose time has come at ``now`` and that has not fired yet."""
    soon = timedelta(hours=settings.reminder_due_soon_hours)
    every = timedelta(hours=max(settings.reminder_overdue_every_hours, 0.25))
    result: list[Reminder] = []
    for promise in promises:
        if promise.status != "open":
            continue
        snooze = promise.snoozed_until
        if snooze is not None and now < snooze:
            continue
        done = fired.get(promise.id, {})
        found = _fixed_reminders(promise, done, now, soon, snooze)
        if not found:
            repeat = _repeat(promise, done, now, every)
            if repeat:
                found.append(repeat)
        result.extend(found)
    result.sort(key=lambda r: (r.at, r.promise.id, _URGENCY[r.rule]))
    return result


def rule_times(promise: Promise, due_soon: timedelta) -> list[tuple[str, str, datetime]]:
    """The fixed rules of a promise as (rule, key, time), earliest first."""
    anchor = to_db(promise.due_at)
    rules = []
    if promise.kind == EMAIL_OWED:
        rules.append(("soon", f"soon:{anchor}", promise.due_at - due_soon))
    rules.append(("due", f"due:{anchor}", promise.due_at))
    rules.append(("overdue", f"overdue:{anchor}:1", promise.due_at + OVERDUE_AFTER))
    return rules


def _fixed_reminders(promise, done, now, soon, snooze) -> list[Reminder]:
    rules = rule_times(promise, soon)
    found = []
    for rule, key, at in rules:
        if at > now or key in done:
            continue
        if snooze is not None and at < snooze:
            continue  # the owner snoozed past it: the snooze's own reminder stands for it
        found.append(Reminder(promise, rule, key, at))
    if snooze is not None and snooze > rules[0][2]:
        key = f"snoozed:{to_db(snooze)}"
        if key not in done:
            found.append(Reminder(promise, "snoozed", key, snooze))
    return found


# A look this much later than the one before starts a new stretch of the clock: Kindly was
# closed, the computer slept, or the clock was put forward (the three look the same).
RESUME_GAP = timedelta(minutes=30)
# The last look's time is written at most this often (and whenever a reminder fires), so a look
# every 30 seconds is not a write every 30 seconds; a set-back is then measured up to this short.
LOOK_RECORDED_EVERY = timedelta(minutes=5)


def clock_set_back(
    fired: FiredKeys, now: datetime, last_look: datetime | None, resumed_at: datetime | None
) -> datetime | None:
    """After a clock was set back: the recorded reminders from ``resumed_at`` on were recorded
    on the clock before the correction and move back with it (``moved_back``); None when the
    clock was not set back.

    ``last_look`` is the previous look's time and ``resumed_at`` the first look after the last
    gap between looks, both on the clock of the time. A clock put forward shows only as a gap,
    so the stretch since then is what ran ahead. With no look recorded, reminders recorded
    after ``now`` are all that is known to lie ahead."""
    if last_look is not None and now < last_look:
        return (
            resumed_at
            if resumed_at is not None and resumed_at <= last_look
            else datetime.min.replace(tzinfo=now.tzinfo)
        )
    if any(keys and max(keys.values()) > now for keys in fired.values()):
        return now
    return None


def moved_back(fired_at: datetime, now: datetime, last_look: datetime | None) -> datetime:
    """Where a record from before the clock was set back belongs on the corrected clock.

    The clock jumped back by about ``last_look - now`` (the last look's time on the old clock),
    so the record moves back by as much: the time that really passed since that reminder still
    counts, and the next repeat is ``every`` after it in real time. Never later than ``now``."""
    shift = last_look - now if last_look is not None and last_look > now else timedelta(0)
    return min(fired_at - shift, now)


def _repeat(promise, done, now, every) -> Reminder | None:
    """The next overdue reminder, at most every ``every`` after the promise's last one."""
    if now < promise.due_at + OVERDUE_AFTER or not done:
        return None
    last = min(max(done.values()), now)  # a future record (clock set back) counts as now
    if now < last + every:
        return None
    at = last + every
    # A repeat's key names its own time, so only the latest one needs remembering.
    return Reminder(promise, "overdue", f"{REPEAT_PREFIX}{to_db(promise.due_at)}@{to_db(at)}", at)


NAMED_IN_GROUP = 3  # a grouped notification names this many follow-ups and counts the rest


def notices(
    reminders: list[Reminder],
    now: datetime,
    handles: Mapping[str, str],
    settings: Settings,
    *,
    catch_up: bool = False,
    burst_limit: int = 3,
    zone: tzinfo | None = None,
) -> list[Notice]:
    """Turn fired reminders into what the owner sees: one notice per promise, or one group.

    At the desk, up to ``burst_limit`` promises at once get a notice each; more than that become
    one grouped notice naming the most urgent few and counting the rest, so a busy moment does
    not bury the screen. ``catch_up`` (on start, or after the computer slept) always groups when
    more than one promise needs attention.
    """
    latest: dict[int, Reminder] = {}
    for reminder in reminders:
        current = latest.get(reminder.promise.id)
        if current is None or _URGENCY[reminder.rule] > _URGENCY[current.rule]:
            latest[reminder.promise.id] = reminder
    picked = sorted(
        latest.values(), key=lambda r: (-_URGENCY[r.rule], r.promise.due_at, r.promise.id)
    )
    if not picked:
        return []
    soon = timedelta(hours=settings.reminder_due_soon_hours)
    if len(picked) > 1 and (catch_up or len(picked) > burst_limit):
        return [_group(picked, now, handles, soon, catch_up)]
    return [_notice(r.promise, now, handles, soon, zone) for r in picked]


def notice_for(
    promise: Promise,
    now: datetime,
    handles: Mapping[str, str],
    settings: Settings,
    zone: tzinfo | None = None,
) -> Notice:
    return _notice(promise, now, handles, timedelta(hours=settings.reminder_due_soon_hours), zone)


def _notice(promise, now, handles, soon, zone) -> Notice:
    handle = handles.get(promise.person_id) or promise.person_id
    state = time_state(promise, now, soon)
    due_local = english(to_local(promise.due_at, zone), "%a %H:%M")
    if promise.kind == AWAITING_DM and promise.dm_id:
        # Their DM came, without an address: the e-mail waits for the owner to type it.
        return Notice(
            f"@{handle}'s DM has no e-mail address",
            "Type their address on the follow-up (or ask them for it), then write the e-mail.",
            promise.id,
            state == State.OVERDUE,
        )
    if promise.kind == AWAITING_DM:
        asked = english(to_local(promise.created_at, zone), "%a %d %b")
        return Notice(
            f"No DM from @{handle} yet",
            f"You asked them to DM on {asked}. Nudge publicly or close?",
            promise.id,
            state == State.OVERDUE,
        )
    topic = topic_of(promise)
    to = f"to {promise.email}" if promise.email else "address still needed"
    if state == State.OVERDUE:
        late = short_duration(now - promise.due_at)
        return Notice(
            f"E-mail to @{handle} is overdue",
            f"{topic} — {to}. It was due {due_local}, {late} ago.",
            promise.id,
            True,
        )
    if state == State.DUE:
        return Notice(
            f"E-mail to @{handle} is due now", f"{topic} — {to}, due {due_local}.", promise.id, True
        )
    left = short_duration(promise.due_at - now)
    return Notice(
        f"E-mail to @{handle} due in {left}", f"{topic} — {to}, due {due_local}.", promise.id, False
    )


def _group(
    picked: list[Reminder],
    now: datetime,
    handles: Mapping[str, str],
    soon: timedelta,
    catch_up: bool,
) -> Notice:
    """One notice for several promises: what kinds, then who (the most urgent few first)."""
    counts = {"overdue": 0, "due": 0, "soon": 0, "dm": 0, "address": 0}
    for reminder in picked:
        promise = reminder.promise
        if promise.kind == AWAITING_DM:
            counts["address" if promise.dm_id else "dm"] += 1
            continue
        state = time_state(promise, now, soon)
        key = {State.OVERDUE: "overdue", State.DUE: "due"}.get(state, "soon")
        counts[key] += 1
    parts = []
    if counts["overdue"]:
        parts.append(f"{counts['overdue']} e-mail{_s(counts['overdue'])} overdue")
    if counts["due"]:
        parts.append(f"{counts['due']} e-mail{_s(counts['due'])} due now")
    if counts["soon"]:
        parts.append(f"{counts['soon']} e-mail{_s(counts['soon'])} due soon")
    if counts["dm"]:
        parts.append(f"{counts['dm']} DM{_s(counts['dm'])} not arrived")
    if counts["address"]:
        parts.append(f"{counts['address']} DM{_s(counts['address'])} without an address")
    names = [
        f"@{handles.get(r.promise.person_id) or r.promise.person_id}"
        for r in picked[:NAMED_IN_GROUP]
    ]
    rest = len(picked) - len(names)
    who = ", ".join(names) + (f" and {rest} more" if rest else "")
    title = "While you were away" if catch_up else f"{len(picked)} follow-ups need you"
    return Notice(
        title,
        f"{', '.join(parts)}: {who}. Open Follow-ups to see them.",
        None,
        bool(counts["overdue"]),
        tuple(r.promise.id for r in picked),
    )


def regroup(
    notice: Notice,
    still_open: list[Promise],
    now: datetime,
    handles: Mapping[str, str],
    settings: Settings,
) -> Notice | None:
    """A summary said again over the promises of it still open at ``now``, with today's figures
    (one done, one now overdue); None when none is left to say."""
    if not still_open:
        return None
    soon = timedelta(hours=settings.reminder_due_soon_hours)
    rank = {State.OVERDUE: 0, State.DUE: 1}
    ordered = sorted(
        still_open, key=lambda p: (rank.get(time_state(p, now, soon), 2), p.due_at, p.id)
    )
    picked = [Reminder(p, "soon", "", now) for p in ordered]
    return _group(picked, now, handles, soon, notice.title == "While you were away")


def _s(n: int) -> str:
    return "" if n == 1 else "s"
