"""One signal after every write, so every view that shows that kind of thing refreshes itself.

No widget pokes another widget: a view writes through a service, then calls ``announce``; the
models listening for that kind reload.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

POSTS = "posts"
PEOPLE = "people"
PROMISES = "promises"
DRAFTS = "drafts"
SHOP = "shop"
SETTINGS = "settings"


class Changes(QObject):
    changed = Signal(str, list)  # kind, ids (empty list: anything of that kind)

    def announce(self, kind: str, ids: list | None = None) -> None:
        self.changed.emit(kind, list(ids or []))
