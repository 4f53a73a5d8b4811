"""Every setting Kindly has, with its default, declared in one place.

Stored as JSON values in the ``settings`` table; an unknown or unreadable stored value falls back
to the default (a setting is never a reason not to start). Secrets never live here: see
``app/services/secrets.py``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, fields
from typing import Any


@dataclass
class Settings:
    # How long a mention may wait before its age turns amber, then red (hours).
    age_amber_hours: float = 1.0
    age_red_hours: float = 24.0
    # X counts up to 280 weighted characters; some accounts may post longer.
    max_post_length: int = 280
    # Follow-ups and promises.
    awaiting_dm_days: float = 2.0
    promise_window_hours: float = 24.0
    reminder_due_soon_hours: float = 2.0
    reminder_overdue_every_hours: float = 4.0
    # Count the promise window in the shop's opening hours (local time) instead of clock hours.
    promise_window_in_opening_hours: bool = False
    opening_hours: str = "Mon-Fri 09:00-17:30; Sat 10:00-16:00"
    # Window behaviour.
    close_to_tray: bool = True
    tray_hint_shown: bool = False
    start_at_login: bool = False
    notifications: bool = True
    # The first-start set-up was skipped: not shown at start again (Help → Set up your shop…).
    setup_skipped: bool = False
    # Where the window was and how its panes were split (Qt's saved states, base64); "" = fit the
    # screen.
    window_geometry: str = ""
    window_splitters: str = ""
    # Look once a day for a newer Kindly release (Help → Check for updates); off until allowed.
    check_for_updates: bool = False
    # People.
    strikes_before_mute: int = 3
    # The troll policy the owner writes once; shown when answering someone with strikes.
    troll_policy: str = ""
    # Data: how many daily backups to keep in the backups/ folder beside the database.
    backups_kept: int = 7
    # X connection (Settings → X account). The Client ID is not secret; tokens live only in the
    # OS keychain. The API base can point at a local X-compatible server (or KINDLY_X_API_BASE).
    x_client_id: str = ""
    x_api_base: str = "https://api.x.com"
    x_callback_port: int = 47613  # and the next two, as fallbacks
    x_auto_sync: bool = True
    x_sync_every_minutes: float = 15.0
    x_request_timeout_seconds: float = 20.0
    # DMs are read by automatic sync while a follow-up awaits one, else every this many hours.
    x_dm_idle_hours: float = 6.0
    # X's published pay-per-use unit prices (US$ per resource); edit them when X changes them.
    x_price_owned_read: float = 0.001
    x_price_post_read: float = 0.005
    x_price_user_read: float = 0.010
    x_price_dm_event_read: float = 0.010
    x_price_post_create: float = 0.010
    x_price_dm_create: float = 0.015
    # Pause automatic sync when this month's X costs reach the cap (US$; 0 = no cap).
    x_monthly_cap_usd: float = 0.0
    # Reading a pasted post link (no account needed).
    oembed_url: str = "https://publish.x.com/oembed"

    @classmethod
    def from_rows(cls, rows: dict[str, str]) -> Settings:
        settings = cls()
        for field in fields(cls):
            if field.name not in rows:
                continue
            try:
                value = json.loads(rows[field.name])
            except (TypeError, ValueError):
                continue
            default = getattr(settings, field.name)
            if _same_kind(value, default):
                setattr(settings, field.name, type(default)(value))
        return settings

    def to_rows(self) -> dict[str, str]:
        return {key: json.dumps(value) for key, value in dataclasses.asdict(self).items()}

    def replace(self, **changes: Any) -> Settings:
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise KeyError(f"unknown settings: {sorted(unknown)}")
        return dataclasses.replace(self, **changes)


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, type(default))
