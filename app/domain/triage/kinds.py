"""The kinds of mention and a suggestion with its reason: what the window needs to open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of mention the inbox filters on; values are what storage keeps."""

    COMPLAINT = "complaint"
    QUESTION = "question"
    PRAISE = "praise"
    TROLL = "troll"  # trolls and spam: both are to be ignored, muted or blocked, not answered
    OTHER = "other"


@dataclass(frozen=True)
class Triage:
    """A suggested kind and the short reason shown beside it, so the owner can trust or fix it."""

    kind: Kind
    reason: str


@dataclass(frozen=True)
class Thread:
    """Where a post sits in its conversation, when Kindly knows: ``replies_to`` is "first" (it
    starts one), "shop" (it answers the shop, whose words were ``shop_said``) or "someone" (it
    answers another person). A customer's "Again" or "iPhone 7" only reads as a complaint or a
    detail beside what the shop had asked."""

    replies_to: str
    shop_said: str = ""

    FIRST = "first"
    SHOP = "shop"
    SOMEONE = "someone"


def place_in_thread(
    in_reply_to_id: str | None, parent_is_shop: bool | int | None, parent_text: str | None
) -> Thread | None:
    """A post's place from what storage holds: the id it answers, and whether the post with that
    id is the shop's and its text (both None when Kindly does not hold it: then the place is
    unknown, and triage reads the post alone)."""
    if not in_reply_to_id:
        return Thread(Thread.FIRST)
    if parent_is_shop is None:
        return None
    if parent_is_shop:
        return Thread(Thread.SHOP, parent_text or "")
    return Thread(Thread.SOMEONE)
