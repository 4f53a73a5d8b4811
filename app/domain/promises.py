"""Promises the shop made: waiting for a customer's DM, or an e-mail owed to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

AWAITING_DM = "awaiting_dm"
EMAIL_OWED = "email_owed"

# A promise is "due" for its first hour past the due time, then "overdue" (red).
OVERDUE_AFTER = timedelta(hours=1)


class State(StrEnum):
    LATER = "later"  # not due for a while
    SOON = "soon"  # due within the due-soon window (e-mails only)
    DUE = "due"  # due now
    OVERDUE = "overdue"
    SNOOZED = "snoozed"
    DONE = "done"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.LATER: "Later",
    State.SOON: "Due soon",
    State.DUE: "Due now",
    State.OVERDUE: "Overdue",
    State.SNOOZED: "Snoozed",
    State.DONE: "Done",
    State.CLOSED: "Closed",
}

# States that count in the "due" badge, the tray tooltip and `kindly due`.
NEEDS_ATTENTION = (State.SOON, State.DUE, State.OVERDUE)


@dataclass(frozen=True, slots=True)
class Promise:
    id: int
    kind: str  # AWAITING_DM | EMAIL_OWED
    person_id: str
    conversation_id: str | None
    post_id: str | None
    email: str | None
    note: str
    status: str  # 'open' | 'done' | 'closed'
    created_at: datetime
    due_at: datetime
    snoozed_until: datetime | None = None
    done_at: datetime | None = None
    close_reason: str | None = None
    dm_id: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def state_of(promise: Promise, now: datetime, due_soon: timedelta) -> State:
    """Where a promise stands at ``now``: the section and colour it gets."""
    if promise.status == "done":
        return State.DONE
    if promise.status == "closed":
        return State.CLOSED
    if promise.snoozed_until is not None and now < promise.snoozed_until:
        return State.SNOOZED
    return time_state(promise, now, due_soon)


def time_state(promise: Promise, now: datetime, due_soon: timedelta) -> State:
    """The state from the clock alone, ignoring a snooze (a snoozed promise can be overdue too)."""
    if now >= promise.due_at + OVERDUE_AFTER:
        return State.OVERDUE
    if now >= promise.due_at:
        return State.DUE
    if promise.kind == EMAIL_OWED and now >= promise.due_at - due_soon:
        return State.SOON
    return State.LATER


def topic_of(promise: Promise, post_text: str | None = None) -> str:
    """What the promise is about, in a few words: the note's first part, or the post's opening."""
    note = (promise.note or "").strip()
    if note:
        for separator in (" — ", " – ", " - ", ": "):
            if separator in note:
                return note.split(separator, 1)[0].strip()
        post_text = note
    text = " ".join((post_text or "").split())
    words = [w for w in text.split() if not w.startswith("@")]
    if not words:
        return "your message"
    snippet = " ".join(words[:8]).rstrip(".,;:!?…")
    return snippet + ("…" if len(words) > 8 or text.endswith("…") else "")


def short_duration(delta: timedelta) -> str:
    """'45 min', '1 h 29 min', '3 h', '2 d' — how long until or since, to the nearest minute
    (a reminder two hours ahead, shown a few seconds late, still says '2 h')."""
    minutes = round(abs(delta).total_seconds() / 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    hours = minutes // 60
    if hours < 48:
        rest = minutes % 60
        return f"{hours} h" if hours >= 10 or rest < 5 else f"{hours} h {rest} min"
    return f"{hours // 24} d"


def nudge_text(handle: str) -> str:
    """Follow-ups' Nudge: a kind public reminder to someone who was to send their e-mail by DM."""
    return (
        f"Hi @{handle}, just checking in! If you send us a DM with your e-mail, "
        "we'll get this sorted for you right away."
    )


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """A promise with what the Follow-ups list shows beside it (who, what they wrote)."""

    promise: Promise
    handle: str
    name: str
    post_text: str | None
    post_n: int | None
    dm_text: str | None
    contact_address: str | None
