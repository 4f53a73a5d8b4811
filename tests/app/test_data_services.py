"""Export and import back, forget a person, backups and restore, the People page's rules."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import timedelta

import pytest

from app.changes import ChangeKind, Changed
from app.errors import KindlyError, NotFound, ValidationError
from app.importers import ImportFailed, run_import
from app.services.backups import Backups, check_database, describe_backup
from app.services.customers import Customers
from app.services.exporter import export_csv, export_json
from app.storage.people_list import PeopleFilter, PeopleList
from app.workspace import open_workspace
from tests.app.test_importers import snapshot


def customers_of(ws) -> Customers:
    return Customers(ws.db, PeopleList(ws.db), ws.settings, ws.clock, ws.inbox)


def comparable(ws) -> dict:
    snap = snapshot(ws)
    snap.pop("sync_state", None)
    snap.pop("_sqlite_migrations", None)  # when each migration ran differs, rightly
    return snap


# ----- export ------------------------------------------------------------------------------------


def test_kindly_json_round_trip_is_exact(demo, tmp_path, clock):
    customers_of(demo).add_strike(
        demo.people.by_handle(
            demo.db.execute(
                "SELECT handle FROM people WHERE id != ? LIMIT 1", [demo.inbox.shop_person_id()]
            ).fetchone()[0]
        ).id,
        "insults",
    )
    out = tmp_path / "shop.json"
    report = export_json(demo.db, out, clock)
    assert report.rows["posts"] >= 150 and report.rows["strikes"] == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "kindly-export"
    fresh = open_workspace(tmp_path / "fresh.db", clock)
    imported = run_import(fresh, out)
    assert imported.added["posts"] == report.rows["posts"]
    assert comparable(fresh) == comparable(demo)
    # search works on the imported posts (the index is filled by the same triggers)
    word = demo.posts.get(1).text.split()[-1]
    assert fresh.posts.page_keys(
        fresh.inbox.__class__
        and __import__("app.domain.models", fromlist=["InboxFilter"]).InboxFilter.ALL,
        word,
    )
    again = run_import(fresh, out)
    assert again.total_added == 0
    assert comparable(fresh) == comparable(demo)
    fresh.close()


def test_export_leaves_out_secrets_and_machine_state(workspace, tmp_path):
    workspace.db.execute(
        "CREATE TABLE x_account (id INTEGER PRIMARY KEY, handle TEXT, access_token TEXT)"
    )
    workspace.db.execute("INSERT INTO x_account VALUES (1, 'luna', 'SECRET-TOKEN')")
    workspace.db.execute("INSERT INTO sync_state VALUES ('since_id', '123')")
    out = tmp_path / "e.json"
    export_json(workspace.db, out, workspace.clock)
    text = out.read_text()
    assert "SECRET-TOKEN" not in text and "access_token" not in text
    assert '"x_account"' in text and "since_id" not in text


def test_export_to_a_folder_that_cannot_be_written(workspace, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(KindlyError, match="cannot"):
        export_json(workspace.db, blocker / "out.json", workspace.clock)


def test_csv_export_of_mentions_replies_and_promises(demo, tmp_path):
    report = export_csv(demo.db, tmp_path / "csv")
    with open(tmp_path / "csv" / "mentions.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert (
        len(rows)
        == report.rows["mentions"]
        == demo.db.execute("SELECT count(*) FROM posts WHERE is_shop = 0").fetchone()[0]
    )
    answered = [r for r in rows if r["first_response_seconds"]]
    assert answered and all(int(r["first_response_seconds"]) >= 0 for r in answered)
    assert (tmp_path / "csv" / "replies.csv").exists()
    with open(tmp_path / "csv" / "promises.csv", encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == report.rows["promises"]


def test_an_export_of_another_shop_is_refused(demo, tmp_path, clock):
    out = tmp_path / "demo.json"
    export_json(demo.db, out, clock)
    other = open_workspace(tmp_path / "other.db", clock)
    from app.domain.models import Shop

    other.shop.save(Shop(name="Other", handle="othershop"))
    before = snapshot(other)
    with pytest.raises(ImportFailed, match="this database is @othershop"):
        run_import(other, out)
    assert snapshot(other) == before
    other.close()


def test_a_cut_off_export_changes_nothing(demo, tmp_path, clock):
    out = tmp_path / "demo.json"
    export_json(demo.db, out, clock)
    cut = tmp_path / "cut.json"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size * 2 // 3])
    fresh = open_workspace(tmp_path / "fresh.db", clock)
    before = snapshot(fresh)
    with pytest.raises(ImportFailed, match="breaks after record"):
        run_import(fresh, cut)
    assert snapshot(fresh) == before
    fresh.close()


# ----- forget a person ---------------------------------------------------------------------------


def test_forget_a_person_leaves_no_trace(demo):
    from app.domain.models import InboxFilter
    from app.storage.saved_searches import SavedSearches

    handle, person_id = demo.db.execute(
        "SELECT pe.handle, pe.id FROM people pe JOIN promises pr ON pr.person_id = pe.id"
        " JOIN direct_messages d ON d.sender_id = pe.id LIMIT 1"
    ).fetchone()
    # a word only this person (and the shop's replies to them) ever wrote
    theirs = " ".join(
        t
        for (t,) in demo.db.execute(
            "SELECT text FROM posts WHERE author_id = ?", [person_id]
        ).fetchall()
    )
    words = [
        w
        for w in set(theirs.lower().split())
        if w.isalpha()
        and len(w) > 4
        and demo.db.execute(
            "SELECT count(*) FROM posts WHERE author_id != ? AND text LIKE ?", [person_id, f"%{w}%"]
        ).fetchone()[0]
        == 0
    ]
    assert words
    customers_of(demo).add_strike(person_id, "testing")
    demo.people.set_notes(person_id, "ring size 7")
    assert demo.posts.page_keys(InboxFilter.ALL, words[0])
    saved = SavedSearches(demo.db)
    for name, query in (
        ("Theirs", f"from:@{handle.upper()} kind:complaint"),
        ("Refunds", "refund is:open"),
        ("Someone else's", "from:@someone_else"),
    ):
        saved.add(name, query, demo.clock.now())
    result = customers_of(demo).forget(person_id)
    # a search saved to the navigation named them: it goes; the others stay
    assert [s.name for s in saved.list()] == ["Refunds", "Someone else's"]
    assert result.rows["saved_searches"] == 1
    assert result.rows["posts"] >= 1 and result.rows["people"] == 1
    assert demo.people.get(person_id) is None
    for table, column in (
        ("posts", "author_id"),
        ("direct_messages", "sender_id"),
        ("direct_messages", "recipient_id"),
        ("promises", "person_id"),
        ("strikes", "person_id"),
    ):
        assert (
            demo.db.execute(
                f"SELECT count(*) FROM {table} WHERE {column} = ?", [person_id]
            ).fetchone()[0]
            == 0
        )
    for word in words:
        assert not demo.posts.page_keys(InboxFilter.ALL, word)
    assert (
        demo.db.execute(
            "SELECT count(*) FROM posts WHERE text LIKE ?", [f"%@{handle}%"]
        ).fetchone()[0]
        == 0
    )
    assert (
        demo.db.execute(
            "SELECT count(*) FROM drafts WHERE post_id NOT IN (SELECT id FROM posts)"
        ).fetchone()[0]
        == 0
    )
    assert demo.db.execute("PRAGMA foreign_key_check").fetchall() == []
    # the search index itself no longer holds their words
    demo.db.execute("INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check')")
    for word in words:
        assert (
            demo.db.execute(
                "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?", [f'"{word}"']
            ).fetchone()[0]
            == 0
        )
    with pytest.raises(NotFound):
        customers_of(demo).forget(person_id)
    with pytest.raises(NotFound, match="your shop"):
        customers_of(demo).forget(demo.inbox.shop_person_id())


# ----- people ------------------------------------------------------------------------------------


def test_fans_trolls_strikes_and_policy(demo):
    customers = customers_of(demo)
    people = PeopleList(demo.db)
    fans = [pid for pid, _ in people.page_keys(PeopleFilter.FANS)]
    assert fans, "the demo shop has fans"
    for pid in fans:
        praise = demo.db.execute(
            "SELECT count(*) FROM posts WHERE author_id = ? AND kind = 'praise'", [pid]
        ).fetchone()[0]
        assert praise >= 2
        assert people.is_fan(pid)
        assert demo.posts.get(customers.thank_target(pid)).kind == "praise"
    everyone = [pid for pid, _ in people.page_keys(PeopleFilter.EVERYONE, limit=10_000)]
    assert demo.inbox.shop_person_id() not in everyone
    assert len(everyone) == people.count(PeopleFilter.EVERYONE)
    # paging by keyset returns every person once
    paged, after = [], None
    while True:
        page = people.page_keys(PeopleFilter.EVERYONE, after=after, limit=7)
        if not page:
            break
        paged += [pid for pid, _ in page]
        after = page[-1][1]
    assert paged == everyone

    target = everyone[0]
    with pytest.raises(ValidationError):
        customers.add_strike(target, "   ")
    assert customers.set_policy("One warning, then mute. Never argue.") == Changed.of(
        ChangeKind.SETTINGS
    )
    for i in range(2):
        advice = customers.add_strike(target, f"insult {i}")
        assert not advice.suggest_mute
    advice = customers.add_strike(target, "insult 3")
    assert advice.suggest_mute and "limit of 3" in advice.text()
    assert "Never argue" in customers.policy_reminder(target)
    assert target in [pid for pid, _ in people.page_keys(PeopleFilter.TROLLS)]
    customers.set_blocked(target, True)
    assert people.row(target).muted and people.row(target).blocked
    assert target in [pid for pid, _ in people.page_keys(PeopleFilter.MUTED)]
    assert customers.profile_url("@maya_k") == "https://x.com/maya_k"

    customers.set_contact(target, "email", "maya@example.com")
    assert people.row(target).contact_address == "maya@example.com"
    with pytest.raises(ValidationError):
        customers.set_contact(target, "email", "not an address")
    with pytest.raises(ValidationError):
        customers.set_contact(target, "pigeon", "")


# ----- backups -----------------------------------------------------------------------------------


def test_daily_backups_keep_the_last_seven(demo, clock):
    backups = Backups(demo.db, demo.path, clock)
    assert backups.due()
    info = backups.daily(keep=7)
    assert info is not None and info.mentions >= 150 and info.people > 0
    assert not backups.due() and backups.daily(keep=7) is None
    for _ in range(9):
        clock.advance(days=1)
        backups.daily(keep=7)
    daily = [b for b in backups.list() if b.kind == "daily"]
    assert len(daily) == 7
    assert daily[0].taken_at > daily[-1].taken_at  # newest first
    assert not list(backups.folder.glob("*-wal"))


def test_restore_replaces_the_database_after_backing_it_up(demo, clock):
    backups = Backups(demo.db, demo.path, clock)
    saved = backups.back_up_now()
    before = comparable(demo)
    demo.db.execute("DELETE FROM promises")
    demo.db.execute("UPDATE people SET notes = 'changed'")
    clock.advance(minutes=5)
    safety = backups.restore(saved.path)
    assert comparable(demo) == before
    assert describe_backup(safety).promises == 0  # the replaced state was kept
    # a second connection (as a worker opens) sees the restored data
    other = open_workspace(demo.path, clock)
    assert other.db.execute("SELECT count(*) FROM promises").fetchone()[0] == len(
        before["promises"]
    )
    other.close()


def test_a_damaged_backup_is_not_restored(demo, clock, tmp_path):
    backups = Backups(demo.db, demo.path, clock)
    info = backups.back_up_now()
    data = bytearray(info.path.read_bytes())
    data[5000:9000] = b"\x00" * 4000
    info.path.write_bytes(bytes(data))
    assert describe_backup(info.path).problem
    before = comparable(demo)
    with pytest.raises(KindlyError, match="cannot be restored"):
        backups.restore(info.path)
    assert comparable(demo) == before


def test_check_says_healthy_or_damaged(demo, tmp_path, clock):
    result = check_database(demo.path)
    assert result.healthy and "healthy" in result.message
    broken = tmp_path / "broken.db"
    Backups(demo.db, demo.path, clock).back_up_now().path.replace(broken)
    conn = sqlite3.connect(broken)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO strikes (person_id, reason, created_at) VALUES ('ghost', 'x', 'y')")
    conn.commit()
    conn.close()
    result = check_database(broken)
    assert not result.healthy and "missing people row" in result.message
    data = bytearray(broken.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)
    broken.write_bytes(bytes(data))
    result = check_database(broken)
    assert not result.healthy and "backup" in result.message


def test_backups_are_timed_by_the_clock(demo, clock):
    backups = Backups(demo.db, demo.path, clock)
    info = backups.back_up_now()
    assert abs(info.taken_at - clock.now()) < timedelta(seconds=1)
