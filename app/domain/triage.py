"""Offline triage: suggest what kind of mention a post is, with a reason the owner can read.

Kindly sorts every incoming mention into complaint, question, praise, troll/spam or other so the
inbox can put waiting problems first and give praise its own filter, with no network and no model
download. VADER (a sentiment lexicon built for social-media text) gives the emotional polarity; the
rules on top add what VADER cannot see: customer-service problems that use no emotional words
("never arrived", "wrong size", "charged twice"), questions without a question mark, spam and
insults. The result is only a suggestion: the owner's correction, stored elsewhere, always wins.

The rules describe the *shape* of a kind of post rather than one writer's wording, so that they
carry over to shops and customers they were never tuned on:

- problems come in three families: failures that carry their own negation ("never arrived",
  "doesn't fit", "nobody answers", "was due on Monday"), bad states whose negation cancels them
  ("no problems", "never once let down", "hasn't tarnished at all"), and remedies a customer asks
  for ("refund"), which only mean a complaint while they are still wanted;
- a problem a sentence only imagines ("if it doesn't fit…", "imagine paying…") does not count;
- structure finds problems no word list holds: a status stuck for a duration, an order that
  differs from what came ("ordered blue, received green", "reads 'Jon' not 'John'", "a large is
  not a large"), a part of a batch described badly ("two of the loaves were stale");
- after "but"/"however" the second clause decides; sarcasm ("just marvellous", "oh great,
  another…", 🙃) turns praise words into a complaint when there is an order or a wait in it;
- insults are found by frame rather than by word: a person-noun said of "you"/"your staff"
  ("your cashier is a numpty"), "bunch of …", scorn ("who even buys this"), and words in scare
  quotes next to mockery ("lol 'artisan'");
- words in scare quotes, laughter and slang VADER misreads ("obsessed", 😭) are kept out of the
  sentiment score, and English sentiment is not scored inside text in another language;
- a post that only talks *about* the shop, or tags a friend, is chatter unless it says more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["Kind", "Triage", "classify", "evaluate"]


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


# The rules themselves (app/domain/triage_rules.py) load on the first classify(): importing this
# module, as the window does for ``Kind``, compiles none of their patterns.


def classify(text: str) -> Triage:
    """Suggest a kind for one mention, with the words that decided it.

    Pure and deterministic, and it never raises: it runs on every post of an import, and one odd
    post (empty, huge, emoji only, another script, control characters) must not stop the rest.
    Order matters: spam first (it often says "love" and "win"), then concrete problems (an angry
    customer with a real problem is a complaint even when rude), insults, sarcasm, questions,
    praise, and last the tone of the whole post.
    """
    if not isinstance(text, str):  # a defensive net for callers outside the type checker
        text = "" if text is None else str(text)
    from app.domain.triage_rules import read_and_decide

    try:
        return read_and_decide(text)
    except Exception:  # noqa: BLE001 - a suggestion is never worth stopping an import for
        return Triage(Kind.OTHER, "could not read this post")


# --- measuring -----------------------------------------------------------------------------------


def evaluate(pairs: Iterable[tuple[str, str | Kind]]) -> dict[str, Any]:
    """Score classify() against labelled (text, kind) pairs, so rule changes can be measured.

    Returns {"accuracy": float, "count": int, "kinds": {kind: {"precision", "recall", "count"}},
    "mistakes": [(text, expected, got, reason), ...]}. Precision or recall with nothing to divide
    by is reported as 0.0.
    """
    count = 0
    right = 0
    expected_counts = {kind: 0 for kind in Kind}
    predicted_counts = {kind: 0 for kind in Kind}
    correct_counts = {kind: 0 for kind in Kind}
    mistakes: list[tuple[str, str, str, str]] = []
    for text, expected in pairs:
        want = Kind(expected)
        got = classify(text)
        count += 1
        expected_counts[want] += 1
        predicted_counts[got.kind] += 1
        if got.kind == want:
            right += 1
            correct_counts[want] += 1
        else:
            mistakes.append((text, want.value, got.kind.value, got.reason))
    kinds = {
        kind.value: {
            "precision": correct_counts[kind] / predicted_counts[kind]
            if predicted_counts[kind]
            else 0.0,
            "recall": correct_counts[kind] / expected_counts[kind]
            if expected_counts[kind]
            else 0.0,
            "count": expected_counts[kind],
        }
        for kind in Kind
    }
    return {
        "accuracy": right / count if count else 0.0,
        "count": count,
        "kinds": kinds,
        "mistakes": mistakes,
    }
