"""The reminder rules as a pure function, and the scheduler over a simulated month."""

import random
from dataclasses import replace
from itertools import pairwise
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.clock import FakeClock
from app.domain.promises import AWAITING_DM, EMAIL_OWED, Promise
from app.domain.reminders import due_reminders, notices
from app.settings import Settings

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SETTINGS = Settings()


def promise(pid=1, kind=EMAIL_OWED, due=T0, status="open", snoozed=None, created=None):
    email = "a@example.com" if kind == EMAIL_OWED else None
    return Promise(
        pid,
        kind,
        f"p{pid}",
        "c",
        "post",
        email,
        "Missing parcel — chase it",
        status,
        created or due - timedelta(hours=24),
        due,
        snoozed_until=snoozed,
    )


def keys(reminders):
    return [(r.promise.id, r.rule) for r in reminders]


def run(promises, times, settings=SETTINGS):
    """Poll at each time, recording what fires; returns [(time, reminder)]."""
    fired: dict[int, dict[str, datetime]] = {}
    log = []
    for now in times:
        for reminder in due_reminders(promises, fired, now, settings):
            assert reminder.key not in fired.get(reminder.promise.id, {})
            fired.setdefault(reminder.promise.id, {})[reminder.key] = now
            log.append((now, reminder))
    return log


def every(start, end, minutes):
    times, now = [], start
    while now <= end:
        times.append(now)
        now += timedelta(minutes=minutes)
    return times


def test_nothing_before_due_soon():
    assert due_reminders([promise()], {}, T0 - timedelta(hours=2, seconds=1), SETTINGS) == []


def test_soon_due_and_overdue_then_every_four_hours():
    log = run([promise()], every(T0 - timedelta(hours=3), T0 + timedelta(hours=14), 1))
    assert [(when - T0, r.rule) for when, r in log] == [
        (timedelta(hours=-2), "soon"),
        (timedelta(0), "due"),
        (timedelta(hours=1), "overdue"),
        (timedelta(hours=5), "overdue"),
        (timedelta(hours=9), "overdue"),
        (timedelta(hours=13), "overdue"),
    ]


def test_awaiting_dm_has_no_due_soon():
    times = every(T0 - timedelta(hours=3), T0 + timedelta(hours=2), 1)
    log = run([promise(kind=AWAITING_DM)], times)
    assert [r.rule for _, r in log] == ["due", "overdue"]


def test_settings_move_the_rules():
    settings = SETTINGS.replace(reminder_due_soon_hours=1.0, reminder_overdue_every_hours=2.0)
    log = run(
        [promise()],
        every(T0 - timedelta(hours=3), T0 + timedelta(hours=5, minutes=30), 1),
        settings,
    )
    assert [(when - T0) / timedelta(hours=1) for when, _ in log] == [-1, 0, 1, 3, 5]


def test_a_late_look_fires_each_missed_rule_once_in_one_batch():
    found = due_reminders([promise()], {}, T0 + timedelta(hours=10), SETTINGS)
    assert [r.rule for r in found] == ["soon", "due", "overdue"]
    fired = {1: {r.key: T0 + timedelta(hours=10) for r in found}}
    # The next overdue repeat counts from the late look, not from the due time.
    assert due_reminders([promise()], fired, T0 + timedelta(hours=13, minutes=59), SETTINGS) == []
    assert keys(due_reminders([promise()], fired, T0 + timedelta(hours=14), SETTINGS)) == [
        (1, "overdue")
    ]


def test_done_and_closed_promises_are_quiet():
    for status in ("done", "closed"):
        assert due_reminders([promise(status=status)], {}, T0 + timedelta(days=3), SETTINGS) == []


def test_a_snooze_silences_then_reminds_once_when_it_ends():
    until = T0 + timedelta(hours=20)
    p = promise()
    fired = {1: {r.key: T0 for r in due_reminders([p], {}, T0, SETTINGS)}}  # soon and due
    snoozed = promise(snoozed=until)
    assert due_reminders([snoozed], fired, T0 + timedelta(hours=19), SETTINGS) == []
    found = due_reminders([snoozed], fired, until, SETTINGS)
    assert [r.rule for r in found] == ["snoozed"]  # the skipped overdue is not fired late
    fired[1][found[0].key] = until
    assert due_reminders([snoozed], fired, until + timedelta(hours=3), SETTINGS) == []
    assert keys(due_reminders([snoozed], fired, until + timedelta(hours=4), SETTINGS)) == [
        (1, "overdue")
    ]


