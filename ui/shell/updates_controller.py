"""Help → Check for updates: the owner's switch for the daily look at Kindly's latest release
(``app/services/updates.py``), and the quiet status-bar line with a link when one is newer.

Off until ticked. The look runs in a worker, a few seconds after start and then once a day;
offline it shows nothing. Nothing is downloaded: the link opens the release page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QWidget

from app.services import updates
from app.services.settings import save_settings
from app.workspace import Workspace
from ui.common.changes import Changes
from ui.common.opener import UrlOpener
from ui.common.workers import Worker, run_job

FIRST_LOOK_MS = 5_000


class UpdateCheck(QObject):
    def __init__(
        self,
        parent: QWidget,
        workspace: Workspace,
        changes: Changes,
        opener: UrlOpener,
        help_menu: QMenu,
        status_bar: QStatusBar,
        url: str | None = None,
        current: str | None = None,
        get_json: Callable[..., Any] | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.changes = changes
        self.opener = opener
        self.url = url if url is not None else updates.releases_url()
        self.current = current  # looked up at the first look: not a cost every start pays
        self.get_json = get_json
        self.release: updates.Release | None = None
        self._worker: Worker | None = None

        self.action = QAction("Check for &updates once a day", parent)
        self.action.setCheckable(True)
        self.action.setChecked(workspace.settings.load().check_for_updates)
        if self.url:
            self.action.setToolTip(
                "Look for a newer Kindly on its release page; nothing is downloaded"
            )
        else:
            self.action.setEnabled(False)
            self.action.setToolTip(
                "This copy of Kindly was not built for release, so it has "
                "no release page to look at"
            )
        self.action.toggled.connect(self.on_action_toggled)
        actions = help_menu.actions()
        if actions:
            help_menu.insertAction(actions[0], self.action)
            help_menu.insertSeparator(actions[0])
        else:
            help_menu.addAction(self.action)

        self.label = QLabel()
        self.label.setAccessibleName("Update available")
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(self.on_label_link_activated)
        self.label.hide()
        status_bar.addPermanentWidget(self.label)

        self.timer = QTimer(self)
        self.timer.setInterval(updates.CHECK_EVERY_HOURS * 3600 * 1000)
        self.timer.timeout.connect(self.look)
        if self.enabled():
            QTimer.singleShot(FIRST_LOOK_MS, self, self.look)
            self.timer.start()

    def enabled(self) -> bool:
        return bool(self.url) and self.action.isChecked()

    def on_action_toggled(self, checked: bool) -> None:
        store = self.workspace.settings
        self.changes.publish(save_settings(store, store.load().replace(check_for_updates=checked)))
        if checked and self.url:
            self.timer.start()
            self.look()
        else:
            self.timer.stop()
            self.show(None)

    def look(self) -> None:
        if not self.enabled() or self._worker is not None or not self.url:
            return
        if self.current is None:
            from app import __version__

            self.current = __version__
        url, current, get_json = self.url, self.current, self.get_json
        self._worker = run_job(
            lambda context: updates.latest_release(url, current, get_json),
            owner=self,
            settled=self.on_look_settled,
            done=self.on_look_done,
            expected=lambda error: self.show(None),
        )

    def on_look_settled(self) -> None:
        self._worker = None

    def on_look_done(self, release: updates.Release | None) -> None:
        self.show(release if self.enabled() else None)

    def show(self, release: updates.Release | None) -> None:
        self.release = release
        if release is None:
            self.label.hide()  # nothing newer, or offline: say nothing
            return
        self.label.setText(
            f"{html.escape(release.line())} "
            f"<a href='{html.escape(release.url, quote=True)}'>What's new</a>"
        )
        self.label.setToolTip(release.url)
        self.label.show()

    def on_label_link_activated(self, url: str) -> None:
        self.opener.open(url)
