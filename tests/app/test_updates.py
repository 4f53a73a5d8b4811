"""The opt-in update check's engine: where it looks, how versions compare, and that offline or a
strange answer means silence. A real local HTTP server stands in for the release API."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from app.services import updates
from app.settings import Settings


class _Handler(BaseHTTPRequestHandler):
    answers: ClassVar[list] = []
    seen: ClassVar[list] = []

    def do_GET(self):
        type(self).seen.append((self.path, dict(self.headers)))
        status, body = type(self).answers.pop(0) if type(self).answers else (404, b"{}")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.answers, _Handler.seen = [], []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/repos/o/kindly/releases/latest", _Handler
    httpd.shutdown()
    httpd.server_close()


def release(tag="v0.2.0", **extra):
    return json.dumps(
        {
            "tag_name": tag,
            "html_url": f"https://example.org/releases/tag/{tag}",
            "draft": False,
            "prerelease": False,
            **extra,
        }
    ).encode()


def test_it_is_off_until_the_owner_allows_it():
    assert Settings().check_for_updates is False


def test_a_newer_release_is_found_over_real_http(server):
    url, handler = server
    handler.answers.append((200, release("v0.2.0")))
    found = updates.latest_release(url, "0.1.0")
    assert found == updates.Release("0.2.0", "https://example.org/releases/tag/v0.2.0")
    assert found.line() == "Kindly 0.2.0 is available."
    path, headers = handler.seen[0]
    assert path == "/repos/o/kindly/releases/latest"
    assert headers["User-Agent"] == "Kindly/0.1.0 (update check)"  # nothing else about the shop


@pytest.mark.parametrize(
    "status, body",
    [
        (200, release("v0.1.0")),  # the same version
        (200, release("v0.0.9")),  # older
        (200, release("v0.3.0", prerelease=True)),
        (200, release("v0.3.0", draft=True)),
        (200, b"<html>not json</html>"),
        (200, b'{"tag_name": "nightly", "html_url": "https://example.org"}'),
        (200, b'{"tag_name": "v9.0.0", "html_url": "javascript:alert(1)"}'),
        (200, b"[]"),
        (403, b'{"message": "API rate limit exceeded"}'),
        (500, b"{}"),
    ],
)
def test_anything_but_a_newer_release_says_nothing(server, status, body):
    url, handler = server
    handler.answers.append((status, body))
    assert updates.latest_release(url, "0.1.0") is None


def test_offline_says_nothing():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert updates.latest_release(f"http://127.0.0.1:{port}/latest", "0.1.0", timeout=2) is None

    def unreachable(url, timeout, user_agent):
        raise OSError("Network is unreachable")

    assert updates.latest_release("https://api.github.com/x", "0.1.0", unreachable) is None


def test_versions_compare_as_numbers_and_pre_releases_come_first():
    assert updates.is_newer("v0.10.0", "0.9.0")
    assert updates.is_newer("1.0", "0.9.9")
    assert not updates.is_newer("1.0.0", "1.0")
    assert updates.is_newer("1.4.0", "1.4.0rc1")
    assert not updates.is_newer("1.4.0rc1", "1.4.0")
    assert not updates.is_newer("garbage", "0.1.0")


def test_where_it_looks(tmp_path):
    assert updates.releases_url(tmp_path, env={}) is None  # a copy not built for release
    (tmp_path / "release.json").write_text('{"repository": "shopfolk/kindly"}')
    assert (
        updates.releases_url(tmp_path, env={})
        == "https://api.github.com/repos/shopfolk/kindly/releases/latest"
    )
    assert updates.releases_url(tmp_path, env={"KINDLY_RELEASES_URL": "http://x/l"}) == "http://x/l"
    for bad in ('{"repository": "../../evil"}', '{"repository": 3}', "not json", "[]"):
        (tmp_path / "release.json").write_text(bad)
        assert updates.releases_url(tmp_path, env={}) is None, bad
