"""What a new owner sees at 1280×800, 1366×768 and the smallest window Kindly allows: no name,
count or button cut, and words that say what the button does."""

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from app.domain.models import InboxFilter

SIZES = [(1280, 800), (1366, 768), (1, 1)]  # (1, 1): Qt gives the window its minimum


def settle(window) -> None:
    for _ in range(3):
        QApplication.processEvents()


def fits(widget) -> bool:
    """Shown at least as wide as it needs: its words are not cut."""
    return widget.width() >= widget.minimumSizeHint().width()


def pick(window, rows: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(rows):
        window.list.selectionModel().select(window.model.index(row, 0), flags)


def open_dm(window):
    window.navigation.choose(InboxFilter.DMS)
    window.select_row(0)
    settle(window)
    return window.conversation.composer


@pytest.mark.parametrize("size", SIZES)
def test_every_filter_name_shows_whole_in_bold(window, size):
    window.resize(*size)
    settle(window)
    navigation = window.navigation
    assert navigation.width() >= navigation.fitting_width()
    column = navigation.columnWidth(0)
    bold = navigation.font()
    bold.setBold(True)
    from PySide6.QtGui import QFontMetrics

    widest = max(QFontMetrics(bold).horizontalAdvance(f.label) for f in InboxFilter)
    assert column >= widest + 4  # "Waiting on customer", bold when it has new ones


@pytest.mark.parametrize("size", SIZES)
def test_the_composers_buttons_and_count_are_never_cut(window, size):
    window.resize(*size)
    composer = open_dm(window)
    composer.editor.setPlainText("So sorry again for the mix-up! " * 4)
    settle(window)
    for widget in (
        composer.templates_button,
        composer.copy_button,
        composer.ready_button,
        composer.send_button,
        composer.counter,
    ):
        assert fits(widget), widget.accessibleName()
    assert fits(composer.actions_row)
    # "124 / 10,000" on one line, not "124 /" over "10,000".
    line = composer.counter.fontMetrics().lineSpacing()
    assert composer.counter.height() < 2 * line


def test_a_long_count_over_the_limit_may_still_wrap(window):
    window.navigation.choose(InboxFilter.PRAISE)  # a public reply: 280 at most
    window.select_row(0)
    composer = window.conversation.composer
    composer.editor.setPlainText("x" * 400)
    settle(window)
    assert "over" in composer.counter.text() and "\u00a0/\u00a0" in composer.counter.text()


@pytest.mark.parametrize("size", SIZES)
def test_the_bulk_bar_shows_every_button_whole_with_everything_picked(window, size):
    window.resize(*size)
    window.navigation.choose(InboxFilter.NEEDS_REPLY)
    window.list.selectAll()
    settle(window)
    panel = window.list_panel
    assert panel.picked_label.text().startswith("All ")
    assert fits(panel.picked_label)
    assert panel.bulk_bar.isVisible()
    for button in panel.bulk_buttons:
        assert button.isVisible() and fits(button), button.text()
    right = max(b.geometry().right() for b in panel.bulk_buttons)
    assert right <= panel.bulk_bar.width()
    assert not panel.all_read_button.isVisible()


def test_picking_one_hides_the_bulk_bar_again(window):
    pick(window, 3)
    assert window.list_panel.bulk_bar.isVisible()
    window.select_row(4)
    settle(window)
    assert not window.list_panel.bulk_bar.isVisible()
    assert window.list_panel.all_read_button.isVisible()


def test_a_dm_is_sent_and_a_public_reply_posted(window):
    composer = open_dm(window)
    assert composer.send_button.text() == "Send DM"
    assert composer.send_and_resolve_action.text() == "Send DM and resolve"
    assert "sends it as a DM" in composer.editor.placeholderText()
    window.navigation.choose(InboxFilter.PRAISE)
    window.select_row(0)
    settle(window)
    assert window.conversation.composer.send_button.text() == "Post on X"
    assert "posts it on X" in composer.editor.placeholderText()
    # Choosing a DM for a public mention changes the words too.
    composer.channel.setCurrentIndex(composer.channel.findData("dm"))
    assert composer.send_button.text() == "Send DM"


def test_the_empty_conversation_pane_does_not_contradict_an_empty_inbox(new_shop_window):
    note = new_shop_window.conversation.empty
    assert note.isVisible()
    assert "Choose a mention" not in note.text()
    assert "opens here" in note.text()


def test_the_navigation_focus_frame_spans_the_whole_row(window):
    assert window.navigation.allColumnsShowFocus()


def test_review_sends_a_dm_and_posts_a_public_reply(window, demo):
    drafting = demo.drafting
    dm = demo.posts.get(demo.posts.page_keys(InboxFilter.DMS, limit=1)[0][0])
    public = demo.posts.get(demo.posts.page_keys(InboxFilter.PRAISE, limit=1)[0][0])
    for post in (dm, public):
        drafting.mark_ready(drafting.save(post.id, "Thank you so much!").id)
    window.changes.announce("drafts", [])
    window.show_page("review")
    page = window.review_page
    page.reload()
    for draft_id, words in ((dm, "&Send DM"), (public, "&Post on X")):
        page.select_draft(drafting.draft_for(draft_id.id).id)
        assert page.send_button.text() == words
    page.table.selectAll()
    assert page.send_button.text() == "&Send 2 on X"


def test_the_first_earlier_reply_sits_right_under_the_title(window):
    from app.services.search import earlier_replies

    panel = window.conversation.earlier
    for row in range(window.model.rowCount()):
        window.select_row(row)
        post = window.conversation.post
        if earlier_replies(window.workspace.db, post.n):
            break
    panel.look_up()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)
    settle(window)
    assert panel.replies
    assert not panel.hint.isVisible()  # no empty line between the title and the first reply


@pytest.mark.parametrize("size", SIZES)
def test_the_search_count_and_its_links_are_never_cut(window, size):
    window.resize(*size)
    window.navigation.choose(InboxFilter.WAITING)  # the longest "Only in …"
    window.search.setText("order kind:complaint")
    window.search_controller.count_now()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)
    settle(window)
    bar = window.search_bar
    assert bar.found.text().endswith("found in all mentions")
    assert bar.only_here.text() == "Only in Waiting on customer"
    for part in (bar.found, bar.only_here, bar.save):
        assert part.isVisible() and part.width() >= part.sizeHint().width(), part.text()
        assert part.geometry().right() <= bar.status.width()


@pytest.mark.parametrize("size", SIZES)
def test_stats_charts_keep_their_height_and_the_page_scrolls(window, size):
    from PySide6.QtCore import QThreadPool

    window.resize(*size)
    window.show_page("stats")
    page = window.stats_page
    page.refresh()
    QThreadPool.globalInstance().waitForDone(10_000)
    settle(window)
    charts = (page.response_chart, page.kinds_chart, page.backlog_chart)
    for chart in charts:
        assert chart.height() >= chart.minimumHeight(), chart.title
    # The second row starts below the first: titles never sit on the axis labels above them.
    assert page.kinds_chart.y() >= page.response_chart.geometry().bottom()
