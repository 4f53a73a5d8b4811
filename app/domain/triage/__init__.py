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

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from app.domain.triage.kinds import Kind, Thread, Triage

if TYPE_CHECKING:  # pragma: no cover - typing only
    from app.domain.triage.model import Model

__all__ = ["Kind", "Thread", "Triage", "classify", "evaluate"]


# The rules themselves (app/domain/triage/rules.py) load on the first classify(): importing this
# module, as the window does for ``Kind``, compiles none of their patterns.


def classify(text: str, model: Model | None | bool = True, thread: Thread | None = None) -> Triage:
    """Suggest a kind for one mention, with a short reason the owner can read.

    Pure and deterministic, and it never raises: it runs on every post of an import, and one odd
    post (empty, huge, emoji only, another script, control characters) must not stop the rest.
    The rules read the post first (spam, concrete problems, insults, sarcasm, questions, praise,
    tone); the learned model (``model.py``) then weighs their verdict together with the words
    customers really use. The model calls a post troll/spam only when it is sure, and never one
    it hears a customer with a problem in or where the rules found a problem.

    ``model`` is the shipped one by default; measurements pass another, or False for the rules
    alone. ``thread`` says where the post sits in its conversation, when known (a reply to the
    shop reads beside what the shop had said); the rules read the post alone.
    """
    if not isinstance(text, str):  # a defensive net for callers outside the type checker
        text = "" if text is None else str(text)
    try:
        rule, family, tone = rule_reading(text)
        if family in _FINAL or (rule.reason or "").startswith("praise: not "):
            # the shape decides, or a problem the rules read as negated ("never had a
            # problem"), which a model of words cannot see
            return _plain(text, rule)
        if model is True:
            from app.domain.triage.model import shipped

            model = shipped()
        if not model:
            return _plain(text, rule)
        return _decide(text, rule, family, tone, model, thread)
    except Exception:  # noqa: BLE001 - a suggestion is never worth stopping an import for
        return Triage(Kind.OTHER, "could not read this post")


# Verdicts the rules give on the shape of the post alone: nothing for the model to weigh.
_FINAL = frozenset(
    {
        "empty",
        "only links or handles",
        "only emoji or symbols",
        "looks like spam",
        "a repost (RT), not written to you",
        "sarcasm",
    }
)


# How much surer than of the rules' kind the model must be to overrule them, measured on each
# half of the real development set (which the model never trains on): 0.1, more for a question
# (customers' questions share a complaint's words: "can I change my son's account"). Praise the
# rules found by its shape ("finally caved", "treated myself") needs 0.3, so that a small shop's
# fan is not pulled towards "other" by a model that learned mostly from big brands' accounts.
_OVERRULE = {Kind.QUESTION: 0.3, Kind.PRAISE: 0.3}


def rule_reading(text: str) -> tuple[Triage, str, float]:
    """The rules' verdict, the family of its reason ("problem", "asks a question", …) and the
    post's tone (VADER's compound, -1…1): what the model reads besides the words."""
    from app.domain.triage.rules import read_and_decide, tone_of

    rule = read_and_decide(text)
    family = (rule.reason or "").split(":")[0].strip()
    return rule, family, tone_of(text)


def _plain(text: str, rule: Triage) -> Triage:
    from app.domain.triage.reasons import explain

    return Triage(rule.kind, explain(text, rule, rule.kind, []))


def _decide(
    text: str, rule: Triage, family: str, tone: float, model: Model, thread: Thread | None
) -> Triage:
    from app.domain.triage.model import features
    from app.domain.triage.reasons import explain

    found_by_rules = (rule.reason or "").partition(":")[2]
    names = features(text, str(rule.kind), family, tone, found_by_rules, thread)
    embedding = model.embedding()
    scores = model.scores(names, embedding.vector(text) if embedding is not None else None)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    kind = ranked[0]
    if kind is Kind.TROLL and (
        scores[Kind.TROLL] < 0.5 or scores[Kind.COMPLAINT] >= 0.2 or family == "problem"
    ):
        # troll only when the model is sure, and never when it hears a complaint or the rules
        # found a problem: an angry customer with a problem is never a troll
        kind = ranked[1]
    if kind is not rule.kind and scores[kind] - scores[rule.kind] < _OVERRULE.get(rule.kind, 0.1):
        kind = rule.kind
    if kind is rule.kind:
        return Triage(kind, explain(text, rule, kind, []))
    return Triage(kind, explain(text, rule, kind, model.strongest(names, kind)))


# --- measuring -----------------------------------------------------------------------------------


def _in_thread(text: str, thread: Thread | None) -> Triage:
    return classify(text, thread=thread)


def evaluate(
    pairs: Iterable[tuple[str, str | Kind] | tuple[str, str | Kind, Thread | None]],
    classifier: Callable[[str, Thread | None], Triage] = _in_thread,
) -> dict[str, Any]:
    """Score classify() against labelled (text, kind) pairs, or (text, kind, thread) where the
    post's place in its thread is known, so rule changes can be measured.

    Returns {"accuracy": float, "count": int, "kinds": {kind: {"precision", "recall", "count"}},
    "macro_f1": float (over the kinds present), "confusion": {expected: {got: count}},
    "mistakes": [(text, expected, got, reason), ...]}. Precision or recall with nothing to divide
    by is reported as 0.0.
    """
    count = 0
    right = 0
    expected_counts = {kind: 0 for kind in Kind}
    predicted_counts = {kind: 0 for kind in Kind}
    correct_counts = {kind: 0 for kind in Kind}
    mistakes: list[tuple[str, str, str, str]] = []
    confusion = {want: {got.value: 0 for got in Kind} for want in Kind}
    for text, expected, *place in pairs:
        want = Kind(expected)
        got = classifier(text, place[0] if place else None)
        count += 1
        expected_counts[want] += 1
        predicted_counts[got.kind] += 1
        confusion[want][got.kind.value] += 1
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
    f1s = [
        2 * score["precision"] * score["recall"] / (score["precision"] + score["recall"])
        if score["precision"] + score["recall"]
        else 0.0
        for score in kinds.values()
        if score["count"]
    ]
    return {
        "accuracy": right / count if count else 0.0,
        "count": count,
        "kinds": kinds,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "confusion": {want.value: dict(row) for want, row in confusion.items()},
        "mistakes": mistakes,
    }
