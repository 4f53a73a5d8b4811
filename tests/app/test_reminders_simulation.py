"""Reminders over simulated days through the real engine and a real database file: restarts,
a laptop asleep, the change to summer time, and a clock that runs ahead or behind and is then
corrected. Counts missed, duplicate and spurious reminders; all three must be 0.

The suite runs a short stretch (8 days, one seed). A longer run:
``KINDLY_SIM_DAYS=30 KINDLY_SIM_SEEDS=1,2,3,4,5 pytest tests/app/test_reminders_simulation.py``.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from app.clock import FakeClock
from app.domain.promises import AWAITING_DM, EMAIL_OWED, OVERDUE_AFTER
from app.domain.reminders import REOPENED_PREFIX, REPEAT_PREFIX, notices, rule_times
from app.storage.messages import DirectMessage

DAYS = int(os.environ.get("KINDLY_SIM_DAYS", "8"))
SEEDS = [int(s) for s in os.environ.get("KINDLY_SIM_SEEDS", "18").split(",")]
LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 3, 24, 7, 0, tzinfo=UTC)  # summer time starts on Sunday 29 March
STEP = timedelta(minutes=10)  # a look every 10 minutes while Kindly runs and the laptop is awake
EVERY = timedelta(hours=4)


class World:
    """Real time, the computer's clock (real time + skew), and Kindly open or not."""

    def __init__(self, path, seed):
        self.rng = random.Random(seed)
        self.real = START
        self.skew = timedelta(0)
        self.seen_ahead = timedelta(0)  # forward clock jumps so far: time Kindly saw pass
        self.clock = FakeClock(START)
        self.path = path
        self.ws = None

    def seen(self) -> datetime:
        """Real time plus every forward jump so far: what a fair engine takes as time passed."""
        return self.real + self.seen_ahead

    def set_skew(self, skew: timedelta) -> None:
        if skew > self.skew:
            self.seen_ahead += skew - self.skew
        self.skew = skew
        self.clock.set(self.real + skew)

    def advance(self, delta: timedelta) -> None:
        self.real += delta
        self.clock.set(self.real + self.skew)

    def open(self):
        from app.workspace import open_workspace

        self.ws = open_workspace(self.path, self.clock)
        self.ws.followups.zone = LONDON
        self.ws.reminders.zone = LONDON

    def close(self):
        self.ws.close()
        self.ws = None


