"""The shop's own details and the owner's settings (one row, one key-value table)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlite_utils import Database

from app.domain.models import Shop
from app.settings import Settings

_SHOP_FIELDS = [f.name for f in dataclasses.fields(Shop)]


class ShopStore:
    def __init__(self, db: Database):
        self.db = db

    def get(self) -> Shop:
        row = self.db.execute(f"SELECT {', '.join(_SHOP_FIELDS)} FROM shop WHERE id = 1").fetchone()
        values: dict[str, Any] = dict(zip(_SHOP_FIELDS, row, strict=True))
        values["is_demo"] = bool(values["is_demo"])
        fields: dict[str, Any] = {
            k: ("" if v is None and k != "user_id" else v) for k, v in values.items()
        }
        return Shop(**fields)

    def save(self, shop: Shop) -> None:
        values = dataclasses.asdict(shop)
        values["is_demo"] = int(shop.is_demo)
        assignments = ", ".join(f"{key} = ?" for key in values)
        self.db.execute(f"UPDATE shop SET {assignments} WHERE id = 1", list(values.values()))


class SettingsStore:
    def __init__(self, db: Database):
        self.db = db

    def load(self) -> Settings:
        rows = {key: value for key, value in self.db.execute("SELECT key, value FROM settings")}
        return Settings.from_rows(rows)

    def save(self, settings: Settings) -> None:
        """Keep only what differs from the defaults: a later release's new default reaches every
        owner who never changed that setting (a row equal to the default is deleted)."""
        defaults = Settings().to_rows()
        with self.db.atomic():
            for key, value in settings.to_rows().items():
                if value == defaults[key]:
                    self.db.execute("DELETE FROM settings WHERE key = ?", [key])
                    continue
                self.db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, value],
                )