def test_a_snooze_before_any_reminder_leaves_the_rules_alone():
    p = promise(snoozed=T0 - timedelta(hours=5))
    assert [r.rule for r in due_reminders([p], {}, T0, SETTINGS)] == ["soon", "due"]


def test_moving_the_due_time_arms_fresh_reminders():
    p = promise(kind=AWAITING_DM)
    fired = {1: {r.key: T0 for r in due_reminders([p], {}, T0, SETTINGS)}}
    later = promise(kind=AWAITING_DM, due=T0 + timedelta(days=2))
    assert due_reminders([later], fired, T0 + timedelta(days=1), SETTINGS) == []
    assert [r.rule for r in due_reminders([later], fired, T0 + timedelta(days=2), SETTINGS)] == [
        "due"
    ]


def test_notices_one_per_promise_or_one_summary():
    overdue = promise(1, due=T0 - timedelta(hours=5))
    waiting = promise(2, kind=AWAITING_DM, due=T0 - timedelta(minutes=10))
    soon = promise(3, due=T0 + timedelta(minutes=90))
    reminders = due_reminders([overdue, waiting, soon], {}, T0, SETTINGS)
    handles = {"p1": "priyanair_", "p2": "olliegrant", "p3": "annak_draws"}
    shown = notices(reminders, T0, handles, SETTINGS, zone=ZoneInfo("Europe/London"))
    assert [n.title for n in shown] == [
        "E-mail to @priyanair_ is overdue",
        "No DM from @olliegrant yet",
        "E-mail to @annak_draws due in 1 h 30 min",
    ]
    assert "Nudge publicly or close?" in shown[1].body
    assert [n.promise_id for n in shown] == [1, 2, 3]
    summary = notices(reminders, T0, handles, SETTINGS, catch_up=True)
    assert len(summary) == 1 and summary[0].promise_id is None
    assert summary[0].title == "While you were away"
    assert summary[0].body == (
        "1 e-mail overdue, 1 e-mail due soon, 1 DM not arrived: "
        "@priyanair_, @olliegrant, @annak_draws. Open Follow-ups to see "
        "them."
    )
    assert notices(reminders[:1], T0, handles, SETTINGS, catch_up=True)[0].promise_id == 1
    assert len(notices(reminders, T0, handles, SETTINGS, burst_limit=2)) == 1


def test_many_at_once_at_the_desk_are_one_group_naming_the_most_urgent_and_counting_the_rest():
    many = [promise(i, due=T0 - timedelta(hours=i)) for i in range(1, 81)]
    reminders = due_reminders(many, {}, T0, SETTINGS)
    handles = {f"p{i}": f"customer{i}" for i in range(1, 81)}
    shown = notices(reminders, T0, handles, SETTINGS)
    assert len(shown) == 1 and shown[0].promise_id is None and shown[0].urgent
    assert shown[0].title == "80 follow-ups need you"
    # The most overdue first: due 80, 79 and 78 hours ago.
    assert shown[0].body == (
        "80 e-mails overdue: @customer80, @customer79, @customer78 and 77 "
        "more. Open Follow-ups to see them."
    )
    # Three at once (the limit) each get their own notice, which opens that follow-up.
    three = notices(due_reminders(many[:3], {}, T0, SETTINGS), T0, handles, SETTINGS)
    assert [n.promise_id for n in three] == [3, 2, 1]


@pytest.mark.parametrize(
    "left, words",
    [
        (
            timedelta(hours=2) - timedelta(seconds=20),
            "due in 2 h",
        ),  # the 2-hour reminder, a look late
        (timedelta(hours=1, minutes=59), "due in 1 h 59 min"),
        (timedelta(hours=1, minutes=29, seconds=10), "due in 1 h 29 min"),
        (timedelta(minutes=45), "due in 45 min"),
        (timedelta(hours=3, minutes=2), "due in 3 h"),
    ],
)
def test_how_long_until_it_is_due_reads_in_hours_and_minutes(left, words):
    soon = promise(due=T0 + left)
    shown = notices(
        due_reminders([soon], {}, T0, SETTINGS.replace(reminder_due_soon_hours=4)),
        T0,
        {"p1": "anna"},
        SETTINGS.replace(reminder_due_soon_hours=4),
    )
    assert shown[0].title == f"E-mail to @anna {words}"


def test_a_dm_in_without_an_address_never_says_no_dm_yet():
    waiting = promise(kind=AWAITING_DM, due=T0)
    with_dm = replace(waiting, dm_id="dm-1")
    shown = notices(due_reminders([with_dm], {}, T0, SETTINGS), T0, {"p1": "olly"}, SETTINGS)
    assert [n.title for n in shown] == ["@olly's DM has no e-mail address"]
    assert "Type their address" in shown[0].body
    group = notices(
        due_reminders([with_dm, promise(2, kind=AWAITING_DM)], {}, T0, SETTINGS),
        T0,
        {"p1": "olly", "p2": "maya"},
        SETTINGS,
        catch_up=True,
    )
    assert group[0].body.startswith("1 DM not arrived, 1 DM without an address:")


