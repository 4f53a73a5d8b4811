"""The X connection as a whole: is it set up, what state is it in, and the objects a worker needs.

The window asks ``status()`` (no network); a worker calls ``client_for(workspace)`` on its own
database connection to get an ``XClient`` that counts costs and refreshes tokens.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from app.services.costs import CostMeter
from app.services.oauth import (
    SignIn,
    TokenKeeper,
    XEndpoints,
    callback_ports,
    callback_url,
    revoke_tokens,
)
from app.services.secrets import KeychainUnavailable, TokenStore
from app.services.xapi import XClient, shared_limits
from app.settings import Settings
from app.storage.x_sync import SyncState, UsageStore

if TYPE_CHECKING:  # requests is imported on first use, not at start
    import requests

log = logging.getLogger("kindly.x")

FIELD_NAMING = "x.field_naming"  # 'tweet' or 'post': the field names X last accepted

ENCRYPTED_DMS = (
    "X's encrypted chats (XChat) are outside X's DM API, so Kindly cannot read or send them. "
    "Ask customers to write to the shop by an ordinary (unencrypted) DM, or answer encrypted "
    "chats in the X app and add what matters to Kindly by hand."
)


class Connection(StrEnum):
    NOT_SET_UP = "not_set_up"  # no Client ID yet
    SIGNED_OUT = "signed_out"  # Client ID, no tokens
    CONNECTED = "connected"
    RECONNECT = "reconnect"  # X stopped accepting the sign-in
    KEYCHAIN = "keychain"  # the keychain is locked or missing


@dataclass(frozen=True)
class ConnectionStatus:
    state: Connection
    username: str | None = None
    message: str = ""

    @property
    def connected(self) -> bool:
        return self.state == Connection.CONNECTED


def endpoints(settings: Settings) -> XEndpoints:
    return XEndpoints.for_base(settings.x_api_base)


def api_base_overridden() -> bool:
    return bool(os.environ.get("KINDLY_X_API_BASE"))


def callback_urls(settings: Settings) -> list[str]:
    return [callback_url(port) for port in callback_ports(settings.x_callback_port)]


def status(workspace, store: TokenStore | None = None) -> ConnectionStatus:
    settings = workspace.settings.load()
    state = SyncState(workspace.db)
    if not settings.x_client_id.strip():
        return ConnectionStatus(Connection.NOT_SET_UP)
    store = store or TokenStore()
    try:
        tokens = store.load()
    except KeychainUnavailable as exc:
        return ConnectionStatus(Connection.KEYCHAIN, message=str(exc))
    if tokens is None:
        return ConnectionStatus(Connection.SIGNED_OUT)
    username = state.get("x.username")
    problem = state.get("x.needs_reconnect")
    if problem:
        return ConnectionStatus(Connection.RECONNECT, username, problem)
    return ConnectionStatus(Connection.CONNECTED, username)


def client_for(
    workspace, *, store: TokenStore | None = None, session: requests.Session | None = None, **kwargs
) -> XClient:
    """An X client for this workspace's connection (call in the worker that will use it)."""
    settings = workspace.settings.load()
    ends = endpoints(settings)
    store = store or TokenStore()
    if not session:
        import requests

        session = requests.Session()
    keeper = TokenKeeper(
        store,
        settings.x_client_id,
        ends,
        workspace.clock,
        session=session,
        timeout=settings.x_request_timeout_seconds,
    )
    meter = CostMeter(UsageStore(workspace.db), workspace.clock)
    state = SyncState(workspace.db)
    kwargs.setdefault("limits", shared_limits())
    kwargs.setdefault("timeout", settings.x_request_timeout_seconds)
    kwargs.setdefault("naming", state.get(FIELD_NAMING) or "tweet")
    kwargs.setdefault("on_naming", lambda naming: state.set(FIELD_NAMING, naming))
    return XClient(
        ends.api_base, keeper, workspace.clock, session=session, on_usage=meter.add, **kwargs
    )


def revoke_sign_in(
    settings: Settings, store: TokenStore | None = None, session: requests.Session | None = None
) -> str | None:
    """Ask X to revoke the stored tokens (network only: call it in a worker). None when X took
    them; otherwise what to tell the owner."""
    store = store or TokenStore()
    try:
        tokens = store.load()
    except KeychainUnavailable:
        return None
    if tokens is None or not settings.x_client_id.strip():
        return None
    return revoke_tokens(
        tokens,
        settings.x_client_id.strip(),
        endpoints(settings),
        session=session,
        timeout=settings.x_request_timeout_seconds,
    )


def sign_in_account(path, clock, sign_in: SignIn, cancelled, store: TokenStore | None = None):
    """The browser sign-in, then who signed in, on a connection of its own (call it in a worker):
    the account facts of an earlier sign-in are cleared first. Returns X's user."""
    from app.services.sync import NEEDS_RECONNECT, USER_ID, USERNAME, SyncEngine
    from app.workspace import open_workspace

    sign_in.run(cancelled)
    workspace = open_workspace(path, clock)
    try:
        SyncState(workspace.db).delete(NEEDS_RECONNECT, USER_ID, USERNAME)
        return SyncEngine(workspace, client_for(workspace, store=store)).account()
    finally:
        workspace.close()


def forget_sign_in(workspace, store: TokenStore | None = None) -> None:
    """Tokens deleted from the keychain, the account facts from the DB. What was synced stays
    (it is the owner's inbox)."""
    (store or TokenStore()).delete()
    state = SyncState(workspace.db)
    state.delete("x.needs_reconnect", "x.user_id", "x.username")
    log.info("disconnected from X")


def disconnect(
    workspace, store: TokenStore | None = None, session: requests.Session | None = None
) -> str | None:
    """End the sign-in: X revokes the tokens first (so they stop working at X too, not only
    here), then they are forgotten. Returns what to tell the owner if X did not confirm."""
    store = store or TokenStore()
    problem = revoke_sign_in(workspace.settings.load(), store, session)
    forget_sign_in(workspace, store)
    return problem
