"""Syncing mentions and DMs from the fake X server: pages, idempotency, faults, owner edits."""

from __future__ import annotations

import json
import random

import pytest

from app.domain.models import Status
from app.services.sync import MENTIONS_SINCE, MENTIONS_TOKEN, SyncEngine
from app.storage.people import local_person_id
from app.storage.x_sync import SyncState
from tests.fakex.fixtures import connected, fake_x  # noqa: F401 - fixtures
from tests.fakex.server import SHOP_ID


def _engine(conn, **client_kwargs):
    return SyncEngine(conn.workspace, conn.client(**client_kwargs), rng=random.Random(1))


def _counts(ws):
    posts = ws.db.execute(
        "SELECT count(*), count(DISTINCT id) FROM posts WHERE is_shop = 0 AND channel = 'public'"
    ).fetchone()
    dms = ws.db.execute("SELECT count(*), count(DISTINCT id) FROM direct_messages").fetchone()
    return posts, dms


def _sync_until_done(engine, clock, limit=40):
    """Run like the scheduler would: again at each report's retry time, until a clean run."""
    reports = []
    for _ in range(limit):
        report = engine.run()
        reports.append(report)
        if report.ok:
            return reports
        clock.set(max(clock.now(), report.retry_at))
    raise AssertionError(f"sync never finished: {[r.error for r in reports]}")


def test_first_sync_brings_1000_mentions_and_100_dms_across_pages(connected, clock):
    fake = connected.fake
    fake.add_mentions(1000)
    fake.add_dms(100)
    report = _engine(connected).run()
    assert report.ok, report.error
    assert report.new_mentions == 1000
    assert report.new_dms == 100
    ws = connected.workspace
    assert _counts(ws) == ((1000, 1000), (100, 100))
    mention_pages = fake.requests_to("GET", "/mentions")
    # max_results=100, and one more: X sends a next_token on the last page too (recorded), and
    # only the empty page after it says there is no more.
    assert len(mention_pages) == 11
    assert all(e.query["max_results"] == "100" for e in mention_pages)
    assert len(fake.requests_to("GET", "/2/users/me")) == 1
    # The cursor moved to the newest mention; the pagination state is cleared.
    state = SyncState(ws.db)
    assert state.get(MENTIONS_SINCE) == max(fake.mentions, key=lambda p: int(p["id"]))["id"]
    assert state.get(MENTIONS_TOKEN) is None
    # Authors came with their names and pictures.
    person = ws.people.get(fake.mentions[0]["author_id"])
    assert person.handle.startswith("customer_") and person.profile_image_url
    # The shop is the connected account now.
    assert ws.shop.get().user_id == SHOP_ID


def test_a_second_sync_asks_only_for_what_is_new(connected):
    fake = connected.fake
    fake.add_mentions(30)
    engine = _engine(connected)
    engine.run()
    since = SyncState(connected.workspace.db).get(MENTIONS_SINCE)
    fake.add_mentions(3)
    fake.add_dms(2)
    report = engine.run(dms=True)
    assert (report.new_mentions, report.new_dms) == (3, 2)
    assert fake.requests_to("GET", "/mentions")[-1].query["since_id"] == since
    report = engine.run()
    assert (report.new_mentions, report.new_dms) == (0, 0)
    assert _counts(connected.workspace) == ((33, 33), (2, 2))
    assert len(fake.requests_to("GET", "/2/users/me")) == 1  # once per connection


def test_a_sync_never_overwrites_the_owners_edits(connected):
    fake = connected.fake
    post = fake.add_mention(fake.customer(1), text="@lunabeads my parcel never came")
    engine = _engine(connected)
    engine.run()
    ws = connected.workspace
    stored = ws.posts.get_by_id(post["id"])
    ws.inbox.set_kind([stored.n], "praise")
    ws.posts.set_status([stored.n], Status.RESOLVED)
    ws.inbox.set_notes(stored.author_id, "Regular since 2024")
    # The same post arrives again (X repeats pages after a lost cursor), and the person renamed.
    fake.users[post["author_id"]]["name"] = "Customer One (new name)"
    SyncState(ws.db).delete(MENTIONS_SINCE)
    engine.run()
    again = ws.posts.get_by_id(post["id"])
    assert (again.kind, again.status, again.kind_by_owner) == ("praise", "resolved", True)
    person = ws.people.get(post["author_id"])
    assert person.notes == "Regular since 2024"
    assert person.name == "Customer One (new name)"
    assert _counts(ws)[0] == (1, 1)


