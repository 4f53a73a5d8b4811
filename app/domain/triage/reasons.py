"""Reasons a person can read: a short plain phrase, and the customer's own words where they help.

The rules and the model find evidence as normalised fragments ("havent seen", "10 10"); shown
as they are, they read like a machine's notes. Here each kind gets a plain lead ("reports a
problem", "asks a question") and the evidence is quoted from the post itself, a few words around
it, so the owner sees why at a glance: reports a problem: "haven't seen my parcel since Monday".
"""

from __future__ import annotations

import html
import re

from app.domain.triage.kinds import Kind, Triage

_WORD = re.compile(r"\S+")
_HANDLE = re.compile(r"^\W?@\w+\W*$")
_LINK = re.compile(r"^(?:https?://\S+|www\.\S+)$", re.IGNORECASE)
_NORMAL = re.compile(r"[^\w]+")
_WINDOW = 7  # words quoted around one piece of evidence
_WIDEST = 12  # words quoted at most when several pieces lie close together
_CHARS = 60  # and characters

# The plain lead for each family of the rules' reasons, by the kind finally given.
_LEADS = {
    "problem": "reports a problem",
    "chasing": "chases an order",
    "asks why": "asks why something went wrong",
    "unhappy question": "an unhappy question",
    "sarcasm": "sarcastic",
    "sounds unhappy": "sounds unhappy",
    "not as usual": "not as good as usual",
    "asks a question": "asks a question",
    "praise": "says something kind",
    "insult": "an insult with no request",
    "looks like an advert": "looks like an advert",
}
_MODEL_LEADS = {
    Kind.COMPLAINT: "sounds like a problem",
    Kind.QUESTION: "asks a question",
    Kind.PRAISE: "sounds pleased",
    Kind.OTHER: "no complaint, question or praise found",
    Kind.TROLL: "an insult with no request",
}


def _normal(word: str) -> str:
    return _NORMAL.sub("", word.replace("'", "").replace("’", "").lower())


def quote(text: str, evidence: list[str]) -> str:
    """A few words of ``text`` around the evidence found in it (all of it when it lies close
    together), or ""."""
    # handles and links say nothing to the owner ("@115858", ".@AppleSupport:")
    words = [
        w for w in _WORD.findall(html.unescape(text)) if not _LINK.match(w) and not _HANDLE.match(w)
    ]
    normal = [_normal(w) for w in words]
    # the words that are words: "RT + follow" matches "rt follow"
    kept = [at for at, word in enumerate(normal) if word]
    seq = [normal[at] for at in kept]
    spans: list[tuple[int, int]] = []
    for piece in evidence:
        wanted = [w for w in (_normal(p) for p in piece.split()) if w]
        if not wanted:  # an emoji or a sign ("🤡"): the word that holds it
            held = [at for at, word in enumerate(words) if piece.strip() and piece.strip() in word]
            spans += [(held[0], held[0] + 1)] if held else []
            continue
        for at in range(len(seq) - len(wanted) + 1):
            if seq[at : at + len(wanted)] == wanted:
                spans.append((kept[at], kept[at + len(wanted) - 1] + 1))
                break
    if not spans:  # in a script without spaces ("再生エラーが多いです"): the characters around it
        for piece in evidence:
            at = text.find(piece) if piece else -1
            if at >= 0 and len(piece) < 20:
                start, end = max(0, at - 8), min(len(text), at + len(piece) + 8)
                return (
                    ("…" if start else "")
                    + text[start:end].strip()
                    + ("…" if end < len(text) else "")
                )
        return ""
    first, last = spans[0][0], spans[0][1]
    for start, end in spans[1:]:
        if max(last, end) - min(first, start) <= _WIDEST:
            first, last = min(first, start), max(last, end)
    start = max(0, min(first - 2, last - _WINDOW))  # evidence at the end: the words before it
    end = min(len(words), max(last, start + _WINDOW))
    while end - start > 1 and len(" ".join(words[start:end])) > _CHARS:
        end -= 1  # a long word run: keep its start, where the evidence is
    shown = " ".join(words[start:end]).strip(" ,;:")
    return ("…" if start else "") + shown + ("…" if end < len(words) else "")


def explain(text: str, rule: Triage, kind: Kind, model_words: list[str]) -> str:
    """The reason shown for ``kind``: the rules' own when they agree, else the model's words."""
    reason = rule.reason or ""
    family, _, found = reason.partition(":")
    family = family.strip()
    if kind is rule.kind and family in _SPAM:
        return _spam(text, family, found)
    if kind is rule.kind and family not in _LEADS:
        return reason or _MODEL_LEADS[kind]  # already a plain phrase ("tags someone else: …")
    if kind is rule.kind:
        lead = _LEADS[family]
        evidence = [piece.strip(" '…") for piece in found.split(",") if piece.strip(" '…")]
        if family == "asks a question":
            evidence = [found.strip(' "“”')] if found.strip() else []
    else:
        lead = _MODEL_LEADS[kind]
        evidence = model_words[:3]
        if kind is Kind.OTHER:
            return lead
    shown = quote(text, evidence)
    return f"{lead}: “{shown}”" if shown else lead


_SPAM = frozenset({"looks like spam", "looks like an advert"})
_SIGNALS = {"link": "a link", "money": "money"}


def _spam(text: str, family: str, found: str) -> str:
    """Spam's reason: the sales words in the post's own spelling ("1:1 quality", not "1 1
    quality") and what else gave it away, in words ("a link", "money", "6 hashtags")."""
    shown = quote(text, re.findall(r"'([^']+)'", found))
    signals = [_SIGNALS.get(piece.strip(), piece.strip()) for piece in found.split("+")]
    signals = [
        signal
        for signal in signals
        if signal
        and not signal.startswith("'")
        and (not shown or signal in _SIGNALS.values() or signal.endswith("hashtags"))
    ]
    listed = " and ".join(signals[:2])
    if shown:
        return f"{family}: “{shown}”" + (f", with {listed}" if listed else "")
    return f"{family}: {listed}" if listed else family
