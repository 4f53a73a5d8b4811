"""The shop's opening hours, and counting a promise window in them.

"Answer by e-mail within 24 hours" can mean 24 hours on the clock, or 24 of the shop's open hours.
The hours are written the way a shop door says them, "Mon-Fri 09:00-17:30; Sat 10:00-16:00", in
the shop's local time (with those, a Friday-evening DM is due on Wednesday at 10:00: Saturday's
6 hours, Monday's and Tuesday's 8.5, then one more; not on Saturday). All the arithmetic is done in
UTC through the local zone, so a change to or from summer time neither adds nor loses an open
hour, and a skipped wall time counts from the moment the clocks jump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from app.errors import ValidationError

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_DAY_NAMES = {
    **{d: i for i, d in enumerate(DAYS)},
    **{
        name: i
        for i, name in enumerate(
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        )
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_LABELS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_TIME = r"(\d{1,2})(?::|\.|h)?(\d{2})?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|to)\s*{_TIME}$")

# How far ahead Kindly looks for open hours before deciding the shop is never open.
_SEARCH_DAYS = 400


@dataclass(frozen=True)
class OpeningHours:
    """Open intervals per weekday (0 = Monday): (opens, closes) pairs, minutes after midnight."""

    days: tuple[tuple[tuple[int, int], ...], ...]

    @property
    def open_minutes_per_week(self) -> int:
        return sum(end - start for day in self.days for start, end in day)

    def text(self) -> str:
        """The hours written back in the same form the owner types them."""
        parts: list[str] = []
        i = 0
        while i < 7:
            j = i
            while j + 1 < 7 and self.days[j + 1] == self.days[i]:
                j += 1
            if self.days[i]:
                days = _LABELS[i] if i == j else f"{_LABELS[i]}-{_LABELS[j]}"
                spans = ", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in self.days[i])
                parts.append(f"{days} {spans}")
            i = j + 1
        return "; ".join(parts)


def parse_opening_hours(text: str) -> OpeningHours:
    """Read "Mon-Fri 09:00-17:30; Sat 10:00-16:00" (commas for split days: "Sat 10-13, 14-17")."""
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    clauses = [c.strip() for c in re.split(r"[;\n]", text or "") if c.strip()]
    if not clauses:
        raise ValidationError(
            "Write the opening hours, for example “Mon-Fri 09:00-17:00”.", "opening_hours"
        )
    for clause in clauses:
        match = re.match(r"^([A-Za-z][A-Za-z ,\-–]*?)\s+(\d.*)$", clause)
        if not match:
            raise _problem(clause)
        which = _parse_days(match.group(1), clause)
        spans = [_parse_span(span.strip(), clause) for span in match.group(2).split(",")]
        for day in which:
            days[day].extend(spans)
    for spans_of_day in days:
        spans_of_day.sort()
        for (_, end), (start, _) in zip(spans_of_day, spans_of_day[1:]):
            if start < end:
                raise ValidationError(
                    "Two opening times overlap on the same day; write each day's hours once.",
                    "opening_hours",
                )
    return OpeningHours(tuple(tuple(day) for day in days))


def add_open_hours(
    start: datetime, hours: float, opening: OpeningHours, zone: tzinfo | None = None
) -> datetime:
    """The moment ``hours`` of opening time after ``start`` (UTC in, UTC out).

    ``zone`` is the shop's local zone (None: this computer's). Time before opening, after
    closing and on closed days does not count; a start inside open hours counts from ``start``.
    """
    if start.tzinfo is None:
        raise ValueError("naive datetime")
    if opening.open_minutes_per_week == 0:
        raise ValidationError("The opening hours have no open time at all.", "opening_hours")
    remaining = timedelta(hours=hours)
    start = start.astimezone(UTC)
    day = _local_date(start, zone)
    for offset in range(-1, _SEARCH_DAYS):
        current = day + timedelta(days=offset)
        for opens, closes in opening.days[current.weekday()]:
            begin = local_to_utc(current, opens, zone)
            end = local_to_utc(current, closes, zone)
            begin = max(begin, start)
            if begin >= end:
                continue
            available = end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
    raise ValidationError("The opening hours leave no time to answer in.", "opening_hours")


# The longest a promise counted in opening hours may take to fall due; the settings refuse more.
LONGEST_WAIT = timedelta(days=7)
_REFERENCE_MONDAY = date(2024, 1, 1)


def longest_wait(opening: OpeningHours, hours: float) -> tuple[timedelta, int, int]:
    """The longest ``hours`` of opening time can take from any start, on the clock, with the
    weekday (0 = Monday) and minute of that worst start: the moment the shop closes (a start
    later in the closed spell, or earlier in the open one, finishes sooner)."""
    if opening.open_minutes_per_week == 0:
        return timedelta.max, 0, 0
    starts = {(day, end) for day in range(7) for _, end in opening.days[day]} | {(0, 0)}
    worst = (timedelta(0), 0, 0)
    for day, minute in sorted(starts):
        start = datetime.combine(
            _REFERENCE_MONDAY + timedelta(days=day), time(), tzinfo=UTC
        ) + timedelta(minutes=minute)
        try:
            wait = add_open_hours(start, hours, opening, UTC) - start
        except ValidationError:
            return timedelta.max, day, minute
        if wait > worst[0]:
            worst = (wait, day, minute)
    return worst


def check_promise_window(opening: OpeningHours, hours: float) -> None:
    """Refuse opening hours that could make a promise fall due more than a week after it was
    made (a typo like "Mon 09:00-09:01" would put it months away), saying why."""
    wait, day, minute = longest_wait(opening, hours)
    if wait <= LONGEST_WAIT:
        return
    when = f"{_LABELS[day]} {_hhmm(minute % (24 * 60))}"
    length = (
        "not within a year"
        if wait == timedelta.max
        else f"{wait.days} days later"
        if wait.days < 14
        else f"{wait.days // 7} weeks later"
    )
    week = opening.open_minutes_per_week
    open_time = (
        f"{week} minute{'s' if week != 1 else ''}"
        if week < 60
        else f"{round(week / 60, 1):g} hour{'s' if week != 60 else ''}"
    )
    raise ValidationError(
        f"An e-mail promised on {when} would fall due {length}: these hours are open "
        f"{open_time} a week. Add opening hours, or answer within fewer hours, so that no "
        f"promise falls due more than a week after it is made.",
        "opening_hours",
    )


def is_open(when: datetime, opening: OpeningHours, zone: tzinfo | None = None) -> bool:
    day = _local_date(when, zone)
    for opens, closes in opening.days[day.weekday()]:
        if local_to_utc(day, opens, zone) <= when < local_to_utc(day, closes, zone):
            return True
    return False


def local_to_utc(day: date, minutes: int, zone: tzinfo | None = None) -> datetime:
    """``minutes`` after local midnight of ``day`` in ``zone`` (None: this computer's), as UTC.

    A wall time the clocks skip (02:30 on spring-forward day in Berlin, midnight in Santiago)
    is the moment the clocks jump: by then that time has passed. So "Sat 00:00-24:00" ends, and
    "Sun 00:00-24:00" begins, when Santiago's clocks jump, and "02:30-10:00" opens at 03:00.
    A wall time that happens twice (autumn) is its first occurrence.
    """
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    if minutes >= 24 * 60:
        # 24:00 is the next day's midnight.
        naive = datetime.combine(day + timedelta(days=1), time())
    first = _as_utc(naive, zone, 0)
    if _wall(first, zone) == naive:
        return first
    second = _as_utc(naive, zone, 1)
    if _wall(second, zone) == naive:
        return second
    # Skipped: the first instant whose wall time is at or after ``naive`` (the jump itself).
    low, high = min(first, second), max(first, second)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _wall(middle, zone) >= naive:
            high = middle
        else:
            low = middle
    return (
        high.replace(microsecond=0) if _wall(high.replace(microsecond=0), zone) >= naive else high
    )


def _as_utc(naive: datetime, zone: tzinfo | None, fold: int) -> datetime:
    if zone is None:
        # A naive time is read as this computer's local time.
        return naive.replace(fold=fold).astimezone(UTC)
    return naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def _wall(when: datetime, zone: tzinfo | None) -> datetime:
    return to_local(when, zone).replace(tzinfo=None, fold=0)


def to_local(when: datetime, zone: tzinfo | None = None) -> datetime:
    return when.astimezone(zone) if zone is not None else when.astimezone()


def next_local_time(
    now: datetime, hour: int, minute: int = 0, zone: tzinfo | None = None, days_ahead: int = 1
) -> datetime:
    """``hour:minute`` local time ``days_ahead`` days after today's local date, as UTC."""
    day = _local_date(now, zone) + timedelta(days=days_ahead)
    return local_to_utc(day, hour * 60 + minute, zone)


def _local_date(when: datetime, zone: tzinfo | None) -> date:
    return to_local(when, zone).date()


def _parse_days(text: str, clause: str) -> list[int]:
    result: list[int] = []
    for part in re.split(r"\s*,\s*|\s+", text.strip().lower()):
        if not part:
            continue
        if "-" in part or "–" in part:
            first, _, last = re.split(r"(-|–)", part, maxsplit=1)
            a, b = _day(first, clause), _day(last, clause)
            span = list(range(a, b + 1)) if a <= b else list(range(a, 7)) + list(range(0, b + 1))
            result.extend(span)
        else:
            result.append(_day(part, clause))
    return sorted(set(result))


def _day(text: str, clause: str) -> int:
    key = text.strip().lower().rstrip(".")
    if key not in _DAY_NAMES:
        raise _problem(clause)
    return _DAY_NAMES[key]


def _parse_span(text: str, clause: str) -> tuple[int, int]:
    match = _RANGE.match(text.replace(" ", ""))
    if not match:
        raise _problem(clause)
    opens = _minutes(match.group(1), match.group(2), clause)
    closes = _minutes(match.group(3), match.group(4), clause)
    if closes <= opens:
        raise ValidationError(
            f"In “{clause}” the shop closes before it opens; write times like 09:00-17:30.",
            "opening_hours",
        )
    return opens, closes


def _minutes(hours: str, minutes: str | None, clause: str) -> int:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise _problem(clause)
    return h * 60 + m


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _problem(clause: str) -> ValidationError:
    return ValidationError(
        f"Kindly cannot read “{clause}”. Write days and times like “Mon-Fri 09:00-17:30; "
        "Sat 10:00-16:00”.",
        "opening_hours",
    )
