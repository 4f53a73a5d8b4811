"""'You answered mentions like this before' beside the composer, on the demo shop: found in a
worker (never on the GUI thread), one click into the composer."""

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import ui.conversation.earlier_replies as panel_module
from app.domain.models import InboxFilter
from app.services.search import earlier_replies


def a_post_with_earlier_replies(demo):
    for n, _ in demo.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=80):
        if len(earlier_replies(demo.db, n)) >= 2:
            return n
    raise AssertionError("the demo shop has no mention like an earlier one")


def test_earlier_replies_are_found_in_a_worker_and_inserted(window, demo, qtbot, monkeypatch):
    threads = []

    def recorded(db, n, limit=3):
        threads.append(threading.current_thread())
        return earlier_replies(db, n, limit)

    monkeypatch.setattr(panel_module, "earlier_replies", recorded)
    n = a_post_with_earlier_replies(demo)
    window.select_post(n)
    panel = window.conversation.earlier
    qtbot.waitUntil(lambda: len(panel.replies) >= 2, timeout=10_000)
    assert threads and all(t is not threading.main_thread() for t in threads)
    expected = earlier_replies(demo.db, n)
    assert [r.reply_text for r in panel.replies] == [r.reply_text for r in expected]
    composer = window.conversation.composer
    composer.editor.setPlainText("")
    buttons = panel.findChildren(QPushButton)
    use = next(b for b in buttons if b.accessibleName() == "Use earlier reply 1")
    qtbot.mouseClick(use, Qt.MouseButton.LeftButton)
    assert composer.text().strip() == panel.replies[0].reply_text.strip()
    assert composer.editor.hasFocus()


def test_an_answer_for_a_post_no_longer_shown_is_dropped(window, demo, qtbot):
    n = a_post_with_earlier_replies(demo)
    panel = window.conversation.earlier
    stale = earlier_replies(demo.db, n)
    window.navigation.choose(InboxFilter.PRAISE)
    qtbot.waitUntil(lambda: panel.worker is None, timeout=10_000)
    shown = [r.reply_text for r in panel.replies]
    assert window.conversation.post.n != n
    panel.show_replies(n, stale)  # arrives late
    assert [r.reply_text for r in panel.replies] == shown != [r.reply_text for r in stale]
