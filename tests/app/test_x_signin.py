"""Signing in with PKCE against the fake X server; keeping and rotating tokens; the keychain."""

from __future__ import annotations

import socket
import threading
from datetime import timedelta

import keyring.errors
import pytest
import requests

from app.services.oauth import (
    SCOPES,
    LoopbackListener,
    SignIn,
    SignInFailed,
    TokenKeeper,
    XEndpoints,
    callback_url,
)
from app.services.secrets import KeychainUnavailable, TokenStore
from app.services.xapi import ReconnectNeeded
from tests.fakex.fixtures import connected, fake_x, free_ports  # noqa: F401 - fixtures
from tests.fakex.server import CLIENT_ID


def _browser(follow_state=None):
    """The test's browser: follows the authorize URL (X redirects to the loopback callback)."""
    seen = []

    def open_browser(url: str) -> None:
        seen.append(url)

        def go():
            target = url
            if follow_state is not None:
                target = url.replace("state=", f"state={follow_state}")
            requests.get(target, timeout=5)

        threading.Thread(target=go, daemon=True).start()

    return open_browser, seen


def _sign_in(fake, clock, ports, **kwargs):
    fake.callbacks = tuple(callback_url(p) for p in ports)
    opener, seen = _browser(kwargs.pop("follow_state", None))
    sign_in = SignIn(
        CLIENT_ID,
        XEndpoints.for_base(fake.base_url),
        TokenStore(),
        clock,
        open_browser=opener,
        ports=ports,
        timeout=kwargs.pop("timeout", 10),
    )
    return sign_in, seen


def test_sign_in_end_to_end_with_pkce(fake_x, clock, memory_keyring):
    ports = free_ports()
    sign_in, seen = _sign_in(fake_x, clock, ports)
    tokens = sign_in.run()
    url = seen[0]
    assert "code_challenge_method=S256" in url and "code_challenge=" in url and "state=" in url
    assert "scope=" + "+".join(SCOPES) in url.replace("%20", "+")
    assert f"redirect_uri=http%3A%2F%2F127.0.0.1%3A{ports[0]}%2Fcallback" in url
    stored = TokenStore().load()
    assert stored.access_token == tokens.access_token and stored.refresh_token
    assert stored.expires_at == clock.now() + timedelta(seconds=fake_x.token_lifetime)
    # Access and refresh tokens are separate keychain entries, each well under Windows' cap.
    entries = memory_keyring.secrets
    assert len([k for k in entries if k[1] in ("access_token", "refresh_token")]) == 2
    assert all(len(v.encode()) < 2560 for v in entries.values())
    # The token exchange carried the PKCE verifier and the public client's id.
    token_calls = fake_x.requests_to("POST", "/2/oauth2/token")
    assert len(token_calls) == 1


def test_sign_in_falls_back_when_the_first_port_is_busy(fake_x, clock):
    ports = free_ports()
    busy = socket.socket()
    busy.bind(("127.0.0.1", ports[0]))
    busy.listen()
    try:
        sign_in, seen = _sign_in(fake_x, clock, ports)
        sign_in.run()
    finally:
        busy.close()
    assert f"127.0.0.1%3A{ports[1]}" in seen[0]


def test_a_wrong_state_is_refused_and_nothing_is_stored(fake_x, clock):
    sign_in, _ = _sign_in(fake_x, clock, free_ports(), follow_state="forged")
    with pytest.raises(SignInFailed, match="did not match"):
        sign_in.run()
    assert TokenStore().load() is None
    assert not fake_x.requests_to("POST", "/2/oauth2/token")


def test_an_unregistered_callback_is_explained(fake_x, clock):
    ports = free_ports()
    fake_x.callbacks = ("http://127.0.0.1:1/callback",)
    opener, _ = _browser()
    sign_in = SignIn(
        CLIENT_ID,
        XEndpoints.for_base(fake_x.base_url),
        TokenStore(),
        clock,
        open_browser=opener,
        ports=ports,
        timeout=1.0,
    )
    with pytest.raises(SignInFailed, match="five minutes"):
        sign_in.run()  # X showed its error page; nothing came back to Kindly


def test_the_listener_binds_127_0_0_1_only_and_accepts_one_callback():
    ports = free_ports(1)
    listener = LoopbackListener(ports)
    assert listener._server.server_address[0] == "127.0.0.1"
    results = []

    def call():
        results.append(requests.get(listener.redirect_uri + "?code=a&state=b", timeout=5))

    thread = threading.Thread(target=call)
    thread.start()
    answer = listener.wait(5)
    thread.join()
    assert answer == {"code": "a", "state": "b"}
    assert results[0].status_code == 200 and "close this tab" in results[0].text
    with pytest.raises(requests.ConnectionError):
        requests.get(listener.redirect_uri, timeout=2)  # closed after one callback


