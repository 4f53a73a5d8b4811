"""One signal after every write, so every view that shows that kind of thing refreshes itself.

No widget pokes another widget: a view writes through a service, which returns what it changed
(``app.changes.Changed``), and the view publishes it here once (``ui.common.operation`` does both
for most writes). ``published`` carries the whole change, for a listener that refreshes once
however many kinds changed; ``changed`` follows with each kind and its ids.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.changes import ChangeKind, Changed

POSTS = ChangeKind.POSTS
PEOPLE = ChangeKind.PEOPLE
PROMISES = ChangeKind.PROMISES
DRAFTS = ChangeKind.DRAFTS
TEMPLATES = ChangeKind.TEMPLATES
SHOP = ChangeKind.SHOP
SETTINGS = ChangeKind.SETTINGS


class Changes(QObject):
    published = Signal(object)  # the Changed, once per write
    changed = Signal(str, list)  # kind, ids (empty list: anything of that kind), once per kind

    def publish(self, change: Changed) -> None:
        if not change:
            return
        self.published.emit(change)
        for kind in sorted(change.kinds):
            self.changed.emit(str(kind), list(change.ids_of(kind)))

    def announce(self, kind: str, ids: list | None = None) -> None:
        """One kind changed (``ids``: which ones; none: any)."""
        self.publish(Changed.of(ChangeKind(kind), ids or []))
