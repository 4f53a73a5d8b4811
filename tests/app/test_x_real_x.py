"""Kindly against a fake X as unkind as the real one (every behaviour of tests/fakex/server.py's
``Unkind`` on): exactly-once sends, text as people wrote it, both field namings, running out of
credits, the first DM read, revoking on disconnect, and the oEmbed date in any locale."""

from __future__ import annotations

import json
import locale
import random
from datetime import timedelta

import pytest
import requests

from app.domain.drafts import DraftState
from app.services import oembed
from app.services.outbox import DUPLICATE_PROBABLY_SENT, Outbox
from app.services.secrets import TokenStore
from app.services.sync import (
    SyncEngine,
    dm_backfill_estimate,
    dm_backfill_waiting,
    sync_line,
)
from app.services.xapi import CREDITS_OUT
from app.services.xconnection import FIELD_NAMING, disconnect
from app.storage.x_sync import SyncState
from app.workspace import open_workspace
from tests.fakex.fixtures import (  # noqa: F401 - fixtures
    WRITE_FAULTS,
    connect,
    connected,
    fake_x,
    fault_id,
)
from tests.fakex.server import SHOP_ID, FakeX
from tests.fakex.shapes import check_answer


def _sync(conn, **kwargs):
    report = SyncEngine(conn.workspace, conn.client(), rng=random.Random(1)).run(**kwargs)
    assert report.ok, report.error
    return report


def _ready(ws, post_id, text, channel="public"):
    draft = ws.drafting.save(post_id, text, channel)
    ws.drafting.mark_ready(draft.id)
    return draft.id


# ----- exactly once: every fault × carrying on or a restart, replies and DMs ----------------------


@pytest.mark.parametrize("restart", [False, True], ids=["same-process", "restart"])
@pytest.mark.parametrize("fault", WRITE_FAULTS, ids=fault_id)
@pytest.mark.parametrize("channel", ["public", "dm"])
def test_send_matrix_no_double_post_no_false_failure(
    tmp_path, clock, monkeypatch, channel, fault, restart
):
    monkeypatch.delenv("KINDLY_X_API_BASE", raising=False)
    fake = FakeX().start()
    db = tmp_path / "kindly.db"
    ws = open_workspace(db, clock)
    try:
        conn = connect(ws, fake, timeout=1.0)
        fake.add_mentions(6)
        _sync(conn)
        mentions = fake.mentions[:4]
        # Text X escapes and that the web app prefixes: the look-up must still recognise it.
        texts = [f"Thanks & sorry <3 — we'll fix order #{i} today, friend {i}!" for i in range(4)]
        drafts = [_ready(ws, m["id"], t, channel) for m, t in zip(mentions, texts, strict=True)]
        for draft_id in drafts:
            Outbox(ws).queue_draft(draft_id)
        path = "/2/tweets" if channel == "public" else "/messages"
        fake.inject(method="POST", path=path, times=1, **fault)
        for _turn in range(25):
            report = Outbox(ws, rng=random.Random(2)).send_pending(conn.client(timeout=0.6))
            assert not report.failed, [ws.drafting.drafts.get(d).failure for d in drafts]
            if report.waiting == 0:
                break
            fake.wait_idle()
            # Long back-offs: hours may pass between attempts.
            clock.set(max(clock.now() + timedelta(hours=1), report.next_try_at or clock.now()))
            if restart:
                ws.close()
                ws = open_workspace(db, clock)
                conn.workspace = ws
        assert report.waiting == 0
        assert fake.faults[0].applied == 1
        for mention, text in zip(mentions, texts, strict=True):
            if channel == "public":
                assert len(fake.replies_to(mention["id"])) == 1, "posted twice"
            else:
                sent = [e for e in fake.dms_to(mention["author_id"]) if e["text"] == text]
                assert len(sent) == 1, "sent twice"
        for draft_id in drafts:
            assert ws.drafting.drafts.get(draft_id).state == DraftState.SENT
        # The outbox never read the lagging DM list: it looks in the conversation.
        assert not [
            e for e in fake.requests_to("GET", "/2/dm_events") if e.query.get("max_results") == "50"
        ]
        assert fake.violations == []
    finally:
        ws.close()
        fake.stop()