# ----- the clock set back or forward, reopening: through the service and a database -------------


def _open_overdue(ws, due, kind=EMAIL_OWED):
    person = ws.people.ensure("maya_k")
    return ws.promises.add(
        kind=kind,
        person_id=person,
        created_at=due - timedelta(hours=24),
        due_at=due,
        email="maya@example.com" if kind == EMAIL_OWED else None,
    )


def _times(ws, pid):
    return [(fired_at, key) for _, key, _, _, fired_at in ws.promises.fired_log(pid)]


@pytest.mark.parametrize("ahead", [timedelta(days=1), timedelta(hours=1)])
def test_a_clock_set_back_keeps_the_overdue_reminders_coming(workspace, clock, ahead):
    """The clock runs ``ahead`` for four hours while Kindly reminds, then the owner corrects it.
    Reminders keep coming every four hours of real time: none silenced for the day (or hour) the
    clock was ahead, and none in a burst after the correction."""
    pid = _open_overdue(workspace, T0)
    real = T0 + timedelta(hours=2)
    clock.set(real)
    assert len(workspace.reminders.fire()) == 3  # soon, due, overdue: caught up
    corrected = T0 + timedelta(hours=6)
    shown_at = [real]
    while real < T0 + timedelta(hours=40):
        real += timedelta(minutes=10)
        clock.set(real + (ahead if real < corrected else timedelta(0)))
        if workspace.reminders.fire():
            shown_at.append(real)
    gaps = [b - a for a, b in pairwise(shown_at)]
    assert max(gaps) <= timedelta(hours=4, minutes=10), shown_at
    after = [b - a for a, b in pairwise(shown_at) if a >= corrected]
    assert len(after) >= 7 and min(after) >= timedelta(hours=4), shown_at
    log = _times(workspace, pid)
    assert len({key for _, key in log}) == len(log)


def test_a_clock_jumping_forward_fires_what_came_due_once(workspace, clock):
    pid = _open_overdue(workspace, T0)
    clock.set(T0 - timedelta(hours=3))
    assert workspace.reminders.fire() == []
    clock.set(T0 + timedelta(days=2))  # forward two days
    assert [r.rule for r in workspace.reminders.fire()] == ["soon", "due", "overdue"]
    assert workspace.reminders.fire() == []
    clock.set(T0 - timedelta(hours=3))  # and back again: nothing fires for a time not yet come
    assert workspace.reminders.fire() == []
    clock.advance(hours=4)
    assert [r.rule for r in workspace.reminders.fire()] == ["overdue"]  # 4 real hours on
    assert len(_times(workspace, pid)) == 4


def test_reopening_a_snoozed_promise_after_done_fires_no_old_reminders(workspace, clock):
    pid = _open_overdue(workspace, T0)
    clock.set(T0 - timedelta(hours=3))
    workspace.followups.snooze(pid, T0 + timedelta(hours=10))
    clock.set(T0 + timedelta(hours=5))
    assert workspace.reminders.fire() == []  # snoozed past soon, due and overdue
    workspace.followups.done(pid)
    clock.set(T0 + timedelta(hours=6))
    workspace.followups.reopen(pid)
    assert workspace.reminders.fire() == []  # not three old reminders at once
    clock.advance(hours=3, minutes=59)
    assert workspace.reminders.fire() == []
    clock.advance(minutes=1)
    assert [r.rule for r in workspace.reminders.fire()] == ["overdue"]  # then every 4 hours


def test_reopening_after_the_reminders_fired_waits_a_full_repeat(workspace, clock):
    pid = _open_overdue(workspace, T0)
    clock.set(T0 + timedelta(hours=2))
    assert len(workspace.reminders.fire()) == 3
    workspace.followups.done(pid)
    clock.set(T0 + timedelta(days=2))
    workspace.followups.reopen(pid)
    assert workspace.reminders.fire() == []
    clock.advance(hours=4)
    assert len(workspace.reminders.fire()) == 1


# ----- a simulated month --------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 3, 14, 8, 0, tzinfo=UTC)  # the month holds the spring change (29 March)
STEP = timedelta(minutes=10)


