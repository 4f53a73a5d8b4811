"""The inbox: filters and their order, keyset paging, search, owner corrections, mute, resolve."""

from datetime import timedelta

import pytest

from app.changes import ChangeKind, Changed
from app.domain.models import InboxFilter, NewMention, Status
from app.domain.triage import Kind
from app.errors import ValidationError
from app.services.inbox import AlreadyInInbox, HandEntry
from app.storage.search import fts_query


def add(ws, post_id, handle, text, minutes_ago, **extra):
    return ws.inbox.add_mention(
        NewMention(
            id=str(post_id),
            author_handle=handle,
            text=text,
            created_at=ws.clock.now() - timedelta(minutes=minutes_ago),
            source="test",
            **extra,
        )
    )


def listed(ws, inbox_filter, search=""):
    keys = ws.posts.page_keys(inbox_filter, search, None, 10_000)
    rows = ws.posts.inbox_rows([n for n, _ in keys])
    return [rows[n].id for n, _ in keys]


@pytest.fixture
def inbox(workspace):
    ws = workspace
    add(ws, 1, "ann", "@shop thank you, the necklace is beautiful! I love it", 300)
    add(ws, 2, "bob", "@shop my parcel never arrived and nobody answers. I want a refund", 200)
    add(ws, 3, "cat", "@shop do you ship to Canada?", 100)
    add(ws, 4, "dan", "@shop WIN FREE CRYPTO click here http://spam.example follow for follow", 50)
    add(ws, 5, "eve", "@shop see you at the craft fair on saturday", 10)
    add(ws, 6, "bob", "@shop still waiting for my order, it has been three weeks", 5)
    return ws


def test_needs_reply_puts_complaints_and_questions_first_oldest_first(inbox):
    order = listed(inbox, InboxFilter.NEEDS_REPLY)
    kinds = {p: inbox.posts.get_by_id(p).kind for p in order}
    assert "4" not in order  # spam is not waiting for a reply
    first = [p for p in order if kinds[p] in ("complaint", "question")]
    assert order[: len(first)] == first
    assert first == ["2", "3", "6"]  # oldest first among the urgent ones
    assert order[len(first) :] == ["1", "5"]


def test_filters(inbox):
    assert listed(inbox, InboxFilter.PRAISE) == ["1"]
    assert listed(inbox, InboxFilter.TROLLS) == ["4"]
    assert listed(inbox, InboxFilter.ALL) == ["6", "5", "4", "3", "2", "1"]
    assert listed(inbox, InboxFilter.RESOLVED) == []
    counts = inbox.posts.counts()
    assert counts[InboxFilter.ALL] == 6
    assert counts[InboxFilter.NEEDS_REPLY] == 5
    assert counts[InboxFilter.TROLLS] == 1


def test_keyset_pages_add_up_to_the_whole_list(workspace):
    ws = workspace
    for i in range(523):
        add(
            ws,
            1000 + i,
            f"p{i % 37}",
            f"@shop order {i} " + ("broken clasp" if i % 3 else "hello"),
            (i * 7) % 600,
        )
    for inbox_filter in InboxFilter:
        whole = ws.posts.page_keys(inbox_filter, "", None, 100_000)
        paged, after = [], None
        while True:
            page = ws.posts.page_keys(inbox_filter, "", after, 50)
            paged.extend(page)
            if len(page) < 50:
                break
            after = page[-1][1]
        assert [n for n, _ in paged] == [n for n, _ in whole], inbox_filter
        assert len(whole) == ws.posts.count(inbox_filter)


def test_search_is_quoted_and_prefix(inbox):
    assert listed(inbox, InboxFilter.ALL, "canada") == ["3"]
    assert listed(inbox, InboxFilter.ALL, "cana") == ["3"]  # typing as you go
    assert listed(inbox, InboxFilter.ALL, "parcel refund") == ["2"]
    for hostile in [
        '"',
        "*",
        "AND",
        "OR NOT",
        "NEAR(",
        '"unclosed',
        "a' OR '1'='1",
        "-",
        "^x",
        "((",
    ]:
        listed(inbox, InboxFilter.ALL, hostile)  # never raises
    assert fts_query("   ") is None
    assert fts_query('say "hi"') == '"say" """hi"""'  # too short to stand for its longer words
    assert fts_query("say hell") == '"say" "hell"*'


def test_the_search_index_follows_text_and_ignores_other_changes(inbox):
    db = inbox.db
    segments = db.execute("SELECT count(*) FROM posts_fts_data").fetchone()[0]
    post = inbox.posts.get_by_id("3")
    inbox.inbox.resolve(post.n)  # the owner's changes: none of them a new text
    inbox.inbox.set_kind([post.n], Kind.PRAISE)
    inbox.inbox.set_muted(post.author_id, True)
    assert db.execute("SELECT count(*) FROM posts_fts_data").fetchone()[0] == segments
    assert listed(inbox, InboxFilter.ALL, "canada") == ["3"]
    db.execute("UPDATE posts SET text = '@shop do you ship to Norway?' WHERE id = '3'")
    assert listed(inbox, InboxFilter.ALL, "canada") == []
    assert listed(inbox, InboxFilter.ALL, "norway") == ["3"]
    db.execute("UPDATE posts SET n = 1000 WHERE id = '3'")  # a new row key moves its entry
    assert listed(inbox, InboxFilter.ALL, "norway") == ["3"]
    db.execute("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')")


