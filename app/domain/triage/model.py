"""A small learned model on top of the rules: it reads the wording customers really use.

The rules know the shapes of a shop's problems ("never arrived", "charged twice"); real customers
also write "the new update kills my battery" or "is it new policy to only half fill the cup?".
This model is a multinomial logistic regression over the post's words and word pairs plus what
the rules found (their kind and the family of their reason, the tone, the question mark, how many
handles) and, when Kindly knows it, the post's place in its thread (an answer to the shop, and to
which of the shop's words). It is trained by ``tools/train_triage.py`` from data in ``../shared/data`` (see the
README's "Triage accuracy") and ships as a small JSON file of weights beside this module: no
download, no numpy, a fraction of a millisecond per post.
"""

from __future__ import annotations

import json
import math
import re
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.triage.kinds import Kind, Thread

if TYPE_CHECKING:  # pragma: no cover - typing only
    from app.domain.triage.embedding import Embedding

WEIGHTS_FILE = Path(__file__).with_name("model.json")
KINDS = (Kind.COMPLAINT, Kind.QUESTION, Kind.PRAISE, Kind.TROLL, Kind.OTHER)

_READ_CHARS = 600  # the kind shows in the first lines; an import never pays for more
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,50}")
_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_QUESTION_MARKS = frozenset("?？؟¿")
# Words too common to tell kinds apart alone; they still count inside word pairs.
_FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "to",
        "of",
        "and",
        "in",
        "on",
        "at",
        "is",
        "it",
        "for",
        "my",
        "i",
        "me",
        "this",
        "that",
        "be",
    ]
)


def _tokens(text: str) -> list[str]:
    plain = _APOSTROPHE.sub("", _HANDLE.sub(" ", _URL.sub(" ", text[:_READ_CHARS])).lower())
    return ["0" if word.isdigit() else word for word in _TOKEN.findall(plain)]


def content_words(text: str) -> list[str]:
    """The post's words without handles, links, numbers and the commonest filler."""
    return [word for word in _tokens(text) if word not in _FILLER and word != "0"]


def features(
    text: str,
    rule_kind: str,
    rule_family: str,
    tone: float,
    found_by_rules: str = "",
    thread: Thread | None = None,
) -> list[str]:
    """The names of the features present in a post (each counts once): its words and word
    pairs, what the rules made of it (their kind, the family of their reason and the words
    that decided it) and, when known, its place in the thread (whether it answers the shop, and
    the shop's words it answers)."""
    words = _tokens(text)
    found = {"bias", "r:" + rule_kind, "rf:" + rule_family}
    if thread is not None:
        found.add("ctx:" + thread.replies_to)
        if thread.replies_to == Thread.SHOP:
            found.update("sw:" + word for word in content_words(thread.shop_said))
            if any(mark in thread.shop_said[:_READ_CHARS] for mark in _QUESTION_MARKS):
                found.add("s?")
    found.update("e:" + word for word in _tokens(found_by_rules))
    found.update("w:" + word for word in words if word not in _FILLER)
    # a stem of sorts: "charged", "charges", "charging" share "p:charg"
    found.update("p:" + word[:5] for word in words if len(word) > 5)
    found.update("b:" + first + "_" + second for first, second in pairwise(words))
    if words:
        found.add("first:" + words[0])
    head = text[:_READ_CHARS]
    if any(mark in head for mark in _QUESTION_MARKS):
        found.add("asks?")
    if "!" in head:
        found.add("exclaims!")
    handles = len(_HANDLE.findall(head))
    found.add(f"handles:{min(handles, 3)}")
    found.add(f"length:{min(len(words) // 8, 4)}")
    found.add(
        "tone:"
        + (
            "--"
            if tone <= -0.5
            else "-"
            if tone < -0.05
            else "++"
            if tone >= 0.5
            else "+"
            if tone > 0.05
            else "0"
        )
    )
    return sorted(found)


class Model:
    """Weights per feature and kind, and per dimension of the post's embedding (``dense``, if
    it was trained with one); ``scores`` gives each kind's probability."""

    def __init__(self, weights: dict[str, list[float]], dense: list[list[float]] | None = None):
        self.weights = weights
        self.dense = dense or []

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("kinds") != [str(kind) for kind in KINDS]:
            raise ValueError(f"{path.name} was trained for other kinds: {data.get('kinds')}")
        return cls(data["weights"], data.get("dense"))

    def to_json(self) -> str:
        found: dict[str, object] = {"kinds": [str(kind) for kind in KINDS], "weights": self.weights}
        if self.dense:
            found["dense"] = self.dense
        return json.dumps(found, separators=(",", ":"), sort_keys=True)

    def embedding(self) -> Embedding | None:
        """The embedding this model reads, or None when it was trained without one."""
        if not self.dense:
            return None
        from app.domain.triage.embedding import shipped as shipped_embedding

        found = shipped_embedding()
        return found if found is not None and found.dims == len(self.dense) else None

    def scores(self, names: list[str], vector: list[float] | None = None) -> dict[Kind, float]:
        totals = [0.0] * len(KINDS)
        for name in names:
            row = self.weights.get(name)
            if row is not None:
                for index, weight in enumerate(row):
                    totals[index] += weight
        if vector and self.dense:
            for value, row in zip(vector, self.dense):
                if value:
                    for index, weight in enumerate(row):
                        totals[index] += value * weight
        top = max(totals)
        exps = [math.exp(total - top) for total in totals]
        whole = sum(exps)
        return {kind: value / whole for kind, value in zip(KINDS, exps)}

    def strongest(self, names: list[str], kind: Kind, prefix: str = "w:") -> list[str]:
        """The words that pushed most towards ``kind`` against the others, strongest first."""
        index = KINDS.index(kind)
        pulls = []
        for name in names:
            row = self.weights.get(name)
            if row is None or not name.startswith(prefix):
                continue
            pull = row[index] - max(w for i, w in enumerate(row) if i != index)
            if pull > 0.05:
                pulls.append((pull, name[len(prefix) :]))
        return [word for _, word in sorted(pulls, reverse=True)]


_model: Model | None = None
_failed = False


def shipped() -> Model | None:
    """The model shipped with Kindly, loaded once; None if its file is missing or damaged (the
    rules alone then decide, and nothing stops)."""
    global _model, _failed
    if _model is None and not _failed:
        try:
            _model = Model.load()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            import logging

            logging.getLogger("kindly.triage").warning("triage model not loaded: %s", exc)
            _failed = True
    return _model
