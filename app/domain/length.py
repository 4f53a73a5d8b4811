"""How long a post is to X: weighted characters, the way X itself counts them.

X does not count characters: it weighs them. Latin, Greek, Cyrillic, Hebrew, Arabic and the
common punctuation weigh 1; most CJK characters and every emoji (however many code points it is
made of) weigh 2; a link weighs 23 whatever its length. The rules are X's open twitter-text
library; ``twitter-text-parser`` is a Python port of it that passes X's own conformance suite, so
Kindly counts with it rather than with rules of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

DEFAULT_LIMIT = 280
# X's own composer turns the counter amber when 20 characters are left.
NEAR_LIMIT_REMAINING = 20


@cache
def _twitter_text() -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """twitter-text's parser and its two weightings, imported on first use: its emoji patterns
    take a fifth of a second and 17 MiB to build, which Kindly's start does not need."""
    import warnings

    with warnings.catch_warnings():
        # it reads its emoji table with pkg_resources, which warns that it is deprecated
        warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
        from twitter_text import parse_tweet
        from twitter_text.config import config

    # "version3" is the current weighting: emoji count as one character of weight 2.
    # "version2" is the older one: every code point of an emoji sequence is weighed on its own.
    return parse_tweet, config["version3"], config["version2"]


@dataclass(frozen=True)
class PostLength:
    """A post's weighted length against its limit, and where it first goes over."""

    weighted: int
    limit: int
    valid: bool  # X would accept it: not empty, within the limit, no forbidden characters
    permillage: int
    # The index (in Python characters) from which the text no longer fits; len(text) if it fits.
    fits_until: int
    # X's own answer in UTF-16 units, as twitter-text reports it (kept for the conformance suite).
    valid_range_end: int
    display_range_end: int

    @property
    def remaining(self) -> int:
        return self.limit - self.weighted

    @property
    def level(self) -> str:
        """'ok', 'near' (amber: 20 or fewer left) or 'over' (red)."""
        if self.weighted > self.limit:
            return "over"
        if self.remaining <= NEAR_LIMIT_REMAINING:
            return "near"
        return "ok"

    @property
    def over_by(self) -> int:
        return max(0, self.weighted - self.limit)


def options_for(limit: int = DEFAULT_LIMIT, *, emoji_parsing: bool = True) -> dict[str, Any]:
    _, v3, v2 = _twitter_text()
    base = v3 if emoji_parsing else v2
    return {**base, "emoji_parsing_enabled": emoji_parsing, "max_weighted_tweet_length": limit}


def measure(text: str, limit: int = DEFAULT_LIMIT, *, emoji_parsing: bool = True) -> PostLength:
    """Weigh ``text`` the way X does, against ``limit`` weighted characters."""
    if limit < 1:
        raise ValueError("a post limit is at least 1")
    if not text:  # twitter-text's answer for no text, without importing it (a new composer)
        return PostLength(
            weighted=0,
            limit=limit,
            valid=False,
            permillage=0,
            fits_until=0,
            valid_range_end=-1,
            display_range_end=0,
        )
    parse_tweet = _twitter_text()[0]
    result = parse_tweet(text, options_for(limit, emoji_parsing=emoji_parsing))
    fits_until = len(text)
    if result.weightedLength > limit:
        fits_until = _python_index(text, result.validRangeEnd + 1)
    return PostLength(
        weighted=result.weightedLength,
        limit=limit,
        valid=result.valid,
        permillage=result.permillage,
        fits_until=fits_until,
        valid_range_end=result.validRangeEnd,
        display_range_end=result.displayRangeEnd,
    )


def _python_index(text: str, utf16_units: int) -> int:
    """The index in ``text`` of the character that starts at ``utf16_units`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_units:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
