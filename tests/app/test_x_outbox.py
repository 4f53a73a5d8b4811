"""The outbox sends ready drafts through the fake X server exactly once, whatever goes wrong."""

from __future__ import annotations

import random

import pytest

from app.domain.drafts import DraftState
from app.services.outbox import NOT_MENTIONED, Outbox
from app.services.sync import SyncEngine
from tests.fakex.fixtures import WRITE_FAULTS, connected, fake_x, fault_id  # noqa: F401
from tests.fakex.server import SHOP_ID


def _synced(conn, mentions=3):
    conn.fake.add_mentions(mentions)
    report = SyncEngine(conn.workspace, conn.client(), rng=random.Random(1)).run()
    assert report.ok, report.error
    return conn.fake.mentions


def _ready_draft(ws, post_id, text, channel="public"):
    draft = ws.drafting.save(post_id, text, channel)
    ws.drafting.mark_ready(draft.id)
    return draft.id


def _drain(outbox, conn, clock, limit=20):
    reports = []
    for _ in range(limit):
        report = outbox.send_pending(conn.client(timeout=0.5))
        reports.append(report)
        if report.waiting == 0:
            return reports
        conn.fake.wait_idle()  # time passes: whatever X was still doing, it has done
        clock.set(max(clock.now(), report.next_try_at or clock.now()))
    raise AssertionError([r.error for r in reports])


def test_a_ready_reply_goes_out_once_and_the_draft_is_sent(connected, clock):
    ws = connected.workspace
    mentions = _synced(connected)
    draft_id = _ready_draft(ws, mentions[0]["id"], "So sorry, Maya! We're on it.")
    item = Outbox(ws).queue_draft(draft_id)
    assert item.state == "queued"
    assert ws.drafting.drafts.get(draft_id).state == DraftState.SENDING
    report = Outbox(ws).send_pending(connected.client())
    assert report.sent == [item.id]
    replies = connected.fake.replies_to(mentions[0]["id"])
    assert len(replies) == 1
    draft = ws.drafting.drafts.get(draft_id)
    assert draft.state == DraftState.SENT and draft.sent_post_id == replies[0]["id"]
    reply = ws.posts.get_by_id(replies[0]["id"])
    answered = ws.posts.get_by_id(mentions[0]["id"])
    assert reply.is_shop and reply.conversation_id == answered.conversation_id
    assert ws.posts.get_by_id(mentions[0]["id"]).status == "waiting"
    # A later sync sees the same reply and stores nothing twice.
    SyncEngine(ws, connected.client()).run()
    assert (
        ws.db.execute(
            "SELECT count(*) FROM posts WHERE is_shop = 1 AND author_id = ?", [SHOP_ID]
        ).fetchone()[0]
        == 1
    )


def test_a_dm_reply_goes_out_once(connected):
    ws = connected.workspace
    mentions = _synced(connected)
    draft_id = _ready_draft(ws, mentions[1]["id"], "Could you DM us your email?", channel="dm")
    outbox = Outbox(ws)
    outbox.queue_draft(draft_id)
    outbox.send_pending(connected.client())
    assert len(connected.fake.dms_to(mentions[1]["author_id"])) == 1
    assert ws.drafting.drafts.get(draft_id).state == DraftState.SENT


@pytest.mark.parametrize("fault", WRITE_FAULTS, ids=fault_id)
@pytest.mark.parametrize("channel", ["public", "dm"])
def test_every_fault_sends_exactly_once(connected, clock, fault, channel):
    ws = connected.workspace
    mentions = _synced(connected, mentions=6)
    path = "/2/tweets" if channel == "public" else "/messages"
    connected.fake.inject(method="POST", path=path, times=1, **fault)
    outbox = Outbox(ws, rng=random.Random(2))
    drafts = [
        _ready_draft(ws, m["id"], f"Thank you, friend number {i}!", channel)
        for i, m in enumerate(mentions[:4])
    ]
    for draft_id in drafts:
        outbox.queue_draft(draft_id)
    reports = _drain(outbox, connected, clock)
    assert connected.fake.faults[0].applied == 1
    if fault["kind"] in ("accept_then_drop", "slow"):
        # X had taken the post: Kindly found it on X instead of posting it again.
        assert sum(len(r.found_already_sent) for r in reports) == 1
    for mention in mentions[:4]:
        sent = (
            connected.fake.replies_to(mention["id"])
            if channel == "public"
            else connected.fake.dms_to(mention["author_id"])
        )
        assert len(sent) == 1, (mention["id"], sent)
    for draft_id in drafts:
        assert ws.drafting.drafts.get(draft_id).state == DraftState.SENT


