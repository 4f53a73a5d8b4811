"""A Kindly export merged into a database that has other mentions of the same shop."""

from __future__ import annotations

from app.domain.models import InboxFilter
from app.importers import run_import
from app.services.exporter import export_json
from app.workspace import open_workspace
from tests.app.test_search import day_bounds_hold
from tests.e2e.test_window_and_commands_together import SHOP, write_csv


def test_an_export_merges_into_a_database_with_other_mentions(demo, tmp_path, clock):
    out = tmp_path / "demo.json"
    export_json(demo.db, out, clock)
    other = open_workspace(tmp_path / "other.db", clock)
    csv = tmp_path / "mentions.csv"
    write_csv(csv)
    run_import(other, csv, "twcs", SHOP)
    before = other.posts.count(InboxFilter.ALL)
    report = run_import(other, out)
    demo_mentions = demo.posts.count(InboxFilter.ALL)
    assert other.posts.count(InboxFilter.ALL) == before + demo_mentions
    for inbox_filter in InboxFilter:
        assert other.posts.count(inbox_filter) == other.posts.counted(inbox_filter), inbox_filter
    assert report.total_added > 0
    again = run_import(other, out)
    assert again.total_added == 0
    assert other.posts.count(InboxFilter.ALL) == before + demo_mentions
    other.close()


def test_an_export_no_longer_carries_the_inbox_counts(demo, tmp_path, clock):
    out = tmp_path / "demo.json"
    report = export_json(demo.db, out, clock)
    assert "inbox_counts" not in report.rows and "posts_by_day" not in report.rows
    fresh = open_workspace(tmp_path / "fresh.db", clock)
    run_import(fresh, out)
    for inbox_filter in InboxFilter:
        assert fresh.posts.count(inbox_filter) == demo.posts.count(inbox_filter)
    assert day_bounds_hold(fresh.db)  # kept by the import's own writes
    fresh.close()
