"""The Stats page's figures: the chosen number of weeks, read by ``app/storage/stats.py``."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from sqlite_utils import Database

from app.domain.opening_hours import OpeningHours
from app.domain.stats import ShopStats
from app.storage.stats import StatsStore


def figures_for_weeks(
    db: Database,
    now: datetime,
    weeks: int,
    opening: OpeningHours | None = None,
    zone: tzinfo | None = None,
) -> ShopStats:
    """The last ``weeks`` whole weeks (Monday first). When the newest mention is older than
    that (an old import, the demo shop), the weeks end at that mention instead of showing empty
    weeks. With ``opening`` (and the shop's ``zone``), first replies are also timed in opening
    hours."""
    store = StatsStore(db)
    latest = store.latest_mention()
    end = now if latest is None or latest > now - timedelta(weeks=weeks) else latest
    since = (end - timedelta(weeks=weeks - 1)).date()
    since = since - timedelta(days=since.weekday())
    return store.compute(now, since=since, until=end.date(), opening=opening, zone=zone)
