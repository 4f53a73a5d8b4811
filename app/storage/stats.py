"""The SQL behind the stats: each mention with its first response, one index seek per mention.

The join happens in SQL (the earliest shop reply per mention, through the partial index
``posts_shop_replies``); the median and percentiles are taken in Python over the sorted times, and
the weekly backlog is a sweep over the same rows, so the cost is one pass for any number of weeks.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlite_utils import Database

from app.domain.stats import ShopStats, WeekStats, summarise
from app.domain.times import from_db, to_db
from app.storage.unreadable import note_unreadable

CHART_WEEKS = 12

_MENTIONS_SQL = """
SELECT m.created_at,
       (SELECT unixepoch(min(r.created_at)) FROM posts r
         WHERE r.is_shop = 1 AND r.in_reply_to_id = m.id) - unixepoch(m.created_at),
       m.status = 'open' AND m.hidden = 0,
       m.hidden
FROM posts m
WHERE m.is_shop = 0 AND m.created_at < ?
"""


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


class StatsStore:
    def __init__(self, db: Database):
        self.db = db

    def latest_mention(self) -> datetime | None:
        row = self.db.execute(
            "SELECT max(created_at) FROM posts WHERE is_shop = 0 AND created_at GLOB"
            " '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'"
        ).fetchone()
        try:
            return from_db(row[0]) if row and row[0] else None
        except ValueError as exc:  # Feb 30: a row only Check database can mend
            note_unreadable("posts", row[0], exc)
            return None

    def compute(
        self,
        now: datetime,
        since: date | None = None,
        until: date | None = None,
        chart_weeks: int = CHART_WEEKS,
    ) -> ShopStats:
        """Figures for mentions from ``since`` to ``until`` (both whole days, UTC; None: all),
        and a week-by-week view of the ``chart_weeks`` weeks that end with ``until`` (or with
        the latest mention when there is nothing recent, as after importing old files)."""
        end_day = until or now.date()
        latest = self.latest_mention()
        if until is None and latest is not None and latest < now - timedelta(weeks=chart_weeks):
            end_day = latest.date()
        end = _start_of(end_day + timedelta(days=1))  # exclusive
        start = _start_of(since) if since else None
        last_week = monday_of(end_day)
        first_week = monday_of(since) if since else last_week - timedelta(weeks=chart_weeks - 1)
        weeks = []
        week = first_week
        while week <= last_week:
            weeks.append(week)
            week += timedelta(weeks=1)
        if len(weeks) > 520:  # ten years of bars help nobody; keep the latest
            weeks = weeks[-520:]
            first_week = weeks[0]

        times: list[float] = []
        count = 0
        week_times: dict[date, list[float]] = defaultdict(list)
        week_count: dict[date, int] = defaultdict(int)
        # backlog sweep: +1 in the week a mention arrives, -1 in the week it is first answered
        delta: dict[date, int] = defaultdict(int)
        carried = 0  # waiting since before the first charted week
        for created_text, first_s, open_unanswered, hidden in self.db.execute(
            _MENTIONS_SQL, [to_db(end) if until else "9999"]
        ):
            try:
                created = from_db(created_text)
            except (ValueError, TypeError) as exc:  # skipped and counted: never a crash
                note_unreadable("posts", created_text, exc)
                continue
            if start is None or created >= start:
                count += 1
                if first_s is not None:
                    times.append(first_s)
            week = monday_of(created.date())
            if first_week <= week <= last_week:
                week_count[week] += 1
                if first_s is not None:
                    week_times[week].append(first_s)
            if hidden:
                continue
            if first_s is None and not open_unanswered:
                continue  # resolved or set aside without a reply: when is not known
            if week < first_week:
                carried += 1
            else:
                delta[week] += 1
            if first_s is not None:
                answered_week = monday_of((created + timedelta(seconds=first_s)).date())
                if answered_week < first_week:
                    carried -= 1
                else:
                    delta[answered_week] -= 1
        times.sort()

        due_total, kept_total = self._promises(now, start, end)
        week_rows = []
        backlog = carried
        for week in weeks:
            backlog += delta.get(week, 0)
            wtimes = sorted(week_times.get(week, []))
            due, kept = self._promises(now, _start_of(week), _start_of(week + timedelta(weeks=1)))
            week_rows.append(
                WeekStats(
                    week=week,
                    response=summarise(week_count.get(week, 0), wtimes),
                    backlog=backlog,
                    promises_due=due,
                    promises_kept=kept,
                )
            )
        open_now = self.db.execute(
            "SELECT count(*) FROM posts WHERE is_shop = 0 AND status = 'open' AND hidden = 0"
        ).fetchone()[0]
        return ShopStats(
            since=since,
            until=until,
            response=summarise(count, times),
            open_backlog=open_now,
            promises_due=due_total,
            promises_kept=kept_total,
            weeks=week_rows,
        )

    def _promises(self, now: datetime, start: datetime | None, end: datetime) -> tuple[int, int]:
        """Promises due in [start, end): how many are done or overdue, and how many were kept."""
        row = self.db.execute(
            "SELECT"
            " sum(status = 'done' OR (status = 'open' AND due_at < ?)),"
            " sum(status = 'done' AND done_at IS NOT NULL AND done_at <= due_at)"
            " FROM promises WHERE due_at >= ? AND due_at < ?",
            [to_db(now), to_db(start) if start else "", to_db(end)],
        ).fetchone()
        return int(row[0] or 0), int(row[1] or 0)
