"""Saving settings says what changed, and the same settings change nothing."""

from __future__ import annotations

from app.changes import ChangeKind, Changed
from app.services.settings import save_settings


def test_saving_settings_says_settings_changed_once(workspace) -> None:
    store = workspace.settings
    before = store.load()
    changed = before.replace(awaiting_dm_days=before.awaiting_dm_days + 1)
    assert save_settings(store, changed) == Changed.of(ChangeKind.SETTINGS)
    assert store.load().awaiting_dm_days == before.awaiting_dm_days + 1
    assert not save_settings(store, store.load())
