"""New-mention alerts and the 24-hour nudge, for the window: the rules (``app/domain/alerts.py``)
over the reads (``app/storage/alerts.py``), with the settings and the clock."""

from __future__ import annotations

from sqlite_utils import Database

from app.clock import Clock
from app.domain.alerts import Alerts, Arrival, nudge_window
from app.domain.reminders import Notice
from app.domain.models import InboxFilter
from app.storage.alerts import AlertsStore
from app.storage.posts import Posts
from app.storage.shop import SettingsStore


class MentionAlerts:
    def __init__(self, db: Database, settings: SettingsStore, clock: Clock):
        self.store = AlertsStore(db)
        self.settings = settings
        self.clock = clock
        self.rules = Alerts(considered_through=self.store.considered_through())
        self.posts = Posts(db)

    def needs_reply(self) -> int:
        """The Needs reply count (one row kept by triggers): the tray's and the badge's figure."""
        return self.posts.counts()[InboxFilter.NEEDS_REPLY]

    def synced(self, arrivals: list[Arrival]) -> Notice | None:
        """A sync brought ``arrivals`` (read by the sync's worker): the notice to show, if any."""
        enabled = self.settings.load().notifications
        return self.rules.arrived(arrivals, self.clock.now(), enabled)

    def look(self) -> list[Notice]:
        """The regular look: arrivals held back by the rate limit, then the 24-hour nudge."""
        settings = self.settings.load()
        now = self.clock.now()
        notices = []
        if self.rules.pending:
            self.rules.forget(self.store.still_waiting(a.n for a in self.rules.pending))
        held = self.rules.tick(now, settings.notifications)
        if held is not None:
            notices.append(held)
        before = self.rules.considered_through
        start, end = nudge_window(now, settings.age_red_hours)
        nudge = self.rules.nudge(
            self.store.waiting_complaints(start, end),
            now,
            settings.age_red_hours,
            settings.notifications,
        )
        if nudge is not None:
            notices.append(nudge)
        if self.rules.considered_through != before:
            self.store.set_considered_through(self.rules.considered_through)
        return notices
