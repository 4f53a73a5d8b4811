"""How fast the shop answers, in numbers a shop owner can hold up against what customers expect.

**First response time**: for each mention, the earliest of the shop's replies whose reply-to id is
that mention, minus the mention's time. Unanswered mentions are counted, not timed. The median is
the usual one (the mean of the two middle values for an even count); the 90th percentile is the
nearest rank (the value at position ⌈0.9·n⌉ of the sorted times). "Within 1 h" and "within 24 h"
are the mentions answered in at most that time, as a share of *all* mentions, answered or not.
"""

from __future__ import annotations

import math
from fractions import Fraction
from dataclasses import asdict, dataclass, field
from datetime import date

HOUR = 3600
DAY = 24 * HOUR

# What customers expect of a shop on X (from the articles Kindly is built on): about 4 in 10
# expect an answer within the hour, about 8 in 10 within a day.
BENCHMARK_WITHIN_1H = 0.4
BENCHMARK_WITHIN_24H = 0.8


def median(sorted_values: list[float]) -> float | None:
    n = len(sorted_values)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return float(sorted_values[middle])
    return (sorted_values[middle - 1] + sorted_values[middle]) / 2


def nearest_rank(sorted_values: list[float], share: float) -> float | None:
    """The value at position ⌈share·n⌉ (1-based) of the sorted values."""
    n = len(sorted_values)
    if n == 0:
        return None
    rank = max(1, math.ceil(Fraction(str(share)) * n))  # exact: 0.9 * 70 is 63, not 63.000…1
    return float(sorted_values[min(rank, n) - 1])


@dataclass(frozen=True)
class ResponseSummary:
    mentions: int
    answered: int
    median_first_response_s: float | None
    p90_first_response_s: float | None
    within_1h: float | None  # share of all mentions, 0–1; None with no mentions
    within_24h: float | None

    @property
    def unanswered(self) -> int:
        return self.mentions - self.answered


def summarise(mentions: int, sorted_times: list[float]) -> ResponseSummary:
    """The figures for ``mentions`` mentions of which ``sorted_times`` were answered."""
    answered = len(sorted_times)
    within_1h = sum(1 for t in sorted_times if t <= HOUR)
    within_24h = sum(1 for t in sorted_times if t <= DAY)
    return ResponseSummary(
        mentions=mentions,
        answered=answered,
        median_first_response_s=median(sorted_times),
        p90_first_response_s=nearest_rank(sorted_times, 0.9),
        within_1h=within_1h / mentions if mentions else None,
        within_24h=within_24h / mentions if mentions else None,
    )


@dataclass(frozen=True)
class WeekStats:
    week: date  # the Monday the week starts on (UTC)
    response: ResponseSummary
    backlog: int  # mentions still waiting for a first reply at the end of the week
    promises_due: int  # promises due that week that are done, or overdue now
    promises_kept: int  # … of which done by their due time

    @property
    def promises_kept_share(self) -> float | None:
        return self.promises_kept / self.promises_due if self.promises_due else None


@dataclass(frozen=True)
class ShopStats:
    since: date | None
    until: date | None
    response: ResponseSummary
    open_backlog: int  # needs a reply right now
    promises_due: int
    promises_kept: int
    weeks: list[WeekStats] = field(default_factory=list)

    @property
    def promises_kept_share(self) -> float | None:
        return self.promises_kept / self.promises_due if self.promises_due else None

    def as_json(self) -> dict:
        data = asdict(self.response)
        data["unanswered"] = self.response.unanswered
        data.update(
            since=self.since.isoformat() if self.since else None,
            until=self.until.isoformat() if self.until else None,
            open_backlog=self.open_backlog,
            promises_due=self.promises_due,
            promises_kept=self.promises_kept,
            promises_kept_share=self.promises_kept_share,
            benchmark_within_1h=BENCHMARK_WITHIN_1H,
            benchmark_within_24h=BENCHMARK_WITHIN_24H,
            weeks=[
                {
                    "week": w.week.isoformat(),
                    **asdict(w.response),
                    "backlog": w.backlog,
                    "promises_due": w.promises_due,
                    "promises_kept": w.promises_kept,
                }
                for w in self.weeks
            ],
        )
        return data


def duration_text(seconds: float | None) -> str:
    """'—', '45 s', '12 min', '3.5 h', '2.1 days': a response time at a glance."""
    if seconds is None:
        return "—"
    if seconds < 0:
        return "-" + duration_text(-seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < HOUR:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * DAY:
        hours = seconds / HOUR
        return f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"
    return f"{seconds / DAY:.1f} days"


def share_text(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"
