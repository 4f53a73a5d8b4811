"""The inbox counts kept by triggers (migration 0008) always equal a count row by row, whatever
the owner, a sync, an import or "forget this person" does, in any order; and the imported
mentions left for the triage backlog are all sorted by it, without undoing the owner's choices.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import stateful
from hypothesis import strategies as st

from app.clock import FakeClock
from app.domain.models import InboxFilter, NewMention, Picked, Status
from app.domain.triage import Kind, classify
from app.services.inbox import BulkAction
from app.services.triage_backlog import UNSORTED, TriageBacklog
from app.storage.messages import DirectMessage
from tests.app.test_fuzz_parsers import fuzz
from tests.app.test_search import day_bounds_hold
from tests.conftest import NOW

TEXTS = [
    "@shop my order never arrived",
    "@shop do you ship to Canada?",
    "@shop love it, thank you!",
    "@shop WIN FREE CRYPTO click here",
    "@shop see you at the fair",
    "@shop you are idiots",
]


class InboxCounts(stateful.RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        from app.workspace import open_workspace

        self.ws = open_workspace(None, FakeClock(NOW))
        self.next_id = 1000

    def teardown(self):
        self.ws.close()

    def _ns(self) -> list[int]:
        return [n for (n,) in self.ws.db.execute("SELECT n FROM posts").fetchall()]

    @stateful.rule(text=st.sampled_from(TEXTS), person=st.integers(0, 4), unsorted=st.booleans())
    def add_mention(self, text, person, unsorted):
        self.next_id += 1
        mention = NewMention(
            id=str(self.next_id),
            author_handle=f"p{person}",
            text=text,
            created_at=NOW - timedelta(minutes=self.next_id % 97),
            source="test",
        )
        if unsorted:  # as an import stores what it leaves for the backlog
            author = self.ws.people.ensure(mention.author_handle)
            self.ws.posts.add_mention(mention, author, UNSORTED)
        else:
            self.ws.inbox.add_mention(mention)

    @stateful.rule(text=st.sampled_from(TEXTS), person=st.integers(0, 4), from_shop=st.booleans())
    def dm(self, text, person, from_shop):
        """A DM either way: the customer's is listed (DMs, and by status); the shop's answers."""
        self.next_id += 1
        customer = self.ws.people.ensure(f"p{person}")
        shop = self.ws.inbox.shop_person_id()
        sender, recipient = (shop, customer) if from_shop else (customer, shop)
        when = NOW - timedelta(minutes=self.next_id % 97)
        self.ws.messages.add(DirectMessage(str(self.next_id), sender, recipient, text, when, "x"))

    @stateful.rule(data=st.data())
    def shop_reply(self, data):
        ns = self._ns()
        if not ns:
            return
        post = self.ws.posts.get(data.draw(st.sampled_from(ns)))
        self.next_id += 1
        self.ws.posts.add_shop_reply(
            str(self.next_id), self.ws.inbox.shop_person_id(), "Thanks!", NOW, post.id, "test"
        )

    @stateful.rule(data=st.data(), status=st.sampled_from(list(Status)))
    def set_status(self, data, status):
        ns = self._ns()
        if ns:
            self.ws.posts.set_status([data.draw(st.sampled_from(ns))], status)

    @stateful.rule(data=st.data(), kind=st.sampled_from(list(Kind)))
    def set_kind(self, data, kind):
        ns = self._ns()
        if ns:
            self.ws.inbox.set_kind([data.draw(st.sampled_from(ns))], kind)

    @stateful.rule(data=st.data())
    def resolve(self, data):
        ns = self._ns()
        if ns:
            self.ws.inbox.resolve(data.draw(st.sampled_from(ns)))

    @stateful.rule(person=st.integers(0, 4), muted=st.booleans())
    def mute(self, person, muted):
        found = self.ws.people.by_handle(f"p{person}")
        if found:
            self.ws.inbox.set_muted(found.id, muted)

    @stateful.rule(data=st.data())
    def mark_read(self, data):
        ns = self._ns()
        if ns:
            self.ws.inbox.mark_read(data.draw(st.lists(st.sampled_from(ns), max_size=3)))

    @stateful.rule(
        data=st.data(),
        action=st.sampled_from(list(BulkAction)),
        inbox_filter=st.sampled_from(list(InboxFilter)),
        whole=st.booleans(),
        undo=st.booleans(),
    )
    def bulk(self, data, action, inbox_filter, whole, undo):
        ns = self._ns()
        picked = Picked(
            inbox_filter,
            tuple(data.draw(st.lists(st.sampled_from(ns), max_size=4))) if ns else (),
            whole=whole,
        )
        done = self.ws.inbox.act(picked, action, Kind.TROLL)
        if undo and done.undo:
            done.undo.restore()

    @stateful.rule(person=st.integers(0, 4))
    def forget(self, person):
        found = self.ws.people.by_handle(f"p{person}")
        if found:
            self.ws.db.execute("DELETE FROM posts WHERE author_id = ?", [found.id])

    @stateful.rule(person=st.integers(0, 4))
    def forget_person(self, person):
        """Forget this person: their mentions, their DM thread both ways, the shop's replies."""
        found = self.ws.people.by_handle(f"p{person}")
        if found:
            self.ws.customers.forget(found.id)

    @stateful.rule(limit=st.integers(1, 5))
    def sort_backlog(self, limit):
        TriageBacklog(self.ws.db).sort_batch(limit)

    @stateful.invariant()
    def counts_match(self):
        counts = self.ws.posts.counts()
        assert counts == {f: self.ws.posts.counted(f) for f in InboxFilter}
        unread = self.ws.posts.unread_counts()
        assert unread == {f: self.ws.posts.counted_unread(f) for f in InboxFilter}
        assert day_bounds_hold(self.ws.db)

    @stateful.invariant()
    def resolved_when_resolved(self):
        """Every resolved mention knows when (Stats' time to resolve); no other one does."""
        assert self.ws.db.execute(
            "SELECT count(*) FROM posts WHERE is_shop = 0"
            " AND (status = 'resolved') != (resolved_at IS NOT NULL)"
        ).fetchone() == (0,)


