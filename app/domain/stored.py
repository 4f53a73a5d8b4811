"""The rules every value read from a file meets before it is stored: the same as Kindly's own writes.

Kindly's own writes store times as zero-padded UTC text (``to_db``), X's ids as digits, people by
X id or ``handle:…``, and each column with its declared type. A value from a file that breaks one
of these rules stops the import (the caller names the file, the line or record and the value) —
stored, it would break every screen that reads it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from app.domain.times import to_db

# The range a post, a DM or a promise can sensibly have: X began in 2006; nothing Kindly stores
# is due a lifetime ahead. Outside it a time is a typo or a damaged file.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

_STORED_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$")
_PERSON = r"[0-9]{1,25}|handle:[^\s]{1,100}"
# X's DM event id, one pasted by hand, or one the shop sent by hand (until a sync brings it).
_DM = r"[0-9]{1,25}|manual-[0-9a-f]{1,64}|local-dm-[0-9]{1,20}"
# A post on X, a sent reply until its link is known, a DM as a post ("dm:" and the DM's id) and a
# DM conversation ("dm:" and the customer's id).
_POST_ID = re.compile(rf"^(?:(?:local-)?[0-9]{{1,25}}|dm:(?:{_DM}|{_PERSON}))$")
_PERSON_ID = re.compile(rf"^(?:{_PERSON})$")
_DM_ID = re.compile(rf"^(?:{_DM})$")


def in_range(when: datetime) -> datetime:
    """``when`` itself, or ValueError when it is outside ``EARLIEST``..``LATEST``."""
    if not EARLIEST <= when < LATEST:
        raise ValueError(f"outside the years Kindly stores ({EARLIEST.year} to {LATEST.year - 1})")
    return when


def stored_time(when: datetime) -> str:
    """A parsed time as Kindly stores it, or ValueError when it is out of range."""
    return to_db(in_range(when))


def check_stored_time(value) -> str:
    """A time as a Kindly export writes it ('2026-01-02T03:04:05Z'); ValueError otherwise."""
    match = _STORED_TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("not a time in the form 2026-01-31T09:30:00Z")
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError as exc:
        raise ValueError("not a date in the calendar") from exc
    in_range(when)
    return value


def check_post_id(value) -> str:
    if not isinstance(value, str) or not _POST_ID.match(value):
        raise ValueError("not a post id")
    return value


def check_person_id(value) -> str:
    if not isinstance(value, str) or not _PERSON_ID.match(value):
        raise ValueError("not a person's id")
    return value


def check_dm_id(value) -> str:
    if not isinstance(value, str) or not _DM_ID.match(value):
        raise ValueError("not a message id")
    return value


# Which rule each column of Kindly's own tables follows (columns not listed: their type only).
COLUMN_RULES = {
    ("posts", "id"): check_post_id,
    ("posts", "conversation_id"): check_post_id,
    ("posts", "in_reply_to_id"): check_post_id,
    ("posts", "author_id"): check_person_id,
    ("people", "id"): check_person_id,
    ("direct_messages", "id"): check_dm_id,
    ("direct_messages", "sender_id"): check_person_id,
    ("direct_messages", "recipient_id"): check_person_id,
    ("drafts", "post_id"): check_post_id,
    ("drafts", "sent_post_id"): check_post_id,
    ("promises", "person_id"): check_person_id,
    ("promises", "post_id"): check_post_id,
    ("promises", "conversation_id"): check_post_id,
    ("promises", "dm_id"): check_dm_id,
    ("strikes", "person_id"): check_person_id,
    ("outbox", "in_reply_to_id"): check_post_id,
    ("outbox", "sent_id"): check_post_id,
}


# X's longest post; Kindly refuses longer text for a post, by hand or from a file.
MAX_POST_CHARS = 25_000
# Anything else Kindly stores as text (a note, a draft, a template) is far shorter than this.
MAX_TEXT_CHARS = 1_000_000


def is_time_column(column: str) -> bool:
    return column.endswith(("_at", "_until"))


def check_column(table: str, column: str, declared: str, value):
    """``value`` for ``table.column`` (declared type ``declared``) if it meets the rules;
    ValueError with what is wrong otherwise. None passes here (NOT NULL is SQLite's to say)."""
    if value is None:
        return None
    kind = (declared or "").upper()
    if kind == "INTEGER":
        if isinstance(value, bool):
            return int(value)
        if not isinstance(value, int):
            raise ValueError("not a whole number")
        if not -(2**63) <= value < 2**63:
            raise ValueError("too large a number")
    elif kind == "TEXT" and not isinstance(value, str):
        raise ValueError("not text")
    if isinstance(value, str):
        limit = (
            MAX_POST_CHARS
            if (table, column) in (("posts", "text"), ("direct_messages", "text"))
            else MAX_TEXT_CHARS
        )
        if len(value) > limit:
            raise ValueError(f"{len(value):,} characters long, more than Kindly keeps ({limit:,})")
    rule = COLUMN_RULES.get((table, column))
    if rule is not None:
        return rule(value)
    if is_time_column(column) and kind in ("TEXT", ""):
        return check_stored_time(value)
    return value


def shown(value, limit: int = 40) -> str:
    """A value as an error message quotes it: short, and safe to print."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
