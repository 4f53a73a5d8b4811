"""DMs are conversations in the inbox: synced from X, listed in the DMs filter (and by status in
the others), read as one thread, answered through the same drafts, review and outbox, and sent
exactly once — through X's API when connected, X's DM compose link when not."""

from __future__ import annotations

import random
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlite_utils import Database

from app.domain.drafts import DraftState
from app.domain.models import InboxFilter, NewMention
from app.domain.times import from_db
from app.errors import ValidationError
from app.services.outbox import Outbox
from app.services.sync import SyncEngine
from app.storage.database import open_database
from app.storage.messages import DirectMessage
from app.storage.migrations import migrations
from app.storage.posts import dm_conversation_id, dm_post_id
from tests.conftest import NOW
from tests.fakex.fixtures import connected, fake_x  # noqa: F401 - fixtures
from tests.fakex.server import SHOP_ID


def _sync(conn):
    report = SyncEngine(conn.workspace, conn.client(), rng=random.Random(1)).run(dms=True)
    assert report.ok, report.error
    return report


def _listed(ws, inbox_filter):
    return [n for n, _ in ws.posts.page_keys(inbox_filter, limit=500)]


def test_a_synced_dm_is_a_thread_answered_through_the_api_exactly_once(connected, clock):
    ws = connected.workspace
    rosa = connected.fake.add_user("2000000777", "rosa_makes", "Rosa")
    first = connected.fake.add_dm(rosa, "Hi! My necklace clasp broke after a day. Order 1042.")
    second = connected.fake.add_dm(rosa, "Can you send a new one? I'm away from Friday.")
    connected.fake.add_mention(rosa, "@lunabeads love the new earrings!")
    _sync(connected)

    dms = _listed(ws, InboxFilter.DMS)
    assert len(dms) == 2 and ws.posts.count(InboxFilter.DMS) == 2
    newest = ws.posts.get(dms[0])
    assert newest.id == dm_post_id(second["id"]) and newest.is_dm and not newest.is_shop
    assert newest.conversation_id == dm_conversation_id("2000000777")
    assert newest.status == "open" and newest.kind == "question"  # triaged like a mention
    # In All and in Needs reply too; the mention is not a DM.
    assert set(dms) <= set(_listed(ws, InboxFilter.ALL))
    assert set(dms) <= set(_listed(ws, InboxFilter.NEEDS_REPLY))
    thread = ws.posts.thread(newest.conversation_id)
    assert [p.text for p in thread] == [first["text"], second["text"]]

    # Answered like a mention: composer draft (by DM only), review, outbox.
    with pytest.raises(ValidationError):
        ws.drafting.save(newest.id, "Public reply to a DM", "public")
    draft = ws.drafting.save(newest.id, "So sorry, Rosa! A new clasp goes out today.", "dm")
    ws.drafting.mark_ready(draft.id)
    assert [item.post.id for item in ws.drafting.review_queue()] == [newest.id]
    outbox = Outbox(ws)
    outbox.queue_draft(draft.id)
    report = outbox.send_pending(connected.client())
    assert report.sent and not report.failed
    sent = connected.fake.dms_to("2000000777")
    assert [e["text"] for e in sent] == ["So sorry, Rosa! A new clasp goes out today."]
    assert ws.drafting.drafts.get(draft.id).state == DraftState.SENT

    # The reply is the shop's post in the DM thread; both DMs wait on Rosa now.
    thread = ws.posts.thread(newest.conversation_id)
    assert [(p.is_shop, p.id) for p in thread][-1] == (True, dm_post_id(sent[0]["id"]))
    assert {p.status for p in thread if not p.is_shop} == {"waiting"}
    assert ws.posts.count(InboxFilter.DMS) == 2
    # A later sync reads the shop's DM back from X and stores nothing twice.
    clock.advance(minutes=20)
    _sync(connected)
    assert len(ws.posts.thread(newest.conversation_id)) == 3
    assert len(connected.fake.dms_to("2000000777")) == 1
    assert ws.db.execute("SELECT count(*) FROM direct_messages").fetchone()[0] == 3


