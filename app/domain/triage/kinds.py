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
