"""Keeping the owner's settings, saying what changed (``app/storage/shop.py`` stores them)."""

from __future__ import annotations

from app.changes import NOTHING, ChangeKind, Changed
from app.settings import Settings
from app.storage.shop import SettingsStore


def save_settings(store: SettingsStore, settings: Settings) -> Changed:
    """Keep ``settings``; every view that reads one refreshes. The same settings change nothing."""
    if settings == store.load():
        return NOTHING
    store.save(settings)
    return Changed.of(ChangeKind.SETTINGS)
