"""New-mention alerts and the 24-hour nudge, on a fake clock: grouping, the rate limit, once per
complaint across a restart, and the Settings switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.clock import FakeClock
from app.domain.alerts import (
    ALERT_GAP,
    Alerts,
    Arrival,
    Waiting,
    arrivals_notice,
    handles_text,
    tray_tooltip,
)
from app.domain.models import NewMention
from app.services.alerts import MentionAlerts
from app.workspace import open_workspace
from tests.fakex.fixtures import connected, fake_x  # noqa: F401 - fixtures

T0 = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)


def arrival(n: int, kind: str = "complaint", handle: str | None = None) -> Arrival:
    return Arrival(n, handle or f"user{n}", kind, T0 - timedelta(minutes=n))


def test_one_grouped_notice_names_counts_and_first_handles():
    notice = arrivals_notice(
        [arrival(1, "question"), arrival(2), arrival(3), arrival(4), arrival(5, "question")]
    )
    assert notice.title == "3 new complaints and 2 questions"
    # complaints first, oldest first; three handles, then how many more
    assert notice.body == "From @user4, @user3, @user2 and 2 more"
    assert notice.urgent and notice.opens == "inbox" and notice.post_n is None


def test_a_single_question_opens_that_mention():
    notice = arrivals_notice([arrival(7, "question", "maya_k")])
    assert (notice.title, notice.body, notice.urgent, notice.post_n) == (
        "1 new question",
        "From @maya_k",
        False,
        7,
    )


def test_handles_are_named_once():
    assert handles_text(["a", "@a", "b"]) == "@a and @b"
    assert handles_text([]) == ""


def test_praise_and_spam_are_not_told():
    alerts = Alerts()
    assert alerts.arrived([arrival(1, "praise"), arrival(2, "spam")], T0, True) is None
    assert alerts.pending == []


def test_at_most_one_alert_per_gap_and_the_held_ones_come_together():
    alerts = Alerts()
    first = alerts.arrived([arrival(1)], T0, True)
    assert first is not None and first.title == "1 new complaint"
    assert alerts.arrived([arrival(2)], T0 + timedelta(minutes=1), True) is None
    assert alerts.arrived([arrival(3, "question")], T0 + timedelta(minutes=2), True) is None
    assert alerts.pending_until() == T0 + ALERT_GAP
    assert alerts.tick(T0 + ALERT_GAP - timedelta(seconds=1)) is None
    held = alerts.tick(T0 + ALERT_GAP)
    assert held is not None and held.title == "1 new complaint and 1 question"
    assert alerts.tick(T0 + 2 * ALERT_GAP) is None  # told once


def test_notifications_off_tells_nothing_and_piles_nothing_up():
    alerts = Alerts()
    assert alerts.arrived([arrival(1), arrival(2)], T0, False) is None
    assert alerts.pending == []
    assert alerts.tick(T0 + ALERT_GAP, True) is None


def test_held_arrivals_the_owner_handled_are_dropped():
    alerts = Alerts(last_told=T0)
    alerts.arrived([arrival(1), arrival(2)], T0 + timedelta(minutes=1), True)
    alerts.forget({2})
    notice = alerts.tick(T0 + ALERT_GAP)
    assert notice is not None and notice.title == "1 new complaint"


def waiting(n: int, age: timedelta, now: datetime) -> Waiting:
    return Waiting(n, f"c{n}", now - age)


def test_the_nudge_comes_once_per_complaint_in_the_hour_before_24_h():
    now = T0
    rows = [
        waiting(1, timedelta(hours=22, minutes=59), now),  # not yet
        waiting(2, timedelta(hours=23), now),
        waiting(3, timedelta(hours=23, minutes=30), now),
        waiting(4, timedelta(hours=23, minutes=59), now),
        waiting(5, timedelta(hours=24), now),  # already 24 h: too late to nudge
    ]
    alerts = Alerts()
    notice = alerts.nudge(rows, now, 24.0, True)
    assert notice is not None
    assert notice.title == "3 complaints pass 24 h within the hour"
    assert notice.body == "Waiting: @c4, @c3 and @c2"
    # a few minutes on: complaint 1 enters its hour; the others never again
    later = now + ALERT_GAP
    again = alerts.nudge(rows, later, 24.0, True)
    assert again is not None and again.title == "1 complaint passes 24 h within the hour"
    assert again.post_n == 1
    assert alerts.nudge(rows, later + ALERT_GAP, 24.0, True) is None


def test_a_nudge_waits_for_the_gap_and_is_not_lost():
    alerts = Alerts(last_told=T0 - timedelta(minutes=1))
    rows = [waiting(1, timedelta(hours=23, minutes=10), T0)]
    assert alerts.nudge(rows, T0, 24.0, True) is None
    notice = alerts.nudge(rows, T0 + timedelta(minutes=4), 24.0, True)
    assert notice is not None and notice.post_n == 1


def test_nudges_off_are_let_go_not_saved_up():
    rows = [waiting(1, timedelta(hours=23, minutes=10), T0)]
    alerts = Alerts()
    assert alerts.nudge(rows, T0, 24.0, False) is None
    assert alerts.nudge(rows, T0 + ALERT_GAP, 24.0, True) is None


def test_the_tray_counts_what_waits():
    assert tray_tooltip(0, 0) == "Kindly — nothing needs a reply"
    assert tray_tooltip(1, 0) == "Kindly — 1 needs a reply"
    assert tray_tooltip(1234, 2) == "Kindly — 1,234 need a reply · 2 follow-ups due"


def _mention(n: int, text: str, created: datetime, handle: str) -> NewMention:
    return NewMention(
        id=str(1000 + n),
        author_handle=handle,
        author_id=None,
        author_name="",
        text=text,
        created_at=created,
        source="manual",
    )


def test_the_service_nudges_once_across_a_restart(tmp_path):
    clock = FakeClock(T0)
    path = tmp_path / "shop.db"
    ws = open_workspace(path, clock)
    ws.inbox.add_mention(
        _mention(
            1,
            "My order never arrived and nobody answers!",
            T0 - timedelta(hours=23, minutes=20),
            "ann",
        )
    )
    ws.inbox.add_mention(
        _mention(
            2, "My parcel is broken, I want a refund", T0 - timedelta(hours=23, minutes=40), "bob"
        )
    )
    ws.inbox.add_mention(
        _mention(3, "Love the new earrings!", T0 - timedelta(hours=23, minutes=30), "cy")
    )
    kinds = {
        p.author_handle: p.kind for p in (ws.posts.get_by_id(str(1000 + i)) for i in (1, 2, 3))
    }
    assert kinds == {"ann": "complaint", "bob": "complaint", "cy": "praise"}
    alerts = MentionAlerts(ws.db, ws.settings, clock)
    notices = alerts.look()
    assert [n.title for n in notices] == ["2 complaints pass 24 h within the hour"]
    assert notices[0].body == "Waiting: @bob and @ann"
    ws.close()
    clock.advance(minutes=10)
    ws = open_workspace(path, clock)
    assert MentionAlerts(ws.db, ws.settings, clock).look() == []
    ws.close()


def test_a_sync_reports_its_new_complaints_and_questions_once(connected):  # noqa: F811
    import random

    from app.services.sync import SyncEngine

    fake = connected.fake
    engine = SyncEngine(connected.workspace, connected.client(), rng=random.Random(1))
    engine.run()
    fake.add_mention(fake.customer(1), "@lunabeads my order never arrived, really annoyed")
    fake.add_mention(fake.customer(2), "@lunabeads do you ship to Norway?")
    fake.add_mention(fake.customer(3), "@lunabeads love these, thank you!")
    report = engine.run()
    assert report.new_mentions == 3
    assert sorted(a.kind for a in report.arrivals) == ["complaint", "question"]
    assert engine.run().arrivals == []


def test_a_synced_dm_complaint_is_told_like_a_mention(connected):  # noqa: F811
    # A DM that needs a reply is in Needs reply (and the badge) like a mention; the sync that
    # brings it says so too, once. The shop's own DMs and praise are never told.
    import random

    from app.services.sync import SyncEngine

    fake = connected.fake
    engine = SyncEngine(connected.workspace, connected.client(), rng=random.Random(1))
    engine.run(dms=True)
    fake.add_dm(fake.customer(1), "my order never arrived, really annoyed")
    fake.add_dm(fake.customer(2), "love these, thank you!")
    fake.add_mention(fake.customer(3), "@lunabeads do you ship to Norway?")
    report = engine.run(dms=True)
    assert (report.new_mentions, report.new_dms) == (1, 2)
    assert sorted(a.kind for a in report.arrivals) == ["complaint", "question"]
    assert engine.run(dms=True).arrivals == []
