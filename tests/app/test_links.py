import pytest

from app.domain.links import clean_handle, parse_post_link


@pytest.mark.parametrize(
    "link, post_id, handle",
    [
        ("https://x.com/maya_k/status/1860000000000000001", "1860000000000000001", "maya_k"),
        ("http://twitter.com/maya_k/status/20", "20", "maya_k"),
        ("twitter.com/maya_k/status/20?s=20&t=abc", "20", "maya_k"),
        ("x.com/Maya_K/statuses/99#reply", "99", "Maya_K"),
        ("https://mobile.twitter.com/a/status/123/photo/1", "123", "a"),
        ("https://www.x.com/a/status/123/", "123", "a"),
        ("https://x.com/i/web/status/555", "555", None),
        ("https://x.com/i/status/555", "555", None),
        ("  <https://x.com/a/status/7>  ", "7", "a"),
        ("https://fxtwitter.com/a/status/8", "8", "a"),
    ],
)
def test_common_link_shapes(link, post_id, handle):
    parsed = parse_post_link(link)
    assert parsed is not None
    assert parsed.post_id == post_id
    assert parsed.handle == handle


@pytest.mark.parametrize(
    "link",
    [
        "",
        "hello",
        "https://x.com/maya_k",
        "https://x.com/maya_k/status/",
        "https://x.com/maya_k/status/abc",
        "https://x.com/maya_k/status/0",
        "https://example.com/maya_k/status/1",
        "https://x.com.evil.net/maya_k/status/1",
        "ftp://x.com/maya_k/status/1",
        "https://x.com/this_handle_is_far_too_long/status/1",
        "https://x.com/a/status/123456789012345678901234",
        "javascript:alert(1)",
    ],
)
def test_not_a_post_link(link):
    assert parse_post_link(link) is None


def test_clean_handle():
    assert clean_handle(" @Maya_K ") == "Maya_K"
    assert clean_handle("maya k") is None
    assert clean_handle("@") is None