class Simulation:
    """Kindly over 30 days on a fake clock: polls every 10 minutes while open and awake, random
    restarts with the app closed for hours, one long sleep, 200 promises handled at random."""

    def __init__(self, path, seed):
        self.rng = random.Random(seed)
        self.clock = FakeClock(START)
        self.path = path
        self.polls: list[datetime] = []
        self.fired: list[tuple[datetime, int, str, str]] = []  # when, promise, rule, key
        self.notice_batches: list[tuple[bool, int]] = []  # (catch-up, notices shown)
        self.ws = None

    def open(self):
        from app.workspace import open_workspace

        self.ws = open_workspace(self.path, self.clock)
        self.ws.followups.zone = LONDON
        self.ws.reminders.zone = LONDON

    def check(self, catch_up=False):
        now = self.clock.now()
        self.polls.append(now)
        fired = self.ws.reminders.fire(now)
        for reminder in fired:
            self.fired.append((now, reminder.promise.id, reminder.rule, reminder.key))
        shown = notices(fired, now, {}, self.ws.settings.load(), catch_up=catch_up, zone=LONDON)
        self.notice_batches.append((catch_up, len(shown)))


def simulate(tmp_path, seed=7):
    sim = Simulation(tmp_path / "month.db", seed)
    rng = sim.rng
    sim.open()
    sim.ws.settings.save(
        sim.ws.settings.load().replace(
            promise_window_in_opening_hours=True, opening_hours="Mon-Sat 09:00-18:00"
        )
    )
    person = sim.ws.people.ensure("customer")
    end = START + timedelta(days=30)
    # Promises appear over the first 26 days; each is done, closed, snoozed or left alone.
    plan = []
    for i in range(200):
        created = START + timedelta(minutes=rng.randrange(0, 26 * 24 * 60))
        kind = EMAIL_OWED if rng.random() < 0.7 else AWAITING_DM
        fate = rng.choice(["done", "done", "closed", "snooze", "snooze", "ignored"])
        plan.append((created, kind, fate, rng.random()))
    plan.sort()
    restarts = sorted(START + timedelta(minutes=rng.randrange(60, 29 * 24 * 60)) for _ in range(15))
    restarts.append(datetime(2026, 3, 28, 22, 0, tzinfo=UTC))  # closed over the clock change
    restarts.sort()
    sleep_at = datetime(2026, 3, 20, 23, 0, tzinfo=UTC)  # the laptop sleeps 9 hours
    pending = list(plan)
    actions: list[tuple[datetime, int, str]] = []
    history: dict[int, dict] = {}
    catch_up = True  # the first look after starting, or waking, catches up
    while sim.clock.now() < end:
        now = sim.clock.now()
        while pending and pending[0][0] <= now:
            created, kind, fate, r = pending.pop(0)
            due = (
                sim.ws.followups.promise_due(created)
                if kind == EMAIL_OWED
                else created + timedelta(days=2)
            )
            pid = sim.ws.promises.add(kind=kind, person_id=person, created_at=created, due_at=due)
            history[pid] = {
                "kind": kind,
                "created": created,
                "due": due,
                "fate": fate,
                "end": None,
                "snooze": None,
            }
            if fate in ("done", "closed"):
                # handled somewhere between creation and two days after the due time
                span = (due + timedelta(days=2) - created).total_seconds()
                actions.append((created + timedelta(seconds=span * r), pid, fate))
            elif fate == "snooze":
                actions.append((due + timedelta(hours=r * 6), pid, "snooze"))
        actions.sort()
        while actions and actions[0][0] <= now:
            _, pid, what = actions.pop(0)
            if what == "done":
                sim.ws.followups.done(pid)
                history[pid]["end"] = now
            elif what == "closed":
                sim.ws.followups.close(pid, "Sorted in DMs")
                history[pid]["end"] = now
            else:
                until = sim.ws.followups.snooze_choices()["tomorrow"]
                sim.ws.followups.snooze(pid, until)
                history[pid]["snooze"] = (now, until)
        sim.check(catch_up=catch_up)
        catch_up = False
        if restarts and restarts[0] <= now:
            restarts.pop(0)
            sim.ws.close()
            sim.clock.advance(minutes=rng.randrange(60, 16 * 60))
            sim.open()
            catch_up = True
        elif sleep_at and now >= sleep_at:
            sleep_at = None
            sim.clock.advance(hours=9)  # the window notices the jump and catches up
            catch_up = True
        else:
            sim.clock.advance(seconds=STEP.total_seconds())
    sim.ws.close()
    return sim, history


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    return simulate(tmp_path_factory.mktemp("month"))


def first_poll_at_or_after(polls, when):
    for poll in polls:
        if poll >= when:
            return poll
    return None


