"""The composer, the template picker, Review and sending by web intent, as the owner does them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.drafts import DraftState
from app.domain.models import InboxFilter


@pytest.fixture
def opened(window):
    """Every address Kindly opens, instead of a browser."""
    urls: list[str] = []
    window.opener.handler = urls.append
    return urls


def open_complaint(window):
    for row in range(window.model.rowCount()):
        post = window.workspace.posts.get(window.model.n_at(row))
        if post.kind == "complaint" and not post.is_dm:  # a public reply
            window.select_row(row)
            return post
    raise AssertionError("the demo has a complaint needing a reply")


def checked(qtbot, composer) -> None:
    """Wait until the findings shown are those of the text in the editor."""
    qtbot.waitUntil(lambda: composer.checks_current, timeout=10_000)


def type_reply(qtbot, composer, text: str) -> None:
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, text)
    checked(qtbot, composer)


def codes(composer) -> set[str]:
    return {f.code for f in composer.findings}


def test_findings_as_you_type(window, qtbot) -> None:
    post = open_complaint(window)
    composer = window.conversation.composer
    assert composer.heading.text() == f"Reply to @{post.author_handle}"
    type_reply(qtbot, composer, "You should have read the listing. Email me at maya@gmail.com")
    assert codes(composer) == {"blame", "private_info", "no_empathy"}
    selections = composer.editor.extraSelections()
    assert len(selections) == 3
    assert {s.cursor.selectedText() for s in selections} >= {"You should have", "maya@gmail.com"}
    assert "Blames the customer" in composer.findings_label.text()
    assert "Try:" in composer.findings_label.text()
    # The quick fix adds an empathetic opening; the care finding goes away.
    composer.findings_area.on_label_link_activated("open:")
    checked(qtbot, composer)
    assert composer.text().startswith("Oh no, we're so sorry to hear that!")
    assert "no_empathy" not in codes(composer)
    # A DM is not checked for private details.
    composer.channel.setCurrentIndex(composer.channel.findData("dm"))
    composer.on_channel_activated(1)
    checked(qtbot, composer)
    assert codes(composer) == {"blame"}


def test_counter_turns_amber_then_red(window, qtbot) -> None:
    open_complaint(window)
    composer = window.conversation.composer
    composer.editor.setFocus()
    composer.editor.setPlainText("So sorry! " + "a" * 255)
    assert composer.counter.property("level") == "near"
    assert composer.counter.text().replace("\u00a0", " ") == "265 / 280"
    composer.editor.setPlainText("So sorry! " + "a" * 275)
    checked(qtbot, composer)
    assert composer.counter.property("level") == "over"
    assert "5 over" in composer.counter.text()
    assert "too_long" in codes(composer)


def test_template_picker_fills_and_asks(window, qtbot) -> None:
    post = open_complaint(window)
    composer = window.conversation.composer
    composer.editor.setFocus()
    qtbot.keyClick(composer.editor, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    picker = composer.picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.filter, "hand-off")
    assert picker.visible_names() == ["DM hand-off"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert composer.text() == "So sorry! Could you DM us your e-mail so we can make this right?"
    # A template with a field Kindly cannot fill asks for it first.
    qtbot.keyClick(composer.editor, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(composer.picker.filter, "order update")
    qtbot.keyClick(composer.picker.filter, Qt.Key.Key_Return)
    fields = composer.fields_dialog
    assert fields is not None and fields.isVisible()
    assert set(fields.inputs) == {"tracking_link"} | (set() if post.author_name else {"first_name"})
    for name, edit in fields.inputs.items():
        qtbot.keyClicks(
            edit,
            {
                "tracking_link": "https://t.example/1",
                "first_name": "Sam",
            }[name],
        )
    qtbot.keyClick(fields.inputs["tracking_link"], Qt.Key.Key_Return)
    assert "Your order is on its way: https://t.example/1" in composer.text()
    assert composer.text().startswith("So sorry! Could you DM us")


def test_templates_page_create_reorder_delete(window, qtbot) -> None:
    window.show_page("templates")
    page = window.templates_page
    page.new()
    qtbot.keyClicks(page.name, "Gift wrap")
    qtbot.keyClicks(page.body, "Gift wrap is free, {first_name}!")
    assert "Maya" in page.preview.text()
    page.save()
    assert page.names()[-1] == "Gift wrap"
    page.move_template_by(-1)
    assert page.names()[-2] == "Gift wrap"
    page.name.clear()
    assert not page.save()
    assert "short name" in page.error.text()
    page.revert()
    page.delete()
    page.confirm_delete.done(page.confirm_delete.StandardButton.Yes)
    assert "Gift wrap" not in page.names()


def test_autosave_and_coming_back(window, qtbot) -> None:
    post = open_complaint(window)
    composer = window.conversation.composer
    composer.editor.setFocus()
    with qtbot.waitSignal(composer.draft_saved, timeout=3000) as saved:
        qtbot.keyClicks(composer.editor, "Oh no, so sorry!")
        composer.editor.insertPlainText(" 💛")  # QTest types ASCII only
    assert saved.args[0].text == "Oh no, so sorry! 💛"
    qtbot.keyClicks(composer.editor, " More")  # not yet saved by the timer…
    window.move_selection(1)  # …but moving to another mention saves it
    assert window.conversation.post.n != post.n
    assert window.workspace.drafting.draft_for(post.id).text == "Oh no, so sorry! 💛 More"
    assert composer.text() == ""
    window.select_post(post.n)
    assert composer.text() == "Oh no, so sorry! 💛 More"


def test_ready_review_post_confirm_and_thread(window, qtbot, opened) -> None:
    post = open_complaint(window)
    composer = window.conversation.composer
    type_reply(qtbot, composer, "So sorry! Could you DM us your e-mail so we can make this right?")
    qtbot.mouseClick(composer.ready_button, Qt.MouseButton.LeftButton)
    draft = window.workspace.drafting.draft_for(post.id)
    assert draft.state == DraftState.READY
    assert window.navigation.page_count_text("review") == "1"
    assert composer.banner_box.isVisible() and "Ready for review" in composer.banner.text()

    window.show_page("review")
    review = window.review_page
    assert review.model.rowCount() == 1
    assert review.selected_ids() == [draft.id]
    assert post.text[:20] in review.detail.toPlainText()
    assert "Kind, clear" in review.detail.toPlainText()
    qtbot.mouseClick(review.send_button, Qt.MouseButton.LeftButton)
    [url] = opened
    parts = urlsplit(url)
    assert parts.netloc == "x.com" and parts.path == "/intent/post"
    assert parse_qs(parts.query) == {"in_reply_to": [post.id], "text": [draft.text]}
    dialog = review.send_flow.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.link, "https://x.com/juniperandgold/status/1999000000000000123")
    qtbot.mouseClick(dialog.yes, Qt.MouseButton.LeftButton)

    sent = window.workspace.drafting.draft_for(post.id)
    assert sent.state == DraftState.SENT and sent.sent_post_id == "1999000000000000123"
    assert review.model.rowCount() == 0 and review.empty.isVisible()
    assert window.navigation.page_count_text("review") == "0"
    assert window.workspace.posts.get(post.n).status == "waiting"
    # Edit from the thread view: the reply is there as the shop's post.
    window.navigation.choose(InboxFilter.WAITING)
    assert window.select_post(post.n)
    assert "Could you DM us your e-mail" in window.conversation.thread.toPlainText()
    assert composer.editor.isReadOnly() and "Sent" in composer.banner.text()


def test_ctrl_enter_no_then_send_and_resolve_with_local_id(window, qtbot, opened) -> None:
    post = open_complaint(window)
    composer = window.conversation.composer
    type_reply(qtbot, composer, "So sorry about this! We'll send a new one today.")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    dialog = composer.send_flow.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.no, Qt.MouseButton.LeftButton)
    assert window.workspace.drafting.draft_for(post.id).state == DraftState.DRAFT
    assert not composer.editor.isReadOnly()
    # "No" by mistake: Undo asks "Did it post?" again (the banner's Answer…).
    assert window.undo_bar.said.text() == "Kept as a draft."
    qtbot.mouseClick(window.undo_bar.button, Qt.MouseButton.LeftButton)
    assert window.workspace.drafting.draft_for(post.id).state == DraftState.SENDING
    assert composer.banner_box.action.isVisible()
    window.workspace.drafting.keep_draft(window.workspace.drafting.draft_for(post.id).id)
    window.changes.announce("drafts")
    assert not composer.editor.isReadOnly()

    composer.send_and_resolve()
    dialog = composer.send_flow.dialog
    assert dialog.resolve.isChecked()
    qtbot.keyClicks(dialog.link, "not a link")
    qtbot.mouseClick(dialog.yes, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Paste the link" in dialog.error.text()
    dialog.link.clear()
    qtbot.mouseClick(dialog.yes, Qt.MouseButton.LeftButton)
    draft = window.workspace.drafting.draft_for(post.id)
    assert draft.state == DraftState.SENT and draft.sent_post_id == f"local-{draft.id}"
    assert window.workspace.posts.get(post.n).status == "resolved"
    window.navigation.choose(InboxFilter.RESOLVED)
    assert window.select_post(post.n)
    assert f"kindly:reply-link/{draft.id}" in window.conversation.thread.toHtml()
    # Pasting the link later swaps in the real id.
    from PySide6.QtCore import QUrl

    window.conversation.on_thread_anchor_clicked(QUrl(f"kindly:reply-link/{draft.id}"))
    window.conversation.link_dialog.setTextValue(
        "https://x.com/juniperandgold/status/1999000000000000777"
    )
    window.conversation.link_dialog.accept()
    assert window.workspace.posts.exists("1999000000000000777")
    assert not window.workspace.posts.exists(f"local-{draft.id}")
    assert "reply-link" not in window.conversation.thread.toHtml()


def test_review_several_at_once_edit_and_discard(window, qtbot, opened) -> None:
    drafting = window.workspace.drafting
    ids = []
    for n, _ in window.workspace.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=3):
        post = window.workspace.posts.get(n)
        ids.append(
            drafting.mark_ready(drafting.save(post.id, f"So sorry, @{post.author_handle}!").id).id
        )
    window.changes.announce("drafts", ids)
    assert window.navigation.page_count_text("review") == "3"
    window.show_page("review")
    review = window.review_page
    review.table.selectAll()
    # The demo's first mention needing a reply is a DM: a DM is sent, a public reply posted.
    assert review.selected_ids() == ids and review.send_button.text() == "&Send 3 on X"
    review.send_selected()
    for expected in range(1, 4):
        assert len(opened) == expected
        qtbot.mouseClick(review.send_flow.dialog.yes, Qt.MouseButton.LeftButton)
    assert all(drafting.drafts.get(i).state == DraftState.SENT for i in ids)

    # Edit opens the conversation with the draft in the composer; discard throws drafts away.
    keys = window.workspace.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=2)
    posts = [window.workspace.posts.get(n) for n, _ in keys]
    more = [drafting.mark_ready(drafting.save(p.id, "Sorry!").id).id for p in posts]
    window.changes.announce("drafts", more)
    review.select_draft(more[0])
    qtbot.mouseClick(review.edit_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "inbox"
    assert window.conversation.post.id == posts[0].id
    assert window.conversation.composer.text() == "Sorry!"
    window.show_page("review")
    review.table.selectAll()
    review.discard_selected()
    review.confirm_discard.done(review.confirm_discard.StandardButton.Discard)
    assert review.model.rowCount() == 0
    assert all(drafting.drafts.get(i) is None for i in more)
    assert window.undo_bar.said.text() == "2 replies discarded."
    qtbot.mouseClick(
        window.undo_bar.button, Qt.MouseButton.LeftButton
    )  # they come back as they were
    assert review.model.rowCount() == 2
    assert all(drafting.drafts.get(i).text == "Sorry!" for i in more)
    review.table.selectAll()
    review.discard_selected()
    review.confirm_discard.done(review.confirm_discard.StandardButton.Discard)
    assert review.model.rowCount() == 0

    # Back to drafts: each draft that moved is announced once, so Review empties itself.
    post = window.workspace.posts.get(
        window.workspace.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=1)[0][0]
    )
    ready = drafting.mark_ready(drafting.save(post.id, "Sorry again!").id)
    window.changes.announce("drafts", [ready.id])
    published = []
    window.changes.published.connect(published.append)
    review.table.selectAll()
    review.back_to_drafts()
    assert review.model.rowCount() == 0 and drafting.drafts.get(ready.id).state == DraftState.DRAFT
    assert [change.ids_of("drafts") for change in published] == [(ready.id,)]


def test_a_dm_reply_opens_the_message_window(window, qtbot, opened) -> None:
    post = open_complaint(window)
    composer = window.conversation.composer
    composer.channel.setCurrentIndex(composer.channel.findData("dm"))
    type_reply(qtbot, composer, "So sorry! Your order #10492 is on its way.")
    composer.on_channel_activated(1)
    composer.send()
    [url] = opened
    assert url.startswith("https://x.com/messages/compose?")
    query = parse_qs(urlsplit(url).query)
    assert query["text"] == ["So sorry! Your order #10492 is on its way."]
    if post.author_id.isdigit():
        assert query["recipient_id"] == [post.author_id]
    qtbot.mouseClick(composer.send_flow.dialog.yes, Qt.MouseButton.LeftButton)
    window.navigation.choose(InboxFilter.WAITING)
    assert window.select_post(post.n)
    assert "You, by DM" in window.conversation.thread.toPlainText()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "x" * 10_000,
        "شكراً جزيلاً، نحن آسفون جداً! سنرسل بديلاً اليوم.",
        "👨‍👩‍👧‍👦🏳️‍🌈👍🏽" * 50,
        "Sorry!\u202e reversed \u202c ok",
    ],
    ids=["empty", "spaces", "10k", "rtl", "emoji", "bidi-controls"],
)
def test_bad_input_gives_a_clear_state(window, qtbot, opened, text) -> None:
    post = open_complaint(window)
    composer = window.conversation.composer
    composer.editor.setFocus()
    QApplication.clipboard().setText(text)
    composer.editor.paste()
    checked(qtbot, composer)
    composer.save_now()
    draft = window.workspace.drafting.draft_for(post.id)
    if not text.strip():
        assert draft is None
        composer.send()
        assert "nothing to send" in composer.saved.text()
        assert opened == []
        return
    assert draft.text == text
    level = composer.counter.property("level")
    if len(text) == 10_000 or text.startswith("👨"):
        assert level == "over" and "too_long" in codes(composer)
        composer.send()
        assert opened == [] and "shorten this by" in composer.saved.text()
    else:
        assert level == "ok"
        composer.send()
        assert len(opened) == 1
        assert parse_qs(urlsplit(opened[0]).query)["text"] == [text]


def test_review_model_passes_the_model_tester(window, qtmodeltester) -> None:
    drafting = window.workspace.drafting
    for n, _ in window.workspace.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=3):
        post = window.workspace.posts.get(n)
        drafting.mark_ready(drafting.save(post.id, "You should have asked! Sorry.").id)
    window.review_page.reload()
    assert window.review_page.model.rowCount() == 3
    qtmodeltester.check(window.review_page.model, force_py=True)