def simulate(tmp_path, seed: int, days: int) -> dict:
    world = World(tmp_path / f"sim-{seed}.db", seed)
    rng = world.rng
    world.open()
    ws = world.ws
    ws.settings.save(
        ws.settings.load().replace(
            promise_window_in_opening_hours=True, opening_hours="Mon-Sat 09:00-18:00"
        )
    )
    shop = ws.people.ensure("shop")
    people = [ws.people.ensure(f"customer{i}") for i in range(40)]
    end = START + timedelta(days=days)

    def at(day, hour):
        return START + timedelta(days=day, hours=hour)

    # The computer's clock: a day ahead for five hours, an hour ahead for three, two hours
    # behind for four; each then corrected. Restarts and a night asleep in between.
    skews = sorted(
        [
            (at(1, 3), timedelta(days=1)),
            (at(1, 8), timedelta(0)),
            (at(3, 5), timedelta(hours=1)),
            (at(3, 8), timedelta(0)),
            (at(5, 2), timedelta(hours=-2)),
            (at(5, 6), timedelta(0)),
        ]
    )
    skews = [s for s in skews if s[0] < end]
    closed_spells = sorted(
        (
            START + timedelta(minutes=rng.randrange(60, days * 24 * 60 - 60)),
            timedelta(minutes=rng.randrange(30, 12 * 60)),
        )
        for _ in range(max(days // 2, 2))
    )
    sleep = (at(2, 21), timedelta(hours=9))

    events: list[tuple[datetime, str, dict]] = []
    for _ in range(10 * days):
        when = START + timedelta(minutes=rng.randrange(0, (days - 1) * 24 * 60))
        kind = EMAIL_OWED if rng.random() < 0.6 else AWAITING_DM
        fate = rng.choice(
            ["done", "closed", "snooze", "ignored", "ignored", "reopen", "dm_without_address"]
        )
        events.append(
            (
                when,
                "create",
                {"kind": kind, "fate": fate, "r": rng.random(), "person": rng.choice(people)},
            )
        )
    events.sort(key=lambda e: e[0])

    log = {
        "fires": [],
        "polls": [],
        "missed": [],
        "spurious": [],
        "duplicates": [],
        "history": {},
        "notices": [],
    }
    history = log["history"]
    pending: list[tuple[datetime, int, str]] = []  # (real time, promise, action)
    last_fire: dict[int, datetime] = {}  # promise -> seen() of its last reminder (or reopen)
    catch_up = True
    next_poll = world.real

    def act(pid: int, what: str) -> None:
        h = history[pid]
        promise = ws.promises.get(pid)
        if what in ("done", "closed") and promise.is_open:
            if what == "done":
                ws.followups.done(pid)
            else:
                ws.followups.close(pid, "Sorted in DMs")
            h["ended"].append(world.seen())
        elif what == "reopen" and not promise.is_open:
            ws.followups.reopen(pid)
            h["reopened"].append(world.seen())
            last_fire[pid] = world.seen()
        elif what == "snooze" and promise.is_open:
            until = ws.followups.snooze_choices()["tomorrow"]
            ws.followups.snooze(pid, until)
        elif what == "dm" and promise.is_open and promise.kind == AWAITING_DM:
            message = DirectMessage(
                id=f"dm-{pid}",
                sender_id=promise.person_id,
                recipient_id=shop,
                text="it's about my order, thanks",
                created_at=world.clock.now().replace(microsecond=0),
                source="sync",
            )
            ws.followups.dm_received(message)

    def poll() -> None:
        nonlocal catch_up
        now = world.clock.now()
        seen = world.seen()
        log["polls"].append((world.real, now))
        fired = ws.reminders.fire(now)
        shown = notices(fired, now, {}, ws.settings.load(), catch_up=catch_up, zone=LONDON)
        log["notices"].extend(shown)
        catch_up = False
        keys = {(r.promise.id, r.key) for r in fired}
        if len(keys) != len(fired):
            log["duplicates"].append(("same key twice in one look", now))
        for reminder in fired:
            pid = reminder.promise.id
            promise = ws.promises.get(pid)
            log["fires"].append((world.real, now, pid, reminder.rule, reminder.key))
            h = history[pid]
            if (pid, reminder.key) in h["keys"]:
                log["duplicates"].append((pid, reminder.key, now))
            h["keys"].add((pid, reminder.key))
            # Spurious: for a promise not open, snoozed, or before the rule's time.
            if (
                not promise.is_open
                or (promise.snoozed_until and now < promise.snoozed_until)
                or reminder.at > now
            ):
                log["spurious"].append((pid, reminder.rule, now))
            if reminder.key.startswith(REPEAT_PREFIX):
                if now < promise.due_at + OVERDUE_AFTER:
                    log["spurious"].append((pid, "repeat before overdue", now))
                if pid in last_fire and seen - last_fire[pid] < EVERY:
                    log["duplicates"].append((pid, "repeat too soon", seen - last_fire[pid]))
            last_fire[pid] = seen
        # Missed: the rules that should have spoken by this look and did not.
        soon = timedelta(hours=ws.settings.load().reminder_due_soon_hours)
        fired_keys = {(pid, key) for pid, key, *_ in ws.promises.fired_log()}
        for promise in ws.promises.open():
            if promise.snoozed_until and now < promise.snoozed_until:
                continue
            for rule, key, when in rule_times(promise, soon):
                skipped = promise.snoozed_until is not None and when < promise.snoozed_until
                if when <= now and not skipped and (promise.id, key) not in fired_keys:
                    log["missed"].append((promise.id, rule, now))
            overdue_since = promise.due_at + OVERDUE_AFTER
            last = last_fire.get(promise.id)
            if now >= overdue_since and last is not None and seen - last >= EVERY + 2 * STEP:
                log["missed"].append((promise.id, "repeat", now, seen - last))

    while world.real < end:
        while skews and skews[0][0] <= world.real:
            world.set_skew(skews.pop(0)[1])
            next_poll = world.real  # the window looks again at once (it saw the jump)
            catch_up = True
        while events and events[0][0] <= world.real:
            _, _, e = events.pop(0)
            created = world.clock.now().replace(microsecond=0)
            due = (
                ws.followups.promise_due(created)
                if e["kind"] == EMAIL_OWED
                else created + timedelta(days=2)
            )
            pid = ws.promises.add(
                kind=e["kind"],
                person_id=e["person"],
                created_at=created,
                due_at=due,
                email="c@example.com" if e["kind"] == EMAIL_OWED else None,
            )
            history[pid] = {"fate": e["fate"], "keys": set(), "ended": [], "reopened": []}
            span = due + timedelta(days=1) - created
            first = world.real + span * e["r"]
            if e["fate"] in ("done", "closed"):
                pending.append((first, pid, e["fate"]))
            elif e["fate"] == "reopen":
                pending.append((first, pid, "done"))
                pending.append((first + timedelta(hours=1 + 10 * e["r"]), pid, "reopen"))
            elif e["fate"] == "snooze":
                pending.append(
                    (world.real + (due - created) + timedelta(hours=6 * e["r"]), pid, "snooze")
                )
            elif e["fate"] == "dm_without_address" and e["kind"] == AWAITING_DM:
                pending.append((first, pid, "dm"))
            pending.sort()
        while pending and pending[0][0] <= world.real:
            _, pid, what = pending.pop(0)
            act(pid, what)
        if closed_spells and closed_spells[0][0] <= world.real:
            _, length = closed_spells.pop(0)
            world.close()
            world.advance(length)
            world.open()
            ws = world.ws
            catch_up = True
            next_poll = world.real
            continue
        if sleep and sleep[0] <= world.real:
            world.advance(sleep[1])
            sleep = None
            catch_up = True
            next_poll = world.real
            continue
        if world.real >= next_poll:
            poll()
            next_poll = world.real + STEP
        world.advance(timedelta(minutes=5))
    world.close()
    log["dm_titles"] = [n.title for n in log["notices"]]
    return log


@pytest.fixture(scope="module", params=SEEDS)
def run(request, tmp_path_factory):
    return simulate(tmp_path_factory.mktemp("sim"), request.param, DAYS)


def test_no_reminder_is_missed(run):
    assert run["missed"] == []


def test_no_reminder_fires_twice_or_too_soon(run):
    assert run["duplicates"] == []


def test_no_reminder_is_spurious(run):
    assert run["spurious"] == []


def test_the_run_covered_the_edges(run):
    polls = run["polls"]
    clock_steps = [b[1] - a[1] for a, b in pairwise(polls)]
    assert any(step < timedelta(0) for step in clock_steps)  # the clock went back
    assert any(step > timedelta(hours=8) for step in clock_steps)  # asleep, closed, ahead
    offsets = {now.astimezone(LONDON).utcoffset() for _, now in polls}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # before and after summer time
    rules = {rule for *_, rule, _ in run["fires"]}
    assert {"soon", "due", "overdue", "snoozed"} <= rules
    repeats = [key for *_, key in run["fires"] if key.startswith(REPEAT_PREFIX)]
    assert len(repeats) >= 20
    fates = {h["fate"] for h in run["history"].values()}
    assert {"reopen", "dm_without_address", "snooze"} <= fates
    assert any(h["reopened"] for h in run["history"].values())


def test_a_dm_without_an_address_is_never_called_missing(run):
    with_dm = {pid for pid, h in run["history"].items() if h["fate"] == "dm_without_address"}
    assert with_dm
    assert any("has no e-mail address" in t for t in run["dm_titles"]) or DAYS < 4
    assert not [key for *_, key in run["fires"] if key.startswith(REOPENED_PREFIX)]
