"""One signal after every write, so every view that shows that kind of thing refreshes itself.

No widget pokes another widget: a view writes through a service, which returns what it changed
(``app.changes.Changed``), and the view publishes it here once (``ui.common.operation`` does both
for most writes). ``published`` carries the whole change, for a listener that refreshes once
however many kinds changed; ``changed`` follows with each kind and its ids.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.changes import ChangeKind, Changed, Done

POSTS = ChangeKind.POSTS
PEOPLE = ChangeKind.PEOPLE
PROMISES = ChangeKind.PROMISES
DRAFTS = ChangeKind.DRAFTS
TEMPLATES = ChangeKind.TEMPLATES
SHOP = ChangeKind.SHOP
SETTINGS = ChangeKind.SETTINGS
READ = ChangeKind.READ


class Changes(QObject):
    published = Signal(object)  # the Changed, once per write
    changed = Signal(str, list)  # kind, ids (empty list: anything of that kind), once per kind
    undo_offered = Signal(object)  # an app.changes.Undo: the write just published can be undone

    def publish(self, change: Changed) -> None:
        if not change:
            return
        self.published.emit(change)
        for kind in sorted(change.kinds):
            self.changed.emit(str(kind), list(change.ids_of(kind)))

    def publish_done(self, done: Done) -> None:
        """Publish a write that can be undone, and offer its Undo (the status bar shows it)."""
        self.publish(done.changed)
        if done.changed and done.undo is not None:
            self.undo_offered.emit(done.undo)

    def announce(self, kind: str, ids: list | None = None) -> None:
        """One kind changed (``ids``: which ones; none: any)."""
        self.publish(Changed.of(ChangeKind(kind), ids or []))