def test_without_a_connection_a_dm_reply_opens_x_dm_compose_link(demo):
    recipient = demo.people.by_handle("hannahprice").id  # her X account's id
    demo.messages.add(
        DirectMessage(
            "2012000000000000001", recipient, demo.inbox.shop_person_id(), "Any news?", NOW, "x"
        )
    )
    post = demo.posts.get_by_id(dm_post_id("2012000000000000001"))
    assert post.status == "open"
    draft = demo.drafting.save(post.id, "Yes! Your size 7 ships today.")
    assert draft.is_dm  # a DM is answered by DM unless told otherwise (and never in public)
    request = demo.drafting.begin_sending(draft.id)
    parts = urlsplit(request.url)
    assert (parts.netloc, parts.path) == ("x.com", "/messages/compose")
    assert parse_qs(parts.query) == {
        "recipient_id": [recipient],
        "text": ["Yes! Your size 7 ships today."],
    }
    demo.drafting.mark_sent_by_hand(draft.id)
    thread = demo.posts.thread(post.conversation_id)
    assert thread[-1].is_shop and thread[-1].text == "Yes! Your size 7 ships today."
    assert demo.posts.get(post.n).status == "waiting"


def test_dms_and_mentions_point_at_each_other(workspace):
    ws = workspace
    ws.inbox.add_mention(
        NewMention("1900", "mara_k", "@shop my ring arrived bent", NOW, "x", author_id="42")
    )
    mention = ws.posts.get_by_id("1900")
    assert ws.inbox.elsewhere(mention) is None  # no DMs yet
    for i, text in enumerate(["hi, it's Mara", "mara@example.com is my email"]):
        ws.messages.add(
            DirectMessage(
                f"50{i}", "42", ws.inbox.shop_person_id(), text, NOW + timedelta(minutes=i), "x"
            )
        )
    newest_dm = ws.posts.get_by_id(dm_post_id("501"))
    assert ws.inbox.elsewhere(mention) == (2, newest_dm.n)
    assert ws.inbox.elsewhere(newest_dm) == (1, mention.n)


def test_the_dms_count_follows_mute_troll_and_forget(workspace):
    ws = workspace
    ws.people.ensure("seven", person_id="7")
    ws.messages.add(DirectMessage("601", "7", ws.inbox.shop_person_id(), "hello", NOW, "x"))
    assert ws.posts.count(InboxFilter.DMS) == ws.posts.counted(InboxFilter.DMS) == 1
    ws.inbox.set_muted("7", True)
    assert ws.posts.count(InboxFilter.DMS) == ws.posts.counted(InboxFilter.DMS) == 0
    assert ws.posts.count(InboxFilter.TROLLS) == 1
    ws.inbox.set_muted("7", False)
    assert ws.posts.count(InboxFilter.DMS) == 1
    ws.db.execute("DELETE FROM posts WHERE author_id = '7'")
    assert ws.posts.count(InboxFilter.DMS) == ws.posts.counted(InboxFilter.DMS) == 0


def test_an_older_database_brings_its_dms_into_the_inbox(tmp_path):
    path = tmp_path / "kindly.db"
    db = Database(path)
    migrations.apply(db, stop_before="0015_dms_in_the_inbox")
    with db.atomic():
        db.execute("UPDATE shop SET handle = 'junipergold', user_id = '1' WHERE id = 1")
        db.execute(
            "INSERT INTO people (id, handle) VALUES ('1', 'junipergold'), ('42', 'mara_k'),"
            " ('43', 'olly')"
        )
        rows = [  # Mara wrote and was answered; Olly wrote and waits
            ("11", "42", "1", "hi, my ring is bent", "2026-01-05T10:00:00Z"),
            ("12", "1", "42", "so sorry! a new one is on its way", "2026-01-05T11:00:00Z"),
            ("13", "43", "1", "is the engraving done?", "2026-01-06T09:00:00Z"),
        ]
        for row in rows:
            db.execute(
                "INSERT INTO direct_messages (id, sender_id, recipient_id, text, created_at,"
                " source) VALUES (?, ?, ?, ?, ?, 'x')",
                list(row),
            )
    db.close()

    db = open_database(path)
    try:
        found = db.execute(
            "SELECT id, conversation_id, is_shop, status, channel FROM posts ORDER BY id"
        ).fetchall()
        assert found == [
            ("dm:11", "dm:42", 0, "resolved", "dm"),
            ("dm:12", "dm:42", 1, None, "dm"),
            ("dm:13", "dm:43", 0, "open", "dm"),
        ]
        counts = db.execute("SELECT dms, needs_reply, all_posts FROM inbox_counts").fetchone()
        assert counts == (2, 1, 2)
        # Left for the triage backlog to sort, like an import's mentions.
        left = db.execute("SELECT id FROM posts WHERE kind_reason IS NULL AND is_shop = 0")
        assert left.fetchall() == [("dm:11",), ("dm:13",)]
    finally:
        db.close()


