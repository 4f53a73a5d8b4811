"""Which sent replies move a case to DM, and which promise an e-mail."""

import pytest

from app.domain.handoff import asks_for_dm, promises_email

HANDOFFS = [
    "Oh no, we're so sorry! DM us your email and we'll take care of it.",
    "Could you send us a DM with your order number?",
    "So sorry Priya. Please send us a direct message and we'll sort it.",
    "Drop us a private message with the details 💛",
    "E-mail us at hello@juniperandgold.example and we'll fix it.",
    "Can you DM your order number? We'll look right away.",
    "We'd love to help — slide into our DMs!",
    "Happy to help over DM — what's the best email to reach you?",
    "Send me a quick DM and I'll check the engraving.",
    "Please DM and we'll look at it together.",
    "Could you please send a DM with your order number?",
    "Happy to help — DM our team and we'll sort it.",
]
PROMISES = [
    "We'll e-mail you today with a free returns label.",
    "I'll send you an email by tonight with the tracking.",
    "Thanks Anna, we will get back to you by email.",
    "Keep an eye on your inbox — a new label is coming.",
    "I will personally email you the photos.",
    "An email is on its way!",
]
NEITHER = [
    "Thank you so much for the love! 💛",
    "No need to DM us, it's all sorted now.",
    "We've sent you a DM.",
    "Our opening hours are 9 to 5.",
    "Sorry about the wait — it ships tomorrow.",
    "Check your DMs!",
    "Don't e-mail us, just reply here.",
    "We've responded to your DM — thanks!",
]


@pytest.mark.parametrize("text", HANDOFFS)
def test_handoffs(text):
    assert asks_for_dm(text)


@pytest.mark.parametrize("text", PROMISES)
def test_promised_emails(text):
    assert promises_email(text)
    assert not asks_for_dm(text)


@pytest.mark.parametrize("text", NEITHER)
def test_neither(text):
    assert not asks_for_dm(text)
    assert not promises_email(text)


def test_real_brand_replies_that_ask_for_a_dm_are_recognised():
    """twcs: the README counts 517 outbound tweets asking to DM in the first 5,000 rows."""
    import csv

    from tests.conftest import shared_data

    path = shared_data("twcs", "twcs_first5000.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        outbound = [row["text"] for row in csv.DictReader(handle) if row["inbound"] == "False"]
    found = sum(1 for text in outbound if asks_for_dm(text))
    assert len(outbound) > 2000
    assert found >= 450
