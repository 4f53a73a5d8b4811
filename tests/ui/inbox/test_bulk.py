"""Many mentions at once from the list, unread marks, and the one Undo in the status bar."""

from PySide6.QtCore import Qt

from app.domain.models import InboxFilter
from app.domain.triage import Kind
from app.services.inbox import BulkAction
from tests.app.test_inbox import add

SPAM = "@juniperandgold collab? dm me babe {} 💋"


def spam_wave(demo, count=50):
    return [add(demo, 9_000 + i, f"babe_bot{i}", SPAM.format(i), 1 + i) for i in range(count)]


def counts_are_exact(demo):
    assert demo.posts.counts() == {f: demo.posts.counted(f) for f in InboxFilter}
    assert demo.posts.unread_counts() == {f: demo.posts.counted_unread(f) for f in InboxFilter}


def published(window):
    seen = []
    window.changes.published.connect(seen.append)
    return seen


def test_fifty_spam_posts_are_cleared_in_a_few_keystrokes_and_undone_in_one(window, demo, qtbot):
    spam = spam_wave(demo)
    window.changes.announce("posts")
    needs_reply = demo.posts.count(InboxFilter.NEEDS_REPLY)
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search, "collab")  # the wave, and nothing else
    assert window.model.rowCount() == 50
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.list_panel.whole() and window.list_panel.picked_label.text() == "All 50 picked"
    seen = published(window)
    qtbot.keyClick(window.list, Qt.Key.Key_E)
    assert len(seen) == 1  # one transaction, announced once
    assert {demo.posts.get(n).status for n in spam} == {"resolved"}
    assert demo.posts.count(InboxFilter.NEEDS_REPLY) == needs_reply - 50
    assert window.undo_bar.isVisible() and window.undo_bar.said.text() == "50 mentions resolved."
    counts_are_exact(demo)
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {demo.posts.get(n).status for n in spam} == {"open"}
    assert demo.posts.count(InboxFilter.NEEDS_REPLY) == needs_reply
    assert not window.undo_bar.isVisible()
    counts_are_exact(demo)


def test_shift_j_picks_rows_and_the_bar_sets_their_kind(window, demo, qtbot):
    window.navigation.choose(InboxFilter.NEEDS_REPLY)
    window.select_row(0)
    window.list.setFocus()
    for _ in range(2):
        qtbot.keyClick(window.list, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    picked = window.list_panel.picked()
    assert len(picked.ns) == 3 and not picked.whole
    assert window.list_panel.picked_label.text() == "3 picked"
    assert window.list_panel.resolve_button.isVisibleTo(window)
    window.list_panel.act(BulkAction.SET_KIND, Kind.TROLL)
    assert {demo.posts.get(n).kind for n in picked.ns} == {"troll"}
    assert window.undo_bar.said.text() == "3 mentions set to troll."
    window.undo_bar.undo()
    assert "troll" not in {demo.posts.get(n).kind for n in picked.ns}
    counts_are_exact(demo)


def test_select_all_means_the_whole_filter_without_reading_it(window, demo):
    window.navigation.choose(InboxFilter.ALL)
    window.list_panel.select_all()
    picked = window.list_panel.picked()
    assert picked.whole and picked.inbox_filter == InboxFilter.ALL and picked.ns == ()


def test_a_new_mention_is_bold_until_opened(window, demo):
    n = add(demo, 8_000, "new_customer", "@juniperandgold my ring broke!!", 0.5)
    newest = add(demo, 8_001, "newer_customer", "@juniperandgold hello?", 0)
    window.changes.announce("posts", [n, newest])
    window.navigation.choose(InboxFilter.ALL)  # the newest is opened at once, n waits below it
    assert window.model.n_at(0) == newest and not demo.posts.inbox_rows([newest])[newest].unread
    row = window.model.row_of(n)
    assert row is not None
    texts, _tips, _colours, fonts, _icons, (_name, unread) = window.model.cells(row)
    assert unread and fonts[0] is not None and fonts[0].bold()
    before = demo.posts.unread_counts()[InboxFilter.ALL]
    assert window.navigation.unread(InboxFilter.ALL) == before
    window.select_post(n)  # opened
    assert not demo.posts.inbox_rows([n])[n].unread
    assert not window.model.cells(window.model.row_of(n))[5][1]
    assert window.navigation.unread(InboxFilter.ALL) == before - 1
    counts_are_exact(demo)


def test_mark_all_read_reads_the_filter_shown_and_undoes(window, demo, qtbot):
    spam_wave(demo, 5)
    add(
        demo,
        8_100,
        "crypto_bot",
        "@juniperandgold WIN FREE CRYPTO click here http://spam.example",
        2,
    )
    window.changes.announce("posts")
    window.navigation.choose(InboxFilter.NEEDS_REPLY)
    unread = demo.posts.unread_counts()
    assert unread[InboxFilter.NEEDS_REPLY] > 0
    assert window.list_panel.picked_label.text() == f"{unread[InboxFilter.NEEDS_REPLY]:,} new"
    qtbot.mouseClick(window.list_panel.all_read_button, Qt.MouseButton.LeftButton)
    after = demo.posts.unread_counts()
    assert after[InboxFilter.NEEDS_REPLY] == 0
    assert after[InboxFilter.TROLLS] == unread[InboxFilter.TROLLS] == 1  # not in this filter
    assert not window.list_panel.all_read_button.isEnabled()
    window.undo_bar.undo()
    assert demo.posts.unread_counts() == unread
    counts_are_exact(demo)


def test_while_searching_the_bar_does_not_count_the_filter_and_mark_all_read_reads_the_found(
    window, demo, qtbot
):
    spam_wave(demo, 5)
    window.changes.announce("posts")
    window.navigation.choose(InboxFilter.NEEDS_REPLY)
    assert window.list_panel.picked_label.text().endswith(" new")
    window.search.setText("collab")  # across all mentions: the filter's figure says nothing here
    assert window.list_panel.picked_label.text() == ""
    assert window.list_panel.all_read_button.isEnabled()
    # The first found is open, so read; the other four are read now, and nothing else.
    before = demo.posts.unread_counts()[InboxFilter.NEEDS_REPLY]
    qtbot.mouseClick(window.list_panel.all_read_button, Qt.MouseButton.LeftButton)
    assert demo.posts.unread_counts()[InboxFilter.NEEDS_REPLY] == before - 4
    counts_are_exact(demo)
