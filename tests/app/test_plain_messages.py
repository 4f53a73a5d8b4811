"""Messages that named the wrong thing: the line of a bad byte, a linked archive file, the X
endpoint in the log."""

from __future__ import annotations

import logging

import pytest
import requests

from app.errors import KindlyError
from app.importers import run_import
from app.services.xapi import endpoint_key

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
ROW = '190000000000000000{i},maya,True,Mon Nov 03 10:00:00 +0000 2025,"@juniperandgold hi",,\n'


def test_a_bad_byte_is_reported_on_its_own_line(demo, tmp_path):
    path = tmp_path / "shop.csv"
    body = HEADER + ROW.format(i=1) + ROW.format(i=2)
    path.write_bytes(body.encode() + ROW.format(i=3).replace("hi", "caf\xe9").encode("latin-1"))
    with pytest.raises(KindlyError, match="line 4 "):
        run_import(demo, path, "twcs", "juniperandgold")


def test_a_linked_tweets_js_is_named_as_a_link_not_missing(demo, tmp_path):
    folder = tmp_path / "archive" / "data"
    folder.mkdir(parents=True)
    real = tmp_path / "tweets.js"
    real.write_text("window.YTD.tweets.part0 = []", encoding="utf-8")
    (folder / "tweets.js").symlink_to(real)
    with pytest.raises(KindlyError, match="tweets.js .* is a link"):
        run_import(demo, tmp_path / "archive", "archive")


def test_the_endpoint_keeps_the_api_version_and_the_log_says_the_method_once(caplog):
    assert endpoint_key("POST", "/2/tweets") == "POST /2/tweets"
    assert endpoint_key("GET", "/2/users/123/mentions") == "GET /2/users/:id/mentions"
    from app.services import xapi

    class Offline:
        def request(self, *args, **kwargs):
            raise requests.ConnectTimeout("no network")

    client = xapi.XClient.__new__(xapi.XClient)
    client.session, client.base_url, client.timeout = Offline(), "https://api.x.com", 1
    with caplog.at_level(logging.INFO, logger="kindly.xapi"), pytest.raises(KindlyError):
        client._send("POST", "/2/tweets", None, {"text": "hi"}, "token")
    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("POST /2/tweets:") for line in lines), lines
    assert not any("POST POST" in line for line in lines)