def test_a_person_added_by_hand_is_merged_into_their_x_account(connected, clock):
    ws = connected.workspace
    fake = connected.fake
    customer = fake.customer(7)
    from app.domain.models import NewMention

    n = ws.inbox.add_mention(
        NewMention(
            id="1700000000000000001",
            author_handle=customer["username"].upper(),
            text="@lunabeads hello from before the sync",
            created_at=clock.now(),
            source="manual",
        )
    )
    local = local_person_id(customer["username"])
    assert ws.posts.get(n).author_id == local
    ws.inbox.set_notes(local, "Prefers e-mail")
    ws.followups.add_dm_by_hand(customer["username"], "my email is seven@example.com", None)
    promise_ids = [p.id for p in ws.promises.open_for_person(local)]
    assert promise_ids
    fake.add_mention(customer, text="@lunabeads and now through X")
    report = _engine(connected).run()
    assert report.ok, report.error
    assert ws.people.get(local) is None
    real = ws.people.get(customer["id"])
    assert real.notes == "Prefers e-mail" and real.handle == customer["username"]
    assert ws.posts.get(n).author_id == customer["id"]
    assert (
        ws.db.execute(
            "SELECT count(*) FROM direct_messages WHERE sender_id = ?", [local]
        ).fetchone()[0]
        == 0
    )
    assert [p.id for p in ws.promises.open_for_person(customer["id"])] == promise_ids


def test_synced_dms_feed_the_promise_ledger_like_hand_added_ones(connected):
    ws = connected.workspace
    fake = connected.fake
    customer = fake.customer(3)
    fake.add_dm(customer, "Here you go: maya@example.com, order 5521")
    report = _engine(connected).run()
    assert report.new_dms == 1
    promises = ws.promises.open_for_person(customer["id"])
    assert [(p.kind, p.email) for p in promises] == [("email_owed", "maya@example.com")]


@pytest.mark.parametrize(
    "fault",
    [
        dict(kind="error", status=500),
        dict(kind="error", status=503),
        dict(kind="slow", seconds=1.5),
        dict(kind="malformed"),
        dict(kind="bad_shape"),
        dict(kind="drop"),
        dict(kind="rate_limit", reset_in=120),
        dict(kind="expire_token"),
    ],
    ids=lambda f: f["kind"] + str(f.get("status", "")),
)
@pytest.mark.parametrize("where", ["/mentions", "/2/dm_events"])
def test_every_fault_loses_nothing_and_duplicates_nothing(connected, clock, fault, where):
    fake = connected.fake
    fake.add_mentions(450)
    fake.add_dms(250, people=40)
    # The fault strikes mid-way (third page) and keeps striking past the client's own retries.
    # An expired token is a one-off (a second 401 in a row rightly means "Reconnect").
    fake.inject(path=where, times=1 if fault["kind"] == "expire_token" else 4, after=2, **fault)
    engine = _engine(connected, timeout=0.5)
    reports = _sync_until_done(engine, clock)
    assert _counts(connected.workspace) == ((450, 450), (250, 250))
    assert sum(r.new_mentions for r in reports) == 450
    assert sum(r.new_dms for r in reports) == 250
    assert fake.faults[0].applied >= 1  # the fault really struck
    if fault["kind"] == "expire_token":
        assert len(fake.requests_to("POST", "/2/oauth2/token")) == 1  # one refresh, then on
    assert not fake.violations


def test_a_malformed_answer_changes_nothing_and_is_reported(connected):
    fake = connected.fake
    fake.add_mentions(20)
    fake.inject("bad_shape", path="/mentions", times=10)
    report = _engine(connected).run()
    assert not report.ok and report.error_kind == "malformed"
    assert "could not read" in report.error
    assert _counts(connected.workspace)[0] == (0, 0)
    assert SyncState(connected.workspace.db).get(MENTIONS_SINCE) is None


def test_rate_limit_schedules_the_next_try_after_the_reset(connected, clock):
    fake = connected.fake
    fake.add_mentions(10)
    fake.inject("rate_limit", path="/mentions", reset_in=600)
    report = _engine(connected).run()
    assert report.error_kind == "rate_limited"
    assert report.retry_at > clock.now()
    # Kindly did not hammer X: one call, then it waited.
    assert len(fake.requests_to("GET", "/mentions")) == 1


def test_offline_is_reported_plainly_and_retried_soon(workspace, clock, monkeypatch):
    from tests.fakex.fixtures import connect
    from tests.fakex.server import FakeX

    monkeypatch.delenv("KINDLY_X_API_BASE", raising=False)
    fake = FakeX(validate=False).start()
    conn = connect(workspace, fake)
    fake.stop()  # the network is gone
    report = _engine(conn).run()
    assert report.error_kind == "offline"
    assert "offline" in report.error.lower()
    assert report.retry_at is not None and (report.retry_at - clock.now()).total_seconds() <= 60


def test_a_revoked_sign_in_asks_for_reconnect_without_looping(connected):
    fake = connected.fake
    fake.add_mentions(5)
    fake.expire_tokens()
    fake.revoke_refresh_tokens()
    report = _engine(connected).run()
    assert report.error_kind == "reconnect"
    assert report.retry_at is None
    assert len(fake.requests_to("POST", "/2/oauth2/token")) == 1
    from app.services.xconnection import Connection, status

    assert status(connected.workspace, connected.store).state == Connection.RECONNECT


