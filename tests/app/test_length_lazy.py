"""No text is weighed without twitter-text, and the answer is the one twitter-text gives."""

from twitter_text import parse_tweet

from app.domain.length import measure, options_for


def test_an_empty_post_measures_as_twitter_text_says() -> None:
    for limit in (1, 280, 10_000):
        for emoji in (True, False):
            result = parse_tweet("", options_for(limit, emoji_parsing=emoji))
            length = measure("", limit, emoji_parsing=emoji)
            assert (
                length.weighted,
                length.valid,
                length.permillage,
                length.valid_range_end,
                length.display_range_end,
                length.fits_until,
                length.limit,
            ) == (
                result.weightedLength,
                result.valid,
                result.permillage,
                result.validRangeEnd,
                result.displayRangeEnd,
                0,
                limit,
            )
