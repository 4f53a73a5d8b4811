"""The SQL behind the stats: each mention with its first response, one index seek per mention.

The join happens in SQL (the earliest shop reply per mention, through the partial index
``posts_shop_replies``); the median and percentiles are taken in Python over the sorted times, and
the weekly backlog is a sweep over the same rows, so the cost is one pass for any number of weeks.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlite_utils import Database

from app.domain.opening_hours import OpeningHours
from app.domain.stats import KINDS, OpenClock, ShopStats, WeekStats, sorted_median, summarise
from app.domain.times import from_db, to_db
from app.storage.people import local_person_id
from app.storage.unreadable import note_unreadable

CHART_WEEKS = 12

# Public mentions only: a DM is also a post (channel 'dm'), counted once, by ``_dms``.
_MENTIONS_SQL = """
SELECT m.created_at,
       (SELECT unixepoch(min(r.created_at)) FROM posts r
         WHERE r.is_shop = 1 AND r.in_reply_to_id = m.id) - unixepoch(m.created_at),
       m.status = 'open' AND m.hidden = 0,
       m.hidden,
       coalesce(m.kind, 'other'),
       CASE WHEN m.status = 'resolved' THEN unixepoch(m.resolved_at) - unixepoch(m.created_at) END
FROM posts m
WHERE m.is_shop = 0 AND m.channel = 'public' AND m.created_at < ?
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
        opening: OpeningHours | None = None,
        zone: tzinfo | None = None,
    ) -> ShopStats:
        """Figures for mentions from ``since`` to ``until`` (both whole days, UTC; None: all),
        and a week-by-week view of the ``chart_weeks`` weeks that end with ``until`` (or with
        the latest mention when there is nothing recent, as after importing old files).
        With ``opening`` (in ``zone``, None: this computer's), first replies are also counted
        in opening hours."""
        open_clock = OpenClock(opening, zone) if opening and opening.open_minutes_per_week else None
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
        open_times: list[float] = []
        resolve_times: list[float] = []
        count = 0
        week_open: dict[date, list[float]] = defaultdict(list)
        week_kinds: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
        week_resolve: dict[date, list[float]] = defaultdict(list)
        week_times: dict[date, list[float]] = defaultdict(list)
        week_count: dict[date, int] = defaultdict(int)
        # backlog sweep: +1 in the week a mention arrives, -1 in the week it is first answered
        delta: dict[date, int] = defaultdict(int)
        carried = 0  # waiting since before the first charted week
        for (
            created_text,
            first_s,
            open_unanswered,
            hidden,
            kind,
            resolve_s,
        ) in self.db.execute(_MENTIONS_SQL, [to_db(end) if until else "9999"]):
            try:
                created = from_db(created_text)
            except (ValueError, TypeError) as exc:  # skipped and counted: never a crash
                note_unreadable("posts", created_text, exc)
                continue
            open_s = None
            if first_s is not None and open_clock is not None:
                open_s = open_clock.seconds_between(created, created + timedelta(seconds=first_s))
            if resolve_s is not None and resolve_s < 0:
                resolve_s = None  # resolved "before" it was written: a clock that was off
            if start is None or created >= start:
                count += 1
                if first_s is not None:
                    times.append(first_s)
                if open_s is not None:
                    open_times.append(open_s)
                if resolve_s is not None:
                    resolve_times.append(resolve_s)
            week = monday_of(created.date())
            if first_week <= week <= last_week:
                week_count[week] += 1
                kinds = week_kinds[week]
                kinds[kind if kind in kinds else "other"] += 1
                if first_s is not None:
                    week_times[week].append(first_s)
                if open_s is not None:
                    week_open[week].append(open_s)
                if resolve_s is not None:
                    week_resolve[week].append(resolve_s)
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

        open_times.sort()
        dms_total, week_dms = self._dms(start, end, first_week, last_week)

        due_total, kept_total = self._promises(now, start, end)
        week_rows = []
        backlog = carried
        for week in weeks:
            backlog += delta.get(week, 0)
            wtimes = sorted(week_times.get(week, []))
            wresolve = week_resolve.get(week, [])
            due, kept = self._promises(now, _start_of(week), _start_of(week + timedelta(weeks=1)))
            week_rows.append(
                WeekStats(
                    week=week,
                    response=summarise(week_count.get(week, 0), wtimes),
                    backlog=backlog,
                    promises_due=due,
                    promises_kept=kept,
                    response_open=(
                        summarise(week_count.get(week, 0), sorted(week_open.get(week, [])))
                        if open_clock
                        else None
                    ),
                    by_kind=dict(week_kinds[week]) if week in week_kinds else {},
                    dms=week_dms.get(week, 0),
                    resolved=len(wresolve),
                    median_resolve_s=sorted_median(wresolve),
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
            response_open=summarise(count, open_times) if open_clock else None,
            answered_while_closed=sum(1 for t in open_times if t == 0),
            dms=dms_total,
            resolved=len(resolve_times),
            median_resolve_s=sorted_median(resolve_times),
        )

    def _dms(
        self, start: datetime | None, end: datetime, first_week: date, last_week: date
    ) -> tuple[int, dict[date, int]]:
        """Incoming DMs (not sent by the shop) in [start, end), and per charted week."""
        shop = self.db.execute("SELECT user_id, handle FROM shop").fetchone()
        ours = {
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT author_id FROM posts WHERE is_shop = 1"
            ).fetchall()
        }
        if shop is not None:
            ours |= {shop[0], local_person_id(shop[1] or "shop")} - {None, ""}
        marks = ", ".join("?" * len(ours)) or "NULL"
        total = 0
        per_week: dict[date, int] = defaultdict(int)
        for (created_text,) in self.db.execute(
            f"SELECT created_at FROM direct_messages WHERE sender_id NOT IN ({marks})"
            " AND created_at < ?",
            [*ours, to_db(end)],
        ):
            try:
                created = from_db(created_text)
            except (ValueError, TypeError) as exc:
                note_unreadable("direct_messages", created_text, exc)
                continue
            if start is None or created >= start:
                total += 1
            week = monday_of(created.date())
            if first_week <= week <= last_week:
                per_week[week] += 1
        return total, per_week

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
