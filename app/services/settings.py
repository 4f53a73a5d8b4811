"""Keeping the owner's settings, saying what changed (``app/storage/shop.py`` stores them)."""

from __future__ import annotations

from typing import Protocol

from sqlite_utils import Database

from app.changes import NOTHING, ChangeKind, Changed
from app.settings import Settings
from app.storage.shop import SettingsStore


def save_settings(store: SettingsKeeper, settings: Settings) -> Changed:
    """Keep ``settings``; every view that reads one refreshes. The same settings change nothing."""
    if settings == store.load():
        return NOTHING
    store.save(settings)
    return Changed.of(ChangeKind.SETTINGS)


class SettingsKeeper(Protocol):
    """Where the settings are kept (``SettingsStore`` is it): what a settings dialog needs."""

    def load(self) -> Settings: ...

    def save(self, settings: Settings) -> None: ...


def load_settings(db: Database) -> Settings:
    """The owner's settings as stored (defaults for what was never changed)."""
    return SettingsStore(db).load()
