"""pytest fixtures for tests that talk to the fake X server (import them into a test module)."""

from __future__ import annotations

import socket
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from app.services.oauth import callback_url
from app.services.secrets import Tokens, TokenStore
from app.services.sync import allow_dm_backfill
from app.services.xconnection import client_for
from tests.fakex.server import CLIENT_ID, SHOP_HANDLE, FakeX


# Every way a send can go wrong at X, for the outbox's exactly-once tests.
WRITE_FAULTS = [
    {"kind": "accept_then_drop"},
    {"kind": "slow", "seconds": 1.5},
    {"kind": "error", "status": 503},
    {"kind": "error", "status": 500},
    {"kind": "drop"},
    {"kind": "rate_limit", "reset_in": 90},
    {"kind": "malformed"},
    {"kind": "expire_token"},
    {"kind": "credits"},
    {"kind": "usage_cap"},
]


def fault_id(fault: dict) -> str:
    return fault["kind"] + str(fault.get("status", ""))


def free_ports(count: int = 3) -> tuple[int, ...]:
    """Ports free right now on 127.0.0.1 (for callback listeners in tests)."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return tuple(ports)


@pytest.fixture
def fake_x(monkeypatch):
    monkeypatch.delenv("KINDLY_X_API_BASE", raising=False)
    fake = FakeX().start()
    yield fake
    fake.stop()
    assert fake.violations == [], "requests or answers outside X's OpenAPI spec"


@dataclass
class Connected:
    workspace: object
    fake: FakeX
    store: TokenStore

    def client(self, **kwargs):
        kwargs.setdefault("sleep", lambda seconds: None)
        kwargs.setdefault("limits", {})
        return client_for(self.workspace, store=self.store, **kwargs)


def connect(workspace, fake: FakeX, timeout: float = 1.0, dms_agreed: bool = True) -> Connected:
    """A workspace signed in to the fake server (tokens in the in-memory keyring).
    ``dms_agreed``: the owner already said yes to the first (billed) DM read."""
    settings = workspace.settings.load()
    workspace.settings.save(
        settings.replace(
            x_client_id=CLIENT_ID, x_api_base=fake.base_url, x_request_timeout_seconds=timeout
        )
    )
    shop = workspace.shop.get()
    workspace.shop.save(
        replace(shop, handle=shop.handle or SHOP_HANDLE, name=shop.name or "Luna Beads")
    )
    fake.clock = workspace.clock.now  # X's clock and Kindly's agree (start_time is honoured)
    grant = fake.issue_tokens()
    store = TokenStore()
    store.save(
        Tokens(
            grant["access_token"],
            grant["refresh_token"],
            workspace.clock.now() + timedelta(seconds=grant["expires_in"]),
        )
    )
    if dms_agreed:
        allow_dm_backfill(workspace)
    return Connected(workspace, fake, store)


@pytest.fixture
def connected(workspace, fake_x):
    return connect(workspace, fake_x)


__all__ = [
    "WRITE_FAULTS",
    "Connected",
    "callback_url",
    "connect",
    "connected",
    "fake_x",
    "fault_id",
    "free_ports",
]