def test_the_listener_gives_up(clock):
    listener = LoopbackListener(free_ports(1))
    with pytest.raises(SignInFailed, match="five minutes"):
        listener.wait(0.3)


def test_refresh_sixty_seconds_before_expiry_rotates_and_stores_first(connected, clock):
    fake = connected.fake
    store = connected.store
    old = store.load()
    keeper = TokenKeeper(store, CLIENT_ID, XEndpoints.for_base(fake.base_url), clock)
    assert keeper.access_token() == old.access_token  # not due yet
    clock.set(old.expires_at - timedelta(seconds=59))
    fresh = keeper.access_token()
    assert fresh != old.access_token
    new = store.load()
    assert new.refresh_token != old.refresh_token  # X rotated it, and Kindly kept the new one
    assert old.refresh_token not in fake.refresh_tokens and new.refresh_token in fake.refresh_tokens
    assert len(fake.requests_to("POST", "/2/oauth2/token")) == 1


def test_one_refresh_at_a_time(connected, clock):
    fake = connected.fake
    store = connected.store
    clock.set(store.load().expires_at)
    keeper = TokenKeeper(store, CLIENT_ID, XEndpoints.for_base(fake.base_url), clock)
    got = []
    threads = [threading.Thread(target=lambda: got.append(keeper.access_token())) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(got)) == 1
    assert len(fake.requests_to("POST", "/2/oauth2/token")) == 1


def test_401_gets_one_refresh_and_one_retry(connected):
    fake = connected.fake
    fake.expire_tokens()
    me = connected.client().me()
    assert me.username == "lunabeads"
    assert len(fake.requests_to("POST", "/2/oauth2/token")) == 1
    assert len(fake.requests_to("GET", "/2/users/me")) == 2


def test_a_second_401_means_reconnect_not_a_loop(connected):
    fake = connected.fake
    fake.inject("expire_token", path="/2/users/me", times=5)
    with pytest.raises(ReconnectNeeded):
        connected.client().me()
    assert len(fake.requests_to("POST", "/2/oauth2/token")) == 1
    assert len(fake.requests_to("GET", "/2/users/me")) == 2


@pytest.mark.parametrize(
    "error", [keyring.errors.KeyringLocked, keyring.errors.NoKeyringError, keyring.errors.InitError]
)
def test_a_locked_or_missing_keychain_is_a_clear_state(
    memory_keyring, monkeypatch, error, workspace
):
    def broken(*args, **kwargs):
        raise error("nope")

    monkeypatch.setattr(memory_keyring, "get_password", broken)
    monkeypatch.setattr(memory_keyring, "set_password", broken)
    with pytest.raises(KeychainUnavailable) as caught:
        TokenStore().load()
    assert "keychain" in str(caught.value).lower()
    from app.services.xconnection import Connection, status

    workspace.settings.save(workspace.settings.load().replace(x_client_id=CLIENT_ID))
    assert status(workspace).state == Connection.KEYCHAIN


def test_disconnect_deletes_the_tokens(connected, memory_keyring):
    from app.services.xconnection import Connection, disconnect, status

    assert status(connected.workspace, connected.store).state == Connection.CONNECTED
    disconnect(connected.workspace, connected.store)
    assert memory_keyring.secrets == {}
    assert status(connected.workspace, connected.store).state == Connection.SIGNED_OUT


def test_the_api_base_is_a_setting_or_an_environment_variable(monkeypatch):
    monkeypatch.delenv("KINDLY_X_API_BASE", raising=False)
    real = XEndpoints.for_base("https://api.x.com")
    assert real.authorize_url == "https://x.com/i/oauth2/authorize"
    assert real.token_url == "https://api.x.com/2/oauth2/token"
    local = XEndpoints.for_base("http://127.0.0.1:8000/")
    assert local.api_base == "http://127.0.0.1:8000"
    assert local.authorize_url == "http://127.0.0.1:8000/i/oauth2/authorize"
    monkeypatch.setenv("KINDLY_X_API_BASE", "http://127.0.0.1:9999")
    assert XEndpoints.for_base("https://api.x.com").api_base == "http://127.0.0.1:9999"
