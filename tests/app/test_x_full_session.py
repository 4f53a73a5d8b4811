"""The whole X connection in one go, against the fake server with faults sprinkled everywhere:
sign in, sync 1,000 mentions and 100 DMs across pages, send replies and DMs exactly once."""

from __future__ import annotations

import random
import threading

import requests

from app.services.oauth import SignIn, XEndpoints, callback_url
from app.services.outbox import Outbox
from app.services.secrets import TokenStore
from app.services.sync import SyncEngine, allow_dm_backfill
from app.services.xconnection import client_for
from tests.fakex.fixtures import fake_x, free_ports  # noqa: F401 - fixtures
from tests.fakex.server import CLIENT_ID

FAULTS = [
    dict(kind="error", status=503),
    dict(kind="error", status=500),
    dict(kind="malformed"),
    dict(kind="bad_shape"),
    dict(kind="drop"),
    dict(kind="slow", seconds=0.8),
    dict(kind="rate_limit", reset_in=60),
    dict(kind="expire_token"),
]


def test_sign_in_sync_and_send_through_every_fault(workspace, clock, fake_x):
    rng = random.Random(2026)
    ports = free_ports()
    fake_x.callbacks = tuple(callback_url(p) for p in ports)
    workspace.settings.save(
        workspace.settings.load().replace(
            x_client_id=CLIENT_ID, x_api_base=fake_x.base_url, x_request_timeout_seconds=0.4
        )
    )

    def browser(url):
        threading.Thread(target=lambda: requests.get(url, timeout=5), daemon=True).start()

    fake_x.clock = clock.now  # X's clock agrees with Kindly's
    SignIn(
        CLIENT_ID,
        XEndpoints.for_base(fake_x.base_url),
        TokenStore(),
        clock,
        open_browser=browser,
        ports=ports,
    ).run()
    allow_dm_backfill(workspace)  # the owner said yes to the first DM read

    fake_x.add_mentions(1000, people=120)
    fake_x.add_dms(100, people=40)
    for path in ("/mentions", "/2/dm_events"):
        for fault in FAULTS:
            fake_x.inject(path=path, **fault)

    def client():
        return client_for(workspace, sleep=lambda s: None, limits={})

    runs = 0
    while True:
        runs += 1
        report = SyncEngine(workspace, client(), rng=rng).run()
        if report.ok:
            break
        assert report.error_kind != "reconnect", report.error
        clock.set(max(clock.now(), report.retry_at))
        assert runs < 60
    db = workspace.db
    assert db.execute(
        "SELECT count(*), count(DISTINCT id) FROM posts WHERE source = 'x' AND is_shop = 0 AND channel = 'public'"
    ).fetchone() == (1000, 1000)
    assert db.execute(
        "SELECT count(*), count(DISTINCT id) FROM direct_messages WHERE source = 'x'"
    ).fetchone() == (100, 100)
    assert all(f.applied >= 1 for f in fake_x.faults), "every fault struck"

    # Replies and DMs, with the write faults.
    for fault in [
        dict(kind="accept_then_drop"),
        dict(kind="slow", seconds=1.0),
        dict(kind="error", status=503),
        dict(kind="drop"),
        dict(kind="expire_token"),
        dict(kind="rate_limit", reset_in=30),
    ]:
        fake_x.inject(method="POST", path="/2/tweets", **fault)
        fake_x.inject(method="POST", path="/messages", **fault)
    targets = fake_x.mentions[:20]
    outbox = Outbox(workspace, rng=rng)
    for i, mention in enumerate(targets):
        channel = "dm" if i % 4 == 0 else "public"
        draft = workspace.drafting.save(
            mention["id"], f"Thank you for writing, friend {i}!", channel
        )
        workspace.drafting.mark_ready(draft.id)
        outbox.queue_draft(draft.id)
    for _ in range(60):
        report = outbox.send_pending(client())
        if report.waiting == 0:
            break
        fake_x.wait_idle()
        clock.set(max(clock.now(), report.next_try_at or clock.now()))
    assert report.waiting == 0
    for i, mention in enumerate(targets):
        if i % 4 == 0:
            assert (
                len(
                    [
                        e
                        for e in fake_x.dms_to(mention["author_id"])
                        if e["text"].endswith(f"friend {i}!")
                    ]
                )
                == 1
            )
        else:
            assert len(fake_x.replies_to(mention["id"])) == 1
    assert db.execute("SELECT count(*) FROM drafts WHERE state = 'sent'").fetchone()[0] == 20
    assert all(f.applied >= 1 for f in fake_x.faults), "every write fault struck too"