def test_the_shop_dm_sent_by_the_outbox_is_found_as_the_shops(connected):
    """Who the shop is among the people decides which side of the thread a DM sits on."""
    ws = connected.workspace
    _sync(connected)  # the shop's own account is known from here on
    ws.people.ensure("someone", person_id="2000000001")
    ws.messages.add(DirectMessage("701", SHOP_ID, "2000000001", "Hello from us", NOW, "x"))
    post = ws.posts.get_by_id(dm_post_id("701"))
    assert post.is_shop and post.conversation_id == dm_conversation_id("2000000001")
    assert ws.posts.count(InboxFilter.DMS) == 0


def test_forgetting_a_person_takes_their_whole_dm_thread(workspace):
    ws = workspace
    ws.people.ensure("mara_k", person_id="42")
    shop = ws.inbox.shop_person_id()
    ws.messages.add(DirectMessage("801", shop, "42", "Hi Mara, your ring is ready", NOW, "x"))
    ws.messages.add(DirectMessage("802", "42", shop, "great, mara@example.com", NOW, "x"))
    assert ws.customers.forget("42") is not None
    left = ws.db.execute("SELECT count(*) FROM posts WHERE channel = 'dm'").fetchone()[0]
    assert left == 0 and ws.posts.counts()[InboxFilter.DMS] == 0


def test_a_dm_sent_by_hand_is_one_dm_once_a_sync_reads_it_from_x(connected, clock):
    ws, fake = connected.workspace, connected.fake
    rosa = fake.add_user("2000000778", "rosa_beads", "Rosa")
    fake.add_dm(rosa, "Is my order 1043 on its way?")
    _sync(connected)
    [n] = _listed(ws, InboxFilter.DMS)
    post = ws.posts.get(n)
    # Not connected at that moment: the owner sends through X's DM window and says it posted.
    draft = ws.drafting.save(post.id, "Yes! It left us this morning & tracking is on its way.")
    ws.drafting.begin_sending(draft.id)
    ws.drafting.mark_sent_by_hand(draft.id)
    assert [p.id for p in ws.posts.thread(post.conversation_id)][-1] == dm_post_id(
        f"local-dm-{draft.id}"
    )
    # X has it (escaped, as X sends DM text), and the next sync reads it.
    clock.advance(minutes=3)
    sent = fake.add_dm(
        fake.users[SHOP_ID],
        "Yes! It left us this morning &amp; tracking is on its way.",
        to="2000000778",
    )
    clock.advance(minutes=30)
    _sync(connected)
    thread = ws.posts.thread(post.conversation_id)
    assert [(p.is_shop, p.id) for p in thread] == [
        (False, post.id),
        (True, dm_post_id(sent["id"])),
    ]
    stored = ws.db.execute("SELECT id FROM direct_messages ORDER BY created_at").fetchall()
    assert [i for (i,) in stored][-1] == sent["id"] and len(stored) == 2


