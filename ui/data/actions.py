"""The File menu's data actions: import, export, back up now, restore, check; and the daily backup.

``FileActions`` is built by the main window with the File menu it fills (before Quit) and starts
the daily backup (in a worker, with its own connection) when the data is in a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from app.errors import KindlyError
from app.services.backups import BackupInfo, Backups, check_database
from app.services.exporter import export_csv, export_json
from app.workspace import Workspace
from ui.common.changes import Changes
from ui.common.workers import Worker, run_job
from ui.data.import_dialog import ImportDialog
from ui.data.restore import RestoreDialog

if TYPE_CHECKING:
    from ui.data.unreadable_rows import UnreadableRowsDialog

log = logging.getLogger("kindly.ui")

BACKUP_CHECK_MS = 60 * 60 * 1000  # look once an hour whether today's copy is there


class FileActions(QObject):
    """File → Import, Export, Back up now, Restore, Check; owned by the main window."""

    def __init__(
        self,
        workspace: Workspace,
        changes: Changes,
        window: QMainWindow,
        file_menu: QMenu,
        before: QAction,
    ) -> None:
        super().__init__(window)
        self.workspace = workspace
        self.changes = changes
        self.window = window
        self.unreadable_dialog: UnreadableRowsDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.backup_worker: Worker | None = None
        items: list[QAction] = []

        def action(text: str, slot, shortcut: str | None = None) -> QAction:
            act = QAction(text, window)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            items.append(act)
            return act

        self.import_action = action("&Import…", self.open_import, "Ctrl+I")
        self.export_json_action = action("&Export everything (JSON)…", lambda: self.export("json"))
        self.export_csv_action = action(
            "Export &CSV (mentions, replies, promises)…", lambda: self.export("csv")
        )
        self.backup_action = action("&Back up now", self.back_up_now)
        self.restore_action = action("&Restore from backup…", self.open_restore)
        self.check_action = action("C&heck database", self.check)
        for act in items:
            file_menu.insertAction(before, act)
        file_menu.insertSeparator(before)
        no_file = workspace.path is None
        for act in (self.backup_action, self.restore_action, self.check_action):
            act.setEnabled(not no_file)

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.daily_backup)
        self.first_backup_timer = QTimer(self)
        self.first_backup_timer.setSingleShot(True)
        self.first_backup_timer.setInterval(3000)
        self.first_backup_timer.timeout.connect(self.daily_backup)
        if workspace.path is not None:
            self.backup_timer.start()
            self.first_backup_timer.start()

    def daily_backup(self) -> None:
        window = self.window
        if not shiboken6.isValid(window) or not window.isVisible():
            return  # a closed window's workspace may be closed too; the next start backs up
        ws = self.workspace
        if ws.path is None or self.backup_worker is not None:
            return
        keep = ws.settings.load().backups_kept
        path, clock = ws.path, ws.clock

        def job(context):
            return Backups(context.db, path, clock).daily(keep)

        def written(info) -> None:
            if info is not None:
                log.info("daily backup written: %s", info.path)

        self.backup_worker = run_job(
            job,
            db_path=path,
            owner=self,
            settled=self.on_backup_settled,
            done=written,
            expected=lambda error: log.warning("daily backup failed: %s", error),
        )

    def on_backup_settled(self) -> None:
        self.backup_worker = None

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self.workspace, self.changes, self.window)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def export(self, fmt: str, target: str | None = None) -> None:
        ws, window = self.workspace, self.window
        if target is None:
            if fmt == "json":
                target, _ = QFileDialog.getSaveFileName(
                    window, "Export everything", "kindly-export.json", "Kindly export (*.json)"
                )
            else:
                target = QFileDialog.getExistingDirectory(window, "Export CSV files into")
        if not target:
            return
        try:
            report = (
                export_json(ws.db, Path(target), ws.clock)
                if fmt == "json"
                else export_csv(ws.db, Path(target))
            )
        except KindlyError as error:
            QMessageBox.warning(window, "Not exported", str(error))
            return
        window.statusBar().showMessage(" ".join(report.lines()), 10_000)

    def back_up_now(self) -> BackupInfo | None:
        ws = self.workspace
        if ws.path is None:
            return None
        try:
            info = Backups(ws.db, ws.path, ws.clock).back_up_now()
        except KindlyError as error:
            QMessageBox.warning(self.window, "No backup", str(error))
            return None
        self.window.statusBar().showMessage(
            f"Backed up: {info.path.name} ({info.describe()}).", 10_000
        )
        return info

    def check(self) -> None:
        if self.workspace.path is None:
            return
        result = check_database(self.workspace.path)
        if result.healthy:
            from ui.data.unreadable_rows import check_unreadable_rows

            health = f"{self.workspace.path.name}: SQLite finds no damage."
            dialog = check_unreadable_rows(self.workspace, self.changes, self.window, health)
            if dialog is not None:
                self.unreadable_dialog = dialog
                return  # it lists the rows Kindly cannot read, and offers to remove them
        (QMessageBox.information if result.healthy else QMessageBox.warning)(
            self.window, "Database check", result.message
        )

    def open_restore(self) -> RestoreDialog:
        dialog = RestoreDialog(self.workspace, self.changes, self.window)
        self.restore_dialog = dialog
        dialog.open()
        return dialog
