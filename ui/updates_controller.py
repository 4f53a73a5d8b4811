"""Help → Check for updates: the owner's switch for the daily look at Kindly's latest release
(``app/services/updates.py``), and the quiet status-bar line with a link when one is newer.

Off until ticked. The look runs in a worker, a few seconds after start and then once a day;
offline it shows nothing. Nothing is downloaded: the link opens the release page.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from app.services import updates
from ui.changes import SETTINGS

FIRST_LOOK_MS = 5_000


class _Signals(QObject):
    done = Signal(object)  # Release | None


class _LookWorker(QRunnable):
    def __init__(self, url: str, current: str, get_json=None):
        super().__init__()
        self.url, self.current, self.get_json = url, current, get_json
        self.signals = _Signals()

    def run(self) -> None:
        self.signals.done.emit(updates.latest_release(self.url, self.current, self.get_json))


class UpdateCheck(QObject):
    def __init__(self, window, url: str | None = None, current: str | None = None,
                 get_json=None, pool: QThreadPool | None = None):
        super().__init__(window)
        self.window = window
        self.url = url if url is not None else updates.releases_url()
        self.current = current  # looked up at the first look: not a cost every start pays
        self.get_json = get_json
        self.pool = pool or QThreadPool.globalInstance()
        self.release: updates.Release | None = None
        self._worker: _LookWorker | None = None
        self.opener = getattr(window, "opener", None)
        if self.opener is None:
            from ui.opener import UrlOpener

            self.opener = UrlOpener(self)

        self.action = QAction("Check for &updates once a day", window)
        self.action.setCheckable(True)
        self.action.setChecked(window.workspace.settings.load().check_for_updates)
        if self.url:
            self.action.setToolTip("Look for a newer Kindly on its release page; nothing is "
                                   "downloaded")
        else:
            self.action.setEnabled(False)
            self.action.setToolTip("This copy of Kindly was not built for release, so it has "
                                   "no release page to look at")
        self.action.toggled.connect(self.on_action_toggled)
        help_menu = next((a.menu() for a in window.menuBar().actions()
                          if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            first = help_menu.actions()[0] if help_menu.actions() else None
            help_menu.insertAction(first, self.action)
            help_menu.insertSeparator(first)

        self.label = QLabel()
        self.label.setAccessibleName("Update available")
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(self.on_label_link_activated)
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)

        self.timer = QTimer(self)
        self.timer.setInterval(updates.CHECK_EVERY_HOURS * 3600 * 1000)
        self.timer.timeout.connect(self.look)
        if self.enabled():
            QTimer.singleShot(FIRST_LOOK_MS, self, self.look)
            self.timer.start()

    def enabled(self) -> bool:
        return bool(self.url) and self.action.isChecked()

    def on_action_toggled(self, checked: bool) -> None:
        store = self.window.workspace.settings
        store.save(store.load().replace(check_for_updates=checked))
        self.window.changes.announce(SETTINGS)
        if checked and self.url:
            self.timer.start()
            self.look()
        else:
            self.timer.stop()
            self.show(None)

    def look(self) -> None:
        if not self.enabled() or self._worker is not None:
            return
        if self.current is None:
            from app import __version__

            self.current = __version__
        self._worker = _LookWorker(self.url, self.current, self.get_json)
        self._worker.signals.done.connect(self.on_worker_done)
        self.pool.start(self._worker)

    def on_worker_done(self, release) -> None:
        self._worker = None
        self.show(release if self.enabled() else None)

    def show(self, release: updates.Release | None) -> None:
        self.release = release
        if release is None:
            self.label.hide()  # nothing newer, or offline: say nothing
            return
        self.label.setText(f"{html.escape(release.line())} "
                           f"<a href='{html.escape(release.url, quote=True)}'>What's new</a>")
        self.label.setToolTip(release.url)
        self.label.show()

    def on_label_link_activated(self, url: str) -> None:
        self.opener.open(url)


def install_update_check(window, **kwargs) -> UpdateCheck:
    window.update_check = UpdateCheck(window, **kwargs)
    return window.update_check
