"""The fake X's HTTP side: routes each request to its endpoint, applies the injected faults and
the unkind behaviours, and answers in X's shapes (``server.FakeX`` holds the state)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.fakex.behaviour import (
    NAMING_PARAMETERS,
    REPLY_NOT_ALLOWED,
    SHOP_HANDLE,
    SHOP_ID,
    Exchange,
    Fault,
)

if TYPE_CHECKING:
    from tests.fakex.server import FakeX


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _token(kind: str, after_id: str) -> str:
    # Base32hex-looking opaque cursor, at least 16 characters like X's.
    return (kind + format(int(after_id), "x")).upper().rjust(20, "0")


def _untoken(token: str) -> int | None:
    try:
        return int(token.lstrip("0")[1:], 16)
    except ValueError:
        return None


class _Drop(Exception):
    pass


class _Handler(BaseHTTPRequestHandler):
    fake: FakeX
    server_version = "tsa_b"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - quiet test output
        pass

    # ----- plumbing ------------------------------------------------------------------------------

    def do_GET(self):  # noqa: N802
        self._handle("GET")

    def do_POST(self):  # noqa: N802
        self._handle("POST")

    def _handle(self, method: str) -> None:
        with self.fake.lock:
            self.fake.in_flight += 1
        try:
            self._handle_counted(method)
        finally:
            with self.fake.lock:
                self.fake.in_flight -= 1

    def _handle_counted(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: object | None = None
        form: dict[str, str] = {}
        ctype = self.headers.get("Content-Type", "")
        if raw and "json" in ctype:
            try:
                body = json.loads(raw)
            except ValueError:
                body = {"__unparsable__": raw.decode("utf-8", "replace")}
        elif raw:
            form = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
        exchange = Exchange(method, path, query, body)
        fake = self.fake
        with fake.lock:
            fake.exchanges.append(exchange)
        is_api = path.startswith("/2/") and not path.startswith("/2/oauth2/")
        if is_api and fake._spec is not None:
            problems = fake._spec.check_request(method, path, query, body)
            with fake.lock:
                fake.violations += problems
        self._exchange = exchange
        self._is_api = is_api
        try:
            fault = fake._take_fault(method, path) if path != "/i/oauth2/authorize" else None
            if fault and self._apply_fault_before(fault):
                return
            status, payload, headers = self._route(method, path, query, body, form)
            if fault and fault.kind in ("accept_then_drop", "hold"):
                if fault.kind == "hold":
                    fake.held.set()
                    fake.hold_release.wait(timeout=fault.seconds or 30)
                raise _Drop()
            self._send(status, payload, headers)
        except _Drop:
            self._drop()

    def _apply_fault_before(self, fault: Fault) -> bool:
        fake = self.fake
        if fault.kind == "rate_limit":
            reset = int(time.time()) + fault.reset_in
            self._send(
                429,
                b"Rate limit exceeded",
                {
                    "content-type": "text/plain;charset=utf-8",
                    "x-rate-limit-limit": "75",
                    "x-rate-limit-remaining": "0",
                    "x-rate-limit-reset": str(reset),
                },
            )
            return True
        if fault.kind == "credits":
            # X's answer when the prepaid credits are spent (koala73/worldmonitor#7156).
            self._send(
                402,
                {
                    "title": "Payment Required",
                    "detail": "credits depleted",
                    "type": "https://api.x.com/2/problems/credits-depleted",
                },
                {"content-type": "application/json; charset=utf-8"},
            )
            return True
        if fault.kind == "usage_cap":
            # A 429 with plenty remaining: the usage cap, not a rate limit (xdevplatform/xdk#25).
            self._send(
                429,
                {
                    "account_id": "1234567890",
                    "product_name": "standard-basic",
                    "title": "UsageCapExceeded",
                    "period": "Monthly",
                    "scope": "Product",
                    "detail": "Usage cap exceeded: Monthly product cap",
                    "type": "https://api.twitter.com/2/problems/usage-capped",
                },
                {
                    "content-type": "application/json; charset=utf-8",
                    "x-rate-limit-limit": "40000",
                    "x-rate-limit-remaining": "39999",
                    "x-rate-limit-reset": str(int(time.time()) + 900),
                },
            )
            return True
        if fault.kind == "error":
            titles = {
                500: "Internal Server Error",
                502: "Bad Gateway",
                503: "Service Unavailable",
                504: "Gateway Timeout",
            }
            self._send(
                fault.status,
                {
                    "title": titles.get(fault.status, "Error"),
                    "detail": titles.get(fault.status, "Error"),
                    "type": "about:blank",
                    "status": fault.status,
                },
                {"content-type": "application/problem+json"},
            )
            return True
        if fault.kind == "slow":
            time.sleep(fault.seconds)
            return False  # then answer normally (a write is accepted late)
        if fault.kind == "malformed":
            self._send(
                200, b'{"data": [{"id": "18', {"content-type": "application/json"}, check=False
            )
            return True
        if fault.kind == "bad_shape":
            self._send(200, {"data": "surprise", "meta": {"result_count": "many"}}, {}, check=False)
            return True
        if fault.kind == "expire_token":
            fake.expire_tokens()
            return False
        if fault.kind == "drop":
            raise _Drop()
        if fault.kind == "hold_then_drop":  # the client died before X took the request
            fake.held.set()
            fake.hold_release.wait(timeout=fault.seconds or 30)
            raise _Drop()
        return False

    def _drop(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def _send(self, status: int, payload, headers: dict | None = None, check: bool = True):
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        if isinstance(payload, (dict, list)):
            data = json.dumps(payload).encode()
            headers.setdefault(
                "content-type",
                "application/problem+json"
                if status >= 400 and "title" in payload
                else "application/json; charset=utf-8",
            )
        else:
            data = payload
        if self._is_api:
            headers.setdefault("x-rate-limit-limit", "300")
            headers.setdefault("x-rate-limit-remaining", "299")
            headers.setdefault("x-rate-limit-reset", str(int(time.time()) + 900))
            headers.setdefault("api-version", "2.167")
        self._exchange.status = status
        self._exchange.content_type = headers.get("content-type", "")
        self._exchange.response = data
        fake = self.fake
        if check and self._is_api and fake._spec is not None:
            problems = fake._spec.check_response(
                self._exchange.method,
                self._exchange.path,
                status,
                self._exchange.content_type,
                data,
            )
            with fake.lock:
                fake.violations += problems
        if check and self._is_api and fake.unkind.check_shapes and 200 <= status < 300:
            from tests.fakex.shapes import check_answer

            problems = check_answer(self._exchange.method, self._exchange.path, json.loads(data))
            with fake.lock:
                fake.violations += problems
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up (timeout); a real server does not care either

    # ----- routes --------------------------------------------------------------------------------

    def _route(self, method, path, query, body, form):
        fake = self.fake
        if method == "GET" and path == "/i/oauth2/authorize":
            return self._authorize(query)
        if method == "POST" and path == "/2/oauth2/token":
            return self._token(form)
        if method == "GET" and path == "/oembed":
            return self._oembed(query)
        if method == "POST" and path == "/2/oauth2/revoke":
            return self._revoke(form)
        user_id = self._authenticate()
        if user_id is None:
            return (
                401,
                {
                    "title": "Unauthorized",
                    "type": "about:blank",
                    "status": 401,
                    "detail": "Unauthorized",
                },
                {},
            )
        segments = path.strip("/").split("/")
        refused = self._refuse_other_naming(query)
        if refused is not None:
            return refused
        if method == "GET" and path == "/2/users/me":
            return 200, {"data": self._user(fake.users[user_id], query)}, {}
        if method == "GET" and len(segments) == 4 and segments[:2] == ["2", "users"]:
            if segments[3] == "mentions":
                return self._timeline(fake.mentions, query, "P")
            if segments[3] == "tweets":
                return self._timeline(
                    [p for p in fake.shop_posts if p["author_id"] == segments[2]], query, "T"
                )
        if method == "GET" and path == "/2/dm_events":
            with fake.lock:
                fake.dm_list_reads += 1
            return self._dm_events(query)
        if (
            method == "GET"
            and len(segments) == 5
            and segments[1] == "dm_conversations"
            and segments[2] == "with"
            and segments[4] == "dm_events"
        ):
            return self._dm_events(query, with_user=segments[3])
        if method == "POST" and path == "/2/tweets":
            return self._create_post(body or {})
        if (
            method == "POST"
            and len(segments) == 5
            and segments[1] == "dm_conversations"
            and segments[2] == "with"
            and segments[4] == "messages"
        ):
            return self._create_dm(segments[3], body or {})
        return (
            404,
            {
                "title": "Not Found Error",
                "type": "about:blank",
                "status": 404,
                "detail": f"Sorry, that page does not exist: {path}",
            },
            {},
        )

    def _refuse_other_naming(self, query: dict):
        """Only one field naming is live at a time: the other one's parameter (or expansion
        value) gets X's 400 invalid-request answer naming it."""
        naming = self.fake.unkind.naming
        other = "post" if naming == "tweet" else "tweet"
        fields_name, _ = NAMING_PARAMETERS[naming]
        other_fields, other_expansions = NAMING_PARAMETERS[other]
        invalid = {
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        }
        if other_fields in query:
            known = sorted(
                {
                    "expansions",
                    "max_results",
                    "pagination_token",
                    "since_id",
                    "start_time",
                    "user.fields",
                    fields_name,
                }
            )
            return (
                400,
                {
                    "errors": [
                        {
                            "parameters": {other_fields: [query[other_fields]]},
                            "message": f"The query parameter [{other_fields}] is not "
                            f"one of [{','.join(known)}]",
                        }
                    ],
                    **invalid,
                },
                {},
            )
        asked = set(filter(None, query.get("expansions", "").split(",")))
        wrong = sorted(asked & other_expansions)
        if wrong:
            return (
                400,
                {
                    "errors": [
                        {
                            "parameters": {"expansions": [query["expansions"]]},
                            "message": f"The `expansions` query parameter value "
                            f"[{wrong[0]}] is not one of [author_id,"
                            f"{','.join(sorted(NAMING_PARAMETERS[naming][1]))}"
                            "]",
                        }
                    ],
                    **invalid,
                },
                {},
            )
        return None

    def _revoke(self, form):
        fake = self.fake
        if form.get("client_id") != fake.client_id:
            return (
                401,
                {
                    "error": "unauthorized_client",
                    "error_description": "Missing valid authorization header",
                },
                {},
            )
        token = form.get("token", "")
        with fake.lock:
            fake.refresh_tokens.pop(token, None)
            if token in fake.tokens:
                fake.tokens[token].expired = True
            fake.revoked.append(token)
        return 200, {"revoked": True}, {}

    def _authenticate(self) -> str | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        with self.fake.lock:
            token = self.fake.tokens.get(header[7:])
            if token is None or token.expired or token.expires_at < time.time():
                return None
            return token.user_id

    def _authorize(self, query):
        fake = self.fake
        redirect = query.get("redirect_uri", "")
        if query.get("client_id") != fake.client_id:
            return (
                400,
                {
                    "error": "invalid_request",
                    "error_description": "Something went wrong. You weren't able to give "
                    "access to the App.",
                },
                {},
            )
        if redirect not in fake.callbacks:
            return (
                400,
                {
                    "error": "invalid_request",
                    "error_description": "Callback URI is not approved for this client.",
                },
                {},
            )
        if (
            query.get("response_type") != "code"
            or query.get("code_challenge_method") != "S256"
            or len(query.get("code_challenge", "")) < 43
            or not query.get("state")
        ):
            return 400, {"error": "invalid_request", "error_description": "Bad request."}, {}
        code = secrets.token_urlsafe(32)
        with fake.lock:
            fake.codes[code] = {
                "challenge": query["code_challenge"],
                "redirect_uri": redirect,
                "scope": query.get("scope", ""),
                "at": time.monotonic(),
            }
        location = redirect + "?" + urlencode({"state": query["state"], "code": code})
        return 302, b"", {"location": location, "content-type": "text/html"}

    def _token(self, form):
        fake = self.fake
        bad = {
            "error": "invalid_request",
            "error_description": "Value passed for the token was invalid.",
        }
        if form.get("client_id") != fake.client_id:
            return (
                401,
                {
                    "error": "unauthorized_client",
                    "error_description": "Missing valid authorization header",
                },
                {},
            )
        grant = form.get("grant_type")
        if grant == "authorization_code":
            with fake.lock:
                entry = fake.codes.pop(form.get("code", ""), None)
            if entry is None or entry["redirect_uri"] != form.get("redirect_uri"):
                return 400, bad, {}
            if time.monotonic() - entry["at"] > fake.unkind.code_lifetime:
                return 400, bad, {}  # X: "exchange it … within 30 seconds, or [it] will expire"
            verifier = form.get("code_verifier", "")
            if _b64(hashlib.sha256(verifier.encode()).digest()) != entry["challenge"]:
                return 400, bad, {}
            return 200, fake.issue_tokens(SHOP_ID, entry["scope"]), {}
        if grant == "refresh_token":
            with fake.lock:
                user_id = fake.refresh_tokens.pop(form.get("refresh_token", ""), None)
            if user_id is None:
                return 400, bad, {}
            return (
                200,
                fake.issue_tokens(
                    user_id, "tweet.read users.read tweet.write dm.read dm.write offline.access"
                ),
                {},
            )
        return 400, {"error": "unsupported_grant_type"}, {}

    def _oembed(self, query):
        url = query.get("url", "")
        post_id = url.rstrip("/").split("/")[-1].split("?")[0]
        post = self.fake._find_post(post_id)
        if post is None:
            return 404, {"error": "not found"}, {}
        author = self.fake.users[post["author_id"]]
        when = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
        html = (
            '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">'
            + post["text"].replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
            + f"</p>&mdash; {author['name']} (@{author['username']}) "
            f'<a href="https://twitter.com/{author["username"]}/status/{post_id}'
            '?ref_src=twsrc%5Etfw">'
            f"{when.strftime('%B %-d, %Y')}</a></blockquote>\n"
            '<script async src="https://platform.twitter.com/widgets.js" '
            'charset="utf-8"></script>\n'
        )
        return (
            200,
            {
                "url": f"https://twitter.com/{author['username']}/status/{post_id}",
                "author_name": author["name"],
                "author_url": f"https://twitter.com/{author['username']}",
                "html": html,
                "width": 550,
                "height": None,
                "type": "rich",
                "cache_age": "3153600000",
                "provider_name": "Twitter",
                "provider_url": "https://twitter.com",
                "version": "1.0",
            },
            {},
        )

    # ----- API answers ---------------------------------------------------------------------------

    def _user(self, user: dict, query: dict) -> dict:
        wanted = set(filter(None, query.get("user.fields", "").split(",")))
        out = {"id": user["id"], "name": user["name"], "username": user["username"]}
        for key in wanted & {"profile_image_url", "public_metrics"}:
            value = user[key]
            if key == "public_metrics":
                value = {
                    "followers_count": value["followers_count"],
                    "following_count": value["following_count"],
                    "post_count": value["tweet_count"],
                    "listed_count": value["listed_count"],
                    "like_count": value["like_count"],
                    "media_count": value["media_count"],
                }
            out[key] = value
        return out

    def _text(self, text: str) -> str:
        if self.fake.unkind.escape_text:
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text

    def _post(self, post: dict, fields: set[str], expansions: set[str] = frozenset()) -> dict:
        unkind = self.fake.unkind
        post_naming = unkind.naming == "post"
        text = post["text"]
        out = {"id": post["id"], "text": self._text(text)}
        out["edit_history_post_ids" if post_naming else "edit_history_tweet_ids"] = post[
            "edit_history_tweet_ids"
        ]
        if unkind.note_tweet and len(text) > 280:
            out["text"] = self._text(text[:275].rstrip() + "…")
            note = "note_post" if post_naming else "note_tweet"
            if note in fields:
                out[note] = {"text": self._text(text)}
        wanted = set(fields)
        if post_naming:  # the spec's 2.167 naming: the post's own ids come as expansions
            wanted |= {"author_id"} & expansions
            wanted |= {"in_reply_to_user_id"} & expansions
            if "referenced_posts" in expansions:
                wanted.add("referenced_tweets")
        for key in wanted:
            if key in post and key not in out and key != "text":
                name = "referenced_posts" if post_naming and key == "referenced_tweets" else key
                out[name] = post[key]
        return out

    def _timeline(self, posts: list[dict], query: dict, kind: str):
        fake = self.fake
        unkind = fake.unkind
        try:
            limit = int(query.get("max_results", "10"))
        except ValueError:
            limit = 10
        invalid = {
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        }
        if not 5 <= limit <= 100:
            return (
                400,
                {
                    "errors": [
                        {
                            "parameters": {"max_results": [str(limit)]},
                            "message": "The `max_results` query parameter value is not "
                            "between 5 and 100",
                        }
                    ],
                    **invalid,
                },
                {},
            )
        since = int(query.get("since_id") or 0)
        until = None
        if query.get("pagination_token"):
            until = _untoken(query["pagination_token"])
            if until is None:
                return 400, {"errors": [{"message": "invalid pagination token"}], **invalid}, {}
        start = None
        if unkind.start_time and query.get("start_time"):
            start = datetime.fromisoformat(query["start_time"].replace("Z", "+00:00"))
        with fake.lock:
            newest_first = sorted(posts, key=lambda p: -int(p["id"]))
        chosen = [
            p
            for p in newest_first
            if int(p["id"]) > since
            and (until is None or int(p["id"]) < until)
            and (start is None or _created(p) >= start)
        ]
        page, rest = chosen[:limit], chosen[limit:]
        fields = set(
            filter(None, query.get("tweet.fields", query.get("post.fields", "")).split(","))
        )
        expansions = set(filter(None, query.get("expansions", "").split(",")))
        post_naming = unkind.naming == "post"
        body: dict = {}
        meta: dict = {"result_count": len(page)}
        if page:
            body["data"] = [self._post(p, fields, expansions) for p in page]
            meta["newest_id"], meta["oldest_id"] = page[0]["id"], page[-1]["id"]
            if rest or unkind.last_page_token:
                meta["next_token"] = _token(kind, page[-1]["id"])
            includes: dict = {}
            if "author_id" in expansions:
                ids = dict.fromkeys(p["author_id"] for p in page)
                includes["users"] = [self._user(fake.users[i], query) for i in ids]
            if {"referenced_tweets.id", "referenced_posts"} & expansions:
                refs, errors = [], []
                for p in page:
                    for ref in p.get("referenced_tweets", []):
                        found = fake._find_post(ref["id"])
                        if found and found not in refs:
                            refs.append(found)
                        elif found is None and ref["id"] in fake.deleted:
                            errors.append(_not_found(ref["id"], post_naming))
                if refs:
                    includes["posts" if post_naming else "tweets"] = [
                        self._post(r, fields, expansions) for r in refs
                    ]
                if errors and unkind.partial_errors:
                    body["errors"] = errors
            if includes:
                body["includes"] = includes
        body["meta"] = meta
        return 200, body, {}

    def _dm_events(self, query: dict, with_user: str | None = None):
        fake = self.fake
        limit = int(query.get("max_results", "100"))
        until = _untoken(query["pagination_token"]) if query.get("pagination_token") else None
        types = set(filter(None, query.get("event_types", "").split(",")))
        with fake.lock:
            newest_first = sorted(fake.dm_events, key=lambda e: -int(e["id"]))
            reads = fake.dm_list_reads
        chosen = [e for e in newest_first if until is None or int(e["id"]) < until]
        if types:
            chosen = [e for e in chosen if e["event_type"] in types]
        if with_user is not None:  # one conversation: current, no lag
            chosen = [
                e
                for e in chosen
                if with_user in e["dm_conversation_id"].split("-")
                and SHOP_ID in e["dm_conversation_id"].split("-")
            ]
        elif fake.unkind.dm_list_lag:
            chosen = [e for e in chosen if e.get("_listed_after", 0) <= reads]
        page, rest = chosen[:limit], chosen[limit:]
        fields = set(filter(None, query.get("dm_event.fields", "").split(",")))
        expansions = set(filter(None, query.get("expansions", "").split(",")))
        wanted = fields | (expansions & {"sender_id", "participant_ids"})
        body: dict = {}
        meta: dict = {"result_count": len(page)}
        if page:
            body["data"] = []
            for event in page:
                out = {"id": event["id"], "event_type": event["event_type"]}
                if "text" in event:
                    out["text"] = self._text(event["text"])
                for key in wanted:
                    if key in event and key not in out:
                        out[key] = event[key]
                body["data"].append(out)
            if "sender_id" in expansions:
                ids = dict.fromkeys(e["sender_id"] for e in page)
                body["includes"] = {"users": [self._user(fake.users[i], query) for i in ids]}
            if rest or fake.unkind.last_page_token:
                meta["next_token"] = _token("D", page[-1]["id"])
        body["meta"] = meta
        return 200, body, {}

    def _create_post(self, body: dict):
        fake = self.fake
        text = body.get("text", "")
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        forbidden = {"type": "about:blank", "title": "Forbidden", "status": 403}
        with fake.lock:
            parent = fake._find_post(reply_to) if reply_to else None
            if reply_to and fake.unkind.reply_rule:
                mentioned = parent is not None and (
                    parent["author_id"] == SHOP_ID
                    or any(
                        m.get("username", "").lower() == SHOP_HANDLE
                        for m in parent.get("entities", {}).get("mentions", [])
                    )
                    or any(r["type"] == "quoted" for r in parent.get("referenced_tweets", []))
                )
                if not mentioned:
                    return 403, {**forbidden, "detail": REPLY_NOT_ALLOWED}, {}
            stored = text
            if parent is not None and fake.unkind.reply_prefix:
                handle = fake.users[parent["author_id"]]["username"]
                if not text.lower().startswith(f"@{handle.lower()}"):
                    stored = f"@{handle} {text}"
            if any(p["text"] == stored for p in fake.shop_posts):
                return (
                    403,
                    {
                        **forbidden,
                        "detail": "You are not allowed to create a Tweet with duplicate content.",
                    },
                    {},
                )
            post_id = fake._new_id()
            post = {
                "id": post_id,
                "text": stored,
                "edit_history_tweet_ids": [post_id],
                "author_id": SHOP_ID,
                "created_at": fake._now_text(),
                "conversation_id": post_id,
            }
            if reply_to:
                post["conversation_id"] = parent["conversation_id"] if parent else reply_to
                post["in_reply_to_user_id"] = parent["author_id"] if parent else SHOP_ID
                post["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
            fake.shop_posts.append(post)
        return (
            201,
            {
                "data": {
                    "edit_history_tweet_ids": [post_id],
                    "id": post_id,
                    "text": self._text(stored),
                }
            },
            {},
        )

    def _create_dm(self, participant_id: str, body: dict):
        fake = self.fake
        if participant_id not in fake.users:
            return (
                403,
                {
                    "type": "about:blank",
                    "title": "Forbidden",
                    "status": 403,
                    "detail": "You cannot send messages to this user.",
                },
                {},
            )
        with fake.lock:
            event = fake.add_dm(
                fake.users[SHOP_ID],
                body.get("text", ""),
                to=participant_id,
                lag=fake.unkind.dm_list_lag,
            )
        return (
            201,
            {
                "data": {
                    "dm_conversation_id": event["dm_conversation_id"],
                    "dm_event_id": event["id"],
                }
            },
            {},
        )


def _created(post: dict) -> datetime:
    return datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))


def _not_found(post_id: str, post_naming: bool) -> dict:
    """X's partial error for a referenced post that is gone (Postman collection's examples)."""
    parameter = "referenced_posts" if post_naming else "referenced_tweets.id"
    return {
        "value": post_id,
        "detail": f"Could not find tweet with {parameter}: [{post_id}].",
        "title": "Not Found Error",
        "resource_type": "tweet",
        "parameter": parameter,
        "resource_id": post_id,
        "type": "https://api.x.com/2/problems/resource-not-found",
    }
