"""Kindly's X API v2 client: the few endpoints it needs, every call with a timeout.

Failures become typed ``XError``s with plain-words messages. Each one says whether X might
have acted on the request anyway (``ambiguous``: a timeout or a connection dropped after the
request was sent), which the outbox needs to send exactly once. Reads are retried a couple of
times with jittered backoff (in the worker, never the window's thread); writes never are — the
outbox decides. A 401 gets one token refresh and one retry. Rate-limit headers are read on
every answer, and a request Kindly already knows would get a 429 is not sent.

Out of credits is its own failure (``XCreditsOut``): X answers 402 ``credits-depleted``, or a 429
``UsageCapExceeded`` whose rate-limit headers still show plenty remaining; waiting for a reset
does not help, a top-up does. X's spec 2.167 renamed the REST field parameters (``post.fields``,
``referenced_posts``) while its docs, SDK and recorded answers say ``tweet.fields``: Kindly asks
in one naming, and on a 400 that names a field or expansion parameter asks once more in the
other and remembers the one that worked.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlparse

from app.clock import Clock
from app.domain.x_models import (
    CreatedDm,
    CreatedPost,
    DmPage,
    MalformedAnswer,
    PostsPage,
    XUser,
    names_a_naming_parameter,
    parse_created_dm,
    parse_created_post,
    parse_dm_page,
    parse_me,
    parse_posts_page,
    problem_text,
    problem_type,
)
from app.errors import ErrorKind, KindlyError

if TYPE_CHECKING:  # requests is imported on first use (a call to X), not at start
    import requests

log = logging.getLogger("kindly.xapi")

DEFAULT_API_BASE = "https://api.x.com"

# Field and expansion names in the two namings X has used: "tweet" (its docs, SDK and every
# recorded answer) and "post" (the OpenAPI spec from 2.167 on, where the post's own id fields
# became expansions).
NAMINGS = ("tweet", "post")
POST_PARAMS = {
    "tweet": {
        "tweet.fields": "created_at,conversation_id,in_reply_to_user_id,referenced_tweets,"
        "author_id,entities,note_tweet,edit_history_tweet_ids",
        "expansions": "author_id,referenced_tweets.id",
    },
    "post": {
        "post.fields": "created_at,conversation_id,entities,note_post",
        "expansions": "author_id,referenced_posts,in_reply_to_user_id",
    },
}
OWN_POST_PARAMS = {
    "tweet": {
        "tweet.fields": "created_at,conversation_id,in_reply_to_user_id,referenced_tweets,"
        "author_id,note_tweet"
    },
    "post": {
        "post.fields": "created_at,conversation_id,note_post",
        "expansions": "referenced_posts,in_reply_to_user_id",
    },
}
USER_FIELDS = "name,username,profile_image_url,public_metrics"
DM_FIELDS = "id,text,event_type,dm_conversation_id,created_at,sender_id,participant_ids"
DM_EXPANSIONS = "sender_id,participant_ids"
DM_EVENT_TYPES = "MessageCreate"  # X bills every event read: ask only for messages

CREDITS_OUT = "Your X credits ran out — top up at developer.x.com; nothing is lost."

# Billable resource kinds (see app/services/costs.py).
OWNED_READ = "owned_read"
POST_READ = "post_read"
USER_READ = "user_read"
DM_EVENT_READ = "dm_event_read"
POST_CREATE = "post_create"
DM_CREATE = "dm_create"


# ----- errors ----------------------------------------------------------------------------------


class XError(KindlyError):
    """A call to X did not succeed. ``ambiguous``: X may have acted on it anyway."""

    kind = ErrorKind.SERVER
    ambiguous = False
    transient = True  # trying again later may work


class NotConnected(XError):
    kind = ErrorKind.NOT_CONNECTED
    transient = False

    def __init__(self) -> None:
        super().__init__("Kindly is not connected to X. Connect in Settings → X account.")


class ReconnectNeeded(XError):
    kind = ErrorKind.RECONNECT
    transient = False

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "X no longer accepts Kindly's sign-in. Choose Reconnect in Settings → X account."
            + (f" ({detail})" if detail else "")
        )


class XOffline(XError):
    kind = ErrorKind.OFFLINE

    def __init__(self) -> None:
        super().__init__("You are offline (X cannot be reached). Kindly will try again by itself.")


class XTimeout(XError):
    ambiguous = True

    def __init__(self) -> None:
        super().__init__("X did not answer in time. Kindly will try again.")


class XDropped(XError):
    ambiguous = True

    def __init__(self) -> None:
        super().__init__("The connection to X dropped before it answered. Kindly will try again.")


class XRateLimited(XError):
    kind = ErrorKind.RATE_LIMITED

    def __init__(self, reset_at: datetime) -> None:
        local = reset_at.astimezone().strftime("%H:%M")
        super().__init__(f"X asks Kindly to slow down. The next try is at {local}.")
        self.reset_at = reset_at


class XCreditsOut(XError):
    """X refused for money: the prepaid credits are spent (402) or a usage cap is reached (429
    UsageCapExceeded). Nothing was done; everything waits for a top-up."""

    kind = ErrorKind.CREDITS

    def __init__(self, detail: str = "") -> None:
        super().__init__(CREDITS_OUT)
        self.detail = detail


class XServerError(XError):
    def __init__(self, status: int) -> None:
        super().__init__(f"X is having trouble (error {status}). Kindly will try again shortly.")
        self.status = status


class XRefused(XError):
    """X understood and said no (400/403/404…): trying the same again will not help."""

    kind = ErrorKind.REFUSED

    transient = False

    def __init__(self, status: int, detail: str, body: Any = None) -> None:
        super().__init__(f"X refused: {detail or f'error {status}'}")
        self.status = status
        self.detail = detail
        self.body = body


class XMalformed(XError):
    kind = ErrorKind.MALFORMED
    transient = True

    def __init__(self, what: str) -> None:
        super().__init__(f"X sent an answer Kindly could not read ({what}). Nothing was changed.")
        self.what = what


# ----- plumbing --------------------------------------------------------------------------------


class AccessTokens(Protocol):
    def access_token(self) -> str: ...

    def refresh_after_401(self, rejected: str) -> str: ...


@dataclass
class RateLimit:
    remaining: int | None
    reset_at: datetime | None


def endpoint_key(method: str, path: str) -> str:
    """'GET /2/users/:id/mentions': the unit X counts rate limits in."""
    version, *rest = path.strip("/").split("/")  # '2' is X's API version, not an id
    parts = ["/" + version] + ["/:id" if part.isdigit() else "/" + part for part in rest]
    return f"{method} " + "".join(parts)


def classify_transport_error(exc: requests.RequestException) -> XError:
    """Did the request leave this computer? Offline if surely not; ambiguous otherwise."""
    import requests

    if isinstance(exc, requests.ConnectTimeout):
        return XOffline()
    if isinstance(exc, requests.Timeout):
        return XTimeout()
    text = repr(exc)
    if isinstance(exc, requests.ConnectionError) and any(
        marker in text
        for marker in (
            "NewConnectionError",
            "NameResolutionError",
            "Failed to establish",
            "Network is unreachable",
            "Connection refused",
            "getaddrinfo",
        )
    ):
        return XOffline()
    return XDropped()


def loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


class XClient:
    """One X account's API calls. Not thread-safe: each worker builds its own."""

    def __init__(
        self,
        base_url: str,
        tokens: AccessTokens,
        clock: Clock,
        *,
        session: requests.Session | None = None,
        timeout: float = 20.0,
        read_retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        on_usage: Callable[[str, list[str]], None] | None = None,
        limits: dict[str, RateLimit] | None = None,
        naming: str = "tweet",
        on_naming: Callable[[str], None] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.clock = clock
        if not session:
            import requests

            session = requests.Session()
        self.session = session
        self.session.headers.setdefault("User-Agent", "Kindly")
        self.timeout = timeout
        self.read_retries = read_retries
        self.sleep = sleep
        self.on_usage = on_usage or (lambda kind, ids: None)
        self.limits = limits if limits is not None else {}
        self.rng = random.Random()
        self.naming = naming if naming in NAMINGS else "tweet"
        self.on_naming = on_naming or (lambda naming: None)

    # ----- endpoints ------------------------------------------------------------------------------

    def me(self) -> XUser:
        body = self._call("GET", "/2/users/me", params={"user.fields": USER_FIELDS})
        user = self._parse(parse_me, body)
        self.on_usage(USER_READ, [user.id])  # not an owned read: it is not in X's list of those
        return user

    def mentions(
        self, user_id: str, since_id: str | None = None, pagination_token: str | None = None
    ) -> PostsPage:
        params: dict[str, Any] = {"max_results": 100, "user.fields": USER_FIELDS}
        if since_id:
            params["since_id"] = since_id
        if pagination_token:
            params["pagination_token"] = pagination_token
        body = self._named_read(f"/2/users/{user_id}/mentions", params, POST_PARAMS)
        page = self._parse(parse_posts_page, body)
        self._count_page(page, OWNED_READ)
        return page

    def own_posts(
        self,
        user_id: str,
        since_id: str | None = None,
        start_time: datetime | None = None,
        max_results: int = 20,
    ) -> PostsPage:
        """The shop's own recent posts: how Kindly checks whether a reply already went out."""
        params: dict[str, Any] = {"max_results": max(5, min(100, max_results))}
        if since_id:
            params["since_id"] = since_id
        if start_time:
            params["start_time"] = start_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = self._named_read(f"/2/users/{user_id}/tweets", params, OWN_POST_PARAMS)
        page = self._parse(parse_posts_page, body)
        self._count_page(page, OWNED_READ)
        return page

    def dm_events(self, pagination_token: str | None = None, max_results: int = 100) -> DmPage:
        params = self._dm_params(max_results)
        if pagination_token:
            params["pagination_token"] = pagination_token
        page = self._parse(parse_dm_page, self._call("GET", "/2/dm_events", params=params))
        self._count_dms(page)
        return page

    def dm_events_with(self, participant_id: str, max_results: int = 20) -> DmPage:
        """One conversation's recent messages. Unlike ``/2/dm_events`` (which in X's recorded
        answers still lacked two DMs just sent), this list is current: the outbox looks here."""
        params = self._dm_params(max_results)
        page = self._parse(
            parse_dm_page,
            self._call(
                "GET", f"/2/dm_conversations/with/{participant_id}/dm_events", params=params
            ),
        )
        self._count_dms(page)
        return page

    def create_reply(self, text: str, in_reply_to_id: str) -> CreatedPost:
        body = self._call(
            "POST",
            "/2/tweets",
            json_body={"text": text, "reply": {"in_reply_to_tweet_id": in_reply_to_id}},
            write=True,
        )
        created = self._parse(parse_created_post, body)
        self.on_usage(POST_CREATE, [created.id])
        return created

    def send_dm(self, participant_id: str, text: str) -> CreatedDm:
        body = self._call(
            "POST",
            f"/2/dm_conversations/with/{participant_id}/messages",
            json_body={"text": text},
            write=True,
        )
        created = self._parse(parse_created_dm, body)
        self.on_usage(DM_CREATE, [created.dm_event_id])
        return created

    # ----- internals ------------------------------------------------------------------------------

    def _count_page(self, page: PostsPage, kind: str) -> None:
        if page.posts:
            self.on_usage(kind, [p.id for p in page.posts])
        if page.users:
            self.on_usage(USER_READ, list(page.users))
        if page.referenced:
            self.on_usage(POST_READ, list(page.referenced))

    def _count_dms(self, page: DmPage) -> None:
        if page.events:
            self.on_usage(DM_EVENT_READ, [e.id for e in page.events])
        if page.users:
            self.on_usage(USER_READ, list(page.users))

    @staticmethod
    def _dm_params(max_results: int) -> dict[str, Any]:
        return {
            "max_results": max_results,
            "event_types": DM_EVENT_TYPES,
            "dm_event.fields": DM_FIELDS,
            "expansions": DM_EXPANSIONS,
            "user.fields": USER_FIELDS,
        }

    def _named_read(self, path: str, params: dict, named: dict[str, dict[str, str]]) -> Any:
        """A read with post fields: in the naming that works, switching once on a 400 that names
        a field or expansion parameter (and remembering the switch)."""
        try:
            return self._call("GET", path, params={**params, **named[self.naming]})
        except XRefused as exc:
            if exc.status != 400 or not names_a_naming_parameter(exc.body):
                raise
            other = "post" if self.naming == "tweet" else "tweet"
            log.info("X refused the %s field names; asking in the %s naming", self.naming, other)
            body = self._call("GET", path, params={**params, **named[other]})
            self.naming = other
            self.on_naming(other)
            return body

    @staticmethod
    def _parse(parser, body):
        try:
            return parser(body)
        except MalformedAnswer as exc:
            log.warning("malformed answer from X: %s", exc.what)
            raise XMalformed(exc.what) from exc

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict | None = None,
        json_body: dict | None = None,
        write: bool = False,
    ) -> Any:
        key = endpoint_key(method, path)
        attempts = 1 if write else 1 + self.read_retries
        for attempt in range(attempts):
            try:
                return self._call_once(method, path, key, params, json_body)
            except (XTimeout, XDropped, XServerError, XMalformed) as exc:
                if write or attempt == attempts - 1:
                    raise
                delay = min(30.0, 1.0 * 2**attempt) * (0.5 + self.rng.random())
                log.info("%s failed (%s); retrying in %.1f s", key, type(exc).__name__, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")

    def _call_once(self, method, path, key, params, json_body) -> Any:
        limit = self.limits.get(key)
        now = self.clock.now()
        if limit and limit.remaining == 0 and limit.reset_at and limit.reset_at > now:
            raise XRateLimited(limit.reset_at)
        token = self.tokens.access_token()
        response = self._send(method, path, params, json_body, token)
        if response.status_code == 401:
            log.info("%s: 401, refreshing the sign-in once", key)
            token = self.tokens.refresh_after_401(token)
            response = self._send(method, path, params, json_body, token)
            if response.status_code == 401:
                raise ReconnectNeeded()
        self._note_limits(key, response)
        status = response.status_code
        if status == 402 or (status == 429 and _usage_capped(response)):
            body = _json(response)
            detail = problem_text(body) if body is not _NOT_JSON else ""
            log.warning("%s: X credits spent or usage cap reached (%s)", key, status)
            raise XCreditsOut(detail)
        if status == 429:
            limit = self.limits.get(key)
            reset_at = limit.reset_at if limit and limit.reset_at else None
            if reset_at is None or reset_at <= self.clock.now():
                reset_at = self.clock.now() + timedelta(minutes=15)
            self.limits[key] = RateLimit(0, reset_at)
            raise XRateLimited(reset_at)
        if status >= 500:
            raise XServerError(status)
        body = _json(response)
        if status >= 400:
            detail = problem_text(body) if body is not _NOT_JSON else response.text[:200]
            log.info("%s refused: %s %s", key, status, detail)
            raise XRefused(status, detail, body if body is not _NOT_JSON else None)
        if body is _NOT_JSON:
            raise XMalformed("not JSON")
        return body

    def _send(self, method, path, params, json_body, token) -> requests.Response:
        import requests

        try:
            return self.session.request(
                method,
                self.base_url + path,
                params=params,
                json=json_body,
                headers={"Authorization": f"Bearer {token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            error = classify_transport_error(exc)
            log.info("%s: %s", endpoint_key(method, path), type(error).__name__)
            raise error from None

    def _note_limits(self, key: str, response: requests.Response) -> None:
        remaining = response.headers.get("x-rate-limit-remaining")
        reset = response.headers.get("x-rate-limit-reset")
        try:
            self.limits[key] = RateLimit(
                int(remaining) if remaining is not None else None,
                datetime.fromtimestamp(int(reset), UTC) if reset is not None else None,
            )
        except (TypeError, ValueError, OverflowError):
            pass


_NOT_JSON = object()


def _usage_capped(response: requests.Response) -> bool:
    """A 429 that is a usage cap (``UsageCapExceeded``, type …/problems/usage-capped), not a rate
    limit: its headers still show requests remaining."""
    body = _json(response)
    kind = problem_type(body) if body is not _NOT_JSON else ""
    return "usage-cap" in kind or "usagecap" in kind


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError):
        return _NOT_JSON


_LIMITS: dict[str, RateLimit] = {}
_LIMITS_LOCK = threading.Lock()


def shared_limits() -> dict[str, RateLimit]:
    """What X said about its limits, shared by every client in this process."""
    return _LIMITS
