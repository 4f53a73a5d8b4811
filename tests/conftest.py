"""Shared test set-up: offscreen Qt, an in-memory keyring, a fake clock, demo workspaces."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("KINDLY_TESTING", "1")

import keyring  # noqa: E402
import pytest  # noqa: E402

from app.clock import FakeClock  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def memory_keyring():
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def workspace(clock):
    from app.workspace import open_workspace

    ws = open_workspace(None, clock)
    yield ws
    ws.close()


@pytest.fixture
def demo(tmp_path, clock):
    """A demo shop in a real file (WAL, like the app), loaded at the fake clock's now."""
    from app.services.demo import load_demo
    from app.workspace import open_workspace

    ws = open_workspace(tmp_path / "demo.db", clock)
    load_demo(ws)
    yield ws
    ws.close()


def shared_data(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not present: {path}")
    return path
