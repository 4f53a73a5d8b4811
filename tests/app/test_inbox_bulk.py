"""Unread mentions and work on many at once: one transaction, one change, one Undo that puts
back exactly what each mention was."""

from app.changes import ChangeKind
from app.domain.models import InboxFilter, Picked, Status
from app.domain.triage import Kind
from app.services.inbox import BulkAction
from tests.app.test_inbox import add


def spam_wave(ws, count=50):
    """``count`` spam posts from ``count`` accounts, and a few real mentions around them."""
    add(ws, 1, "ann", "@shop my parcel never arrived, I want a refund", 500)
    add(ws, 2, "bob", "@shop do you ship to Canada?", 400)
    for i in range(count):
        add(ws, 100 + i, f"bot{i}", f"@shop collab? dm me babe {i} 💋", 300 - i)
    add(ws, 3, "cat", "@shop the ring is lovely, thank you", 10)


def states(ws):
    return ws.db.execute(
        "SELECT n, status, kind, kind_reason, kind_by_owner, unread, author_muted FROM posts"
        " ORDER BY n"
    ).fetchall()


def counts_are_exact(ws):
    assert ws.posts.counts() == {f: ws.posts.counted(f) for f in InboxFilter}
    assert ws.posts.unread_counts() == {f: ws.posts.counted_unread(f) for f in InboxFilter}


def test_a_new_mention_arrives_unread_and_opening_it_reads_it(workspace):
    ws = workspace
    n = add(ws, 1, "ann", "@shop where is my order?", 5)
    assert ws.posts.inbox_rows([n])[n].unread
    assert ws.posts.unread_counts()[InboxFilter.NEEDS_REPLY] == 1
    change = ws.inbox.mark_read([n])
    assert change.kinds == {ChangeKind.READ} and change.ids_of(ChangeKind.READ) == (n,)
    assert not ws.posts.inbox_rows([n])[n].unread
    assert not ws.inbox.mark_read([n])  # already read: nothing changed, nothing to announce
    counts_are_exact(ws)


def test_fifty_spam_posts_are_resolved_in_one_action_and_undone_in_one(workspace):
    ws = workspace
    spam_wave(ws)
    before = states(ws)
    spam = tuple(ws.posts.get_by_id(str(100 + i)).n for i in range(50))
    done = ws.inbox.act(Picked(InboxFilter.NEEDS_REPLY, spam), BulkAction.SET_KIND, Kind.TROLL)
    assert done.undo and done.undo.said == "50 mentions set to troll."
    assert ws.posts.count(InboxFilter.TROLLS) == 50
    assert set(done.changed.ids_of(ChangeKind.POSTS)) == set(spam)
    counts_are_exact(ws)
    # The whole of Trolls & spam at once (Ctrl+A), without listing it in the window.
    resolved = ws.inbox.act(Picked(InboxFilter.TROLLS, whole=True), BulkAction.RESOLVE)
    assert resolved.undo.said == "50 mentions resolved."
    assert {ws.posts.get(n).status for n in spam} == {"resolved"}
    assert ws.posts.count(InboxFilter.NEEDS_REPLY) == 3
    counts_are_exact(ws)
    resolved.undo.restore()
    done.undo.restore()
    assert states(ws) == before
    counts_are_exact(ws)


def test_a_whole_filter_with_a_search_takes_only_what_the_search_finds(workspace):
    ws = workspace
    spam_wave(ws, 5)
    done = ws.inbox.act(
        Picked(InboxFilter.NEEDS_REPLY, whole=True, search="collab"), BulkAction.MARK_READ
    )
    assert done.changed.kinds == {ChangeKind.READ} and len(done.changed.ids_of("read")) == 5
    assert ws.posts.unread_counts()[InboxFilter.NEEDS_REPLY] == 3  # ann, bob, cat
    counts_are_exact(ws)
    done.undo.restore()
    assert ws.posts.unread_counts()[InboxFilter.NEEDS_REPLY] == 8
    counts_are_exact(ws)


def test_all_of_a_search_with_operators_takes_what_the_list_shows(workspace):
    """Ctrl+A on "from:@bot1 is:open" picks exactly the rows the search lists, operators and all:
    the pick and the list read the same query."""
    ws = workspace
    spam_wave(ws, 12)  # bot1, bot10 and bot11 share a prefix; only bot1 is meant
    search = "from:@bot1 is:open"
    listed = [n for n, _key in ws.posts.page_keys(InboxFilter.ALL, search, limit=100)]
    assert [ws.posts.get(n).author_handle for n in listed] == ["bot1"]
    done = ws.inbox.act(Picked(InboxFilter.ALL, whole=True, search=search), BulkAction.RESOLVE)
    assert done.changed.ids_of(ChangeKind.POSTS) == tuple(listed)
    assert ws.posts.count(InboxFilter.NEEDS_REPLY) == 14
    counts_are_exact(ws)