def test_a_reply_is_found_from_its_first_attempt_after_long_backoffs(connected, clock):
    ws, fake = connected.workspace, connected.fake
    fake.add_mentions(2)
    _sync(connected)
    draft_id = _ready(ws, fake.mentions[0]["id"], "Fish & chips > pizza, @lunabeads agrees")
    outbox = Outbox(ws, rng=random.Random(3))
    item = outbox.queue_draft(draft_id)
    # X takes the reply and the answer is lost; then the look-ups fail for hours.
    fake.inject("accept_then_drop", method="POST", path="/2/tweets")
    fake.inject("error", status=503, method="GET", path="/tweets", times=6)
    outbox.send_pending(connected.client(timeout=0.5))
    first = outbox.store.get(item.id).first_attempt_at
    for _ in range(10):
        clock.advance(hours=2)
        report = outbox.send_pending(connected.client(timeout=0.5))
        if report.waiting == 0:
            break
    assert report.found_already_sent == [item.id]
    stored = outbox.store.get(item.id)
    assert stored.first_attempt_at == first and clock.now() - first > timedelta(hours=4)
    assert len(fake.replies_to(fake.mentions[0]["id"])) == 1
    reply = fake.replies_to(fake.mentions[0]["id"])[0]
    assert reply["text"].startswith("@customer_0000 ")  # stored with the web app's prefix


def test_a_duplicate_answer_on_a_retry_is_checked_never_change_a_word(
    connected, clock, monkeypatch
):
    ws, fake = connected.workspace, connected.fake
    fake.add_mentions(2)
    _sync(connected)
    draft_id = _ready(ws, fake.mentions[0]["id"], "On its way & tracked!")
    outbox = Outbox(ws, rng=random.Random(4))
    item = outbox.queue_draft(draft_id)
    fake.inject("accept_then_drop", method="POST", path="/2/tweets")
    outbox.send_pending(connected.client(timeout=0.5))
    real_find = Outbox._find_on_x
    misses = iter([True])  # the first look misses (X's timeline can lag a post)
    monkeypatch.setattr(
        Outbox,
        "_find_on_x",
        lambda self, i, c: None if next(misses, False) else real_find(self, i, c),
    )
    clock.advance(hours=3)  # the retry comes hours after the first attempt
    report = outbox.send_pending(connected.client())
    assert outbox.store.get(item.id).attempts == 2  # it was sent again, and X said "duplicate"
    assert report.failed == [] and "change a word" not in (outbox.store.get(item.id).error or "")
    assert report.found_already_sent == [item.id]
    assert len(fake.replies_to(fake.mentions[0]["id"])) == 1
    assert ws.drafting.drafts.get(draft_id).state == DraftState.SENT
    assert "change a word" not in DUPLICATE_PROBABLY_SENT.lower()


def test_a_dm_is_looked_for_in_its_conversation_not_the_lagging_list(connected, clock):
    ws, fake = connected.workspace, connected.fake
    fake.add_mentions(2)
    _sync(connected)
    customer = fake.mentions[1]["author_id"]
    draft_id = _ready(ws, fake.mentions[1]["id"], "Could you DM us your order number?", "dm")
    outbox = Outbox(ws)
    item = outbox.queue_draft(draft_id)
    fake.inject("accept_then_drop", method="POST", path="/messages")
    outbox.send_pending(connected.client(timeout=0.5))
    # Right after the send, X's DM list does not show it yet (as recorded); the conversation does.
    listed = requests.get(
        fake.base_url + "/2/dm_events",
        headers={"Authorization": "Bearer " + TokenStore().load().access_token},
        timeout=5,
    ).json()
    assert all(e["text"] != "Could you DM us your order number?" for e in listed.get("data", []))
    clock.advance(minutes=5)
    report = outbox.send_pending(connected.client())
    assert report.found_already_sent == [item.id]
    assert len(fake.dms_to(customer)) == 1
    assert fake.requests_to("GET", f"/2/dm_conversations/with/{customer}/dm_events")


# ----- text as people wrote it ----------------------------------------------------------------------


def test_escaped_long_and_edited_posts_read_as_written(connected, clock):
    ws, fake = connected.workspace, connected.fake
    customer = fake.customer(7)
    short = fake.add_mention(customer, "@lunabeads earrings & a <3 ring > anything else!")
    long_text = "@lunabeads " + "so many beads & colours, " * 14 + "the end."
    assert len(long_text) > 280
    long = fake.add_mention(customer, long_text)
    fake.add_dm(customer, "Tom & Jerry <both> say hi")
    _sync(connected)
    assert (
        ws.posts.get_by_id(short["id"]).text == "@lunabeads earrings & a <3 ring > anything else!"
    )
    assert ws.posts.get_by_id(long["id"]).text == long_text  # from note_tweet, not the cut text
    dm = ws.db.execute(
        "SELECT text FROM direct_messages WHERE sender_id = ?", [customer["id"]]
    ).fetchone()[0]
    assert dm == "Tom & Jerry <both> say hi"
    asked = fake.requests_to("GET", "/mentions")[0].query
    assert "note_tweet" in asked["tweet.fields"]
    # The owner sorts it and starts a reply; then the customer edits the post.
    ws.db.execute(
        "UPDATE posts SET kind = 'complaint', status = 'waiting' WHERE id = ?", [short["id"]]
    )
    draft = ws.drafting.save(short["id"], "We're on it!")
    edited = fake.edit_post(short["id"], "@lunabeads earrings & a ring — edited: order #5")
    report = _sync(connected)
    assert report.edited == 1 and report.new_mentions == 0
    row = ws.db.execute(
        "SELECT text, kind, status FROM posts WHERE id = ?", [short["id"]]
    ).fetchone()
    assert tuple(row) == ("@lunabeads earrings & a ring — edited: order #5", "complaint", "waiting")
    assert not ws.posts.exists(edited["id"])  # one post in the thread, not two
    assert ws.drafting.drafts.get(draft.id).post_id == short["id"]


