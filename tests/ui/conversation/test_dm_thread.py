"""A DM thread from the inbox, as the owner works it: the DMs filter, the thread, the reply by
DM through Review, sent by X's DM compose link (no connection) or through the API (connected),
and the person panel's links between the DM thread and the mentions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt

from app.domain.drafts import DraftState
from app.domain.models import InboxFilter
from tests.fakex.fixtures import connect, fake_x  # noqa: F401 - fixtures
from ui.common.changes import Changes
from ui.inbox.model import MESSAGE
from ui.shell.main_window import MainWindow


@pytest.fixture
def opened(window):
    urls: list[str] = []
    window.opener.handler = urls.append
    return urls


def open_dm_from(window, handle: str):
    window.navigation.choose(InboxFilter.DMS)
    for row in range(window.model.rowCount()):
        post = window.workspace.posts.get(window.model.n_at(row))
        if post.author_handle == handle:
            window.select_row(row)
            return post
    raise AssertionError(f"no DM from @{handle} in the DMs filter")


def write(qtbot, composer, text: str) -> None:
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, text)
    qtbot.waitUntil(lambda: composer.checks_current, timeout=10_000)


def test_a_dm_is_read_and_answered_from_the_dms_filter(window, qtbot, opened) -> None:
    window.navigation.choose(InboxFilter.DMS)
    assert window.navigation.count_text(InboxFilter.DMS) == str(window.model.rowCount()) == "4"
    texts = [window.model.index(r, MESSAGE).data() for r in range(window.model.rowCount())]
    assert all(text.startswith("DM · ") for text in texts)

    post = open_dm_from(window, "priyanair_")
    pane = window.conversation
    assert pane.post.n == post.n and pane.title.text().endswith("DM")
    assert "Priya here (the missing parcel)" in pane.thread.toPlainText()
    composer = pane.composer
    assert composer.heading.text() == "DM to @priyanair_"
    assert composer.channel.currentData() == "dm" and not composer.channel.isEnabled()

    write(qtbot, composer, "Thank you Priya! I'll e-mail you about the hoops within the hour.")
    qtbot.mouseClick(composer.ready_button, Qt.MouseButton.LeftButton)
    draft = window.workspace.drafting.draft_for(post.id)
    assert draft.state == DraftState.READY and draft.is_dm
    window.show_page("review")
    review = window.review_page
    assert review.model.rowCount() == 1 and "Priya here" in review.detail.toPlainText()
    qtbot.mouseClick(review.send_button, Qt.MouseButton.LeftButton)
    [url] = opened
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("x.com", "/messages/compose")
    assert parse_qs(parts.query) == {"recipient_id": [post.author_id], "text": [draft.text]}
    qtbot.mouseClick(review.send_flow.dialog.yes, Qt.MouseButton.LeftButton)

    assert window.workspace.drafting.draft_for(post.id).state == DraftState.SENT
    assert window.workspace.posts.get(post.n).status == "waiting"
    window.navigation.choose(InboxFilter.DMS)
    assert window.select_post(post.n)  # still in the DMs filter, now waiting on Priya
    thread = window.conversation.thread.toPlainText()
    assert thread.count("I'll e-mail you about the hoops") == 1  # the shop's DM, once
    assert "by DM" not in thread


def test_the_person_panel_links_the_dm_thread_and_the_mentions(window, qtbot) -> None:
    dm = open_dm_from(window, "priyanair_")
    links = window.conversation.person_links
    assert links.isVisible() and "Open the latest" in links.text()
    links.open()
    mention = window.conversation.post
    assert not mention.is_dm and mention.author_handle == "priyanair_"
    assert "Open their DM thread" in links.text() and "1 DM" in links.text()
    links.open()
    assert window.conversation.post.n == dm.n
    assert window.navigation.current_filter() == InboxFilter.DMS


def test_a_synced_dm_is_answered_through_the_api_once(qtbot, demo, fake_x) -> None:
    connect(demo, fake_x, timeout=5)
    win = MainWindow(demo, Changes())
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    opened: list[str] = []
    win.opener.handler = opened.append
    rosa = fake_x.add_user("2000000777", "rosa_makes", "Rosa")
    fake_x.add_dm(rosa, "Hi! The clasp on my necklace broke after one day :( order 1042")
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.sync_now.click()

    post = open_dm_from(win, "rosa_makes")
    assert post.status == "open" and post.kind == "complaint"
    composer = win.conversation.composer
    write(qtbot, composer, "So sorry, Rosa! A new clasp goes out to you today.")
    qtbot.mouseClick(composer.ready_button, Qt.MouseButton.LeftButton)
    win.show_page("review")
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        qtbot.mouseClick(win.review_page.send_button, Qt.MouseButton.LeftButton)
    assert opened == []  # no browser: the API sent it
    assert [e["text"] for e in fake_x.dms_to("2000000777")] == [
        "So sorry, Rosa! A new clasp goes out to you today."
    ]
    assert demo.drafting.draft_for(post.id).state == DraftState.SENT
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.sync_now.click()  # X lists the shop's DM now: stored once, not twice
    thread = demo.posts.thread(post.conversation_id)
    assert [p.is_shop for p in thread] == [False, True]
    assert len(fake_x.dms_to("2000000777")) == 1
