"""People, Stats, and the File menu's data actions: import, export, backups, restore, check.

``install_data_views(window)`` adds the two pages to the navigation and the actions to the File
menu, and starts the daily backup (in a worker, with its own connection).
"""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
)

from app.errors import KindlyError
from app.services.backups import BackupInfo, Backups, check_database
from app.services.customers import Customers
from app.services.exporter import export_csv, export_json
from app.storage.people_list import PeopleList
from ui.changes import DRAFTS, PEOPLE, POSTS, PROMISES, SETTINGS, SHOP
from ui.import_dialog import ImportDialog
from ui.workers import Worker, start

log = logging.getLogger("kindly.ui")

BACKUP_CHECK_MS = 60 * 60 * 1000  # look once an hour whether today's copy is there
THANK_TEMPLATE_WORDS = ("thank",)


def install_data_views(window) -> None:
    ws = window.workspace
    window.customers = getattr(ws, "customers", None) or Customers(
        ws.db, PeopleList(ws.db), ws.settings, ws.clock, ws.inbox
    )
    opener = getattr(window, "opener", None)
    if opener is None:
        from ui.opener import UrlOpener

        opener = window.opener = UrlOpener(window)

    def build_people():
        from ui.people import PeoplePage

        page = PeoplePage(window.customers, ws.clock, window.changes, opener)
        page.thank_requested.connect(lambda pid: thank(window, pid))
        return page

    def build_stats():
        from ui.stats import StatsPage

        return StatsPage(ws, window.changes)

    # Built when first shown: People counts its lists over every post, which a window that
    # opens on the inbox need not wait for.
    window.add_page("people", "People", build_people)
    window.add_page("stats", "Stats", build_stats)
    person_panel = getattr(getattr(window, "conversation", None), "person", None)
    if person_panel is not None and hasattr(person_panel, "note_for"):
        # Replying to someone with strikes: their count and the troll policy beside the reply.
        person_panel.note_for = window.customers.policy_reminder
    _add_menu_actions(window)
    window.backup_timer = QTimer(window)
    window.backup_timer.setInterval(BACKUP_CHECK_MS)
    window.backup_timer.timeout.connect(lambda: daily_backup(window))
    if ws.path is not None:
        window.backup_timer.start()
        window.first_backup_timer = QTimer(window)  # owned by the window: it dies with it
        window.first_backup_timer.setSingleShot(True)
        window.first_backup_timer.setInterval(3000)
        window.first_backup_timer.timeout.connect(lambda: daily_backup(window))
        window.first_backup_timer.start()


def thank(window, person_id: str) -> None:
    """Open the fan's latest praise in the inbox with the thank-you template in the composer."""
    n = window.customers.thank_target(person_id)
    if n is None:
        return
    window.open_post(n)
    composer = getattr(getattr(window, "conversation", None), "composer", None)
    templates = getattr(window.workspace, "templates", None)
    drafting = getattr(window.workspace, "drafting", None)
    if composer is None or templates is None or drafting is None:
        return  # the conversation is open; the owner writes the thanks themselves
    chosen = next((t for t in templates.list()
                   if any(word in t.name.lower() for word in THANK_TEMPLATE_WORDS)), None)
    if chosen is None or composer.text().strip():
        return
    filled = drafting.fill_template(chosen, composer.post)
    if not filled.missing:
        composer.insert_text(filled.text)


def daily_backup(window) -> None:
    if not shiboken6.isValid(window) or not window.isVisible():
        return  # a closed window's workspace may be closed too; the next start backs up
    ws = window.workspace
    if ws.path is None or getattr(window, "backup_worker", None) is not None:
        return
    keep = ws.settings.load().backups_kept
    path, clock = ws.path, ws.clock

    def job(context):
        return Backups(context.db, path, clock).daily(keep)

    worker = Worker(job, path)
    window.backup_worker = worker

    def done(info):
        if shiboken6.isValid(window):
            window.backup_worker = None
            if info is not None:
                log.info("daily backup written: %s", info.path)

    def failed(error):
        if shiboken6.isValid(window):
            window.backup_worker = None
            log.warning("daily backup failed: %s", error)

    worker.signals.finished.connect(done)
    worker.signals.failed.connect(failed)
    start(worker)


