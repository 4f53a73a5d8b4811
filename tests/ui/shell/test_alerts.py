"""Alerts in the window: a sync's new complaints raise one grouped notice, the rate limit holds
the next, Show opens the mention, and the tray and badge count what needs a reply."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.alerts import ALERT_GAP
from app.domain.models import InboxFilter, NewMention
from app.services.sync import SyncReport
from app.storage.alerts import AlertsStore
from tests.ui.followups.test_followups import (  # noqa: F401 - a fixture
    TRAY_ON_OFFSCREEN,
    app_quit_setting,
)
from ui.x.sync_status import SyncOutcome


def _sync(window, clock, texts: list[tuple[str, str]]):
    """What a sync's worker hands back after storing ``texts`` (handle, text)."""
    ws = window.workspace
    ns = []
    for i, (handle, text) in enumerate(texts):
        mention = NewMention(
            id=f"9{len(ws.posts.counts())}{i}{clock.now().timestamp():.0f}",
            author_handle=handle,
            text=text,
            created_at=clock.now() - timedelta(minutes=1),
            source="x",
        )
        ns.append(ws.inbox.add_mention(mention))
    report = SyncReport(started_at=clock.now(), new_mentions=len(ns), mention_ids=ns)
    report.arrivals = AlertsStore(ws.db).arrivals(ns)
    window.x_sync.on_worker_finished(SyncOutcome(report, None))
    return ns


def test_new_complaints_from_a_sync_raise_one_grouped_notice(window, clock, qtbot):
    notifier = window.alerts.notifier
    before = len(notifier.shown)
    ns = _sync(
        window,
        clock,
        [
            ("maya_k", "My necklace arrived broken, really disappointed"),
            ("tom_b", "Still no refund after two weeks, this is awful"),
            ("jo", "Do you ship to Norway?"),
            ("fan", "Love the new earrings!"),
        ],
    )
    shown = notifier.shown[before:]
    assert len(shown) == 1
    where, notice = shown[0]
    assert where == "banner"  # no tray on the offscreen platform
    assert notice.title == "2 new complaints and 1 question"
    assert notice.body == "From @maya_k, @tom_b and @jo"
    assert notifier.banner.isVisible()
    assert notifier.needs_reply == window.workspace.posts.counts()[InboxFilter.NEEDS_REPLY]

    # a second sync two minutes later is held back, then told with the gap
    clock.advance(minutes=2)
    _sync(window, clock, [("sam", "Wrong size sent, very unhappy")])
    assert len(notifier.shown) == before + 1
    clock.advance(seconds=ALERT_GAP.total_seconds())
    told = window.alerts.look()
    assert [n.title for n in told] == ["1 new complaint"]
    assert told[0].post_n is not None

    # Show opens that mention in the inbox
    notifier.banner.show_button.click()
    assert window.conversation.post is not None
    assert window.conversation.post.author_handle == "sam"
    assert ns  # the first sync's mentions are in the inbox too


def test_notifications_off_tell_nothing_but_still_count(window, clock):
    ws = window.workspace
    ws.settings.save(ws.settings.load().replace(notifications=False))
    notifier = window.alerts.notifier
    before = len(notifier.shown)
    _sync(window, clock, [("maya_k", "My necklace arrived broken, really disappointed")])
    assert len(notifier.shown) == before
    assert notifier.needs_reply == ws.posts.counts()[InboxFilter.NEEDS_REPLY]


@pytest.mark.qt_log_ignore(TRAY_ON_OFFSCREEN)
def test_the_tray_tooltip_counts_mentions_and_follow_ups(window, app_quit_setting):  # noqa: F811
    from ui.shell.tray import Notifier

    notifier = Notifier(window, tray_available=lambda: True)
    notifier.set_due_count(2)
    assert notifier.tooltip() == "Kindly — 2 follow-ups due"
    notifier.set_needs_reply_count(14)
    assert notifier.tooltip() == "Kindly — 14 need a reply · 2 follow-ups due"
    notifier.set_needs_reply_count(0)
    assert notifier.tooltip() == "Kindly — nothing needs a reply · 2 follow-ups due"
