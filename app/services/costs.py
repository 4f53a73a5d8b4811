"""The cost meter: billable X API reads and writes per calendar month, priced with X's published
unit prices (kept as editable settings), and an optional monthly cap that pauses automatic sync.

X bills a resource once per UTC day however often it is read ("deduplicated within a 24-hour UTC
day window", docs.x.com/x-api/getting-started/pricing), so a read is counted once per resource id
and UTC day; a write is always new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from app.clock import Clock
from app.services.xapi import (
    DM_CREATE,
    DM_EVENT_READ,
    OWNED_READ,
    POST_CREATE,
    POST_READ,
    USER_READ,
)
from app.settings import Settings
from app.storage.x_sync import UsageStore

KINDS = (OWNED_READ, POST_READ, USER_READ, DM_EVENT_READ, POST_CREATE, DM_CREATE)
LABELS = {
    OWNED_READ: "Your own mentions and posts",
    POST_READ: "Other posts",
    USER_READ: "Profiles",
    DM_EVENT_READ: "DMs read",
    POST_CREATE: "Replies posted",
    DM_CREATE: "DMs sent",
}


def price_of(settings: Settings, kind: str) -> float:
    return float(getattr(settings, f"x_price_{kind}"))


def month_key(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m")


@dataclass(frozen=True)
class MonthCosts:
    month: str
    counts: dict[str, int]
    dollars: dict[str, float]
    cap: float  # 0: none

    @property
    def total(self) -> float:
        return sum(self.dollars.values())

    @property
    def cap_reached(self) -> bool:
        return self.cap > 0 and self.total >= self.cap

    def summary(self) -> str:
        text = f"X costs this month: ${self.total:,.2f}"
        if self.cap > 0:
            text += f" of ${self.cap:,.2f}"
        return text


class CostMeter:
    def __init__(self, usage: UsageStore, clock: Clock):
        self.usage = usage
        self.clock = clock

    def add(self, kind: str, resources: int | Iterable[str]) -> None:
        """Count billable use: a number of resources, or their ids (each billed once a UTC day)."""
        if kind not in KINDS:
            raise ValueError(f"unknown billable kind {kind}")
        now = self.clock.now().astimezone(UTC)
        if isinstance(resources, int):
            count = resources
        else:
            day = now.strftime("%Y-%m-%d")
            count = self.usage.first_today(day, kind, [str(r) for r in resources])
            self.usage.forget_days_before((now - timedelta(days=2)).strftime("%Y-%m-%d"))
        if count > 0:
            self.usage.add(month_key(now), kind, count)

    def this_month(self, settings: Settings) -> MonthCosts:
        month = month_key(self.clock.now())
        counts = {kind: 0 for kind in KINDS} | self.usage.month(month)
        dollars = {kind: counts[kind] * price_of(settings, kind) for kind in KINDS}
        return MonthCosts(month, counts, dollars, settings.x_monthly_cap_usd)


def month_costs(db: Database, clock: Clock, settings: Settings) -> MonthCosts:
    """This month's billable use of X so far, priced, against the owner's monthly cap."""
    return CostMeter(UsageStore(db), clock).this_month(settings)
