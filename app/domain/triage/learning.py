"""Learning from the owner: mentions like the ones the owner corrected get the owner's kind.

Every shop has wording no general model knows: a customer of a bead shop who writes "the clasp
went wonky" has a problem, and the owner says so by correcting the kind. Those corrections are
the nearest neighbours here: a new mention whose words are close to several corrected ones, and
that agree on one kind, gets that kind with the reason "like the ones you marked complaint". The
owner's own choice on a mention is stored apart (``kind_by_owner``) and never touched by this.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from app.domain.triage.kinds import Kind, Triage
from app.domain.triage.model import content_words

CLOSE = 0.5  # cosine over the words two mentions share, from which they count as alike
AGREEING = 3  # corrected mentions alike to a new one, agreeing on a kind, before it follows them
SHARE = 0.75  # … and the share of the alike ones that must agree


class OwnerCorrections:
    """The owner's corrected mentions, ready to compare new ones against."""

    def __init__(self, corrected: Iterable[tuple[str, str]]):
        self._examples: list[tuple[frozenset[str], Kind]] = []
        for text, kind in corrected:
            words = frozenset(content_words(text))
            if words and kind in Kind.__members__.values():
                self._examples.append((words, Kind(kind)))

    def __len__(self) -> int:
        return len(self._examples)

    def like(self, text: str) -> Kind | None:
        """The kind the owner gave mentions like this one, when enough of them agree."""
        if len(self._examples) < AGREEING:
            return None
        words = frozenset(content_words(text))
        if not words:
            return None
        votes: dict[Kind, int] = {}
        alike = 0
        for example, kind in self._examples:
            shared = len(words & example)
            if shared and shared / math.sqrt(len(words) * len(example)) >= CLOSE:
                alike += 1
                votes[kind] = votes.get(kind, 0) + 1
        if not votes:
            return None
        kind, count = max(votes.items(), key=lambda item: item[1])
        return kind if count >= AGREEING and count >= SHARE * alike else None

    def apply(self, text: str, suggested: Triage) -> Triage:
        """``suggested``, or the owner's kind for mentions like this one."""
        kind = self.like(text)
        if kind is None:
            return suggested
        return Triage(kind, f"like the ones you marked {kind}")
