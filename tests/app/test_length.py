"""X's weighted length: every case of X's own conformance suite, and the composer's levels."""

from __future__ import annotations

import pytest

from app.domain.length import measure
from tests.conftest import SHARED_DATA, shared_data

yaml = pytest.importorskip("yaml")

_GROUPS = {
    # The older weighting: emoji are weighed code point by code point.
    "WeightedTweetsCounterTest": False,
    # The current weighting: an emoji, however it is built, is one character of weight 2.
    "WeightedTweetsWithDiscountedEmojiCounterTest": True,
}


def _cases():
    path = SHARED_DATA / "twitter-text-conformance" / "conformance" / "validate.yml"
    if not path.exists():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"no {path}"))]
    suite = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for group, emoji_parsing in _GROUPS.items():
        for case in suite["tests"][group]:
            cases.append(pytest.param(case, emoji_parsing, id=f"{group}:{case['description']}"))
    return cases


def test_the_suite_has_every_case() -> None:
    path = shared_data("twitter-text-conformance", "conformance", "validate.yml")
    suite = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(suite["tests"]["WeightedTweetsCounterTest"]) == 20
    assert len(suite["tests"]["WeightedTweetsWithDiscountedEmojiCounterTest"]) == 22


@pytest.mark.parametrize(("case", "emoji_parsing"), _cases())
def test_conformance(case, emoji_parsing) -> None:
    got = measure(case["text"], emoji_parsing=emoji_parsing)
    expected = case["expected"]
    assert got.weighted == expected["weightedLength"]
    assert got.valid == expected["valid"]
    assert got.permillage == expected["permillage"]
    assert got.display_range_end == expected["displayRangeEnd"]
    assert got.valid_range_end == expected["validRangeEnd"]


def test_links_cjk_and_emoji_weigh_what_x_says() -> None:
    assert measure("https://juniperandgold.com/returns/policy/long-page").weighted == 23
    # ".example" is not a real top-level domain, so X does not see a link there.
    assert measure("https://shop.example/x").weighted == len("https://shop.example/x")
    assert measure("日本語").weighted == 6
    assert measure("👍🏽").weighted == 2  # an emoji with a skin tone is one emoji
    assert measure("👨‍👩‍👧‍👦").weighted == 2  # a family sequence too
    assert measure("Sorry!").weighted == 6
    assert measure("שלום").weighted == 4  # Hebrew weighs 1 a letter


def test_levels_and_where_it_goes_over() -> None:
    assert measure("a" * 259).level == "ok"
    assert measure("a" * 260).level == "near"
    assert measure("a" * 280).level == "near"
    over = measure("a" * 281)
    assert over.level == "over" and over.over_by == 1 and over.fits_until == 280
    emoji = measure("😀" * 141)  # 282 weighted; the 141st emoji no longer fits
    assert emoji.over_by == 2 and emoji.fits_until == 140


def test_a_longer_limit_for_accounts_allowed_longer_posts() -> None:
    text = "a" * 1000
    assert measure(text).level == "over"
    long = measure(text, limit=25_000)
    assert long.valid and long.level == "ok" and long.remaining == 24_000


def test_empty_is_not_a_valid_post() -> None:
    assert measure("").weighted == 0
    assert not measure("").valid
    with pytest.raises(ValueError):
        measure("hi", limit=0)