TestInboxCounts = InboxCounts.TestCase
TestInboxCounts.settings = fuzz(40)


def test_the_backlog_sorts_what_an_import_left_and_keeps_the_owners_choice(tmp_path, monkeypatch):
    from app.importers import run_import, target
    from app.workspace import open_workspace

    monkeypatch.setattr(target, "INLINE", 2)
    import csv

    path = tmp_path / "t.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(
            [
                "tweet_id",
                "author_id",
                "inbound",
                "created_at",
                "text",
                "response_tweet_id",
                "in_response_to_tweet_id",
            ]
        )
        for i, text in enumerate(TEXTS, start=1):
            out.writerow([i, f"c{i}", "True", f"Tue Oct 31 10:0{i}:00 +0000 2017", text, "", ""])
    ws = open_workspace(tmp_path / "k.db", FakeClock(NOW))
    report = run_import(ws, path, "twcs", "shop")
    assert report.added["mentions"] == len(TEXTS)
    assert any("background" in note for note in report.notes)
    backlog = TriageBacklog(ws.db)
    assert backlog.pending() == len(TEXTS) - 2
    assert ws.posts.count(InboxFilter.ALL) == len(TEXTS)  # in the inbox (and counted) already
    unsorted = ws.db.execute("SELECT n FROM posts WHERE kind_reason IS NULL ORDER BY n").fetchall()
    ws.inbox.set_kind([unsorted[0][0]], Kind.PRAISE)  # the owner decides first
    result = backlog.run()
    assert result.sorted == len(TEXTS) - 3 and result.left == 0 and backlog.pending() == 0
    for post_id, text in enumerate(TEXTS, start=1):
        post = ws.posts.get_by_id(str(post_id))
        if post.n == unsorted[0][0]:
            assert (post.kind, post.kind_reason) == ("praise", "set by you")
        else:
            verdict = classify(text)
            assert (post.kind, post.kind_reason) == (str(verdict.kind), verdict.reason)
    assert ws.posts.counts() == {f: ws.posts.counted(f) for f in InboxFilter}
    assert ws.posts.unread_counts() == {f: ws.posts.counted_unread(f) for f in InboxFilter}
    ws.close()
