"""The composer on a full disk: it says so in plain words, keeps the text and keeps trying.

SQLite's ``max_page_count`` makes the database file unable to grow: SQLite then answers exactly as
it does on a full disk ("database or disk is full", SQLITE_FULL).
"""

from __future__ import annotations

import pytest

from tests.ui.conversation.test_composer import open_complaint
from ui.conversation import composer as composer_module


@pytest.fixture
def quick_retry(monkeypatch):
    monkeypatch.setattr(composer_module, "AUTOSAVE_RETRY_MS", 200)


def fill_the_disk(db) -> int:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute(f"PRAGMA max_page_count = {pages}")
    return pages


def test_autosave_on_a_full_disk_says_so_keeps_the_text_and_retries(window, qtbot, quick_retry):
    post = open_complaint(window)
    composer = window.conversation.composer
    db = window.workspace.db
    fill_the_disk(db)
    reply = "So sorry about the wait! " * 2500  # more pages than the file has free
    composer.editor.setFocus()
    with qtbot.waitSignal(composer.problem_shown, timeout=5000) as problem:
        composer.editor.insertPlainText(reply)
    assert "Your disk is full" in problem.args[0] or "your disk is full" in problem.args[0]
    assert "keeps trying" in composer.saved.text()
    assert composer.text() == reply  # nothing the owner typed is lost
    assert window.workspace.drafting.draft_for(post.id) is None
    # Still full: it tries again, and says so again, without a bug dialog.
    with qtbot.waitSignal(composer.problem_shown, timeout=5000):
        pass
    # Space comes back: the next try saves the text.
    db.execute("PRAGMA max_page_count = 1073741823")
    with qtbot.waitSignal(composer.draft_saved, timeout=5000) as saved:
        pass
    assert saved.args[0].text == reply
    assert window.workspace.drafting.draft_for(post.id).text == reply
    assert "disk" not in composer.saved.text()
