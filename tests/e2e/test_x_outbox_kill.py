"""Exactly once across a kill: Kindly is SIGKILLed mid-send, restarted, and posts once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys

import pytest

from app.services.outbox import Outbox
from app.services.sync import SyncEngine
from app.workspace import open_workspace
from tests.conftest import ROOT
from tests.fakex.fixtures import connect
from tests.fakex.server import FakeX

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _worker(db, keyring_file, fake):
    env = dict(
        os.environ,
        PYTHON_KEYRING_BACKEND="tests.fakex.file_keyring.FileKeyring",
        KINDLY_TEST_KEYRING=str(keyring_file),
        KINDLY_X_API_BASE=fake.base_url,
    )
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.x_outbox_worker", str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("channel", ["public", "dm"])
@pytest.mark.parametrize("moment", ["after X accepted", "before X took it"])
def test_a_reply_is_posted_exactly_once_across_a_kill(
    tmp_path, shared_keyring, monkeypatch, moment, channel
):
    monkeypatch.delenv("KINDLY_X_API_BASE", raising=False)
    fake = FakeX().start()
    db = tmp_path / "kindly.db"
    try:
        ws = open_workspace(db)
        conn = connect(ws, fake, timeout=10)
        fake.add_mentions(5)
        assert SyncEngine(ws, conn.client(), rng=random.Random(1)).run().ok
        mention = fake.mentions[2]
        text = "We're so sorry & a new one ships today <3"
        draft = ws.drafting.save(mention["id"], text, channel)
        ws.drafting.mark_ready(draft.id)
        item = Outbox(ws).queue_draft(draft.id)
        ws.close()

        path = "/2/tweets" if channel == "public" else "/messages"
        fake.inject(
            "hold" if moment == "after X accepted" else "hold_then_drop",
            method="POST",
            path=path,
            seconds=60,
        )

        def sent():
            if channel == "public":
                return fake.replies_to(mention["id"])
            return [e for e in fake.dms_to(mention["author_id"]) if e["text"] == text]

        first = _worker(db, shared_keyring, fake)
        assert fake.held.wait(60), first.communicate(timeout=5)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        fake.hold_release.set()
        assert first.returncode == -signal.SIGKILL
        ws = open_workspace(db)
        assert Outbox(ws).store.get(item.id).state == "attempting"  # recorded before the call
        ws.close()

        second = _worker(db, shared_keyring, fake)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert len(sent()) == 1
        ws = open_workspace(db)
        stored = Outbox(ws).store.get(item.id)
        assert stored.state == "sent"
        assert stored.sent_id == sent()[0]["id"]
        assert ws.drafting.drafts.get(draft.id).state == "sent"
        ws.close()
        if moment == "after X accepted":
            assert "found=1" in out  # found on X, not posted again
            assert len(fake.requests_to("POST", path)) == 1
        else:
            assert "sent=1" in out
        assert fake.violations == []
    finally:
        fake.stop()
