"""Flows through the main window on the demo shop, as the owner would do them."""

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.models import InboxFilter
from ui.inbox.add_mention import AddMentionDialog


def current_post(window):
    return window.conversation.post


def test_opens_on_needs_reply_with_counts_and_a_conversation(window, demo):
    counts = demo.posts.counts()
    assert counts[InboxFilter.ALL] >= 150
    for inbox_filter in InboxFilter:
        assert window.navigation.count_text(inbox_filter) == f"{counts[inbox_filter]:,}"
    assert window.model.inbox_filter == InboxFilter.NEEDS_REPLY
    post = current_post(window)
    assert post is not None and post.status == "open"
    assert post.kind in ("complaint", "question")
    assert f"@{post.author_handle}" in window.conversation.title.text()


def test_switching_filters(window, demo, qtbot):
    for inbox_filter in InboxFilter:
        window.navigation.choose(inbox_filter)
        assert window.model.inbox_filter == inbox_filter
        expected = min(demo.posts.count(inbox_filter), 200)
        assert window.model.rowCount() == expected
    window.navigation.choose(InboxFilter.PRAISE)
    assert current_post(window).kind == "praise"


def test_keyboard_j_k_and_search(window, qtbot):
    window.list.setFocus()
    first = current_post(window).n
    qtbot.keyClick(window.list, Qt.Key.Key_J)
    second = current_post(window).n
    assert second != first
    qtbot.keyClick(window.list, Qt.Key.Key_K)
    assert current_post(window).n == first
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    assert window.search.hasFocus()
    window.navigation.choose(InboxFilter.ALL)
    qtbot.keyClicks(window.search, "clasp")
    assert window.model.rowCount() > 0
    for row in range(window.model.rowCount()):
        n = window.model.n_at(row)
        assert "clasp" in window.workspace.posts.get(n).text.lower()
    qtbot.keyClicks(window.search, ' "AND* (')  # search syntax typed by a person never errors
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.list.hasFocus()


def test_resolve_with_e_then_reopen(window, demo, qtbot):
    window.list.setFocus()
    post = current_post(window)
    before = demo.posts.count(InboxFilter.NEEDS_REPLY)
    qtbot.keyClick(window.list, Qt.Key.Key_E)
    assert demo.posts.get(post.n).status == "resolved"
    assert demo.posts.count(InboxFilter.NEEDS_REPLY) < before
    assert (
        window.navigation.count_text(InboxFilter.NEEDS_REPLY)
        == f"{demo.posts.count(InboxFilter.NEEDS_REPLY):,}"
    )
    assert current_post(window).n != post.n  # moved on to the next one
    window.navigation.choose(InboxFilter.RESOLVED)
    assert window.select_post(post.n)
    assert window.conversation.resolve.text() == "Reopen"
    qtbot.mouseClick(window.conversation.resolve, Qt.MouseButton.LeftButton)
    assert demo.posts.get(post.n).status == "open"


def test_change_the_kind(window, demo):
    post = current_post(window)
    combo = window.conversation.kind
    combo.setCurrentIndex(combo.findData("praise"))
    combo.activated.emit(combo.currentIndex())
    stored = demo.posts.get(post.n)
    assert stored.kind == "praise" and stored.kind_by_owner
    assert "set by you" in window.conversation.triage.text()


def test_a_change_rereads_the_open_conversation_once(window, demo, monkeypatch):
    post = current_post(window)
    reads = []
    real_get = demo.posts.get
    monkeypatch.setattr(demo.posts, "get", lambda n: reads.append(n) or real_get(n))
    demo.inbox.set_kind([post.n], "question")
    window.changes.announce("posts", [post.n])
    assert reads == [post.n]
    assert current_post(window).kind == "question"


def test_mute_a_person_moves_them_to_trolls_after_saying_so_and_can_be_undone(window, demo, qtbot):
    post = current_post(window)
    assert post.kind in ("complaint", "question") and post.status == "open"
    person = window.conversation.person
    qtbot.mouseClick(person.mute, Qt.MouseButton.LeftButton)
    box = window.conversation.confirm_mute  # their open mention would leave Needs reply
    assert "Trolls & spam" in box.text() and "leave Needs reply" in box.text()
    box.button(box.StandardButton.Cancel).click()
    assert not demo.people.get(post.author_id).muted and person.mute.text() == "Mute"
    qtbot.mouseClick(person.mute, Qt.MouseButton.LeftButton)
    box = window.conversation.confirm_mute
    next(b for b in box.buttons() if b.text() == "Mute").click()
    assert demo.people.get(post.author_id).muted
    window.navigation.choose(InboxFilter.TROLLS)
    assert window.select_post(post.n)
    assert window.conversation.person.mute.text() == "Unmute"
    assert window.undo_bar.isVisible() and "muted" in window.undo_bar.said.text()
    qtbot.mouseClick(window.undo_bar.button, Qt.MouseButton.LeftButton)
    assert not demo.people.get(post.author_id).muted
    assert not window.undo_bar.isVisible()


