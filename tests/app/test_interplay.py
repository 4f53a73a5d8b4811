"""Features that meet: DMs as posts, bulk actions and their Undo, time to resolve, earlier
replies, alerts, export and import, forget a person. Each was tested alone; these check them
together."""

from datetime import timedelta

from app.domain.models import InboxFilter, NewMention, Picked
from app.services.inbox import BulkAction
from app.services.search import earlier_replies
from app.storage.messages import DirectMessage


def _resolved_at(ws):
    return dict(
        ws.db.execute(
            "SELECT n, resolved_at FROM posts WHERE is_shop = 0 AND status = 'resolved'"
        ).fetchall()
    )


def test_undo_of_a_bulk_reopen_gives_back_when_each_mention_was_resolved(demo):
    # The demo's resolved mentions were resolved days ago; reopening them all by mistake and
    # pressing Undo must not make them resolved "now" (Stats' time to resolve would jump).
    before = _resolved_at(demo)
    assert len(before) > 5 and all(before.values())
    done = demo.inbox.act(Picked(InboxFilter.RESOLVED, whole=True), BulkAction.REOPEN)
    assert demo.posts.count(InboxFilter.RESOLVED) == 0
    done.undo.restore()
    assert _resolved_at(demo) == before


def test_undo_of_a_bulk_resolve_leaves_no_resolved_time_behind(demo):
    open_ns = [
        n
        for (n,) in demo.db.execute(
            "SELECT n FROM posts WHERE is_shop = 0 AND status IN ('open', 'waiting')"
        ).fetchall()
    ]
    done = demo.inbox.act(Picked(InboxFilter.ALL, tuple(open_ns[:4])), BulkAction.RESOLVE)
    done.undo.restore()
    assert demo.db.execute(
        f"SELECT count(*) FROM posts WHERE n IN ({','.join('?' * len(open_ns))})"
        " AND resolved_at IS NOT NULL",
        open_ns,
    ).fetchone() == (0,)


def test_earlier_replies_never_offer_a_private_dm_as_a_public_reply(workspace):
    ws = workspace
    ws.db.execute("UPDATE shop SET handle = 'shop'")
    shop = ws.inbox.shop_person_id()
    maya = ws.people.ensure("maya")
    now = ws.clock.now()
    ws.messages.add(
        DirectMessage(
            "501", maya, shop, "the turquoise ceramic teapot arrived cracked",
            now - timedelta(days=3), "x",
        )
    )  # fmt: skip
    ws.messages.add(
        DirectMessage(
            "502", shop, maya, "So sorry Maya! I refunded order 4471 to maya@example.com",
            now - timedelta(days=3) + timedelta(hours=1), "x",
        )
    )  # fmt: skip
    n = ws.inbox.add_mention(
        NewMention(
            id="900",
            author_handle="zoe",
            text="@shop my turquoise ceramic teapot came cracked",
            created_at=now,
            source="test",
        )
    )
    assert earlier_replies(ws.db, n) == []
    # The same exchange in public is offered.
    ws.inbox.add_mention(
        NewMention(
            id="800",
            author_handle="ann",
            text="@shop the turquoise ceramic teapot arrived cracked",
            created_at=now - timedelta(days=2),
            source="test",
        )
    )
    ws.posts.add_shop_reply(
        "801", shop, "@ann So sorry! A new one is on its way.", now - timedelta(days=2), "800", "x"
    )
    found = earlier_replies(ws.db, n)
    assert [e.reply_text for e in found] == ["So sorry! A new one is on its way."]


def _older_export(demo, tmp_path):
    """The demo shop as a Kindly from before 0015 exported it: its DMs only in direct_messages,
    posts without channel, unread or resolved_at."""
    import json

    from app.services.exporter import export_json

    out = tmp_path / "new.json"
    export_json(demo.db, out, demo.clock)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["schema"] = "0013_order_update_without_order_number"
    data["tables"]["posts"] = [
        {k: v for k, v in row.items() if k not in ("channel", "unread", "resolved_at")}
        for row in data["tables"]["posts"]
        if row["channel"] == "public"
    ]
    data["tables"].pop("saved_searches", None)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    return old


def test_dms_of_an_export_from_before_dms_were_posts_come_into_the_inbox(demo, tmp_path):
    from app.importers import run_import
    from app.workspace import open_workspace

    dms = demo.db.execute(
        "SELECT id, conversation_id, author_id, is_shop, text, created_at FROM posts"
        " WHERE channel = 'dm' ORDER BY id"
    ).fetchall()
    assert dms
    fresh = open_workspace(tmp_path / "fresh.db", demo.clock)
    try:
        run_import(fresh, _older_export(demo, tmp_path))
        found = "SELECT id, conversation_id, author_id, is_shop, text, created_at FROM posts"
        found += " WHERE channel = 'dm' ORDER BY id"
        assert fresh.db.execute(found).fetchall() == dms
        assert fresh.posts.count(InboxFilter.DMS) == demo.posts.count(InboxFilter.DMS)
        assert fresh.posts.counts() == {f: fresh.posts.counted(f) for f in InboxFilter}
        # Importing it again adds nothing, a DM's post included.
        again = run_import(fresh, _older_export(demo, tmp_path))
        assert again.total_added == 0
        assert fresh.db.execute(found).fetchall() == dms
    finally:
        fresh.close()


