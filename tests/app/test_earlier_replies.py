"""'You answered mentions like this before': the shop's own replies to similar earlier mentions,
found in real customer-support history (AppleSupport's threads in the twcs sample)."""

import pytest

from app.domain.models import NewMention
from app.importers import run_import
from app.services.search import earlier_replies
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    from datetime import UTC, datetime

    from app.clock import FakeClock
    from app.workspace import open_workspace

    ws = open_workspace(
        tmp_path_factory.mktemp("history") / "shop.db",
        FakeClock(datetime(2026, 11, 23, 12, tzinfo=UTC)),
    )
    run_import(ws, shared_data("twcs", "twcs_first5000.csv"), shop="AppleSupport")
    yield ws
    ws.close()


def ask(ws, post_id, text):
    return ws.inbox.add_mention(
        NewMention(
            id=post_id,
            author_handle="zoe",
            text=f"@AppleSupport {text}",
            created_at=ws.clock.now(),
            source="test",
        )
    )


def test_similar_history_is_found(history):
    n = ask(history, "q-battery", "My battery drains so fast since the iOS 11 update, half a day")
    found = earlier_replies(history.db, n)
    assert found
    assert all("battery" in e.mention_text.lower() for e in found)
    assert "battery" in found[0].shared_words
    # The shop's own words, without the handle of the customer they were written to.
    assert all(not e.reply_text.startswith("@") for e in found)
    assert len({e.reply_text for e in found}) == len(found)  # one of each


def test_home_button(history):
    n = ask(history, "q-home", "my home button stopped working after the update")
    found = earlier_replies(history.db, n)
    assert found
    assert "Home button" in found[0].reply_text


@pytest.mark.parametrize(
    "text",
    [
        "The croissants at your bakery were stale and the coffee was cold",
        "Do you sell gift cards for the chocolate shop in Lisbon?",
        "!!!",
        '"NEAR" * - AND OR',
    ],
)
def test_dissimilar_is_not_found(history, text):
    n = ask(history, f"q-{abs(hash(text))}", text)
    assert earlier_replies(history.db, n) == []


def test_the_current_thread_is_left_out(history):
    # An answered mention of the history: its own reply is not offered back to it.
    row = history.db.execute(
        "SELECT m.n, m.conversation_id FROM posts m JOIN posts r ON r.in_reply_to_id = m.id"
        " AND r.is_shop = 1 WHERE m.is_shop = 0 AND m.text LIKE '%battery%' LIMIT 1"
    ).fetchone()
    assert row is not None
    found = earlier_replies(history.db, row[0])
    threads = {history.posts.get(e.mention_n).conversation_id for e in found}
    assert row[1] not in threads
    assert earlier_replies(history.db, 10**9) == []  # a post that is not there