def test_partial_errors_next_to_data_still_store_the_page(connected):
    fake = connected.fake
    shop_post = fake.add_mention(fake.users[SHOP_ID], "New beads in the shop!")
    fake.mentions.remove(shop_post)
    fake.shop_posts.append(shop_post)
    fake.add_mention(fake.customer(3), "@lunabeads love these", reply_to=shop_post["id"])
    fake.delete_post(shop_post["id"])
    report = _sync(connected)
    assert report.new_mentions == 1
    answer = json.loads(fake.requests_to("GET", "/mentions")[0].response)
    assert answer["errors"][0]["title"] == "Not Found Error" and answer["data"]


# ----- naming ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("naming", ["tweet", "post"])
def test_sync_and_send_work_in_either_field_naming(connected, clock, naming):
    ws, fake = connected.workspace, connected.fake
    fake.unkind.naming = naming
    fake.add_mentions(120, people=10)
    fake.add_mention(fake.customer(1), "@lunabeads " + "long & winding " * 25)
    report = _sync(connected)
    assert report.new_mentions == 121
    remembered = SyncState(ws.db).get(FIELD_NAMING)
    assert (remembered or "tweet") == naming
    refused = [e for e in fake.exchanges if e.status == 400]
    assert len(refused) == (1 if naming == "post" else 0)  # one 400, then remembered
    long = max(fake.mentions, key=lambda p: len(p["text"]))
    assert ws.posts.get_by_id(long["id"]).text == long["text"]
    draft_id = _ready(ws, fake.mentions[0]["id"], "Thanks!")
    Outbox(ws).queue_draft(draft_id)
    fake.inject("accept_then_drop", method="POST", path="/2/tweets")
    outbox = Outbox(ws)
    outbox.send_pending(connected.client(timeout=0.5))
    clock.advance(minutes=5)
    report = outbox.send_pending(connected.client())
    assert report.found_already_sent and len(fake.replies_to(fake.mentions[0]["id"])) == 1
    assert len([e for e in fake.exchanges if e.status == 400]) == len(refused)  # remembered


def test_a_naming_switch_is_tried_once_and_a_page_token_400_is_not_a_naming_problem(connected):
    fake = connected.fake
    fake.add_mentions(3)
    fake.unkind.naming = "post"
    client = connected.client()
    client.naming = "tweet"
    page = client.mentions(SHOP_ID)
    assert len(page.posts) == 3 and client.naming == "post"
    from app.services.xapi import XRefused

    with pytest.raises(XRefused):
        client.mentions(SHOP_ID, pagination_token="not-a-token")
    assert client.naming == "post"


# ----- money ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["credits", "usage_cap"])
def test_out_of_credits_pauses_sync_and_queued_replies_wait(connected, clock, kind):
    ws, fake = connected.workspace, connected.fake
    fake.add_mentions(3)
    _sync(connected)
    fake.add_mentions(2)
    fault = fake.inject(kind, times=1000)
    report = SyncEngine(ws, connected.client()).run()
    assert report.error_kind == "credits" and report.error == CREDITS_OUT
    assert report.retry_at - clock.now() >= timedelta(minutes=30)
    line = sync_line(ws, connected=True)
    assert line.text == "Your X credits ran out — top up at developer.x.com; nothing is lost."
    draft_id = _ready(ws, fake.mentions[0]["id"], "Thank you!")
    outbox = Outbox(ws)
    item = outbox.queue_draft(draft_id)
    report = outbox.send_pending(connected.client())
    assert report.error_kind == "credits" and report.failed == []
    assert outbox.store.get(item.id).state == "queued"
    assert ws.drafting.drafts.get(draft_id).state == DraftState.SENDING
    fault.times = fault.applied  # topped up
    clock.advance(hours=1)
    assert outbox.send_pending(connected.client()).sent == [item.id]
    assert _sync(connected).new_mentions == 2


