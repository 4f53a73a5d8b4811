"""A static embedding of a post: the average of its word pieces' vectors, in pure Python.

A sentence model (all-MiniLM-L6-v2) knows that "kills my battery" and "draining fast" are alike,
but it costs tens of milliseconds and hundreds of megabytes. ``tools/distil_triage_embedding.py``
put each of its 30,522 WordPiece tokens through it once and kept one small vector per token
(PCA, weighted by rarity, int8): ``embedding.bin``, a few megabytes. Here a post is split into
word pieces as BERT's uncased tokenizer does and their vectors are averaged, in well under a
millisecond, with no numpy. The learned model (``model.py``) reads the average beside its words.
"""

from __future__ import annotations

import json
import math
import re
import struct
import unicodedata
from array import array
from operator import add
from pathlib import Path

EMBEDDING_FILE = Path(__file__).with_name("embedding.bin")

_READ_CHARS = 600
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,50}")
_LONGEST_WORD = 100  # BERT's tokenizer gives up on longer words ([UNK])


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def basic_words(text: str) -> list[str]:
    """Words as BERT's uncased basic tokenizer makes them: lower case, accents dropped,
    punctuation and each Chinese character a word of its own."""
    text = unicodedata.normalize("NFD", text.lower())
    words: list[str] = []
    current: list[str] = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD:
            continue
        category = unicodedata.category(char)
        if category == "Mn" or category in ("Cc", "Cf") and char not in "\t\n\r":
            continue
        if char.isspace() or category == "Zs":
            if current:
                words.append("".join(current))
                current = []
        elif _is_punctuation(char) or _is_cjk(code):
            if current:
                words.append("".join(current))
                current = []
            words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


class WordPieces:
    """BERT's WordPiece: each word split greedily into the longest pieces in the vocabulary."""

    def __init__(self, vocabulary: dict[str, int]):
        self.vocabulary = vocabulary
        self.unknown = vocabulary.get("[UNK]", 0)
        self._cache: dict[str, tuple[int, ...]] = {}

    def word(self, word: str) -> tuple[int, ...]:
        found = self._cache.get(word)
        if found is not None:
            return found
        pieces: list[int] = []
        start = 0
        while start < len(word) and len(word) <= _LONGEST_WORD:
            end = len(word)
            piece = None
            while start < end:
                piece = self.vocabulary.get(
                    word[start:end] if not start else "##" + word[start:end]
                )
                if piece is not None:
                    break
                end -= 1
            if piece is None:
                pieces = []
                break
            pieces.append(piece)
            start = end
        result = tuple(pieces) if pieces else (self.unknown,)
        if len(self._cache) < 50_000:
            self._cache[word] = result
        return result

    def ids(self, text: str) -> list[int]:
        """The word-piece ids of a post, without its links and handles."""
        plain = _HANDLE.sub(" ", _URL.sub(" ", text[:_READ_CHARS]))
        found: list[int] = []
        for word in basic_words(plain):
            found.extend(self.word(word))
        return found


class Embedding:
    """One int8 vector per word piece, scaled per dimension; ``vector`` averages a post's."""

    def __init__(self, vocabulary: dict[str, int], dims: int, scales: list[float], rows: bytes):
        self.pieces = WordPieces(vocabulary)
        self.dims = dims
        self.scales = scales
        self._rows = rows
        self._zero = [0] * dims

    @classmethod
    def load(cls, path: Path = EMBEDDING_FILE) -> Embedding:
        blob = path.read_bytes()
        if blob[:4] != b"KTE1":
            raise ValueError(f"{path.name} is not a triage embedding")
        header_size, words_size = struct.unpack_from("<II", blob, 4)
        at = 12
        header = json.loads(blob[at : at + header_size].decode("utf-8"))
        at += header_size
        words = blob[at : at + words_size].decode("utf-8").split("\n")
        at += words_size
        dims = int(header["dims"])
        rows = blob[at:]
        if len(rows) != len(words) * dims or len(header["scales"]) != dims:
            raise ValueError(f"{path.name} is damaged")
        return cls({word: i for i, word in enumerate(words)}, dims, header["scales"], rows)

    def vector(self, text: str) -> list[float]:
        """The post's average word-piece vector, of unit length (all zeros for no words)."""
        ids = self.pieces.ids(text)
        dims = self.dims
        total: list[int] = self._zero
        for i in ids:
            total = list(map(add, total, array("b", self._rows[i * dims : (i + 1) * dims])))
        values = [value * scale for value, scale in zip(total, self.scales)]
        length = math.sqrt(sum(value * value for value in values))
        if not length:
            return [0.0] * dims
        return [value / length for value in values]


_embedding: Embedding | None = None
_failed = False


def shipped() -> Embedding | None:
    """The embedding shipped with Kindly, loaded once; None if its file is missing or damaged."""
    global _embedding, _failed
    if _embedding is None and not _failed:
        try:
            _embedding = Embedding.load(EMBEDDING_FILE)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            import logging

            logging.getLogger("kindly.triage").warning("triage embedding not loaded: %s", exc)
            _failed = True
    return _embedding
