"""Signing in to X with the owner's own developer app: OAuth 2.0 Authorization Code with PKCE.

The app is a "Native App" (a public client: a client ID, no secret). Kindly listens on
``http://127.0.0.1:<port>/callback`` — bound to 127.0.0.1 only, started before the browser opens,
one callback accepted, given up after five minutes — and checks the ``state`` it sent. Tokens go
to the keychain (``app/services/secrets.py``); the refresh is explicit, one at a time, and the
new refresh token is stored before the new access token is used (X rotates them).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from app.clock import Clock
from app.domain.x_models import MalformedAnswer, parse_token_response, problem_text
from app.errors import ErrorKind, KindlyError
from app.services.secrets import TokenStore, Tokens
from app.services.xapi import (
    DEFAULT_API_BASE,
    NotConnected,
    ReconnectNeeded,
    XMalformed,
    XServerError,
    classify_transport_error,
    loopback,
)

if TYPE_CHECKING:  # these are imported on first use (signing in), not at start
    from http.server import HTTPServer

    import requests

log = logging.getLogger("kindly.oauth")
# requests-oauthlib and oauthlib print whole token answers at DEBUG: never let them.
for _name in ("requests_oauthlib", "oauthlib"):
    logging.getLogger(_name).setLevel(logging.INFO)

SCOPES = ("tweet.read", "users.read", "tweet.write", "dm.read", "dm.write", "offline.access")
DEFAULT_PORT = 47613
FALLBACK_PORTS = (47614, 47615)
X_AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
SIGN_IN_TIMEOUT = 300.0  # seconds: the owner has five minutes in the browser
REFRESH_MARGIN = timedelta(seconds=60)


NATIVE_APP = (
    "X refused Kindly's sign-in because your developer app is set up as a web app with a secret. "
    "In the X developer console, open your app's User authentication settings, set the app type "
    "to Native App, save, and Connect again."
)


class SignInFailed(KindlyError):
    kind = ErrorKind.SIGN_IN


def _unauthorized_client(text: object) -> bool:
    return "unauthorized_client" in str(text or "")


def callback_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/callback"


def callback_ports(first: int = DEFAULT_PORT) -> tuple[int, ...]:
    """The callback port and its two fallbacks (register all three in the developer app)."""
    return (first, first + 1, first + 2)


@dataclass(frozen=True)
class XEndpoints:
    api_base: str
    authorize_url: str
    token_url: str

    @classmethod
    def for_base(cls, api_base: str | None = None) -> XEndpoints:
        """X's endpoints, or a local X-compatible server's (KINDLY_X_API_BASE or the setting)."""
        base = (os.environ.get("KINDLY_X_API_BASE") or api_base or DEFAULT_API_BASE).rstrip("/")
        authorize = X_AUTHORIZE_URL if base == DEFAULT_API_BASE else base + "/i/oauth2/authorize"
        return cls(base, authorize, base + "/2/oauth2/token")


def _allow_plain_http_for(url: str) -> None:
    # oauthlib insists on https; a local X-compatible server on 127.0.0.1 speaks plain http.
    if url.startswith("http://") and loopback(url):
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"


# ----- the loopback listener -------------------------------------------------------------------


_DONE_PAGE = (
    "<!doctype html><meta charset=utf-8><title>Kindly</title>"
    "<body style='font-family:sans-serif;margin:4em'><h2>{title}</h2><p>{text}</p></body>"
)


class LoopbackListener:
    """Waits on 127.0.0.1 for X to send the browser back with a code. One callback, then done."""

    def __init__(self, ports: tuple[int, ...]):
        from http.server import HTTPServer

        self.result: dict[str, str] | None = None
        server: HTTPServer | None = None
        errors = []
        for port in ports:
            try:
                server = HTTPServer(("127.0.0.1", port), self._handler())
                break
            except OSError as exc:
                errors.append(port)
                log.info("callback port %s is busy (%s)", port, exc.strerror or exc)
        if server is None:
            raise SignInFailed(
                "Kindly could not listen for X's answer: ports "
                + ", ".join(str(p) for p in errors)
                + " are all in use. Close the program using them, or choose another port."
            )
        server.timeout = 0.2
        self._server: HTTPServer = server

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def redirect_uri(self) -> str:
        return callback_url(self.port)

    def _handler(self):
        from http.server import BaseHTTPRequestHandler

        listener = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002 - the URL holds the code
                pass

            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                if parts.path != "/callback" or listener.result is not None:
                    self.send_error(404)
                    return
                listener.result = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                ok = "code" in listener.result
                page = _DONE_PAGE.format(
                    title="Kindly is connected to X" if ok else "Kindly was not connected",
                    text="You can close this tab and go back to Kindly."
                    if ok
                    else "Go back to Kindly to see what happened.",
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

        return Handler

    def wait(self, timeout: float, cancelled: threading.Event | None = None) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        try:
            while self.result is None:
                if cancelled is not None and cancelled.is_set():
                    raise SignInFailed("Connecting to X was cancelled.")
                if time.monotonic() >= deadline:
                    raise SignInFailed(
                        "Nothing came back from X within five minutes. Try Connect again."
                    )
                self._server.handle_request()
            return self.result
        finally:
            self.close()

    def close(self) -> None:
        self._server.server_close()


# ----- signing in ------------------------------------------------------------------------------


class SignIn:
    """One sign-in attempt; ``run()`` blocks (call it in a worker), returns the new tokens."""

    def __init__(
        self,
        client_id: str,
        endpoints: XEndpoints,
        store: TokenStore,
        clock: Clock,
        *,
        open_browser: Callable[[str], object] = webbrowser.open,
        ports: tuple[int, ...] = callback_ports(),
        timeout: float = SIGN_IN_TIMEOUT,
        http_timeout: float = 20.0,
    ):
        client_id = client_id.strip()
        if not client_id:
            raise SignInFailed("Paste your app's Client ID first.")
        self.client_id = client_id
        self.endpoints = endpoints
        self.store = store
        self.clock = clock
        self.open_browser = open_browser
        self.ports = ports
        self.timeout = timeout
        self.http_timeout = http_timeout

    def run(self, cancelled: threading.Event | None = None) -> Tokens:
        import requests
        from requests_oauthlib import OAuth2Session

        _allow_plain_http_for(self.endpoints.token_url)
        self.store.check()  # a locked keychain is reported before the owner signs in for nothing
        listener = LoopbackListener(self.ports)  # listening before the browser opens
        try:
            oauth = OAuth2Session(
                self.client_id,
                redirect_uri=listener.redirect_uri,
                scope=list(SCOPES),
                pkce="S256",
            )
            url, state = oauth.authorization_url(self.endpoints.authorize_url)
            log.info("opening the browser to sign in (callback port %s)", listener.port)
            self.open_browser(url)
            answer = listener.wait(self.timeout, cancelled)
        finally:
            listener.close()
        if answer.get("state") != state:
            raise SignInFailed("X's answer did not match this sign-in (state). Try Connect again.")
        if "error" in answer:
            if answer["error"] == "access_denied":
                raise SignInFailed("You did not allow Kindly on X, so nothing changed.")
            raise SignInFailed(f"X did not sign you in ({answer['error']}).")
        code = answer.get("code")
        if not code:
            raise SignInFailed("X sent no sign-in code back. Try Connect again.")
        try:
            token = oauth.fetch_token(
                self.endpoints.token_url,
                code=code,
                include_client_id=True,
                timeout=self.http_timeout,
            )
        except Warning as scope_changed:  # X granted fewer scopes than asked: still a sign-in
            token = getattr(scope_changed, "token", None)
            if not token:
                raise SignInFailed("X changed the permissions asked for. Try again.") from None
        except requests.RequestException as exc:
            raise classify_transport_error(exc) from None
        except Exception as exc:  # oauthlib's OAuth2Error and friends carry X's refusal
            description = getattr(exc, "description", "") or type(exc).__name__
            log.warning("token exchange failed: %s", description)
            if _unauthorized_client(getattr(exc, "error", "")) or _unauthorized_client(exc):
                raise SignInFailed(NATIVE_APP) from None
            raise SignInFailed(
                f"X did not accept the sign-in ({description}). Check that the callback URL "
                f"{listener.redirect_uri} is registered in your app, then try again."
            ) from None
        try:
            grant = parse_token_response(dict(token))
        except MalformedAnswer as exc:
            raise SignInFailed(str(exc)) from None
        tokens = Tokens(
            grant.access_token,
            grant.refresh_token,
            self.clock.now() + timedelta(seconds=grant.expires_in) if grant.expires_in else None,
        )
        self.store.save(tokens)
        log.info("signed in to X (scopes: %s)", grant.scope)
        return tokens


# ----- keeping the tokens fresh ----------------------------------------------------------------


_REFRESH_LOCKS: dict[str, threading.Lock] = {}
_REFRESH_LOCKS_GUARD = threading.Lock()


def _refresh_lock(service: str) -> threading.Lock:
    with _REFRESH_LOCKS_GUARD:
        return _REFRESH_LOCKS.setdefault(service, threading.Lock())


class TokenKeeper:
    """Hands out a valid access token, refreshing 60 s before expiry, one refresh at a time."""

    def __init__(
        self,
        store: TokenStore,
        client_id: str,
        endpoints: XEndpoints,
        clock: Clock,
        *,
        session: requests.Session | None = None,
        timeout: float = 20.0,
    ):
        self.store = store
        self.client_id = client_id
        self.endpoints = endpoints
        self.clock = clock
        if not session:
            import requests

            session = requests.Session()
        self.session = session
        self.timeout = timeout
        self._lock = _refresh_lock(store.service)

    def access_token(self) -> str:
        with self._lock:
            tokens = self.store.load()
            if tokens is None:
                raise NotConnected()
            expires = tokens.expires_at
            if expires is not None and expires - REFRESH_MARGIN <= self.clock.now():
                tokens = self._refresh(tokens)
            return tokens.access_token

    def refresh_after_401(self, rejected: str) -> str:
        with self._lock:
            tokens = self.store.load()
            if tokens is None:
                raise NotConnected()
            if tokens.access_token != rejected:
                return tokens.access_token  # another worker refreshed meanwhile
            return self._refresh(tokens).access_token

    def _refresh(self, tokens: Tokens) -> Tokens:
        if not tokens.refresh_token:
            raise ReconnectNeeded("no refresh token")
        import requests

        _allow_plain_http_for(self.endpoints.token_url)
        try:
            response = self.session.post(
                self.endpoints.token_url,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": tokens.refresh_token,
                    "client_id": self.client_id,
                },
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise classify_transport_error(exc) from None
        if response.status_code >= 500:
            raise XServerError(response.status_code)
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            detail = problem_text(body) or f"error {response.status_code}"
            log.warning("token refresh refused: %s", response.status_code)
            if isinstance(body, dict) and _unauthorized_client(body.get("error")):
                raise ReconnectNeeded(NATIVE_APP)
            raise ReconnectNeeded(detail)
        try:
            grant = parse_token_response(body)
        except MalformedAnswer as exc:
            raise XMalformed(exc.what) from None
        fresh = Tokens(
            grant.access_token,
            grant.refresh_token or tokens.refresh_token,
            self.clock.now() + timedelta(seconds=grant.expires_in) if grant.expires_in else None,
        )
        # The rotated refresh token is stored before the new access token is ever used.
        if fresh.refresh_token:
            self.store.save_refresh_token(fresh.refresh_token)
        self.store.save(fresh)
        log.info("refreshed the X sign-in")
        return fresh


# ----- signing out -----------------------------------------------------------------------------


def revoke_tokens(
    tokens: Tokens,
    client_id: str,
    endpoints: XEndpoints,
    *,
    session: requests.Session | None = None,
    timeout: float = 20.0,
) -> str | None:
    """Ask X to invalidate the refresh and access tokens (``POST /2/oauth2/revoke`` with the
    client id, as X's docs show for public clients). None when X took them; otherwise what to
    tell the owner (the tokens are deleted here either way)."""
    import requests

    session = session or requests.Session()
    _allow_plain_http_for(endpoints.token_url)
    url = endpoints.api_base + "/2/oauth2/revoke"
    problem = None
    pairs = [(tokens.refresh_token, "refresh_token"), (tokens.access_token, "access_token")]
    for token, hint in pairs:
        if not token:
            continue
        try:
            response = session.post(
                url,
                data={"token": token, "token_type_hint": hint, "client_id": client_id},
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=timeout,
            )
        except requests.RequestException:
            return (
                "X could not be reached to end Kindly's access. It ends by itself when the "
                "sign-in expires, or remove Kindly at x.com/settings/connected_apps."
            )
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = None
            log.warning("token revoke refused: %s", response.status_code)
            if isinstance(body, dict) and _unauthorized_client(body.get("error")):
                return NATIVE_APP
            problem = (
                "X did not confirm that Kindly's access ended. To be sure, remove Kindly "
                "at x.com/settings/connected_apps."
            )
    return problem
