"""How times are stored and shown: UTC ISO-8601 text in the database, local time on screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

_DB_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def to_db(when: datetime) -> str:
    """Fixed-width UTC text, so string order is time order (keyset paging relies on it)."""
    if when.tzinfo is None:
        raise ValueError("naive datetime: Kindly stores aware UTC times only")
    when = when.astimezone(UTC)
    # Not strftime: its %Y does not pad years before 1000 to four digits on every platform.
    return (
        f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
        f"T{when.hour:02d}:{when.minute:02d}:{when.second:02d}Z"
    )


def from_db(text: str) -> datetime:
    return datetime.strptime(text, _DB_FORMAT).replace(tzinfo=UTC)


def parse_iso(text: str) -> datetime:
    """Parse ISO-8601 from X or from the owner ('2026-11-23T10:00:00.000Z', '+00:00', naive=UTC)."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def short_age(seconds: float) -> str:
    """'now', '12m', '3h', '2d', '5w' — the inbox's age column."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return "now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h"
    days = hours // 24
    if days < 14:
        return f"{days}d"
    return f"{days // 7}w"


def local_text(when: datetime) -> str:
    """A readable local time for the conversation view."""
    return english(when.astimezone(), "%a %d %b %Y, %H:%M")


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def english(when: date, pattern: str) -> str:
    """``when.strftime(pattern)`` with English day and month names (%a, %b) whatever the process's
    locale: Kindly's text is English, and Qt sets the C locale from the system, so under de_DE
    strftime would put "Mo 23 Nov" into an English sentence."""
    pattern = pattern.replace("%a", _DAYS[when.weekday()]).replace("%b", _MONTHS[when.month - 1])
    return when.strftime(pattern)


def age_level(age: timedelta, amber_after: timedelta, red_after: timedelta) -> str:
    """'fresh', 'amber' or 'red': how urgently a waiting mention needs an answer."""
    if age >= red_after:
        return "red"
    if age >= amber_after:
        return "amber"
    return "fresh"
