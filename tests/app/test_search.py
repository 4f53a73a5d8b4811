"""Search operators: the parser (pure), the SQL over a seeded inbox with known answers, the
count, saved searches, and FTS5 syntax typed as words."""

from datetime import UTC, date, timedelta, timezone

import pytest

from app.domain.models import InboxFilter, NewMention, Status
from app.domain.search import parse_search
from app.errors import ValidationError

# --- the parser -------------------------------------------------------------------------------


def test_operators_and_words_combine():
    q = parse_search("from:@Maya_K kind:complaint is:open refund late")
    assert q.handles == ("maya_k",)
    assert q.kinds == ("complaint",)
    assert q.statuses == ("open",)
    assert q.words == ("refund", "late")
    assert not q.problems


def test_has_draft_dates_and_friendly_synonyms():
    q = parse_search("has:draft after:2026-03-01 before:2026-03-08 kind:spam is:closed")
    assert q.has_draft
    assert (q.after, q.before) == (date(2026, 3, 1), date(2026, 3, 8))
    assert q.kinds == ("troll",)
    assert q.statuses == ("resolved",)
    assert parse_search("kind:comp").kinds == ("complaint",)  # a unique start is enough
    assert parse_search("is:question").kinds == ("question",)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("kind:angry", "There is no kind “angry”"),
        ("is:sleeping", "“is:sleeping” is not a state"),
        ("has:photo", "“has:photo” is not something"),
        ("before:03/01/2026", "is not a date Kindly can read"),
        ("after:2026-02-30", "is not a date Kindly can read"),
        ("from:@maya-k!", "is not an X handle"),
        ("from:", "needs something after it"),
        ("to:@maya", "Kindly doesn't know “to:”"),
        ("after:2026-03-08 before:2026-03-01", "Nothing can be after 2026-03-08"),
    ],
)
def test_a_bad_operator_is_explained_not_raised(typed, says):
    q = parse_search(typed)
    assert any(says in problem for problem in q.problems), q.problems


def test_links_and_unknown_operators_stay_words():
    assert parse_search("https://x.com/a").words == ("https://x.com/a",)
    assert parse_search("to:maya").words == ("to:maya",)
    assert parse_search("kind:nope parcel").words == ("parcel",)


# --- the SQL, with known answers ------------------------------------------------------------


def add(ws, post_id, handle, text, hours_ago, kind=None, status=None):
    n = ws.inbox.add_mention(
        NewMention(
            id=str(post_id),
            author_handle=handle,
            text=text,
            created_at=ws.clock.now() - timedelta(hours=hours_ago),
            source="test",
        )
    )
    if kind:
        ws.posts.set_kind([n], kind)
    if status:
        ws.posts.set_status([n], Status(status))
    return n


@pytest.fixture
def seeded(workspace):
    ws = workspace
    ws.posts.zone = UTC
    # Maya: two open complaints, one resolved complaint, one open question, one praise.
    add(ws, 1, "maya_k", "my parcel never arrived", 240, "complaint", "open")
    add(ws, 2, "maya_k", "the clasp broke after a day", 30, "complaint", "open")
    add(ws, 3, "maya_k", "parcel arrived damaged, refund please", 100, "complaint", "resolved")
    add(ws, 4, "maya_k", "do you ship to Canada?", 20, "question", "open")
    add(ws, 5, "maya_k", "love the earrings!", 10, "praise", "open")
    # Others: open complaints that must not show for from:@maya_k.
    add(ws, 6, "bob", "my parcel never arrived either", 5, "complaint", "open")
    add(ws, 7, "Maya_Kay", "parcel late", 4, "complaint", "open")  # a similar handle
    add(ws, 8, "cat", 'he said "NEAR" * -1 AND (OR)', 3, "other", "open")
    add(ws, 9, "bob", "refund please, it is broken", 2, "complaint", "waiting")
    return ws


def found(ws, text, inbox_filter=InboxFilter.ALL):
    keys = ws.posts.page_keys(inbox_filter, text, None, 1000)
    rows = ws.posts.inbox_rows([n for n, _ in keys])
    return [rows[n].id for n, _ in keys]