def test_owner_correction_wins_and_is_kept(inbox):
    post = inbox.posts.get_by_id("5")
    inbox.inbox.set_kind([post.n], Kind.PRAISE)
    again = inbox.posts.get_by_id("5")
    assert again.kind == "praise" and again.kind_by_owner and again.kind_reason == "set by you"
    assert "5" in listed(inbox, InboxFilter.PRAISE)


def test_mute_moves_every_post_of_a_person_to_trolls_and_back(inbox):
    bob = inbox.people.by_handle("bob")
    inbox.inbox.set_muted(bob.id, True)
    assert set(listed(inbox, InboxFilter.TROLLS)) == {"2", "4", "6"}
    assert "2" not in listed(inbox, InboxFilter.NEEDS_REPLY)
    add(inbox, 7, "bob", "@shop hello again", 1)  # new posts of a muted person are muted too
    assert "7" in listed(inbox, InboxFilter.TROLLS)
    inbox.inbox.set_muted(bob.id, False)
    assert "2" in listed(inbox, InboxFilter.NEEDS_REPLY)


def test_resolve_the_conversation_and_reopen(inbox):
    shop_id = inbox.inbox.shop_person_id()
    parent = inbox.posts.get_by_id("2")
    inbox.posts.add_shop_reply(
        "20", shop_id, "So sorry!", inbox.clock.now() - timedelta(minutes=2), "2", "test"
    )
    add(inbox, 21, "bob", "@shop thanks, here is my order number", 1, in_reply_to_id="20")
    follow = inbox.posts.get_by_id("21")
    assert follow.conversation_id == parent.conversation_id == "2"
    assert [p.id for p in inbox.posts.thread("2")] == ["2", "20", "21"]
    resolved = inbox.inbox.resolve(follow.n)
    assert resolved.kinds == {"posts"} and set(resolved.ids_of("posts")) == {parent.n, follow.n}
    assert listed(inbox, InboxFilter.RESOLVED) == ["21", "2"]
    inbox.inbox.reopen(follow.n)
    assert inbox.posts.get_by_id("21").status == Status.OPEN


def test_a_post_is_stored_once(inbox):
    assert add(inbox, 3, "cat", "@shop do you ship to Canada?", 100) is None
    assert inbox.posts.count(InboxFilter.ALL) == 6


def test_summary_of_a_person(inbox):
    bob = inbox.people.by_handle("BOB")
    summary = inbox.people.summary(bob.id)
    assert summary.post_count == 2
    assert summary.kinds == {"complaint": 2}


class TestHandEntry:
    def entry(self, ws, **changes):
        values = dict(
            link="https://x.com/fay/status/777",
            handle="",
            text="@shop is the moon ring available in silver?",
            posted_at=ws.clock.now() - timedelta(hours=1),
        )
        values.update(changes)
        return HandEntry(**values)

    def test_valid_entry_is_added_with_a_kind(self, workspace):
        n, change = workspace.inbox.add_by_hand(self.entry(workspace))
        post = workspace.posts.get(n)
        # the post and its author (People shows a new person): one change
        assert change == Changed.of(ChangeKind.POSTS, [n]) | Changed.of(
            ChangeKind.PEOPLE, [post.author_id]
        )
        assert (post.id, post.author_handle, post.kind, post.source) == (
            "777",
            "fay",
            "question",
            "manual",
        )
        assert post.url == "https://x.com/fay/status/777"

    @pytest.mark.parametrize(
        "changes, field",
        [
            ({"link": "not a link"}, "link"),
            ({"link": "https://x.com/fay"}, "link"),
            ({"text": "   \n "}, "text"),
            ({"text": "x" * 30_000}, "text"),
            ({"handle": "bad handle!"}, "handle"),
            ({"handle": "someone_else"}, "handle"),
            ({"link": "https://x.com/i/web/status/5", "handle": ""}, "handle"),
        ],
    )
    def test_invalid_entries_name_the_field_and_save_nothing(self, workspace, changes, field):
        with pytest.raises(ValidationError) as info:
            workspace.inbox.add_by_hand(self.entry(workspace, **changes))
        assert info.value.field == field
        assert workspace.posts.count(InboxFilter.ALL) == 0

    def test_future_time_is_refused(self, workspace):
        future = workspace.clock.now() + timedelta(hours=2)
        with pytest.raises(ValidationError) as info:
            workspace.inbox.add_by_hand(self.entry(workspace, posted_at=future))
        assert info.value.field == "time"

    def test_shop_own_post_is_refused(self, workspace):
        from app.domain.models import Shop

        workspace.shop.save(Shop(name="Shop", handle="Fay"))
        with pytest.raises(ValidationError, match="own post"):
            workspace.inbox.add_by_hand(self.entry(workspace))

    def test_already_in_inbox(self, workspace):
        n, _change = workspace.inbox.add_by_hand(self.entry(workspace))
        with pytest.raises(AlreadyInInbox) as info:
            workspace.inbox.add_by_hand(
                self.entry(workspace, link="twitter.com/fay/status/777?s=20")
            )
        assert info.value.n == n
        assert workspace.posts.count(InboxFilter.ALL) == 1
