"""The cost meter's counts, and reading a pasted post link through oEmbed."""

from __future__ import annotations

import random

import pytest

from app.services.costs import CostMeter
from app.services.oembed import OEmbedUnavailable, fetch_post, parse_oembed
from app.services.outbox import Outbox
from app.services.sync import SyncEngine, allow_dm_backfill
from app.storage.x_sync import UsageStore
from tests.fakex.fixtures import connected, fake_x  # noqa: F401 - fixtures


def test_the_meter_counts_billable_reads_and_writes(connected, clock):
    ws = connected.workspace
    fake = connected.fake
    fake.add_mentions(150, people=20)
    fake.add_dms(30, people=10)
    allow_dm_backfill(ws)
    SyncEngine(ws, connected.client(), rng=random.Random(1)).run()
    costs = CostMeter(UsageStore(ws.db), clock).this_month(ws.settings.load())
    assert costs.counts["owned_read"] == 150  # the mentions
    assert costs.counts["dm_event_read"] == 30
    # Profiles: /users/me (a user read, not an owned one) and the 20 authors. X bills a resource
    # once per UTC day: the authors on the second page and the DM senders (customers 0-9, among
    # those authors) were billed already today.
    assert costs.counts["user_read"] == 1 + 20
    # Reading the same again the same day costs nothing more; the next UTC day it does.
    SyncEngine(ws, connected.client()).run(dms=True)
    assert CostMeter(UsageStore(ws.db), clock).this_month(ws.settings.load()).counts == costs.counts
    draft = ws.drafting.save(fake.mentions[0]["id"], "Thanks!")
    ws.drafting.mark_ready(draft.id)
    Outbox(ws).queue_draft(draft.id)
    Outbox(ws).send_pending(connected.client())
    costs = CostMeter(UsageStore(ws.db), clock).this_month(ws.settings.load())
    assert costs.counts["post_create"] == 1
    expected = 150 * 0.001 + 30 * 0.010 + 21 * 0.010 + 1 * 0.010
    assert costs.total == pytest.approx(expected)


def test_months_are_counted_apart_and_the_cap_is_reached(workspace, clock):
    meter = CostMeter(UsageStore(workspace.db), clock)
    meter.add("owned_read", 500)
    settings = workspace.settings.load().replace(x_monthly_cap_usd=0.75)
    assert not meter.this_month(settings).cap_reached
    meter.add("owned_read", 500)
    assert meter.this_month(settings).cap_reached
    clock.advance(days=10)  # into December
    assert meter.this_month(settings).total == 0
    cheaper = settings.replace(x_price_owned_read=0.0005)
    clock.advance(days=-10)
    assert meter.this_month(cheaper).total == pytest.approx(0.5)


def test_a_pasted_link_is_read_through_oembed(fake_x):
    post = fake_x.add_mention(fake_x.customer(4), text="@lunabeads love the <ring> & box!\nThanks")
    found = fetch_post(
        f"https://x.com/customer_0004/status/{post['id']}", endpoint=fake_x.base_url + "/oembed"
    )
    assert found.handle == "customer_0004"
    assert found.author_name == "Customer 4"
    assert found.text == "@lunabeads love the <ring> & box!\nThanks"
    assert found.posted_on is not None


def test_oembed_offline_or_unknown_falls_back_to_typing(fake_x):
    with pytest.raises(OEmbedUnavailable, match="Type"):
        fetch_post("https://x.com/someone/status/42", endpoint=fake_x.base_url + "/oembed")
    fake_x.stop()
    with pytest.raises(OEmbedUnavailable, match="offline"):
        fetch_post(
            "https://x.com/someone/status/42", endpoint=fake_x.base_url + "/oembed", timeout=1
        )
    with pytest.raises(OEmbedUnavailable):
        parse_oembed({"html": "<blockquote></blockquote>"}, "1")
