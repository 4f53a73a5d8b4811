"""The shop's own details as the owner types them (set-up, Settings → Shop): cleaned, checked and
kept, saying what changed (``app/storage/shop.py`` stores them)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from app.changes import NOTHING, ChangeKind, Changed
from app.domain.models import Shop
from app.errors import ValidationError
from app.settings import Settings
from app.storage.shop import SettingsStore, ShopStore

_HANDLE = re.compile(r"[A-Za-z0-9_]{1,15}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WEBSITE = re.compile(r"(https?://)?[^\s/]+\.[^\s]+")
MAX_TEXT = 200
MAX_VOICE = 500


DETAILS = ("name", "handle", "owner_name", "signature", "email", "website", "phone", "voice")


def with_details(shop: Shop, details: Mapping[str, str]) -> Shop:
    """``shop`` with the details typed (keys from ``DETAILS``; the others stay)."""
    return replace(
        shop,
        name=details.get("name", shop.name),
        handle=details.get("handle", shop.handle),
        owner_name=details.get("owner_name", shop.owner_name),
        signature=details.get("signature", shop.signature),
        email=details.get("email", shop.email),
        website=details.get("website", shop.website),
        phone=details.get("phone", shop.phone),
        voice=details.get("voice", shop.voice),
    )


def clean_shop(shop: Shop) -> Shop:
    """The details with stray spaces and the handle's @ gone; a ValidationError names the field
    to fix."""
    values = {
        "name": " ".join(shop.name.split()),
        "handle": shop.handle.strip().lstrip("@").strip(),
        "owner_name": " ".join(shop.owner_name.split()),
        "signature": " ".join(shop.signature.split()),
        "email": shop.email.strip(),
        "website": shop.website.strip(),
        "phone": " ".join(shop.phone.split()),
        "voice": " ".join(shop.voice.split()),
    }
    if values["handle"] and not _HANDLE.fullmatch(values["handle"]):
        raise ValidationError(
            "An X handle has up to 15 letters, digits or underscores, like @juniperandgold.",
            "handle",
        )
    if values["email"] and not _EMAIL.fullmatch(values["email"]):
        raise ValidationError("That does not look like an e-mail address (name@shop.com).", "email")
    if values["website"] and not _WEBSITE.fullmatch(values["website"]):
        raise ValidationError("That does not look like a web address (shop.com).", "website")
    if values["phone"] and sum(c.isdigit() for c in values["phone"]) < 5:
        raise ValidationError("A phone number needs its digits, like +44 20 7946 0000.", "phone")
    for key, value in values.items():
        limit = MAX_VOICE if key == "voice" else MAX_TEXT
        if len(value) > limit:
            raise ValidationError(f"Keep this under {limit} characters.", key)
    return with_details(shop, values)


def save_shop(store: ShopStore, shop: Shop) -> Changed:
    """Keep the shop's details (cleaned first); the same details change nothing."""
    cleaned = clean_shop(shop)
    if cleaned == store.get():
        return NOTHING
    store.save(cleaned)
    return Changed.of(ChangeKind.SHOP)


def needs_setup(shop: Shop, settings: Settings) -> bool:
    """A new database: no shop name yet, not the demo, and the set-up was not skipped."""
    return not shop.name and not shop.is_demo and not settings.setup_skipped


def skip_setup(store: SettingsStore) -> Changed:
    """The owner skipped the set-up: it is not shown at start again (the menu still opens it)."""
    settings = store.load()
    if settings.setup_skipped:
        return NOTHING
    store.save(settings.replace(setup_skipped=True))
    return Changed.of(ChangeKind.SETTINGS)


def window_title(shop: Shop) -> str:
    """ "Kindly — Juniper & Gold"; only "Kindly" before the shop has a name."""
    name = shop.name.strip()
    title = f"Kindly — {name}" if name and name.casefold() != "kindly" else "Kindly"
    return title + (" (demo)" if shop.is_demo else "")