def test_a_reply_x_refuses_shows_the_reason_and_the_web_intent(connected, clock):
    ws = connected.workspace
    fake = connected.fake
    _synced(connected)
    # Someone who never mentioned the shop (in a thread Kindly knows): X refuses API replies.
    stranger = fake.add_mention(fake.customer(99), text="talking about @lunabeads to a friend")
    stranger["entities"] = {}
    SyncEngine(ws, connected.client()).run()
    draft_id = _ready_draft(ws, stranger["id"], "Hi there!")
    outbox = Outbox(ws)
    item = outbox.queue_draft(draft_id)
    report = outbox.send_pending(connected.client())
    assert report.failed == [item.id]
    draft = ws.drafting.drafts.get(draft_id)
    assert draft.state == DraftState.FAILED and draft.failure == NOT_MENTIONED
    assert outbox.web_intent(outbox.store.get(item.id)).startswith("https://x.com/intent/post?")
    assert fake.replies_to(stranger["id"]) == []


def test_offline_keeps_the_draft_queued_until_back(workspace, clock, monkeypatch):
    from tests.fakex.fixtures import connect
    from tests.fakex.server import FakeX

    monkeypatch.delenv("KINDLY_X_API_BASE", raising=False)
    fake = FakeX().start()
    conn = connect(workspace, fake)
    mentions = _synced(conn)
    draft_id = _ready_draft(workspace, mentions[0]["id"], "On its way!")
    outbox = Outbox(workspace)
    item = outbox.queue_draft(draft_id)
    port = fake.port
    fake.stop()
    report = outbox.send_pending(conn.client())
    assert report.error_kind == "offline" and report.waiting == 1
    assert outbox.store.get(item.id).state == "queued"
    # Back online (same address), a minute later.
    back = FakeX()
    back.mentions, back.users = fake.mentions, fake.users
    back.tokens, back.refresh_tokens = fake.tokens, fake.refresh_tokens
    from http.server import ThreadingHTTPServer

    from tests.fakex.server import _Handler
    import threading

    back._server = ThreadingHTTPServer(("127.0.0.1", port), type("H", (_Handler,), {"fake": back}))
    threading.Thread(target=back._server.serve_forever, daemon=True).start()
    try:
        clock.advance(minutes=2)
        report = outbox.send_pending(conn.client())
        assert report.sent == [item.id]
        assert len(back.replies_to(mentions[0]["id"])) == 1
    finally:
        back.stop()


def test_a_queued_draft_is_never_queued_twice(connected):
    ws = connected.workspace
    mentions = _synced(connected)
    draft_id = _ready_draft(ws, mentions[0]["id"], "Hello!")
    outbox = Outbox(ws)
    first = outbox.queue_draft(draft_id)
    second = outbox.queue_draft(draft_id)
    assert first.id == second.id
    assert ws.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1


@pytest.mark.parametrize("kind", ["reply", "dm"])
def test_an_item_with_nowhere_to_go_fails_plainly_and_reaches_no_one(connected, kind):
    ws = connected.workspace
    _synced(connected)
    outbox = Outbox(ws)
    # The table ties each kind to its target, but an empty one still gets past it.
    target = {"in_reply_to_id": ""} if kind == "reply" else {"participant_id": ""}
    item = outbox.queue_text(kind, "Thanks for waiting!", **target)
    report = outbox.send_pending(connected.client())
    assert report.failed == [item.id] and report.sent == []
    assert "Kindly does not know" in (outbox.store.get(item.id).error or "")
    assert connected.fake.shop_posts == []
    assert [e for e in connected.fake.dm_events if e["sender_id"] == SHOP_ID] == []
