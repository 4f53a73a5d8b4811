"""Rows another program wrote with values Kindly cannot read: skipped and counted, never a crash;
``check`` lists them and they can be removed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from app.domain.models import InboxFilter
from app.services.backups import check_database
from app.storage import unreadable
from app.storage.unreadable import find_unreadable, remove_unreadable
from tests.e2e.test_commands import kindly

BAD_TIMES = ["2026-01-01 10:00", 12345, "yesterday", "1-01-01T10:00:00Z", "2026-02-30T10:00:00Z"]


def spoil(path, person="1700000000000000009") -> None:
    """What another program (or an older, looser import) left in the file."""
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO people (id, handle) VALUES (?, 'odd')", [person])
    for i, when in enumerate(BAD_TIMES):
        conn.execute(
            "INSERT INTO posts (id, conversation_id, author_id, text, created_at, status, source,"
            " kind) VALUES (?, ?, ?, '@juniperandgold hello', ?, 'open', 'x', 'question')",
            [f"19000000000000009{i}", f"19000000000000009{i}", person, when],
        )
    conn.execute(
        "INSERT INTO drafts (post_id, text, updated_at) VALUES ('190000000000000090',"
        " 'Sorry!', 'last week')"
    )
    conn.commit()
    conn.close()


@pytest.fixture
def spoiled(demo):
    spoil(demo.path)
    unreadable.skipped.clear()
    return demo


def test_lists_skip_unreadable_rows_and_count_them(spoiled):
    ws = spoiled
    ns = [
        n
        for (n,) in ws.db.execute(
            "SELECT n FROM posts WHERE id LIKE '19000000000000009%' ORDER BY n"
        )
    ]
    rows = ws.posts.inbox_rows(ns + [1])
    assert list(rows) == [1]
    assert all(ws.posts.get(n) is None for n in ns)
    assert ws.posts.thread("190000000000000090") == []
    assert ws.drafting.draft_for("190000000000000090") is None
    stats = ws.stats.compute(datetime(2026, 12, 1, tzinfo=UTC))
    assert stats.response.mentions > 0
    assert unreadable.skipped_total() >= len(BAD_TIMES)
    # The counts and pages still work around them.
    assert ws.posts.count(InboxFilter.NEEDS_REPLY) >= len(BAD_TIMES)


def test_check_lists_them_and_removing_them_leaves_a_readable_file(spoiled):
    ws = spoiled
    found = find_unreadable(ws.db)
    assert {(r.table, r.column) for r in found} == {
        ("posts", "created_at"),
        ("drafts", "updated_at"),
    }
    assert len(found) == len(BAD_TIMES) + 1
    assert any("'yesterday'" in r.describe() for r in found)
    result = check_database(ws.path)
    assert result.healthy and len(result.unreadable) == len(found)
    assert "cannot read" in result.message
    before = ws.db.execute("SELECT count(*) FROM posts").fetchone()[0]
    assert remove_unreadable(ws.db, found) == len(found)
    assert ws.db.execute("SELECT count(*) FROM posts").fetchone()[0] == before - len(BAD_TIMES)
    assert find_unreadable(ws.db) == []
    assert ws.posts.counted(InboxFilter.ALL) == ws.posts.count(InboxFilter.ALL)


def test_stats_and_check_from_the_command_line_say_it_in_words(tmp_path):
    db = tmp_path / "shop.db"
    assert kindly("demo", "--db", str(db)).returncode == 0
    spoil(db)
    stats = kindly("stats", "--db", str(db))
    assert stats.returncode == 0, stats.stderr
    assert "Traceback" not in stats.stderr
    check = kindly("check", "--db", str(db))
    assert check.returncode == 1
    assert "cannot read" in check.stdout and "'yesterday'" in check.stdout


def test_kindlys_own_writes_pass_the_check(demo):
    assert find_unreadable(demo.db) == []
