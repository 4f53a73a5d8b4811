"""The inbox model passes Qt's model checks, pages lazily, and shows ages in colour."""

from datetime import timedelta

from PySide6.QtCore import Qt

from app.domain.models import InboxFilter, NewMention
from app.settings import Settings
from ui.common import style
from ui.inbox.model import AGE, PAGE, InboxModel


def fill(ws, count):
    for i in range(count):
        ws.inbox.add_mention(
            NewMention(
                id=str(10_000 + i),
                author_handle=f"p{i % 50}",
                text=f"@shop question {i}: do you make rings?",
                created_at=ws.clock.now() - timedelta(minutes=i * 3),
                source="test",
            )
        )


def test_model_passes_qt_model_tester(qtmodeltester, demo):
    for inbox_filter in InboxFilter:
        model = InboxModel(demo.posts, demo.clock, Settings())
        model.show(inbox_filter)
        qtmodeltester.check(model, force_py=True)


def test_the_model_knows_its_length_and_reads_only_the_pages_shown(workspace):
    fill(workspace, PAGE * 2 + 17)
    model = InboxModel(workspace.posts, workspace.clock, Settings())
    model.show(InboxFilter.ALL)
    assert model.rowCount() == PAGE * 2 + 17 and not model.canFetchMore()
    statements = []
    workspace.db.conn.set_trace_callback(statements.append)
    assert model.data(model.index(PAGE * 2 + 16, 0)) == "@p16"  # the end: the last page only
    workspace.db.conn.set_trace_callback(None)
    assert len([s for s in statements if "LIMIT" in s]) == 1


def test_rows_read_in_any_order_are_the_list_in_order(workspace, monkeypatch):
    import random

    import ui.inbox.model

    monkeypatch.setattr(ui.inbox.model, "PAGE", 7)
    fill(workspace, 60)
    workspace.inbox.resolve(workspace.posts.page_keys(InboxFilter.ALL)[3][0])
    rng = random.Random(4)
    for inbox_filter in InboxFilter:
        expected = [n for n, _ in workspace.posts.page_keys(inbox_filter, limit=10_000)]
        model = InboxModel(workspace.posts, workspace.clock, Settings())
        model.show(inbox_filter)
        assert model.rowCount() == len(expected)
        rows = list(range(len(expected)))
        rng.shuffle(rows)  # jumps to the end, the middle, then neighbours on either side
        assert {row: model.n_at(row) for row in rows} == dict(enumerate(expected))


def test_a_search_grows_as_the_view_scrolls(workspace):
    fill(workspace, PAGE + 5)
    model = InboxModel(workspace.posts, workspace.clock, Settings())
    model.show(InboxFilter.ALL, "rings")
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE + 5 and not model.canFetchMore()
    ns = [model.n_at(row) for row in range(model.rowCount())]
    assert ns == sorted(ns, reverse=True)  # newest match first


def test_age_turns_amber_then_red(workspace, clock):
    fill(workspace, 1)
    settings = Settings(age_amber_hours=1, age_red_hours=24)
    model = InboxModel(workspace.posts, clock, settings)
    index = model.index(0, AGE)
    assert model.data(index) == "now"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is None
    clock.advance(minutes=61)
    assert model.data(index) == "1h"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) == style.age_colour("amber")
    clock.advance(hours=24)
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) == style.age_colour("red")
    model.set_settings(Settings(age_amber_hours=100, age_red_hours=200))
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is None
