"""The X account page and the sync status line, against the fake X server."""

from __future__ import annotations

import threading

import pytest
import requests
from PySide6.QtWidgets import QWidget

from app.domain.drafts import DraftState
from app.services.oauth import callback_ports, callback_url
from tests.fakex.fixtures import connect, fake_x, free_ports  # noqa: F401 - fixtures
from tests.fakex.server import CLIENT_ID
from ui.common.changes import Changes
from ui.shell.main_window import MainWindow
from ui.common.opener import UrlOpener
from ui.common.sending import SendFlow
from ui.x.account import XAccountPage


def _browser(url: str) -> None:
    threading.Thread(target=lambda: requests.get(url, timeout=5), daemon=True).start()


@pytest.fixture
def connected_window(qtbot, demo, fake_x):
    connect(demo, fake_x, timeout=5)
    win = MainWindow(demo, Changes())
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_connect_from_the_page_signs_in_and_syncs(qtbot, demo, fake_x):
    port = free_ports(1)[0]
    demo.settings.save(
        demo.settings.load().replace(x_api_base=fake_x.base_url, x_callback_port=port)
    )
    fake_x.callbacks = tuple(callback_url(p) for p in callback_ports(port))
    fake_x.add_mentions(12)
    synced = []
    page = XAccountPage(
        demo, Changes(), open_browser=_browser, sync_now=lambda: synced.append(True)
    )
    qtbot.addWidget(page)
    assert not page.connect.isEnabled()  # nothing to connect with yet
    page.client_id.setText(CLIENT_ID)
    page.client_id.editingFinished.emit()
    assert page.connect.isEnabled()
    assert page.callback_labels[0].text() == f"http://127.0.0.1:{port}/callback"
    page.connect.click()
    qtbot.waitUntil(lambda: page.cancelled is None, timeout=15000)
    assert "Connected as @lunabeads" in page.state.text(), page.problem.text()
    assert demo.settings.load().x_client_id == CLIENT_ID
    assert synced == [True]  # a first sync starts right away
    assert not page.disconnect.isHidden() and page.connect.isHidden()
    page.disconnect.click()  # X revokes the tokens first (a worker), then they are forgotten
    qtbot.waitUntil(lambda: "Not connected" in page.state.text(), timeout=15000)
    assert fake_x.requests_to("POST", "/2/oauth2/revoke") and fake_x.refresh_tokens == {}


def test_a_sign_in_that_fails_says_why(qtbot, demo, fake_x):
    demo.settings.save(
        demo.settings.load().replace(
            x_api_base=fake_x.base_url, x_client_id="not-my-app", x_callback_port=free_ports(1)[0]
        )
    )
    page = XAccountPage(demo, Changes(), open_browser=_browser)
    qtbot.addWidget(page)
    page.connect.click()
    assert not page.cancel.isHidden()
    page.cancel.click()
    qtbot.waitUntil(lambda: not page.problem.isHidden(), timeout=15000)
    assert "cancelled" in page.problem.text()
    assert not page.connect.isHidden()


def test_sync_now_fills_the_inbox_and_the_status_line(qtbot, connected_window, fake_x):
    win = connected_window
    before = win.model.rowCount()
    fake_x.add_mentions(25)
    fake_x.add_dms(3)
    assert win.x_sync.sync_now.isVisible()
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.sync_now.click()
    assert "25 new mentions, 3 new DMs" in win.x_sync.line.text()
    synced = win.workspace.db.execute(
        "SELECT count(*) FROM posts WHERE source = 'x' AND channel = 'public'"
    )
    assert synced.fetchone()[0] == 25
    assert win.x_sync.cost.text().startswith("X: $")
    assert before >= 0


def test_send_goes_through_the_api_when_connected(qtbot, connected_window, fake_x):
    win = connected_window
    fake_x.add_mentions(3)
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.start()
    mention = fake_x.mentions[0]
    ws = win.workspace
    draft = ws.drafting.save(mention["id"], "Thank you so much!")
    ws.drafting.mark_ready(draft.id)
    opened = []
    flow = SendFlow(
        ws, win.changes, UrlOpener(handler=opened.append), QWidget(), api=win.api_sender
    )
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        flow.send([draft.id])
    assert opened == []  # no browser: the API sent it
    assert ws.drafting.drafts.get(draft.id).state == DraftState.SENT
    assert len(fake_x.replies_to(mention["id"])) == 1