def test_from_kind_is_open_finds_exactly_the_right_posts(seeded):
    assert found(seeded, "from:@maya_k kind:complaint is:open") == ["2", "1"]  # newest first
    assert found(seeded, "from:maya_k kind:complaint is:open") == ["2", "1"]
    assert found(seeded, "FROM:@MAYA_K KIND:COMPLAINT IS:OPEN") == ["2", "1"]
    assert seeded.search.count(InboxFilter.ALL, "from:@maya_k kind:complaint is:open") == 2


def test_operators_with_words(seeded):
    assert found(seeded, "parcel from:@maya_k") == ["3", "1"]
    assert found(seeded, "parcel kind:complaint is:open") == ["7", "6", "1"]
    assert found(seeded, "refund is:resolved") == ["3"]
    assert found(seeded, "refund") == ["9", "3"]
    assert found(seeded, "kind:question") == ["4"]
    assert found(seeded, "is:waiting") == ["9"]


def test_search_spans_every_filter_unless_one_is_chosen(seeded):
    assert found(seeded, "parcel", InboxFilter.ALL) == ["7", "6", "3", "1"]
    assert found(seeded, "parcel", InboxFilter.RESOLVED) == ["3"]
    assert seeded.search.count(InboxFilter.NEEDS_REPLY, "parcel") == 3


def test_dates_are_the_owners_days(seeded):
    # NOW is 2026-11-23 12:00 UTC; post 1 was 240 h ago (2026-11-13 12:00 UTC).
    assert found(seeded, "before:2026-11-14") == ["1"]
    assert found(seeded, "after:2026-11-13 before:2026-11-14") == ["1"]
    assert found(seeded, "after:2026-11-23 kind:complaint") == ["9", "7", "6"]
    # In a zone 13 hours ahead, 2026-11-13 12:00 UTC is already the 14th.
    seeded.posts.zone = timezone(timedelta(hours=13))
    assert found(seeded, "before:2026-11-14") == []
    assert found(seeded, "after:2026-11-14 before:2026-11-15") == ["1"]


def test_has_draft(seeded):
    seeded.drafting.save("6", "So sorry, Bob!")
    assert found(seeded, "has:draft") == ["6"]
    assert found(seeded, "has:draft parcel") == ["6"]
    assert found(seeded, "has:draft from:@maya_k") == []


@pytest.mark.parametrize(
    "typed",
    ['"', '""', "*", "NEAR", "NEAR(", "-1", "AND", "OR (", 'he "said', "^x", "a:b:c", "kind:", "'"],
)
def test_fts_syntax_in_the_words_is_searched_as_text(seeded, typed):
    found(seeded, typed)  # never an SQL error
    seeded.search.count(InboxFilter.ALL, typed)
    found(seeded, typed + " kind:other")


def test_syntax_words_find_the_post_that_has_them(seeded):
    assert found(seeded, "NEAR") == ["8"]
    assert found(seeded, '"NEAR" -1 ') == ["8"]


def test_paging_through_an_operator_search(seeded):
    first = seeded.posts.page_keys(InboxFilter.ALL, "kind:complaint", None, 3)
    rest = seeded.posts.page_keys(InboxFilter.ALL, "kind:complaint", first[-1][1], 100)
    ids = [n for n, _ in first + rest]
    assert len(ids) == len(set(ids)) == 6


def test_saved_searches(workspace):
    changed = workspace.search.save("Maya's open complaints", "from:@maya_k is:open")
    assert changed.kinds
    saved = workspace.search.saved_searches()
    assert [(s.name, s.query) for s in saved] == [
        ("Maya's open complaints", "from:@maya_k is:open")
    ]
    with pytest.raises(ValidationError):
        workspace.search.save("empty", "  ")
    workspace.search.remove_saved(saved[0].id)
    assert workspace.search.saved_searches() == []


def test_count_is_capped(workspace):
    for i in range(12):
        add(workspace, 100 + i, "zed", f"parcel {i}", i, "complaint")
    from app.services import search

    old = search.COUNT_CAP
    search.COUNT_CAP = 10
    try:
        assert workspace.search.count(InboxFilter.ALL, "parcel") == 11
        assert search.count_text(11) == "10+"
    finally:
        search.COUNT_CAP = old


