"""The search box on the demo shop: every filter by default, the current one a click away, the
count, operators, a mistyped operator in plain words, and saved searches in the navigation."""

from PySide6.QtCore import Qt

from app.domain.models import InboxFilter


def shown(window):
    return [window.model.n_at(row) for row in range(window.model.rowCount())]


def an_open_complaint(demo):
    return demo.db.execute(
        "SELECT p.n, pe.handle FROM posts p JOIN people pe ON pe.id = p.author_id"
        " WHERE p.is_shop = 0 AND p.kind = 'complaint' AND p.status = 'open' LIMIT 1"
    ).fetchone()


def test_operators_find_the_posts_and_say_how_many(window, demo, qtbot):
    n, handle = an_open_complaint(demo)
    expected = [
        row[0]
        for row in demo.db.execute(
            "SELECT p.n FROM posts p JOIN people pe ON pe.id = p.author_id WHERE p.is_shop = 0"
            " AND pe.handle = ? AND p.kind = 'complaint' AND p.status = 'open'",
            [handle],
        )
    ]
    assert n in expected
    qtbot.keyClicks(window.search, f"from:@{handle} kind:complaint is:open")
    assert sorted(shown(window)) == sorted(expected)
    bar = window.search_bar
    qtbot.waitUntil(  # counted in a worker
        lambda: bar.found.text() == f"<b>{len(expected)}</b> found in all mentions"
    )
    assert bar.problem.isHidden()
    assert window.conversation.post.n == expected[0] or window.conversation.post.n in expected


def test_search_spans_every_filter_and_narrows_in_one_click(window, demo, qtbot):
    window.navigation.choose(InboxFilter.RESOLVED)
    qtbot.keyClicks(window.search, "order")
    everywhere = demo.search.count(InboxFilter.ALL, "order")
    resolved = demo.search.count(InboxFilter.RESOLVED, "order")
    assert everywhere > resolved > 0
    assert window.model.inbox_filter == InboxFilter.ALL
    assert window.model.rowCount() == everywhere
    bar = window.search_bar
    assert bar.only_here.text() == "Only in Resolved"
    qtbot.mouseClick(bar.only_here, Qt.MouseButton.LeftButton)
    assert window.model.inbox_filter == InboxFilter.RESOLVED
    assert window.model.rowCount() == resolved
    qtbot.waitUntil(lambda: bar.found.text() == f"<b>{resolved}</b> found in Resolved")
    assert bar.only_here.text() == "Search all mentions"
    qtbot.mouseClick(bar.only_here, Qt.MouseButton.LeftButton)
    assert window.model.inbox_filter == InboxFilter.ALL
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # leaving the search: the filter again
    assert window.model.inbox_filter == InboxFilter.RESOLVED
    assert window.search_bar.status.isHidden()


def test_a_mistyped_operator_is_explained(window, qtbot):
    qtbot.keyClicks(window.search, "kind:angry parcel")
    bar = window.search_bar
    assert bar.problem.isVisible()
    assert "There is no kind “angry”" in bar.problem.text()
    assert window.model.rowCount() > 0  # the words are still searched
    for typed in ['"', "NEAR(", " -x*", ' AND "OR"', " before:tomorrow"]:
        qtbot.keyClicks(window.search, typed)  # never an SQL error, never a crash
    assert "is not a date" in bar.problem.text()


def test_a_saved_search_sits_in_the_navigation(window, demo, qtbot):
    qtbot.keyClicks(window.search, "kind:complaint is:open")
    controller = window.search_controller
    controller.on_bar_save_requested()
    dialog = controller.save_dialog
    assert dialog is not None and dialog.textValue() == "kind:complaint is:open"
    dialog.setTextValue("Open complaints")
    dialog.accept()
    assert window.navigation.saved_search_names() == ["Open complaints"]
    assert [s.query for s in demo.search.saved_searches()] == ["kind:complaint is:open"]
    window.search.clear()
    window.navigation.choose(InboxFilter.PRAISE)
    window.navigation.choose_saved_search(0)
    assert window.search.text() == "kind:complaint is:open"
    assert window.model.inbox_filter == InboxFilter.ALL
    assert window.model.rowCount() == demo.search.count(InboxFilter.ALL, "kind:complaint is:open")
    saved = demo.search.saved_searches()[0]
    window.navigation.saved_search_removed.emit(saved.id)
    assert window.navigation.saved_search_names() == []


def test_the_count_line_is_measured_as_its_size_hint_says(window):
    """The count is measured from its two plain parts (its rich text's size hint costs a layout
    per search); the width it gets must be the size hint's, to the pixel."""
    bar = window.search_bar
    window.search.setText("order")
    for inbox_filter in InboxFilter:
        for count in (None, 0, 7, 42, 999, 1000, 12_345):
            bar.show_found(count, inbox_filter, ())
            assert bar._found_width() == bar.found.sizeHint().width(), (inbox_filter, count)
