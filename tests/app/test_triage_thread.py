"""Triage reads a reply beside its place in the thread: what the shop had said to it."""

from datetime import timedelta

from app.domain.models import NewMention
from app.domain.triage import Kind, Thread, classify, evaluate
from app.domain.triage.kinds import place_in_thread
from app.domain.triage.model import features
from app.services.triage_backlog import UNSORTED, TriageBacklog

ASKED = "Oh no, sorry about this! Which order was it?"
DETAIL = "@shop thanks, it's order 4471"


def test_a_detail_given_to_the_shop_is_not_thanks():
    # alone, "thanks" reads as praise; as the answer to the shop's question it is the detail asked
    assert classify(DETAIL).kind is Kind.PRAISE
    assert classify(DETAIL, thread=Thread(Thread.SHOP, ASKED)).kind is Kind.OTHER


def test_the_thread_is_read_as_features_of_its_own():
    plain = features("@shop again", "other", "", 0.0)
    answer = features("@shop again", "other", "", 0.0, "", Thread(Thread.SHOP, ASKED))
    assert set(answer) - set(plain) == {
        "ctx:shop",
        "sw:oh",
        "sw:no",
        "sw:sorry",
        "sw:about",
        "sw:which",
        "sw:order",
        "sw:was",
        "s?",
    }
    first = features("@shop again", "other", "", 0.0, "", Thread(Thread.FIRST))
    assert set(first) - set(plain) == {"ctx:first"}


def test_the_place_comes_from_what_storage_holds():
    assert place_in_thread(None, None, None) == Thread(Thread.FIRST)
    assert place_in_thread("", None, None) == Thread(Thread.FIRST)
    assert place_in_thread("9", None, None) is None  # answers a post Kindly does not hold
    assert place_in_thread("9", 1, "Which size?") == Thread(Thread.SHOP, "Which size?")
    assert place_in_thread("9", 0, "me too!") == Thread(Thread.SOMEONE)


def test_the_development_set_reads_better_with_its_threads():
    from tests.app.test_triage_real import gold

    pairs, _ = gold("dev")
    assert sum(thread is not None for _, _, thread in pairs) > 600
    placed = evaluate(pairs)["accuracy"]
    alone = evaluate([(text, kind) for text, kind, _ in pairs])["accuracy"]
    assert placed >= alone + 0.01


def _mention(ws, post_id, text, minutes_ago, in_reply_to_id=None) -> NewMention:
    return NewMention(
        id=post_id,
        author_handle="bob",
        text=text,
        created_at=ws.clock.now() - timedelta(minutes=minutes_ago),
        source="test",
        in_reply_to_id=in_reply_to_id,
    )


def test_a_synced_reply_to_the_shop_is_sorted_in_its_thread(workspace):
    ws = workspace
    ws.inbox.add_mention(_mention(ws, "1", "@shop my parcel came without the candle", 30))
    shop = ws.inbox.shop_person_id()
    ws.posts.add_shop_reply("2", shop, ASKED, ws.clock.now() - timedelta(minutes=20), "1", "test")
    ws.inbox.add_mention(_mention(ws, "3", DETAIL, 10, in_reply_to_id="2"))
    assert ws.posts.get_by_id("3").kind == Kind.OTHER
    assert ws.posts.place_in_thread("2") == Thread(Thread.SHOP, ASKED)
    assert ws.posts.place_in_thread("1") == Thread(Thread.SOMEONE)
    assert ws.posts.place_in_thread("404") is None


def test_the_backlog_sorts_each_mention_in_its_thread(workspace):
    ws = workspace
    shop = ws.inbox.shop_person_id()
    author = ws.people.ensure("bob", seen_at=ws.clock.now())
    ws.posts.add_mention(
        _mention(ws, "1", "@shop my parcel came without the candle", 30), author, UNSORTED
    )
    ws.posts.add_shop_reply("2", shop, ASKED, ws.clock.now() - timedelta(minutes=20), "1", "test")
    ws.posts.add_mention(_mention(ws, "3", DETAIL, 10, in_reply_to_id="2"), author, UNSORTED)
    ws.posts.add_mention(_mention(ws, "4", DETAIL, 5, in_reply_to_id="elsewhere"), author, UNSORTED)
    backlog = TriageBacklog(ws.db)
    assert backlog.pending() == 3
    backlog.run()
    assert ws.posts.get_by_id("1").kind == Kind.COMPLAINT
    assert ws.posts.get_by_id("3").kind == Kind.OTHER  # the detail the shop asked for
    assert ws.posts.get_by_id("4").kind == Kind.PRAISE  # no known thread: read alone


def test_an_import_sorts_each_mention_in_its_thread(workspace):
    from tests.app.test_importers import run_import
    from tests.conftest import shared_data

    ws = workspace
    run_import(ws, shared_data("twcs", "twcs_first5000_complete_threads.csv"), shop="AppleSupport")
    rows = ws.db.execute(
        "SELECT p.text, p.kind, p.in_reply_to_id, parent.is_shop, parent.text FROM posts p"
        " LEFT JOIN posts parent ON parent.id = p.in_reply_to_id WHERE p.is_shop = 0"
    ).fetchall()
    places = [place_in_thread(*row[2:]) for row in rows]
    assert sum(place == Thread(Thread.FIRST) for place in places) > 20
    assert sum(place is not None and place.replies_to == Thread.SHOP for place in places) > 20
    assert [kind for _, kind, *_ in rows] == [
        str(classify(row[0], thread=place).kind) for row, place in zip(rows, places)
    ]
    # and the thread mattered: read alone, some would have had another kind
    assert any(str(classify(row[0]).kind) != row[1] for row in rows)