def test_resolve_closes_the_conversations_and_reopen_puts_each_back(workspace):
    ws = workspace
    first = add(ws, 1, "ann", "@shop my parcel never arrived", 50)
    second = add(ws, 2, "ann", "@shop still nothing", 40, in_reply_to_id="1")
    other = add(ws, 3, "bob", "@shop thanks!", 30)
    ws.posts.set_status([other], Status.WAITING)
    before = states(ws)
    done = ws.inbox.act(Picked(InboxFilter.ALL, (first, other)), BulkAction.RESOLVE)
    assert {ws.posts.get(n).status for n in (first, second, other)} == {"resolved"}
    reopened = ws.inbox.act(Picked(InboxFilter.RESOLVED, whole=True), BulkAction.REOPEN)
    assert reopened.undo.said == "3 mentions reopened."
    assert ws.posts.get(other).status == "open"
    reopened.undo.restore()
    done.undo.restore()
    assert states(ws) == before


def test_mute_the_authors_warns_first_and_undoes(workspace):
    ws = workspace
    spam_wave(ws, 3)
    ann = ws.posts.get_by_id("1")
    assert "1 open complaint" in ws.inbox.mute_warning([ann.author_id])
    bots = tuple(ws.posts.get_by_id(str(100 + i)).n for i in range(3))
    ws.inbox.set_kind(list(bots), Kind.QUESTION)  # what triage makes of them is not the point here
    assert "3 open questions" in ws.inbox.mute_warning([ws.posts.get(n).author_id for n in bots])
    assert ws.inbox.mute_warning([ws.posts.get_by_id("3").author_id]) is None  # praise only
    before = states(ws)
    done = ws.inbox.act(Picked(InboxFilter.NEEDS_REPLY, bots), BulkAction.MUTE)
    assert done.undo.said == "3 people muted."
    assert ws.posts.count(InboxFilter.TROLLS) == 3
    counts_are_exact(ws)
    done.undo.restore()
    assert states(ws) == before
    counts_are_exact(ws)


def test_nothing_picked_changes_nothing(workspace):
    ws = workspace
    spam_wave(ws, 2)
    done = ws.inbox.act(Picked(InboxFilter.RESOLVED, whole=True), BulkAction.RESOLVE)
    assert not done.changed and done.undo is None


def test_existing_posts_count_as_read_after_the_upgrade(tmp_path):
    """A database from before unread marks: every post stays read, and the counts hold."""
    from sqlite_utils import Database

    from app.storage.migrations import migrations
    from app.workspace import open_workspace

    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="0014_unread_mentions")
    db.execute("INSERT INTO people (id, handle) VALUES ('p1', 'ann')")
    db.execute(
        "INSERT INTO posts (id, conversation_id, author_id, text, created_at, status, source, kind)"
        " VALUES ('1', '1', 'p1', 'hello', '2026-01-01T00:00:00Z', 'open', 'test', 'question')"
    )
    db.conn.commit()
    db.close()
    ws = open_workspace(path)
    assert ws.posts.unread_counts()[InboxFilter.ALL] == 0
    assert ws.posts.count(InboxFilter.NEEDS_REPLY) == 1
    counts_are_exact(ws)
    ws.close()


def test_undo_leaves_what_changed_since_as_it_is(workspace):
    """Undo comes a few seconds later: a mention the owner changed in between keeps the change."""
    ws = workspace
    spam_wave(ws, 3)
    bots = tuple(ws.posts.get_by_id(str(100 + i)).n for i in range(3))
    kinds = {n: ws.posts.get(n).kind for n in bots}
    as_troll = ws.inbox.act(Picked(InboxFilter.ALL, bots), BulkAction.SET_KIND, Kind.TROLL)
    resolved = ws.inbox.act(Picked(InboxFilter.ALL, bots), BulkAction.RESOLVE)
    # in the seconds after: the owner reopens one and calls another a question
    ws.inbox.reopen(bots[0])
    ws.inbox.set_kind([bots[1]], Kind.QUESTION)
    put_back = resolved.undo.restore()
    assert set(put_back.ids_of(ChangeKind.POSTS)) == {bots[1], bots[2]}
    assert [ws.posts.get(n).status for n in bots] == ["open"] * 3
    assert ws.posts.get(bots[1]).kind == Kind.QUESTION  # resolving never touched the kind
    put_back = as_troll.undo.restore()
    assert set(put_back.ids_of(ChangeKind.POSTS)) == {bots[0], bots[2]}
    assert ws.posts.get(bots[1]).kind == Kind.QUESTION  # the owner's own choice is kept
    assert [ws.posts.get(n).kind for n in (bots[0], bots[2])] == [kinds[bots[0]], kinds[bots[2]]]
    counts_are_exact(ws)
