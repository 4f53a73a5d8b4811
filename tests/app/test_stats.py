"""Stats checked against a computation written here, straight from the CSV with plain Python."""

from __future__ import annotations

import csv
import math
import re
from datetime import date, datetime, timedelta

import pytest

from app.domain.models import NewMention
from app.domain.stats import duration_text, median, nearest_rank, summarise
from app.importers import run_import
from app.storage.stats import StatsStore
from tests.conftest import shared_data


def by_hand(path, shop: str) -> dict:
    """The definition, read off the page: no Kindly code involved."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def when(text):
        return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")

    def ident(text):
        return str(int(float(text))) if text else ""

    shop_rows = [r for r in rows if r["author_id"].lower() == shop.lower()]
    shop_ids = {ident(r["tweet_id"]) for r in shop_rows}
    pattern = re.compile("@" + re.escape(shop.lower()) + r"(?![a-z0-9_])")
    mentions = [
        r
        for r in rows
        if r["inbound"] == "True"
        and r["author_id"].lower() != shop.lower()
        and (pattern.search(r["text"].lower()) or ident(r["in_response_to_tweet_id"]) in shop_ids)
    ]
    times = []
    for m in mentions:
        replies = [
            when(r["created_at"])
            for r in shop_rows
            if ident(r["in_response_to_tweet_id"]) == ident(m["tweet_id"])
        ]
        if replies:
            times.append((min(replies) - when(m["created_at"])).total_seconds())
    times.sort()
    n, k = len(mentions), len(times)
    if k % 2:
        med = times[k // 2]
    else:
        med = (times[k // 2 - 1] + times[k // 2]) / 2
    return {
        "mentions": n,
        "answered": k,
        "median_first_response_s": med,
        "p90_first_response_s": times[math.ceil(0.9 * k) - 1],
        "within_1h": sum(t <= 3600 for t in times) / n,
        "within_24h": sum(t <= 86400 for t in times) / n,
    }


@pytest.mark.parametrize(
    "name, shop",
    [
        ("twcs_first5000.csv", "AppleSupport"),
        ("twcs_first5000.csv", "sprintcare"),
        ("twcs_first5000_complete_threads.csv", "AppleSupport"),
        ("twcs_first5000.csv", "Ask_Spectrum"),
        ("kaggle_sample.csv", "AppleSupport"),
    ],
)
def test_stats_match_a_computation_straight_from_the_csv(workspace, name, shop):
    path = shared_data("twcs", name)
    run_import(workspace, path, shop=shop)
    expected = by_hand(path, shop)
    figures = StatsStore(workspace.db).compute(workspace.clock.now()).as_json()
    for key, value in expected.items():
        assert figures[key] == pytest.approx(value), key


def test_the_applesupport_figures_checked_by_hand(workspace):
    run_import(workspace, shared_data("twcs", "twcs_first5000.csv"), shop="AppleSupport")
    figures = StatsStore(workspace.db).compute(workspace.clock.now()).as_json()
    assert (figures["mentions"], figures["answered"]) == (143, 121)
    assert figures["median_first_response_s"] == 548  # 9 min 8 s
    assert figures["p90_first_response_s"] == 1810  # 30 min 10 s
    assert figures["within_1h"] == pytest.approx(114 / 143)
    assert figures["within_24h"] == pytest.approx(121 / 143)


def test_median_and_nearest_rank():
    assert median([]) is None
    assert median([5]) == 5
    assert median([1, 3]) == 2
    assert median([1, 2, 10, 11]) == 6
    assert nearest_rank([1, 2, 3], 0.9) == 3
    values = list(range(1, 71))
    assert nearest_rank(values, 0.9) == 63  # ⌈0.9·70⌉ = 63, exactly
    assert nearest_rank(list(range(1, 11)), 0.9) == 9
    s = summarise(4, [60.0, 3600.0])
    assert (s.within_1h, s.within_24h, s.unanswered) == (0.5, 0.5, 2)
    assert summarise(0, []).within_1h is None
    assert duration_text(548) == "9 min" and duration_text(5400) == "1.5 h"


def test_weeks_backlog_and_promises(workspace, clock):
    now = clock.now()
    monday = (now - timedelta(days=now.weekday())).replace(hour=9, minute=0, second=0)
    shop_id = workspace.inbox.shop_person_id()

    def mention(i, when, reply_after=None):
        workspace.inbox.add_mention(
            NewMention(
                id=str(i), author_handle=f"c{i}", text="@shop help", created_at=when, source="t"
            )
        )
        if reply_after is not None:
            workspace.posts.add_shop_reply(
                f"r{i}", shop_id, "on it", when + reply_after, str(i), "t"
            )
            workspace.db.execute("UPDATE posts SET status = 'waiting' WHERE id = ?", [str(i)])

    last_week = monday - timedelta(weeks=1)
    mention(1, last_week, timedelta(minutes=30))
    mention(2, last_week + timedelta(days=1), timedelta(days=8))  # answered this week
    mention(3, last_week + timedelta(days=2))  # still open
    mention(4, monday, timedelta(hours=2))
    p = workspace.promises
    p.add(
        kind="email_owed",
        person_id=workspace.people.by_handle("c1").id,
        created_at=last_week,
        due_at=last_week + timedelta(days=1),
    )
    workspace.db.execute(
        "UPDATE promises SET status = 'done', done_at = ?",
        [(last_week + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")],
    )
    p.add(
        kind="email_owed",
        person_id=workspace.people.by_handle("c2").id,
        created_at=last_week,
        due_at=last_week + timedelta(days=2),
    )  # overdue, open
    stats = StatsStore(workspace.db).compute(now, chart_weeks=2)
    assert [w.week for w in stats.weeks] == [last_week.date(), monday.date()]
    before, this = stats.weeks
    assert before.response.mentions == 3 and before.response.answered == 2
    assert before.backlog == 2  # #2 and #3 were waiting when last week ended
    assert this.backlog == 1  # #2 answered, #4 answered, #3 waits
    assert (before.promises_due, before.promises_kept) == (2, 1)
    assert stats.open_backlog == 1
    assert stats.response.mentions == 4
    since = StatsStore(workspace.db).compute(now, since=monday.date(), until=monday.date())
    assert since.response.mentions == 1 and since.response.answered == 1
    assert since.as_json()["until"] == monday.date().isoformat()


def test_old_imports_chart_their_own_weeks(workspace):
    run_import(workspace, shared_data("twcs", "twcs_first5000.csv"), shop="AppleSupport")
    stats = StatsStore(workspace.db).compute(workspace.clock.now())
    assert len(stats.weeks) == 12
    assert stats.weeks[-1].week <= date(2017, 12, 31)
    assert sum(w.response.mentions for w in stats.weeks) > 100
