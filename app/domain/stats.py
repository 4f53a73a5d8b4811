"""How fast the shop answers, in numbers a shop owner can hold up against what customers expect.

**First response time**: for each mention, the earliest of the shop's replies whose reply-to id is
that mention, minus the mention's time. Unanswered mentions are counted, not timed. The median is
the usual one (the mean of the two middle values for an even count); the 90th percentile is the
nearest rank (the value at position ⌈0.9·n⌉ of the sorted times). "Within 1 h" and "within 24 h"
are the mentions answered in at most that time, as a share of *all* mentions, answered or not.

**In opening hours**: the same first replies, counting only the time the shop was open (its
opening hours, in its local time): a Friday-evening complaint answered on Monday morning waited
60-odd hours on the clock but perhaps one open hour. A change to or from summer time neither adds
nor loses an open hour. **Time to resolve**: from the mention to the moment it was resolved.
Weeks start on Monday (UTC).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from fractions import Fraction

from app.domain.opening_hours import OpeningHours, local_to_utc, parse_opening_hours, to_local
from app.errors import ValidationError

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


KINDS = ("complaint", "question", "praise", "troll", "spam", "other")


@dataclass(frozen=True)
class WeekStats:
    week: date  # the Monday the week starts on (UTC)
    response: ResponseSummary
    backlog: int  # mentions still waiting for a first reply at the end of the week
    promises_due: int  # promises due that week that are done, or overdue now
    promises_kept: int  # … of which done by their due time
    # first replies counted in opening hours (None: no opening hours given)
    response_open: ResponseSummary | None = None
    by_kind: dict[str, int] = field(default_factory=dict)  # incoming mentions per kind
    dms: int = 0  # incoming DMs
    resolved: int = 0  # mentions of this week resolved since, with a known time
    median_resolve_s: float | None = None

    @property
    def public(self) -> int:
        return self.response.mentions

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
    response_open: ResponseSummary | None = None
    dms: int = 0
    resolved: int = 0
    median_resolve_s: float | None = None
    # first replies sent while the shop was closed, before the customer had waited any open time
    answered_while_closed: int = 0

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
            median_first_response_open_s=(
                self.response_open.median_first_response_s if self.response_open else None
            ),
            dms=self.dms,
            resolved=self.resolved,
            median_resolve_s=self.median_resolve_s,
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


# ----- opening hours ------------------------------------------------------------------------------


def opening_of(text: str) -> OpeningHours | None:
    """The shop's opening hours from Settings, or None when they cannot be read or never open
    (then the open-hours figures are left out rather than guessed)."""
    try:
        opening = parse_opening_hours(text)
    except ValidationError:
        return None
    return opening if opening.open_minutes_per_week else None


class OpenClock:
    """Counts the open time between two moments, for many pairs: each local day's open spans
    (as UTC) are worked out once and kept."""

    def __init__(self, opening: OpeningHours, zone: tzinfo | None = None):
        self.opening = opening
        self.zone = zone
        self._spans: dict[date, list[tuple[datetime, datetime]]] = {}

    def spans(self, day: date) -> list[tuple[datetime, datetime]]:
        spans = self._spans.get(day)
        if spans is None:
            spans = [
                (local_to_utc(day, opens, self.zone), local_to_utc(day, closes, self.zone))
                for opens, closes in self.opening.days[day.weekday()]
            ]
            self._spans[day] = spans
        return spans

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Open seconds in [start, end); 0 when end is not after start."""
        if end <= start:
            return 0.0
        total = 0.0
        day = to_local(start, self.zone).date() - timedelta(days=1)
        last = to_local(end, self.zone).date()
        while day <= last:
            for begin, finish in self.spans(day):
                low, high = max(begin, start), min(finish, end)
                if high > low:
                    total += (high - low).total_seconds()
            day += timedelta(days=1)
        return total


# ----- the charts' axes and the weekly table ------------------------------------------------------

_DURATION_STEPS = [
    60,
    2 * 60,
    5 * 60,
    10 * 60,
    15 * 60,
    30 * 60,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
    28 * DAY,
]


def round_ticks(top: float, unit: str = "count", most: int = 5) -> list[float]:
    """Axis ticks from 0 to at least ``top`` in round steps: 1, 2, 5 × 10ⁿ for counts (whole
    numbers only), 10 %, 20 %, 25 % for shares, minutes, hours and days for durations; at most
    ``most`` steps. The last tick is the axis' top."""
    top = max(float(top), 0.0)
    if unit == "share":
        steps = [0.05, 0.1, 0.2, 0.25, 0.5, 1.0]
        top = min(max(top, 0.05), 1.0)
    elif unit == "duration":
        steps = [float(s) for s in _DURATION_STEPS]
        top = max(top, 60.0)
    else:
        top = max(top, 1.0)
        steps = []
        power = 1.0
        while not steps or steps[-1] * most < top:
            steps.extend(power * m for m in (1, 2, 5))
            power *= 10
    step = next((s for s in steps if s * most >= top), None)
    if step is None:  # longer than the longest duration step: whole multiples of it
        step = steps[-1] * math.ceil(top / (steps[-1] * most))
    count = max(1, math.ceil(top / step - 1e-9))
    return [round(step * i, 10) for i in range(count + 1)]


def hours_value(seconds: float | None) -> str:
    """A duration for the CSV: hours with two decimals, empty when there is none."""
    return "" if seconds is None else f"{seconds / HOUR:.2f}"


def _share_value(share: float | None) -> str:
    return "" if share is None else f"{share:.4f}"


WEEKLY_COLUMNS = [
    "week_starting",
    "mentions",
    *[f"{kind}s" if kind not in ("other", "spam") else kind for kind in KINDS],
    "dms",
    "answered",
    "median_first_reply_hours",
    "median_first_reply_open_hours",
    "p90_first_reply_hours",
    "within_1h_share",
    "within_24h_share",
    "resolved",
    "median_time_to_resolve_hours",
    "waiting_at_week_end",
    "promises_due",
    "promises_kept",
]


def weekly_rows(weeks: list[WeekStats]) -> list[list[str]]:
    """The weekly table as text cells, header first (what the CSV holds)."""
    rows = [list(WEEKLY_COLUMNS)]
    for w in weeks:
        r = w.response
        opened = w.response_open.median_first_response_s if w.response_open else None
        rows.append(
            [
                w.week.isoformat(),
                str(r.mentions),
                *[str(w.by_kind.get(kind, 0)) for kind in KINDS],
                str(w.dms),
                str(r.answered),
                hours_value(r.median_first_response_s),
                hours_value(opened),
                hours_value(r.p90_first_response_s),
                _share_value(r.within_1h),
                _share_value(r.within_24h),
                str(w.resolved),
                hours_value(w.median_resolve_s),
                str(w.backlog),
                str(w.promises_due),
                str(w.promises_kept),
            ]
        )
    return rows


def weekly_csv(weeks: list[WeekStats]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(weekly_rows(weeks))
    return out.getvalue()


def sorted_median(values: list[float]) -> float | None:
    return median(sorted(values))