def test_forgetting_a_person_takes_their_queued_replies_and_dms_out_of_the_outbox(demo):
    from app.services.outbox import Outbox

    person_id, post_id = demo.db.execute(
        "SELECT d.sender_id, p.id FROM direct_messages d JOIN posts p ON p.author_id = d.sender_id"
        " AND p.channel = 'public' AND p.is_shop = 0 LIMIT 1"
    ).fetchone()
    other = demo.db.execute(
        "SELECT id FROM posts WHERE is_shop = 0 AND channel = 'public' AND author_id != ? LIMIT 1",
        [person_id],
    ).fetchone()[0]
    outbox = Outbox(demo)
    outbox.queue_text(
        "dm", "Your refund to leah@example.net is on its way", participant_id=person_id
    )
    outbox.queue_text("reply", "Sorry about the clasp!", in_reply_to_id=post_id)
    outbox.queue_text("reply", "Thank you!", in_reply_to_id=other)
    demo.customers.forget(person_id)
    left = demo.db.execute("SELECT text FROM outbox ORDER BY id").fetchall()
    assert left == [("Thank you!",)]  # nothing about them is sent after they are forgotten


def test_the_csv_export_tells_dms_from_public_mentions_and_replies(demo, tmp_path):
    import csv

    from app.services.exporter import export_csv

    export_csv(demo.db, tmp_path)
    for name, is_shop in (("mentions", 0), ("replies", 1)):
        with open(tmp_path / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        stored = dict(demo.db.execute("SELECT id, channel FROM posts WHERE is_shop = ?", [is_shop]))
        assert {r["id"]: r.get("channel") for r in rows} == stored
        assert "dm" in stored.values()


def test_a_dm_pasted_by_hand_joins_their_dm_thread_once_x_names_them(workspace):
    # Add a DM… knows the customer by handle only; the next sync brings their X account and DMs.
    # One customer, one DM thread: the shop's DM answers the pasted one too.
    from app.domain.x_models import XUser
    from app.storage.x_sync import XPeople

    ws = workspace
    ws.db.execute("UPDATE shop SET handle = 'shop', user_id = '1'")
    shop = ws.inbox.shop_person_id()
    now = ws.clock.now()
    ws.followups.add_dm_by_hand(
        "rosa_m", "my clasp broke, rosa@example.com", now - timedelta(hours=5)
    )
    with ws.db.atomic():
        rosa = XPeople(ws.db).upsert(XUser("777", "rosa_m", "Rosa"))
    ws.messages.add(
        DirectMessage("9001", rosa, shop, "also the box was wet", now - timedelta(hours=2), "x")
    )
    ws.messages.add(
        DirectMessage("9002", shop, rosa, "So sorry, Rosa!", now - timedelta(hours=1), "x")
    )
    threads = ws.db.execute(
        "SELECT DISTINCT conversation_id FROM posts WHERE channel = 'dm'"
    ).fetchall()
    assert threads == [("dm:777",)]
    assert ws.db.execute(
        "SELECT status FROM posts WHERE channel = 'dm' AND is_shop = 0"
    ).fetchall() == [("waiting",), ("waiting",)]


def test_resolved_mentions_of_an_export_from_before_resolve_times_are_timed(demo, tmp_path):
    """An export from before 0017 has no resolved_at: its resolved mentions get the estimate
    0017 gives (the shop's last reply in the thread), so Stats times them, as on the shop's
    own computer."""
    from app.importers import run_import
    from app.workspace import open_workspace

    timed = (
        "SELECT p.id, p.resolved_at FROM posts p WHERE p.is_shop = 0 AND p.status = 'resolved'"
        " AND p.channel = 'public' AND EXISTS (SELECT 1 FROM posts r WHERE r.is_shop = 1"
        " AND r.conversation_id = p.conversation_id AND r.created_at >= p.created_at)"
        " ORDER BY p.id"
    )
    expected = demo.db.execute(timed).fetchall()
    assert expected and all(at for _, at in expected)
    fresh = open_workspace(tmp_path / "fresh.db", demo.clock)
    try:
        run_import(fresh, _older_export(demo, tmp_path))
        assert fresh.db.execute(timed).fetchall() == expected
    finally:
        fresh.close()
