"""The shapes of X's real answers, read from the recordings in shared/data, to check the fake's.

X's OpenAPI spec requires almost nothing (``{"data": [{"foo": 1}]}`` passes as a mentions page),
so the fake's answers are also held against what X really sent: for each endpoint, every key
present in *all* recorded answers is required, and every key X ever sent must have a JSON type X
used for it. Keys X never sent in the recordings (``note_tweet``, ``includes`` on DM pages…) are
left to the spec. The spec's 2.167 "post" naming is read as the recordings' "tweet" naming.

Sources (see shared/data/README.md): tweepy's recorded cassettes (decoded) and the python-twitter
SDK's captured v2 payloads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
CASSETTES = DATA / "tweepy-cassettes" / "decoded"
PYTWITTER = DATA / "x-api-v2-examples" / "python-twitter-testdata" / "apis"

# endpoint kind -> recorded answers: (cassette file, method, path ending) or a python-twitter file
SOURCES: dict[str, list] = {
    "posts_page": [
        ("test_client_get_users_mentions.json", "GET", "/mentions"),
        ("test_client_get_users_tweets.json", "GET", "/tweets"),
        ("test_asyncclient_get_users_mentions.json", "GET", "/mentions"),
        "timeline/timeline_mentions.json",
        "timeline/timeline_tweets.json",
    ],
    "me": [("test_client_get_me.json", "GET", "/users/me"), "user/me_resp.json"],
    "dm_page": [
        ("test_manage_and_lookup_direct_messages.json", "GET", "/dm_events"),
        "dm_events/events.json",
        "dm_events/events_by_conversation.json",
        "dm_events/events_by_participant.json",
    ],
    "created_post": [
        ("test_client_create_and_delete_tweet.json", "POST", "/2/tweets"),
        "tweet/create_tweet_resp.json",
    ],
    "created_dm": [
        ("test_manage_and_lookup_direct_messages.json", "POST", "/messages"),
        "dm_events/events_create.json",
    ],
}

_POST_TO_TWEET = {
    "edit_history_post_ids": "edit_history_tweet_ids",
    "referenced_posts": "referenced_tweets",
    "note_post": "note_tweet",
    "posts": "tweets",
}


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass
class Shape:
    """What X's answers at one place in the JSON tree looked like."""

    types: set[str] = field(default_factory=set)
    seen: int = 0  # objects at this place
    key_counts: dict[str, int] = field(default_factory=dict)
    keys: dict[str, Shape] = field(default_factory=dict)
    items: Shape | None = None

    def learn(self, value: object) -> None:
        self.types.add(json_type(value))
        if isinstance(value, dict):
            self.seen += 1
            for key, child in value.items():
                self.key_counts[key] = self.key_counts.get(key, 0) + 1
                self.keys.setdefault(key, Shape()).learn(child)
        elif isinstance(value, list):
            for child in value:
                self.items = self.items or Shape()
                self.items.learn(child)

    @property
    def required(self) -> set[str]:
        return {k for k, n in self.key_counts.items() if n == self.seen and self.seen}

    def check(self, value: object, where: str = "$") -> list[str]:
        kind = json_type(value)
        if self.types and kind not in self.types:
            return [f"{where}: {kind}, X sent {'/'.join(sorted(self.types))}"]
        problems = []
        if isinstance(value, dict):
            for key in sorted(self.required - value.keys()):
                problems.append(f"{where}: no {key!r} (every recorded answer has it)")
            for key, child in value.items():
                if key in self.keys:
                    problems += self.keys[key].check(child, f"{where}.{key}")
        elif isinstance(value, list) and self.items is not None:
            for i, child in enumerate(value):
                problems += self.items.check(child, f"{where}[{i}]")
        return problems


def _recorded(source) -> list[object]:
    if isinstance(source, str):
        return [json.loads((PYTWITTER / source).read_text(encoding="utf-8"))]
    name, method, ending = source
    found = []
    for exchange in json.loads((CASSETTES / name).read_text(encoding="utf-8")):
        path = exchange["uri"].split("?")[0]
        if (
            exchange["method"] == method
            and path.endswith(ending)
            and 200 <= exchange["status"]["code"] < 300
            and exchange.get("response_json")
        ):
            found.append(exchange["response_json"])
    return found


@lru_cache(maxsize=1)
def recorded_shapes() -> dict[str, Shape]:
    shapes = {}
    for kind, sources in SOURCES.items():
        shape = Shape()
        for source in sources:
            for answer in _recorded(source):
                shape.learn(answer)
        shapes[kind] = shape
    return shapes


def tweet_naming(value: object) -> object:
    """The spec's 2.167 names read as the recordings' names."""
    if isinstance(value, dict):
        return {_POST_TO_TWEET.get(k, k): tweet_naming(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tweet_naming(v) for v in value]
    return value


def endpoint_kind(method: str, path: str) -> str | None:
    parts = path.strip("/").split("/")
    if method == "GET" and path == "/2/users/me":
        return "me"
    if (
        method == "GET"
        and len(parts) == 4
        and parts[1] == "users"
        and parts[3] in ("mentions", "tweets")
    ):
        return "posts_page"
    if method == "GET" and parts[-1] == "dm_events":
        return "dm_page"
    if method == "POST" and path == "/2/tweets":
        return "created_post"
    if method == "POST" and parts[-1] == "messages":
        return "created_dm"
    return None


# Every recorded page had a next_token (X sends one even on a last page), but X's docs say it is
# left out when nothing follows: it is not required.
_OPTIONAL = {"next_token", "previous_token"}


def check_answer(method: str, path: str, body: object) -> list[str]:
    """What in this 2xx answer does not match X's recorded answers ([] when it does)."""
    kind = endpoint_kind(method, path)
    if kind is None:
        return []
    body = tweet_naming(body)
    if kind.endswith("_page") and isinstance(body, dict) and "data" not in body:
        # An empty page: X sends only {"meta": {"result_count": 0}} (recorded for /2/dm_events).
        meta = body.get("meta")
        ok = isinstance(meta, dict) and meta.get("result_count") == 0
        problem = f"{method} {path} (recorded shape): an empty page without meta.result_count 0"
        return [] if ok else [problem]
    problems = recorded_shapes()[kind].check(body)
    problems = [p for p in problems if not any(f"no {k!r}" in p for k in _OPTIONAL)]
    return [f"{method} {path} (recorded shape): {p}" for p in problems]