def test_the_fetch_button_reads_a_post_link(qtbot, demo, fake_x):
    from ui.inbox.add_mention import AddMentionDialog

    post = fake_x.add_mention(fake_x.customer(5), text="@lunabeads is the moon ring back?")
    demo.settings.save(demo.settings.load().replace(oembed_url=fake_x.base_url + "/oembed"))
    dialog = AddMentionDialog(demo.inbox)
    qtbot.addWidget(dialog)
    dialog.link.setText(f"https://x.com/customer_0005/status/{post['id']}")
    dialog.fetcher.button.click()
    qtbot.waitUntil(lambda: dialog.text.toPlainText() != "", timeout=10000)
    assert dialog.handle.text() == "@customer_0005"
    assert dialog.text.toPlainText() == "@lunabeads is the moon ring back?"
    dialog.link.setText("https://x.com/nobody/status/12345")
    dialog.fetcher.button.click()
    qtbot.waitUntil(lambda: not dialog.errors["link"].isHidden(), timeout=10000)
    assert "Type it in" in dialog.errors["link"].text()


def test_a_reply_x_refused_goes_to_the_browser_next_time(qtbot, connected_window, fake_x):
    win = connected_window
    stranger = fake_x.add_mention(fake_x.customer(77), text="chatting about @lunabeads")
    stranger["entities"] = {}  # they never @mentioned the shop: X refuses API replies
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.start()
    ws = win.workspace
    draft = ws.drafting.save(stranger["id"], "Hello from the shop!")
    ws.drafting.mark_ready(draft.id)
    opened = []
    flow = SendFlow(
        ws, win.changes, UrlOpener(handler=opened.append), QWidget(), api=win.api_sender
    )
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        flow.send([draft.id])
    failed = ws.drafting.drafts.get(draft.id)
    assert failed.state == DraftState.FAILED and "Post on X" in failed.failure
    flow.send([draft.id])  # again: now through X's web intent in the browser
    assert len(opened) == 1 and opened[0].startswith("https://x.com/intent/post?")
    flow.dialog.reject()


def test_a_revoked_sign_in_shows_reconnect_in_the_status_line(qtbot, connected_window, fake_x):
    win = connected_window
    fake_x.expire_tokens()
    fake_x.revoke_refresh_tokens()
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.start()
    assert "Reconnect" in win.x_sync.line.text()
    win.x_account.refresh_state()
    assert win.x_account.connect.text() == "Reconnect"
    assert not win.x_account.connect.isHidden()


def test_sync_now_asks_before_the_first_dm_read(qtbot, demo, fake_x, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    connect(demo, fake_x, timeout=5, dms_agreed=False)
    win = MainWindow(demo, Changes())
    qtbot.addWidget(win)
    fake_x.add_mentions(2)
    fake_x.add_dms(4)
    asked = []

    def answer(parent, title, text):
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.sync_now.click()  # "No": mentions only
    assert "30 days" in asked[0] and "$" in asked[0]
    assert fake_x.requests_to("GET", "/2/dm_events") == []
    assert "DMs are not read yet" in win.x_sync.line.text()
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.sync_now.click()  # "Yes"
    assert "4 new DMs" in win.x_sync.line.text()
    with qtbot.waitSignal(win.x_sync.synced, timeout=20000):
        win.x_sync.sync_now.click()  # not asked again
    assert len(asked) == 2


def test_the_x_account_page_says_credits_ran_out_and_what_kindly_cannot_see(qtbot, demo, fake_x):
    from app.services.xapi import CREDITS_OUT

    connect(demo, fake_x, timeout=5)
    fake_x.add_mentions(2)
    fake_x.inject("credits", times=5)
    page = XAccountPage(demo, Changes())
    qtbot.addWidget(page)
    from app.services.sync import SyncEngine
    from app.services.xconnection import client_for

    SyncEngine(demo, client_for(demo, sleep=lambda s: None, limits={})).run()
    page.refresh_state()
    assert not page.credits.isHidden() and page.credits.text() == CREDITS_OUT
    assert "XChat" in page.encrypted.text() and "outside" in page.encrypted.text()