def test_the_month_covers_what_it_should(month):
    sim, history = month
    assert len(history) == 200
    assert {h["fate"] for h in history.values()} == {"done", "closed", "snooze", "ignored"}
    gaps = [b - a for a, b in zip(sim.polls, sim.polls[1:])]
    assert max(gaps) >= timedelta(hours=9)  # the sleep and the closed spells
    assert sum(1 for g in gaps if g > timedelta(hours=1)) >= 10
    assert any(p.astimezone(LONDON).utcoffset() == timedelta(0) for p in sim.polls)
    assert any(p.astimezone(LONDON).utcoffset() == timedelta(hours=1) for p in sim.polls)


def test_no_reminder_fires_twice(month):
    sim, _ = month
    seen = [(pid, key) for _, pid, _, key in sim.fired]
    assert len(seen) == len(set(seen))


def test_each_rule_fires_once_at_the_first_look_after_its_time(month):
    sim, history = month
    by_promise: dict[int, list] = {}
    for when, pid, rule, key in sim.fired:
        by_promise.setdefault(pid, []).append((when, rule, key))
    checked = 0
    for pid, h in history.items():
        events = by_promise.get(pid, [])
        rules = [("due", h["due"]), ("overdue", h["due"] + timedelta(hours=1))]
        if h["kind"] == EMAIL_OWED:
            rules.insert(0, ("soon", h["due"] - timedelta(hours=2)))
        for rule, at in rules:
            expected = first_poll_at_or_after(sim.polls, at)
            got = [
                when
                for when, r, key in events
                if r == rule and (rule != "overdue" or key.endswith(":1"))
            ]
            if expected is None or (h["end"] and h["end"] <= expected):
                assert got == [], (pid, rule)  # handled (or month over) before it was due
                continue
            if h["snooze"] and h["snooze"][0] <= expected and at < h["snooze"][1]:
                assert got == [], (pid, rule)  # snoozed past it
                continue
            assert got == [expected], (pid, rule, at, got, expected)
            checked += 1
    assert checked >= 300


def test_nothing_fires_while_snoozed_or_after_done(month):
    sim, history = month
    for when, pid, rule, _ in sim.fired:
        h = history[pid]
        if h["end"]:
            assert when < h["end"]
        if h["snooze"]:
            start, until = h["snooze"]
            assert not (start <= when < until), (pid, rule)
        if h["fate"] in ("done", "closed"):
            assert h["end"] is None or when < h["end"]


def test_snoozes_end_on_the_local_clock_and_remind_once(month):
    sim, history = month
    snoozed = [(pid, h) for pid, h in history.items() if h["snooze"]]
    assert len(snoozed) >= 40
    for pid, h in snoozed:
        start, until = h["snooze"]
        assert until.astimezone(LONDON).hour == 9  # "tomorrow 9:00", in summer time or not
        wakes = [when for when, p, rule, _ in sim.fired if p == pid and rule == "snoozed"]
        assert wakes == [first_poll_at_or_after(sim.polls, until)] or (
            first_poll_at_or_after(sim.polls, until) is None and wakes == []
        )


def test_overdue_repeats_are_never_closer_than_four_hours_and_never_skipped(month):
    sim, history = month
    every = timedelta(hours=SETTINGS.reminder_overdue_every_hours)
    repeats_seen = 0
    for pid, h in history.items():
        events = sorted((when, key) for when, p, _, key in sim.fired if p == pid)
        for (a, _), (b, key) in zip(events, events[1:]):
            if key.startswith("again:"):
                assert b - a >= every, (pid, a, b)
                # at the first look after the last reminder + 4 h: never skipped
                assert b == first_poll_at_or_after(sim.polls, a + every), (pid, a, b)
                repeats_seen += 1
        if h["fate"] == "ignored" and events:
            # Left alone to the end: the reminders carried on until the month was over.
            assert first_poll_at_or_after(sim.polls, events[-1][0] + every) is None, pid
    assert repeats_seen >= 100


def test_catching_up_is_one_summary_not_a_burst(month):
    sim, _ = month
    catch_ups = [shown for catch_up, shown in sim.notice_batches if catch_up]
    assert len(catch_ups) >= 15
    assert max(catch_ups) == 1
    assert sum(catch_ups) >= 5  # the app really came back to things that fell due


def test_the_record_survives_in_the_database(month, tmp_path):
    sim, _ = month
    from app.workspace import open_workspace

    ws = open_workspace(sim.path, FakeClock(sim.clock.now()))
    try:
        log = ws.promises.fired_log()
        assert len(log) == len(sim.fired)
        assert ws.reminders.fire(sim.polls[-1]) == []  # a second look at the same time: nothing
    finally:
        ws.close()
