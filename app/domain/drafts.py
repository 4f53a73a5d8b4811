"""Replies being written: their states, and the X web addresses that send them without the API.

A draft answers one customer post. It moves draft → ready (waiting in Review) → sending (handed
to X) → sent, or → failed with a reason the owner can read. "Post on X" without an API connection
opens X's own reply window (a web intent) with the text filled in; the owner clicks Post there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeGuard
from urllib.parse import quote


class DraftState(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Channel(StrEnum):
    PUBLIC = "public"
    DM = "dm"


STATE_LABELS = {
    DraftState.DRAFT: "Draft",
    DraftState.READY: "Ready for review",
    DraftState.SENDING: "Waiting for X",
    DraftState.SENT: "Sent",
    DraftState.FAILED: "Not sent",
}

# What a draft may still become: a sent reply is history and stays as it is.
EDITABLE = (DraftState.DRAFT, DraftState.READY, DraftState.FAILED)
IN_REVIEW = (DraftState.READY, DraftState.SENDING, DraftState.FAILED)

LOCAL_PREFIX = "local-"


@dataclass(frozen=True)
class Draft:
    id: int
    post_id: str  # the customer's post this answers
    channel: str
    text: str
    state: str
    updated_at: datetime
    failure: str | None = None
    resolve_on_send: bool = False
    sent_at: datetime | None = None
    sent_post_id: str | None = None  # the shop's reply: X's id, or "local-<id>" until known

    @property
    def is_dm(self) -> bool:
        return self.channel == Channel.DM

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE


def local_post_id(draft_id: int) -> str:
    """The id a sent reply has in the thread until the owner pastes its real link."""
    return f"{LOCAL_PREFIX}{draft_id}"


def is_local_id(post_id: str | None) -> TypeGuard[str]:
    return post_id is not None and post_id.startswith(LOCAL_PREFIX)


def draft_of_local_id(post_id: str | None) -> int | None:
    """The draft a sent reply's local id stands for (None: a real post's id)."""
    if post_id is None or not is_local_id(post_id):
        return None
    rest = post_id[len(LOCAL_PREFIX) :]
    return int(rest) if rest.isdigit() else None


def reply_intent_url(in_reply_to: str, text: str) -> str:
    """X's reply window with the text filled in (works with no API access at all)."""
    return f"https://x.com/intent/post?in_reply_to={quote(in_reply_to, safe='')}&text={_q(text)}"


def dm_intent_url(recipient_id: str | None, text: str) -> str:
    """X's new-message window; X needs the person's numeric id to choose the recipient."""
    if recipient_id and recipient_id.isdigit():
        return f"https://x.com/messages/compose?recipient_id={recipient_id}&text={_q(text)}"
    return f"https://x.com/messages/compose?text={_q(text)}"


def _q(text: str) -> str:
    return quote(text, safe="")