def test_operators_alone_merge_hidden_and_shown_newest_first(seeded):
    bob = seeded.posts.get_by_id("6").author_id
    seeded.inbox.set_muted(bob, True)  # bob's posts are hidden now, and still found
    assert found(seeded, "kind:complaint is:open") == ["7", "6", "2", "1"]
    assert found(seeded, "kind:complaint") == ["9", "7", "6", "2", "3", "1"]
    assert found(seeded, "is:open is:waiting kind:complaint kind:question") == [
        "9",
        "7",
        "6",
        "4",
        "2",
        "1",
    ]
    assert found(seeded, "kind:complaint", InboxFilter.TROLLS) == ["9", "6"]
    first = seeded.posts.page_keys(InboxFilter.ALL, "kind:complaint", None, 2)
    rest = seeded.posts.page_keys(InboxFilter.ALL, "kind:complaint", first[-1][1], 10)
    assert [n for n, _ in first + rest] == [
        n for n, _ in seeded.posts.page_keys(InboxFilter.ALL, "kind:complaint", None, 10)
    ]
    both = "kind:complaint kind:question is:open is:waiting"  # a range per pair, merged
    first = seeded.posts.page_keys(InboxFilter.ALL, both, None, 2)
    rest = seeded.posts.page_keys(InboxFilter.ALL, both, first[-1][1], 10)
    assert [seeded.posts.get(n).id for n, _ in first + rest] == ["9", "7", "6", "4", "2", "1"]


def day_bounds_hold(db) -> bool:
    """Every post's row key is within its day's figure in posts_by_day (what before: relies on)."""
    broken = db.execute(
        "SELECT count(*) FROM posts p LEFT JOIN posts_by_day d"
        " ON d.day = substr(p.created_at, 1, 10) WHERE d.max_n IS NULL OR d.max_n < p.n"
    ).fetchone()[0]
    return broken == 0


def test_words_before_a_date_find_old_posts_stored_after_new_ones(seeded):
    """before: starts the search index at the last row key its date can hold; a post written
    long ago but stored last (an old archive imported today) has the highest key and is still
    found, and every match is the same as a row-by-row reading gives."""
    ws = seeded
    old = add(ws, 10, "dee", "parcel lost in 2019, still sore", 24 * 2000)
    assert old == max(n for (n,) in ws.db.execute("SELECT n FROM posts"))
    day = (ws.clock.now() - timedelta(hours=24 * 1000)).date().isoformat()
    assert found(ws, f"parcel before:{day}") == ["10"]
    recent = (ws.clock.now() - timedelta(hours=50)).date().isoformat()
    expected = [
        str(i)
        for (i,) in ws.db.execute(
            "SELECT id FROM posts WHERE is_shop = 0 AND text LIKE '%parcel%'"
            " AND created_at < ? ORDER BY n DESC",
            [recent + "T00:00:00Z"],
        )
    ]
    assert found(ws, f"parcel before:{recent}") == expected == ["10", "3", "1"]
    assert ws.search.count(InboxFilter.ALL, f"parcel before:{recent}") == 3
    assert day_bounds_hold(ws.db)


def test_the_day_bounds_follow_every_write(seeded, tmp_path):
    """A post's time that changes (a DM sent by hand, later read from X) moves its bound; a
    migration fills the table from the posts already there."""
    from sqlite_utils import Database

    from app.storage.migrations import migrations

    ws = seeded
    n = add(ws, 11, "eve", "where is my parcel", 1)
    ws.db.execute("UPDATE posts SET created_at = '2019-05-01T10:00:00Z' WHERE n = ?", [n])
    assert day_bounds_hold(ws.db)
    assert found(ws, "parcel before:2019-05-02") == ["11"]

    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="0018_posts_by_day")
    db.execute("INSERT INTO people (id, handle) VALUES ('p1', 'ann')")
    for i, day in enumerate(["2020-01-02", "2021-06-07", "2020-01-02"]):
        db.execute(
            "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind,"
            " status, source) VALUES (?, ?, 'p1', 0, 'parcel', ?, 'other', 'open', 'test')",
            [str(i), str(i), f"{day}T09:00:00Z"],
        )
    migrations.apply(db)
    assert db.execute("SELECT day, max_n FROM posts_by_day ORDER BY day").fetchall() == [
        ("2020-01-02", 3),
        ("2021-06-07", 2),
    ]
    assert day_bounds_hold(db)
    db.close()