# ----- the first DM read ----------------------------------------------------------------------------


def test_the_first_dm_read_waits_for_the_owners_yes(workspace, fake_x, clock):
    conn = connect(workspace, fake_x, dms_agreed=False)
    fake_x.add_dms(12)
    report = _sync(conn)
    assert report.dm_backfill_waiting and report.new_dms == 0
    assert fake_x.requests_to("GET", "/2/dm_events") == []
    estimate = dm_backfill_estimate(workspace)
    assert estimate.guessed and estimate.dollars == pytest.approx(100 * 0.010)
    assert "$1.00" in estimate.question() and "30 days" in estimate.question()
    from app.services.sync import allow_dm_backfill

    allow_dm_backfill(workspace)
    assert not dm_backfill_waiting(workspace)
    assert _sync(conn, dms=True).new_dms == 12
    asked = fake_x.requests_to("GET", "/2/dm_events")[0].query
    assert asked["event_types"] == "MessageCreate"


# ----- disconnecting --------------------------------------------------------------------------------


def test_disconnect_revokes_at_x_then_deletes_the_tokens(connected):
    tokens = connected.store.load()
    assert disconnect(connected.workspace, connected.store) is None
    assert tokens.refresh_token in connected.fake.revoked
    assert tokens.refresh_token not in connected.fake.refresh_tokens
    assert connected.store.load() is None
    form = connected.fake.requests_to("POST", "/2/oauth2/revoke")
    assert form, "revoke was called"


def test_a_web_app_client_is_told_to_choose_native_app(connected):
    ws = connected.workspace
    ws.settings.save(ws.settings.load().replace(x_client_id="a-confidential-web-app"))
    problem = disconnect(ws, connected.store)
    assert "Native App" in problem
    assert connected.store.load() is None  # deleted here all the same


def test_an_authorization_code_expires_after_30_seconds(fake_x, monkeypatch):
    fake_x.unkind.code_lifetime = 0.0
    answer = requests.get(
        fake_x.base_url + "/i/oauth2/authorize",
        params={
            "client_id": fake_x.client_id,
            "redirect_uri": fake_x.callbacks[0],
            "response_type": "code",
            "code_challenge_method": "S256",
            "code_challenge": "x" * 43,
            "state": "s",
        },
        allow_redirects=False,
        timeout=5,
    )
    code = answer.headers["location"].split("code=")[1]
    token = requests.post(
        fake_x.base_url + "/2/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": fake_x.client_id,
            "redirect_uri": fake_x.callbacks[0],
            "code_verifier": "v",
        },
        timeout=5,
    )
    assert token.status_code == 400


# ----- the fake's answers are held against X's recorded ones ----------------------------------------


def test_recorded_shapes_catch_a_malformed_answer():
    assert check_answer("GET", "/2/users/1/mentions", {"data": [{"foo": 1}]})
    assert check_answer("GET", "/2/users/me", {"data": {"id": 1, "username": "a", "name": "b"}})
    assert check_answer("GET", "/2/users/1/mentions", {"meta": {"result_count": 0}}) == []


# ----- oEmbed in any locale -------------------------------------------------------------------------


def test_the_oembed_date_is_read_without_the_system_locale(monkeypatch):
    body = {
        "author_url": "https://twitter.com/maya",
        "author_name": "Maya",
        "html": '<blockquote><p>hello</p>&mdash; Maya <a href="x">December 3, 2026</a>'
        "</blockquote>",
    }
    try:
        previous = locale.setlocale(locale.LC_TIME)
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        previous = None  # no German locale here: also prove strptime is not used at all

        class NoStrptime(oembed.datetime):
            @classmethod
            def strptime(cls, *args):
                raise ValueError("month names in the system locale")

        monkeypatch.setattr(oembed, "datetime", NoStrptime)
    try:
        found = oembed.parse_oembed(body, "1")
    finally:
        if previous is not None:
            locale.setlocale(locale.LC_TIME, previous)
    assert (found.posted_on.year, found.posted_on.month, found.posted_on.day) == (2026, 12, 3)


def test_a_refresh_refused_as_unauthorized_client_says_native_app(connected):
    from app.services.xapi import ReconnectNeeded

    ws = connected.workspace
    ws.settings.save(ws.settings.load().replace(x_client_id="a-confidential-web-app"))
    connected.fake.expire_tokens()
    with pytest.raises(ReconnectNeeded, match="Native App"):
        connected.client().me()