def test_the_status_line_and_automatic_sync(connected, clock):
    from app.services.sync import auto_sync_due, sync_line

    ws = connected.workspace
    fake = connected.fake
    assert "Not connected" in sync_line(ws, connected=False).text
    assert auto_sync_due(ws, True, False, clock.now())  # never synced: go
    fake.add_mentions(2)
    fake.add_dms(1)
    _engine(connected).run()
    line = sync_line(ws, connected=True)
    assert "2 new mentions, 1 new DM" in line.text and line.tone == "ok"
    assert not auto_sync_due(ws, True, False, clock.now())
    clock.advance(minutes=15)
    assert auto_sync_due(ws, True, False, clock.now())
    assert not auto_sync_due(ws, True, True, clock.now())  # the cost cap pauses it
    ws.settings.save(ws.settings.load().replace(x_auto_sync=False))
    assert not auto_sync_due(ws, True, False, clock.now())
    ws.settings.save(ws.settings.load().replace(x_auto_sync=True))
    fake.inject("rate_limit", path="/mentions", reset_in=3600)
    _engine(connected).run()
    assert "slow down" in sync_line(ws, connected=True).text
    assert not auto_sync_due(ws, True, False, clock.now())


def test_dms_are_read_sparingly_because_x_bills_each_event(connected, clock):
    ws = connected.workspace
    fake = connected.fake
    fake.add_dms(150)
    engine = _engine(connected)
    assert engine.run().new_dms == 150
    calls = len(fake.requests_to("GET", "/2/dm_events"))
    engine.run()  # a quarter of an hour later: not due, no DM read at all
    assert len(fake.requests_to("GET", "/2/dm_events")) == calls
    report = engine.run(dms=True)  # Sync now: one event is enough to see nothing is new
    assert report.new_dms == 0
    assert fake.requests_to("GET", "/2/dm_events")[-1].query["max_results"] == "1"
    # While a follow-up awaits a customer's DM, every sync looks.
    customer = fake.customer(2)
    ws.promises.add(
        kind="awaiting_dm", person_id=customer["id"], created_at=clock.now(), due_at=clock.now()
    )
    fake.add_dm(customer, "here it is: two@example.com")
    assert engine.run().new_dms == 1
    ws.db.execute("UPDATE promises SET status = 'done'")
    clock.advance(hours=6)
    fake.add_dm(customer, "and one more thing")
    assert engine.run().new_dms == 1  # the idle interval passed


def test_the_shop_becomes_the_connected_account(workspace, fake_x, clock):
    from dataclasses import replace

    from tests.fakex.fixtures import connect

    workspace.shop.save(replace(workspace.shop.get(), handle="LunaBeads", name="Luna Beads"))
    shop_person = workspace.inbox.shop_person_id()
    assert shop_person == "handle:lunabeads"
    workspace.posts.add_shop_reply("local-1", shop_person, "Thanks!", clock.now(), None, "kindly")
    conn = connect(workspace, fake_x)
    assert _engine(conn).run().ok
    shop = workspace.shop.get()
    assert (shop.user_id, shop.handle) == (SHOP_ID, "lunabeads")
    assert workspace.people.get("handle:lunabeads") is None
    assert workspace.posts.get_by_id("local-1").author_id == SHOP_ID
    assert workspace.inbox.shop_person_id() == SHOP_ID


def test_the_status_line_survives_a_last_result_without_its_time(connected):
    from app.services.sync import LAST_RESULT, sync_line

    ws = connected.workspace
    connected.fake.add_mentions(1)
    _engine(connected).run()
    state = SyncState(ws.db)
    result = json.loads(state.get(LAST_RESULT))
    result["finished_at"] = "not a time"
    state.set(LAST_RESULT, json.dumps(result))
    line = sync_line(ws, connected=True)
    assert line.text.startswith("Synced — 1 new mention") and line.tone == "ok"


def test_a_dm_answered_on_a_later_page_waits_on_the_customer(connected):
    # X lists DMs newest first, so a first read of many DMs stores the shop's answer before the
    # customer's DM it answers (a page later). That DM waits on the customer all the same.
    ws = connected.workspace
    fake = connected.fake
    customer = fake.customer(40)
    asked = fake.add_dm(customer, "Where is my order? It has been three weeks")
    fake.add_dms(120)
    fake.add_dm({"id": SHOP_ID}, "So sorry! It went out today.", to=customer["id"])
    report = _engine(connected).run(dms=True)
    assert report.new_dms == 122 and report.pages >= 2
    post = ws.posts.get_by_id(f"dm:{asked['id']}")
    assert post.status == Status.WAITING
