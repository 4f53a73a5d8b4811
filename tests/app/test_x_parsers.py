"""Kindly's parsers read every recorded real X answer for the endpoints it uses."""

from __future__ import annotations

import json
import re

import pytest

from app.domain.x_models import (
    MalformedAnswer,
    parse_created_dm,
    parse_created_post,
    parse_dm_page,
    parse_me,
    parse_posts_page,
    parse_token_response,
    problem_text,
)
from tests.conftest import shared_data

_ROUTES = [
    ("GET", re.compile(r"/2/users/me$"), parse_me),
    ("GET", re.compile(r"/2/users/\d+/mentions$"), parse_posts_page),
    ("GET", re.compile(r"/2/users/\d+/tweets$"), parse_posts_page),
    ("GET", re.compile(r"/2/dm_events$"), parse_dm_page),
    ("GET", re.compile(r"/2/dm_conversations/.+/dm_events$"), parse_dm_page),
    ("POST", re.compile(r"/2/tweets$"), parse_created_post),
    ("POST", re.compile(r"/2/dm_conversations/with/\d+/messages$"), parse_created_dm),
    ("POST", re.compile(r"/2/dm_conversations/[\d-]+/messages$"), parse_created_dm),
]


def _parser_for(method: str, uri: str):
    path = re.sub(r"^https?://[^/]+", "", uri).split("?")[0]
    for m, pattern, parser in _ROUTES:
        if m == method and pattern.search(path):
            return parser
    return None


def test_every_recorded_tweepy_answer_for_kindlys_endpoints_parses():
    folder = shared_data("tweepy-cassettes", "decoded")
    parsed = {}
    for file in sorted(folder.glob("*.json")):
        for entry in json.loads(file.read_text()):
            parser = _parser_for(entry["method"], entry["uri"])
            status = entry["status"]
            status = status["code"] if isinstance(status, dict) else status
            if parser is None or not 200 <= status < 300:
                continue
            result = parser(entry["response_json"])
            parsed[parser.__name__] = parsed.get(parser.__name__, 0) + 1
            assert result is not None
    assert set(parsed) == {
        "parse_me",
        "parse_posts_page",
        "parse_dm_page",
        "parse_created_post",
        "parse_created_dm",
    }
    assert sum(parsed.values()) >= 12


@pytest.mark.parametrize(
    "name, parser",
    [
        ("apis/timeline/timeline_mentions.json", parse_posts_page),
        ("apis/timeline/timeline_tweets.json", parse_posts_page),
        ("apis/dm_events/events.json", parse_dm_page),
        ("apis/dm_events/events_by_conversation.json", parse_dm_page),
        ("apis/dm_events/events_by_participant.json", parse_dm_page),
        ("apis/dm_events/events_create.json", parse_created_dm),
        ("apis/tweet/create_tweet_resp.json", parse_created_post),
        ("apis/user/me_resp.json", parse_me),
        ("apis/tweet/tweets_resp.json", parse_posts_page),
        ("apis/searches/search_tweets_query.json", parse_posts_page),
    ],
)
def test_python_twitter_recorded_answers_parse(name, parser):
    body = json.loads(shared_data("x-api-v2-examples", "python-twitter-testdata", name).read_text())
    assert parser(body) is not None


def test_mentions_fixture_reads_its_fields():
    body = json.loads(
        shared_data(
            "x-api-v2-examples",
            "python-twitter-testdata",
            "apis",
            "timeline",
            "timeline_mentions.json",
        ).read_text()
    )
    page = parse_posts_page(body)
    assert len(page.posts) == 5 and page.next_token and page.newest_id == "1364398068313903104"
    assert page.posts[0].created_at.year == 2021


def test_dm_fixture_reads_sender_and_conversation():
    body = json.loads(
        shared_data(
            "x-api-v2-examples", "python-twitter-testdata", "apis", "dm_events", "events.json"
        ).read_text()
    )
    event = parse_dm_page(body).events[0]
    assert event.sender_id == "906948460078698496"
    assert event.dm_conversation_id == "1585094756761149440"


def _postman_items():
    collection = json.loads(
        shared_data(
            "x-api-v2-examples", "postman", "Twitter API v2.postman_collection.json"
        ).read_text()
    )

    def walk(items):
        for item in items:
            yield from walk(item["item"]) if "item" in item else [item]

    return list(walk(collection["item"]))


def test_postman_post_lists_with_includes_and_errors_parse():
    count = 0
    for item in _postman_items():
        url = item["request"]["url"]
        raw = url.get("raw", "") if isinstance(url, dict) else url
        if not re.search(r"/2/tweets(\?ids=|/search/recent)", raw):
            continue
        for example in item.get("response", []):
            if example.get("code") != 200:
                continue
            page = parse_posts_page(json.loads(example["body"]))
            count += 1
            assert page.posts or page.problems
    assert count >= 3


def test_postman_error_answers_give_a_readable_reason():
    reasons = []
    for item in _postman_items():
        for example in item.get("response", []):
            if example.get("code", 200) >= 400:
                try:
                    body = json.loads(example.get("body") or "")
                except ValueError:
                    body = example.get("body")
                reasons.append(problem_text(body))
    assert any("Unauthorized" in r for r in reasons)
    assert all(isinstance(r, str) for r in reasons)


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "x",
        {"data": "x"},
        {"data": [{"id": "1"}]},
        {"data": [1]},
        {"meta": {"result_count": "many"}},
        {"data": [{"id": "1", "text": "a", "created_at": "yesterday"}]},
    ],
)
def test_malformed_post_pages_are_refused(body):
    with pytest.raises(MalformedAnswer):
        parse_posts_page(body)


def test_token_answers():
    grant = parse_token_response(
        {
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": "abc",
            "refresh_token": "def",
            "scope": "tweet.read users.read",
        }
    )
    assert grant.expires_in == 7200 and "abc" not in repr(grant)
    with pytest.raises(MalformedAnswer):
        parse_token_response({"error": "invalid_request"})


def _post_lists():
    """Every recorded v2 answer that is a list of posts (any endpoint), with where it came from."""
    for file in sorted(shared_data("tweepy-cassettes", "decoded").glob("*.json")):
        for entry in json.loads(file.read_text()):
            body = entry.get("response_json")
            if "/2/" in entry["uri"] and isinstance(body, dict):
                yield f"{file.name} {entry['uri']}", body
    root = shared_data("x-api-v2-examples", "python-twitter-testdata")
    for file in sorted(root.rglob("*.json")):
        body = json.loads(file.read_text())
        if isinstance(body, dict):
            yield str(file.relative_to(root)), body


def test_every_recorded_post_list_parses_and_reads_as_written():
    pages = escaped = 0
    for where, body in _post_lists():
        data = body.get("data")
        if not (
            isinstance(data, list)
            and data
            and all(
                isinstance(d, dict)
                and "text" in d
                and "event_type" not in d
                and "username" not in d
                for d in data
            )
        ):
            continue
        page = parse_posts_page(body)
        pages += 1
        for raw, post in zip(data, page.posts, strict=True):
            assert "&amp;" not in post.text and "&gt;" not in post.text, where
            if "&amp;" in raw["text"]:
                escaped += 1
                assert "&" in post.text
    assert pages >= 30  # 32 in shared/data today
    assert escaped >= 1  # X's escaping is in the recordings, and Kindly undoes it