def test_notes_are_saved(window, demo, qtbot):
    post = current_post(window)
    window.conversation.person.notes.setPlainText("Ring size N, prefers e-mail")
    qtbot.mouseClick(window.conversation.person.save_notes, Qt.MouseButton.LeftButton)
    assert demo.people.get(post.author_id).notes == "Ring size N, prefers e-mail"


def test_notes_are_saved_when_moving_on(window, demo, qtbot):
    post = current_post(window)
    window.conversation.person.notes.setPlainText("Lovely person")
    window.move_selection(1)
    assert demo.people.get(post.author_id).notes == "Lovely person"


def fill_dialog(dialog, link, handle, text, when):
    dialog.link.setText(link)
    dialog.handle.setText(handle)
    dialog.text.setPlainText(text)
    from PySide6.QtCore import QDateTime

    dialog.when.setDateTime(QDateTime(when.astimezone()))


def test_add_a_mention_by_hand(window, demo, qtbot):
    dialog = AddMentionDialog(demo.inbox, window)
    qtbot.addWidget(dialog)
    before = demo.posts.count(InboxFilter.ALL)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)

    fill_dialog(dialog, "not a link", "", "hello", demo.clock.now())
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.errors["link"].isVisibleTo(dialog)
    assert "Paste the link" in dialog.errors["link"].text()

    fill_dialog(
        dialog, "https://x.com/newfriend/status/1999999999999999999", "", "   ", demo.clock.now()
    )
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.errors["text"].isVisibleTo(dialog)
    assert not dialog.errors["link"].isVisibleTo(dialog)

    fill_dialog(
        dialog,
        "https://x.com/newfriend/status/1999999999999999999",
        "",
        "@juniperandgold do you do custom engraving?",
        demo.clock.now() + timedelta(days=1),
    )
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.errors["time"].isVisibleTo(dialog)
    assert demo.posts.count(InboxFilter.ALL) == before  # nothing saved while invalid

    fill_dialog(
        dialog,
        "https://x.com/newfriend/status/1999999999999999999",
        "",
        "@juniperandgold do you do custom engraving?",
        demo.clock.now() - timedelta(minutes=5),
    )
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == AddMentionDialog.DialogCode.Accepted
    assert demo.posts.count(InboxFilter.ALL) == before + 1
    post = demo.posts.get(dialog.added_n)
    assert post.author_handle == "newfriend" and post.kind == "question"

    again = AddMentionDialog(demo.inbox, window)
    qtbot.addWidget(again)
    fill_dialog(
        again,
        "twitter.com/newfriend/status/1999999999999999999",
        "",
        "@juniperandgold do you do custom engraving?",
        demo.clock.now(),
    )
    qtbot.mouseClick(
        again.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert "already in your inbox" in again.errors["link"].text()
    assert again.show_existing.isVisibleTo(again)
    assert demo.posts.count(InboxFilter.ALL) == before + 1


def test_every_control_has_an_accessible_name(window):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    controls = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractItemView)
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, controls):
            continue
        if widget.objectName().startswith("qt_") or not widget.isVisibleTo(window):
            continue
        if not widget.accessibleName():
            missing.append(
                f"{type(widget).__name__} {widget.text() if hasattr(widget, 'text') else ''}"
            )
    assert missing == []


def test_pages_register_in_the_navigation_and_show(window, qtbot):
    from PySide6.QtWidgets import QLabel

    page = QLabel("Hello")
    page.setAccessibleName("Test page")
    window.add_page("test", "Test page", page)
    window.show_page("test")
    assert window.pages.currentWidget() is page
    assert window.current_page() == "test"
    window.navigation.choose(InboxFilter.ALL)
    assert window.pages.currentWidget() is window.inbox_page
    assert window.current_page() == "inbox"


def test_views_are_listed_in_the_daily_order(window):
    from ui.shell.navigation import PAGE_ORDER

    nav = window.navigation
    keys = [
        nav.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1)
        for i in range(nav.topLevelItemCount())
    ]
    pages = [k for k in keys if k]
    assert pages == [k for k in PAGE_ORDER if k in pages]
    assert pages[:2] == ["review", "followups"]


def test_resolving_and_correcting_the_kind_announce_the_posts_they_changed(window, demo, qtbot):
    from app.domain.triage import Kind

    heard = []
    window.changes.published.connect(heard.append)
    post = window.conversation.post
    window.conversation.on_resolve_clicked()
    assert heard[-1].kinds == {"posts"} and post.n in heard[-1].ids_of("posts")
    window.conversation.show_post(post.n)
    window.conversation.on_resolve_clicked()  # reopened
    assert heard[-1].ids_of("posts") == (post.n,)
    window.conversation.show_post(post.n)
    other = next(k for k in Kind if k != post.kind)
    window.conversation.on_kind_activated(window.conversation.kind.findData(str(other)))
    assert heard[-1].ids_of("posts") == (post.n,)
    assert demo.posts.get(post.n).kind == other
