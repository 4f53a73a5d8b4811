"""A long thread shows its first bubbles at once and the rest as soon as the window has painted:
in the end the same document as laying it all out in one go."""

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTextBrowser

from app.domain.models import NewMention
from ui.conversation.pane import FIRST_BUBBLES


def long_thread(ws, count, conversation="77"):
    first = None
    for i in range(count):
        n = ws.inbox.add_mention(
            NewMention(
                id=f"{conversation}{i:04}",
                author_handle="longtalker",
                text=f"message {i} of a long story about a ring",
                created_at=ws.clock.now() - timedelta(minutes=count - i),
                conversation_id=f"{conversation}00000",
                source="test",
            )
        )
        first = first or n
    return first


def whole(window, n):
    post = window.workspace.posts.get(n)
    browser = QTextBrowser()
    browser.setHtml("".join(window.conversation._thread_bubbles(post)))
    return browser.toHtml()


def test_a_long_thread_is_all_there_once_the_window_has_painted(window, demo):
    n = long_thread(demo, FIRST_BUBBLES * 4)
    thread = window.conversation.thread
    window.conversation.show_post(n)
    shown = thread.toPlainText()
    assert "message 0 of" in shown and f"message {FIRST_BUBBLES * 4 - 1} of" not in shown
    QApplication.processEvents()
    assert thread.toHtml() == whole(window, n)
    assert thread.toPlainText().count("of a long story") == FIRST_BUBBLES * 4


def test_the_rest_of_a_thread_left_behind_is_not_added_to_the_next(window, demo):
    n = long_thread(demo, FIRST_BUBBLES * 3)
    window.conversation.show_post(n)
    other = window.model.n_at(0)
    window.conversation.show_post(other)
    QApplication.processEvents()
    assert "of a long story" not in window.conversation.thread.toPlainText()
    assert window.conversation.thread.toHtml() == whole(window, other)


def test_a_short_thread_is_whole_at_once(window, demo):
    n = long_thread(demo, 3)
    window.conversation.show_post(n)
    assert window.conversation.thread.toHtml() == whole(window, n)


def test_a_long_thread_keeps_its_scroll_bar_and_a_short_one_has_none(window, demo):
    thread = window.conversation.thread
    for count, conversation, scrolls in (
        (FIRST_BUBBLES * 4, "77", True),
        (1, "78", False),
        (FIRST_BUBBLES * 4, "79", True),
    ):
        window.conversation.show_post(long_thread(demo, count, conversation))
        QApplication.processEvents()
        assert thread.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
        assert thread.verticalScrollBar().isVisible() == scrolls