@pytest.mark.parametrize(
    "fault",
    [{"kind": "accept_then_drop"}, {"kind": "error", "status": 503}, {"kind": "drop"}],
    ids=lambda f: f["kind"] + str(f.get("status", "")),
)
def test_a_dm_thread_reply_goes_out_once_whatever_x_does(connected, clock, fault):
    ws, fake = connected.workspace, connected.fake
    rosa = fake.add_user("2000000779", "rosa_knits", "Rosa")
    fake.add_dm(rosa, "Hello? My parcel never came.")
    _sync(connected)
    [n] = _listed(ws, InboxFilter.DMS)
    draft = ws.drafting.save(ws.posts.get(n).id, "So sorry, Rosa! A new one goes out today.")
    ws.drafting.mark_ready(draft.id)
    fake.inject(method="POST", path="/messages", times=1, **fault)
    outbox = Outbox(ws, rng=random.Random(3))
    outbox.queue_draft(draft.id)
    for _ in range(20):
        report = outbox.send_pending(connected.client(timeout=0.5))
        if report.waiting == 0:
            break
        fake.wait_idle()
        clock.set(max(clock.now(), report.next_try_at or clock.now()))
    assert fake.faults[0].applied == 1
    assert len(fake.dms_to("2000000779")) == 1
    assert ws.drafting.drafts.get(draft.id).state == DraftState.SENT
    clock.advance(minutes=10)
    _sync(connected)
    thread = ws.posts.thread(ws.posts.get(n).conversation_id)
    assert [p.is_shop for p in thread] == [False, True]


def test_a_new_dm_is_unread_and_counted_in_dms(workspace):
    """The DMs filter says how many DMs are new and "Mark all read" reads them, as every other
    filter does; the shop's own DM is never unread."""
    from app.domain.models import Picked
    from app.services.inbox import BulkAction

    ws = workspace
    ws.people.ensure("anna_k", person_id="8")
    shop = ws.inbox.shop_person_id()
    ws.messages.add(DirectMessage("701", "8", shop, "my parcel never came", NOW, "x"))
    ws.messages.add(DirectMessage("702", shop, "8", "So sorry!", NOW + timedelta(minutes=5), "x"))
    theirs, ours = ws.posts.get_by_id(dm_post_id("701")), ws.posts.get_by_id(dm_post_id("702"))
    assert ws.posts.inbox_rows([theirs.n])[theirs.n].unread
    assert not ws.posts.inbox_rows([ours.n])[ours.n].unread
    assert ws.posts.unread_counts()[InboxFilter.DMS] == 1
    ws.inbox.act(Picked(InboxFilter.DMS, whole=True), BulkAction.MARK_READ)
    assert ws.posts.unread_counts()[InboxFilter.DMS] == 0
    assert ws.posts.unread_counts() == {f: ws.posts.counted_unread(f) for f in InboxFilter}


def test_the_demo_owner_has_seen_all_but_the_newest_dms(demo):
    """As with its mentions: an answered DM, or one older than three hours, is read."""
    from app.services.demo import DEMO_SEEN_MINUTES

    now = demo.clock.now()
    rows = demo.db.execute(
        "SELECT status, created_at, unread FROM posts WHERE channel = 'dm' AND is_shop = 0"
    ).fetchall()
    assert rows
    for status, created_at, unread in rows:
        fresh = status == "open" and from_db(created_at) > now - timedelta(
            minutes=DEMO_SEEN_MINUTES
        )
        assert bool(unread) == fresh, (status, created_at)


def test_a_database_from_before_dms_were_counted_as_new_counts_them(tmp_path):
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="0020_dms_unread")
    db.execute("INSERT INTO people (id, handle) VALUES ('8', 'anna_k')")
    for i, unread in enumerate((1, 1, 0)):
        db.execute(
            "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind,"
            " status, source, channel, unread) VALUES (?, 'dm:8', '8', 0, 'hello', ?, 'other',"
            " 'open', 'test', 'dm', ?)",
            [f"dm:{i}", f"2026-11-0{i + 1}T09:00:00Z", unread],
        )
    migrations.apply(db)
    assert db.execute("SELECT dms_unread FROM inbox_counts").fetchone()[0] == 2
    db.execute("UPDATE posts SET unread = 0 WHERE id = 'dm:0'")
    assert db.execute("SELECT dms_unread FROM inbox_counts").fetchone()[0] == 1
    db.close()
