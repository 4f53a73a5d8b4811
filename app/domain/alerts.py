"""When Kindly speaks up about mentions: new complaints and questions from a sync, and a nudge
before a waiting complaint turns a day old. Pure rules over what the caller passes in and ``now``.

- **Grouped.** Everything a sync brings is one notification: how many complaints and questions,
  and the first few handles ("3 new complaints, 1 question — @maya_k, @tom, @jo and 1 more").
- **Rate-limited.** At most one alert every ``ALERT_GAP``; what arrives in between waits and is
  told, together, at the first look after the gap (``Alerts.pending_until``).
- **The nudge.** A waiting complaint is told about once, in the hour before it turns
  ``age_red_hours`` old ("3 complaints pass 24 h within the hour"). Which complaints were already
  considered is one moment, ``considered_through``: every complaint whose hour-before mark is at
  or before it has had its nudge, so a restart neither repeats nor loses one.
- **Off means off.** With ``Settings.notifications`` off nothing is told (and nothing piles up
  to be told later); the tray tooltip and the badge still count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain.reminders import Notice

ALERT_GAP = timedelta(minutes=5)
NUDGE_AHEAD = timedelta(hours=1)
HANDLES_SHOWN = 3
TELLS = ("complaint", "question")  # the kinds that need the owner soon


@dataclass(frozen=True)
class Arrival:
    """A mention a sync brought in, as much of it as an alert needs."""

    n: int
    handle: str
    kind: str
    created_at: datetime


@dataclass(frozen=True)
class Waiting:
    """A complaint still waiting for its first reply."""

    n: int
    handle: str
    created_at: datetime


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def handles_text(handles: list[str], shown: int = HANDLES_SHOWN) -> str:
    """'@a', '@a and @b', '@a, @b, @c and 2 more' (each handle once, in order)."""
    unique = list(dict.fromkeys(h.lstrip("@") for h in handles if h))
    named = [f"@{h}" for h in unique[:shown]]
    rest = len(unique) - len(named)
    if rest:
        return f"{', '.join(named)} and {rest} more"
    if len(named) > 1:
        return f"{', '.join(named[:-1])} and {named[-1]}"
    return named[0] if named else ""


def arrivals_notice(arrivals: list[Arrival]) -> Notice:
    """One notification for everything in ``arrivals`` (complaints and questions only)."""
    complaints = sum(1 for a in arrivals if a.kind == "complaint")
    questions = sum(1 for a in arrivals if a.kind == "question")
    parts = []
    if complaints:
        parts.append(f"{_plural(complaints, 'new complaint')}")
    if questions:
        parts.append(
            _plural(questions, "question") if complaints else _plural(questions, "new question")
        )
    # Complaints first: they are what the owner opens first.
    ordered = sorted(arrivals, key=lambda a: (a.kind != "complaint", a.created_at, a.n))
    return Notice(
        title=" and ".join(parts),
        body=f"From {handles_text([a.handle for a in ordered])}",
        promise_id=None,
        urgent=complaints > 0,
        post_n=ordered[0].n if len(ordered) == 1 else None,
        opens="inbox",
    )


def nudge_notice(waiting: list[Waiting], red_hours: float) -> Notice:
    age = f"{red_hours:g} h"
    ordered = sorted(waiting, key=lambda w: (w.created_at, w.n))
    count = len(ordered)
    title = f"{_plural(count, 'complaint')} pass{'es' if count == 1 else ''} {age} within the hour"
    return Notice(
        title=title,
        body=f"Waiting: {handles_text([w.handle for w in ordered])}",
        promise_id=None,
        urgent=True,
        post_n=ordered[0].n if count == 1 else None,
        opens="inbox",
    )


def nudge_window(now: datetime, red_hours: float) -> tuple[datetime, datetime]:
    """Complaints created in [start, end) turn ``red_hours`` old within the next hour:
    the ones a look at ``now`` may nudge (before ``considered_through`` filters them)."""
    red = timedelta(hours=red_hours)
    return now - red, now - red + NUDGE_AHEAD


@dataclass
class Alerts:
    """What to tell and when, for one running Kindly. ``last_told`` and ``pending`` live in
    memory (a restart may tell once more, never less); ``considered_through`` is stored."""

    last_told: datetime | None = None
    pending: list[Arrival] = field(default_factory=list)
    considered_through: datetime | None = None

    def may_tell(self, now: datetime) -> bool:
        return self.last_told is None or now - self.last_told >= ALERT_GAP

    def pending_until(self) -> datetime | None:
        """When the arrivals held back by the rate limit may be told (None: nothing waits)."""
        if not self.pending:
            return None
        return self.last_told + ALERT_GAP if self.last_told else None

    def arrived(self, arrivals: Iterable[Arrival], now: datetime, enabled: bool) -> Notice | None:
        """A sync brought ``arrivals``: one grouped notice now, or None (held, or nothing new)."""
        if not enabled:
            self.pending.clear()
            return None
        known = {a.n for a in self.pending}
        self.pending.extend(a for a in arrivals if a.kind in TELLS and a.n not in known)
        return self.tick(now, enabled)

    def tick(self, now: datetime, enabled: bool = True) -> Notice | None:
        """Tell what was held back, once the gap has passed."""
        if not enabled:
            self.pending.clear()
            return None
        if not self.pending or not self.may_tell(now):
            return None
        notice = arrivals_notice(self.pending)
        self.pending = []
        self.last_told = now
        return notice

    def forget(self, still_waiting: set[int]) -> None:
        """Drop held arrivals the owner has handled meanwhile (answered, resolved, re-kinded)."""
        self.pending = [a for a in self.pending if a.n in still_waiting]

    def nudge(
        self, waiting: Iterable[Waiting], now: datetime, red_hours: float, enabled: bool
    ) -> Notice | None:
        """The complaints turning ``red_hours`` old within the hour that were not nudged yet:
        one notice for them all, or None. ``waiting`` may hold more; this picks."""
        red = timedelta(hours=red_hours)
        mark = red - NUDGE_AHEAD  # the age at which a complaint's nudge is due
        fresh = [
            w
            for w in waiting
            if w.created_at + mark <= now < w.created_at + red
            and (self.considered_through is None or w.created_at + mark > self.considered_through)
        ]
        if not enabled:
            self.considered_through = now  # off: considered and let go, never piled up
            return None
        if not fresh or not self.may_tell(now):
            return None
        self.considered_through = now
        self.last_told = now
        return nudge_notice(fresh, red_hours)


def tray_tooltip(needs_reply: int | None, followups_due: int) -> str:
    """The tray icon's words: what waits for the owner, mentions first (None: not counted yet)."""
    if needs_reply is None:
        if not followups_due:
            return "Kindly — no follow-ups due"
        return f"Kindly — {_plural(followups_due, 'follow-up')} due"
    parts = [
        f"{needs_reply:,} need{'s' if needs_reply == 1 else ''} a reply"
        if needs_reply
        else "nothing needs a reply"
    ]
    if followups_due:
        parts.append(_plural(followups_due, "follow-up") + " due")
    return "Kindly — " + " · ".join(parts)