def _add_menu_actions(window) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    actions = file_menu.actions()
    before = actions[-1] if actions else None  # keep Quit last
    items = []

    def action(text: str, slot, shortcut: str | None = None) -> QAction:
        act = QAction(text, window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        items.append(act)
        return act

    window.import_action = action("&Import…", lambda: open_import(window), "Ctrl+I")
    window.export_json_action = action("&Export everything (JSON)…", lambda: export(window, "json"))
    window.export_csv_action = action("Export &CSV (mentions, replies, promises)…",
                                      lambda: export(window, "csv"))
    window.backup_action = action("&Back up now", lambda: back_up_now(window))
    window.restore_action = action("&Restore from backup…", lambda: open_restore(window))
    window.check_action = action("C&heck database", lambda: check(window))
    for act in items:
        file_menu.insertAction(before, act)
    file_menu.insertSeparator(before)
    no_file = window.workspace.path is None
    for act in (window.backup_action, window.restore_action, window.check_action):
        act.setEnabled(not no_file)


def open_import(window) -> ImportDialog:
    dialog = ImportDialog(window.workspace, window.changes, window)
    window.import_dialog = dialog
    dialog.open()
    return dialog


def export(window, fmt: str, target: str | None = None) -> None:
    ws = window.workspace
    if target is None:
        if fmt == "json":
            target, _ = QFileDialog.getSaveFileName(window, "Export everything", "kindly-export.json",
                                                    "Kindly export (*.json)")
        else:
            target = QFileDialog.getExistingDirectory(window, "Export CSV files into")
    if not target:
        return
    try:
        report = (export_json(ws.db, Path(target), ws.clock) if fmt == "json"
                  else export_csv(ws.db, Path(target)))
    except KindlyError as error:
        QMessageBox.warning(window, "Not exported", str(error))
        return
    window.statusBar().showMessage(" ".join(report.lines()), 10_000)


def back_up_now(window) -> BackupInfo | None:
    ws = window.workspace
    try:
        info = Backups(ws.db, ws.path, ws.clock).back_up_now()
    except KindlyError as error:
        QMessageBox.warning(window, "No backup", str(error))
        return None
    window.statusBar().showMessage(f"Backed up: {info.path.name} ({info.describe()}).", 10_000)
    return info


def check(window) -> None:
    result = check_database(window.workspace.path)
    if result.healthy:
        from ui.unreadable_rows import check_unreadable_rows

        health = f"{window.workspace.path.name}: SQLite finds no damage."
        if check_unreadable_rows(window, health) is not None:
            return  # it lists the rows Kindly cannot read, and offers to remove them
    (QMessageBox.information if result.healthy else QMessageBox.warning)(
        window, "Database check", result.message
    )


class RestoreDialog(QDialog):
    """Each backup with its date and what it holds; restoring backs up the current file first."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        self.setMinimumWidth(620)
        self._window = window
        ws = window.workspace
        self.backups = Backups(ws.db, ws.path, ws.clock)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        for info in self.backups.list():
            when = info.taken_at.astimezone().strftime("%a %d %b %Y, %H:%M")
            item = QListWidgetItem(f"{when}  ·  {info.kind}  ·  {info.describe()}")
            item.setData(256, str(info.path))
            if info.problem:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        if not self.list.count():
            self.list.addItem("No backups yet. Kindly makes one every day.")
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        note = QLabel(
            "Restoring replaces everything in Kindly with the backup. Your data as it is now is "
            "backed up first, so you can come back to it."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.on_restore_clicked)
        self.list.currentItemChanged.connect(
            lambda item, _prev: self.restore_button.setEnabled(bool(item and item.data(256)))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Backups in {self.backups.folder}:"))
        layout.addWidget(self.list)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.restored_from: Path | None = None

    def on_restore_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(256):
            return
        answer = QMessageBox.question(
            self, "Restore this backup?",
            f"Replace everything in Kindly with the backup from {item.text().split('·')[0].strip()}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(Path(item.data(256)))

    def restore(self, path: Path) -> bool:
        try:
            safety = self.backups.restore(path)
        except KindlyError as error:
            QMessageBox.warning(self, "Not restored", str(error))
            return False
        self.restored_from = path
        for kind in (SHOP, SETTINGS, PEOPLE, PROMISES, DRAFTS, POSTS):
            self._window.changes.announce(kind)
        self._window.statusBar().showMessage(
            f"Restored {path.name}. What it replaced is kept as {safety.name}.", 15_000
        )
        self.accept()
        return True


def open_restore(window) -> RestoreDialog:
    dialog = RestoreDialog(window)
    window.restore_dialog = dialog
    dialog.open()
    return dialog


def prepare_data_view(window, view: str) -> None:
    """Put the window in the state the README's People or Stats picture shows."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from app.storage.people_list import PeopleFilter

    window.show_page(view)
    if view == "people":
        fans = window.customers.people.page_keys(PeopleFilter.FANS, limit=1)
        if fans:
            window.people_page.select_person(fans[0][0])
    else:
        window.stats_page.refresh()
        QThreadPool.globalInstance().waitForDone(10_000)
        QApplication.processEvents()
