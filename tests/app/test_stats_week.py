"""The Stats figures on one seeded week in London across a weekend and the change to summer time
(Sunday 29 March 2026, 01:00 GMT → 02:00 BST), with answers worked out by hand here."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.clock import FakeClock
from app.domain.models import NewMention
from app.domain.opening_hours import parse_opening_hours
from app.domain.stats import OpenClock, round_ticks, weekly_csv, weekly_rows
from app.domain.times import to_db
from app.storage.messages import DirectMessage
from app.storage.stats import StatsStore
from app.workspace import open_workspace

LONDON = ZoneInfo("Europe/London")
HOURS = parse_opening_hours("Mon-Fri 09:00-17:30; Sat 10:00-16:00")
NOW = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)


def z(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


# (id, kind, written, first reply or None, resolved or None) — times in UTC
SEED = [
    # Fri 17:00 GMT, answered Mon 10:00 BST (09:00Z): 64 h on the clock; open: Fri 0.5 h,
    # Sat 6 h, Mon 1 h = 7.5 h. Resolved Mon 09:30Z: 64.5 h.
    ("1", "complaint", z(27, 17), z(30, 9), z(30, 9, 30)),
    # Wed 10:00, answered 10:30: 30 min on both clocks; resolved 12:00: 2 h.
    ("2", "question", z(25, 10), z(25, 10, 30), z(25, 12)),
    # Sat 20:00 (closed), answered Sun 12:00Z (13:00 BST, closed): 16 h, 0 open.
    ("3", "complaint", z(28, 20), z(29, 12), None),
    # Thu 08:00 (before opening), answered 09:15: 75 min, 15 open minutes.
    ("4", "praise", z(26, 8), z(26, 9, 15), None),
    ("5", "spam", z(24, 14), None, None),
]


@pytest.fixture
def week():
    clock = FakeClock(NOW)
    ws = open_workspace(None, clock)
    shop_id = ws.inbox.shop_person_id()
    for post_id, kind, written, replied, resolved in SEED:
        n = ws.inbox.add_mention(
            NewMention(
                id=post_id,
                author_handle=f"customer{post_id}",
                text=f"mention {post_id}",
                created_at=written,
                source="manual",
            )
        )
        ws.db.execute("UPDATE posts SET kind = ?, kind_by_owner = 1 WHERE n = ?", [kind, n])
        if replied:
            ws.posts.add_shop_reply(f"r{post_id}", shop_id, "Thanks!", replied, post_id, "x")
        if resolved:
            ws.db.execute(
                "UPDATE posts SET status = 'resolved', resolved_at = ? WHERE n = ?",
                [to_db(resolved), n],
            )
    customer = ws.people.ensure("customer1")
    ws.messages.add(DirectMessage("d1", customer, shop_id, "my e-mail is a@b.c", z(26, 9), "x"))
    ws.messages.add(DirectMessage("d2", shop_id, customer, "thanks", z(26, 10), "x"))
    yield ws
    ws.close()


def test_open_hours_across_the_weekend_and_the_clock_change():
    clock = OpenClock(HOURS, LONDON)
    assert clock.seconds_between(z(27, 17), z(30, 9)) == 7.5 * 3600
    assert clock.seconds_between(z(28, 20), z(29, 12)) == 0
    assert clock.seconds_between(z(26, 8), z(26, 9, 15)) == 15 * 60
    # Monday after the change opens at 09:00 BST = 08:00Z
    assert clock.seconds_between(z(30, 7), z(30, 9)) == 3600
    # a whole week: Mon-Fri 8.5 h and Sat 6 h, the short Sunday changes nothing
    assert clock.seconds_between(z(23, 0), z(30, 0)) == (5 * 8.5 + 6) * 3600
    assert clock.seconds_between(z(30, 9), z(27, 17)) == 0


def test_the_seeded_week(week):
    stats = StatsStore(week.db).compute(NOW, since=date(2026, 3, 23), opening=HOURS, zone=LONDON)
    w = next(x for x in stats.weeks if x.week == date(2026, 3, 23))
    assert w.response.mentions == 5 and w.response.answered == 4
    assert w.by_kind == {
        "complaint": 2,
        "question": 1,
        "praise": 1,
        "troll": 0,
        "spam": 1,
        "other": 0,
    }
    assert (w.public, w.dms) == (5, 1)  # the shop's own DM is not incoming
    # clock: 1800, 4500, 57600, 230400 → median (4500 + 57600) / 2
    assert w.response.median_first_response_s == 31050
    # open hours: 0, 900, 1800, 27000 → median (900 + 1800) / 2
    assert w.response_open is not None
    assert w.response_open.median_first_response_s == 1350
    assert w.response_open.within_1h == 3 / 5
    assert (w.resolved, w.median_resolve_s) == (2, (7200 + 232200) / 2)
    assert stats.response_open is not None and stats.response_open.answered == 4
    assert stats.answered_while_closed == 1  # the Saturday night one, answered on Sunday
    assert (stats.dms, stats.resolved) == (1, 2)


def test_the_weekly_csv(week):
    stats = StatsStore(week.db).compute(NOW, since=date(2026, 3, 23), opening=HOURS, zone=LONDON)
    rows = list(csv.DictReader(io.StringIO(weekly_csv(stats.weeks))))
    assert [r["week_starting"] for r in rows] == ["2026-03-23", "2026-03-30"]
    first = rows[0]
    assert first["mentions"] == "5" and first["complaints"] == "2" and first["spam"] == "1"
    assert first["dms"] == "1"
    assert first["median_first_reply_hours"] == "8.62"  # 31050 s
    assert first["median_first_reply_open_hours"] == "0.38"  # 1350 s
    assert first["median_time_to_resolve_hours"] == "33.25"  # 119700 s
    assert first["within_1h_share"] == "0.2000"  # one of five within an hour on the clock
    assert rows[1]["mentions"] == "0" and rows[1]["median_first_reply_hours"] == ""
    assert len(weekly_rows(stats.weeks)[0]) == len(first)


def test_without_opening_hours_the_open_figures_are_absent(week):
    stats = StatsStore(week.db).compute(NOW, since=date(2026, 3, 23))
    assert stats.response_open is None
    assert all(w.response_open is None for w in stats.weeks)
    rows = list(csv.DictReader(io.StringIO(weekly_csv(stats.weeks))))
    assert rows[0]["median_first_reply_open_hours"] == ""


def test_resolving_stamps_the_time_and_reopening_clears_it(week):
    n = week.posts.get_by_id("4").n
    week.db.execute("UPDATE posts SET status = 'resolved' WHERE n = ?", [n])
    stamped = week.db.execute("SELECT resolved_at FROM posts WHERE n = ?", [n]).fetchone()[0]
    assert stamped is not None
    assert abs(
        datetime.strptime(stamped, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) - datetime.now(UTC)
    ) < timedelta(hours=1)
    week.db.execute("UPDATE posts SET status = 'open' WHERE n = ?", [n])
    assert week.db.execute("SELECT resolved_at FROM posts WHERE n = ?", [n]).fetchone()[0] is None


@pytest.mark.parametrize(
    ("top", "unit", "ticks"),
    [
        (0, "count", [0, 1]),
        (7, "count", [0, 2, 4, 6, 8]),
        (10, "count", [0, 2, 4, 6, 8, 10]),
        (37, "count", [0, 10, 20, 30, 40]),
        (1234, "count", [0, 500, 1000, 1500]),
        (0.83, "share", [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0.3, "share", [0, 0.1, 0.2, 0.3]),
        (31050, "duration", [0, 7200, 14400, 21600, 28800, 36000]),
        (50 * 60, "duration", [0, 600, 1200, 1800, 2400, 3000]),
        (40 * 86400, "duration", [0, 14 * 86400, 28 * 86400, 42 * 86400]),
    ],
)
def test_round_ticks(top, unit, ticks):
    assert round_ticks(top, unit) == ticks


def test_the_csv_is_saved_whole(week, tmp_path):
    from app.services.stats_csv import save_weekly_csv

    stats = StatsStore(week.db).compute(NOW, since=date(2026, 3, 23), opening=HOURS, zone=LONDON)
    target = tmp_path / "weekly"
    saved = save_weekly_csv(target, stats.weeks)
    assert saved == tmp_path / "weekly.csv"
    text = saved.read_bytes().decode("utf-8-sig")
    assert text == weekly_csv(stats.weeks)
    assert [p.name for p in tmp_path.iterdir()] == ["weekly.csv"]


def test_a_full_disk_gives_a_plain_message_and_keeps_the_old_file(week, tmp_path, monkeypatch):
    import errno
    import os

    from app.errors import DiskFull
    from app.services import stats_csv

    target = tmp_path / "weekly.csv"
    target.write_text("the earlier table\n", encoding="utf-8")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stats_csv.os, "fsync", full)
    stats = StatsStore(week.db).compute(NOW, since=date(2026, 3, 23))
    with pytest.raises(DiskFull) as caught:
        stats_csv.save_weekly_csv(target, stats.weeks)
    assert str(caught.value).startswith("Your disk is full, so Kindly could not save weekly.csv")
    assert target.read_text(encoding="utf-8") == "the earlier table\n"
    assert sorted(os.listdir(tmp_path)) == ["weekly.csv"]
