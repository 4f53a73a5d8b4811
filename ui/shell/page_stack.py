"""The window's views in one place, each known by a key and built the first time it is needed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget


class PageStack(QStackedWidget):
    """The inbox and every other view (Review, Follow-ups, People, Stats, X account), shown one at
    a time. A view added as a function is built the first time it is shown or asked for, so the
    window opens without building (and loading) views nobody has looked at yet."""

    def __init__(self, home: QWidget, home_key: str = "inbox"):
        super().__init__()
        self._home_key = home_key
        self.addWidget(home)
        self._widgets: dict[str, QWidget] = {}
        self._builders: dict[str, Callable[[], QWidget]] = {}

    def add(self, key: str, page: QWidget | Callable[[], QWidget]) -> None:
        if isinstance(page, QWidget):
            widget = page
        else:
            widget = QWidget()  # holds the page's place until it is built
            self._builders[key] = page
        self._widgets[key] = widget
        self.addWidget(widget)

    def page(self, key: str) -> QWidget:
        """The view registered as ``key``, built now if it was not yet."""
        build = self._builders.pop(key, None)
        if build is not None:
            placeholder = self._widgets[key]
            widget = build()
            self._widgets[key] = widget
            self.insertWidget(self.indexOf(placeholder), widget)
            self.removeWidget(placeholder)
            placeholder.deleteLater()
        return self._widgets[key]

    def is_built(self, key: str) -> bool:
        return key in self._widgets and key not in self._builders

    def current_key(self) -> str:
        widget = self.currentWidget()
        for key, page in self._widgets.items():
            if page is widget:
                return key
        return self._home_key
