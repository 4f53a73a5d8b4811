"""File → Import…: choose a file or folder, then watch it import with a progress bar and Cancel.

The import runs in a worker with its own connection and its own transaction; Cancel sets a flag
checked on every row, so nothing is half-imported. The report says what was added and skipped.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from app.changes import Changed
from app.errors import ErrorKind, KindlyError
from app.importers import ImportReport, ImportRun, run_import
from app.workspace import Workspace, build_workspace
from ui.common.changes import PEOPLE, POSTS, PROMISES, SHOP, Changes
from ui.common.workers import Worker, run_job

FORMATS = [
    ("auto", "Find out from the file"),
    ("archive", "X's archive (zip or folder)"),
    ("twcs", "Customer Support on Twitter CSV"),
    ("kindly", "Kindly export (JSON)"),
]


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportReport

    def __init__(self, workspace: Workspace, changes: Changes, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setAccessibleName("Import")
        self.setMinimumWidth(560)
        self._workspace = workspace
        self._changes = changes
        self.worker: Worker | None = None
        self.report: ImportReport | None = None

        self.path = QLineEdit()
        self.path.setAccessibleName("File or folder to import")
        self.path.setPlaceholderText("X archive (.zip or folder), .csv or Kindly .json")
        choose_file = QPushButton("File…")
        choose_file.clicked.connect(self.on_choose_file_clicked)
        choose_folder = QPushButton("Folder…")
        choose_folder.clicked.connect(self.on_choose_folder_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose_file)
        row.addWidget(choose_folder)
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for key, label in FORMATS:
            self.format.addItem(label, key)
        self.shop = QLineEdit(workspace.shop.get().handle)
        self.shop.setAccessibleName("Shop handle in the file")
        self.shop.setPlaceholderText("for a CSV: which author is your shop, e.g. AppleSupport")
        form = QFormLayout()
        for caption, field, buddy in (
            ("&File or folder:", row, self.path),
            ("&Format:", self.format, self.format),
            ("&Shop's handle:", self.shop, self.shop),
        ):
            name = QLabel(caption)
            name.setBuddy(buddy)  # Alt+letter goes to the field, and the & is not shown
            form.addRow(name, field)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel("Nothing changes until the whole file has been read.")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Import status")
        self.report_text = QPlainTextEdit()  # not "result": QDialog.result() is the answer
        self.report_text.setReadOnly(True)
        self.report_text.setAccessibleName("Import report")
        self.report_text.setMaximumHeight(140)
        self.report_text.hide()

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.clicked.connect(self.on_start_button_clicked)
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.report_text)
        layout.addWidget(self.buttons)

    # ----- choosing -----------------------------------------------------------------------------

    def on_choose_file_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a file",
            "",
            "Archives and exports (*.zip *.csv *.json *.js);;All files (*)",
        )
        if path:
            self.path.setText(path)

    def on_choose_folder_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import X's archive folder")
        if path:
            self.path.setText(path)

    # ----- running ------------------------------------------------------------------------------

    def running(self) -> bool:
        return self.worker is not None

    def on_start_button_clicked(self) -> None:
        if self.report is not None:  # the button reads "Close" after an import
            self.accept()
            return
        path = self.path.text().strip()
        if not path:
            self.status.setText("Choose a file or folder first.")
            return
        fmt = self.format.currentData()
        shop = self.shop.text().strip().lstrip("@") or None
        self.start_button.setEnabled(False)
        self.progress.setValue(0)
        self.status.setText("Reading…")
        db_path = self._workspace.path
        clock = self._workspace.clock

        def job(context):
            run = ImportRun(context.cancel, context.progress)
            if context.db is None:  # an in-memory database has only the window's connection
                return run_import(self._workspace, path, fmt, shop, run)
            workspace = build_workspace(context.db, db_path, clock)
            return run_import(workspace, path, fmt, shop, run)

        self.worker = run_job(
            job,
            db_path=db_path,
            start_now=db_path is not None,
            owner=self,
            settled=self.on_worker_settled,
            progress=self.on_worker_progressed,
            done=self.on_worker_finished,
            expected=self.on_worker_failed,
        )
        if db_path is None:  # an in-memory database has only the window's connection
            self.worker.run()

    def on_cancel_button_clicked(self) -> None:
        if self.worker is not None:
            self.worker.cancel.set()
            self.status.setText("Stopping; nothing will be changed…")
            self.cancel_button.setEnabled(False)
            return
        self.reject()

    def on_worker_settled(self) -> None:
        self.worker = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(True)

    def on_worker_progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(message)

    def on_worker_finished(self, report: ImportReport) -> None:
        self.report = report
        self.progress.setValue(1000)
        self.status.setText("Imported." if report.total_added else "Nothing new to import.")
        self.report_text.setPlainText("\n".join(report.lines()))
        self.report_text.show()
        self.start_button.setText("Close")
        self.start_button.setEnabled(True)
        self.cancel_button.hide()
        self._changes.publish(Changed(frozenset({SHOP, PEOPLE, PROMISES, POSTS})))
        self.imported.emit(report)

    def on_worker_failed(self, error: KindlyError) -> None:
        self.progress.setValue(0)
        if error.kind == ErrorKind.IMPORT_CANCELLED:
            self.status.setText(str(error))
        else:
            self.status.setText(f"<b>Not imported.</b> {html.escape(str(error))}")
            self.status.setTextFormat(Qt.TextFormat.RichText)
        self.fit_to_contents()

    def fit_to_contents(self) -> None:
        """Grow (never shrink) so a long reason is shown whole, not cut off at the bottom."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wanted = self.heightForWidth(self.width()) if self.hasHeightForWidth() else -1
        height = max(wanted, self.sizeHint().height(), self.minimumSizeHint().height())
        if height > self.height():
            self.resize(self.width(), height)

    def reject(self) -> None:
        if self.worker is not None:  # close = cancel, and wait for the rollback
            self.worker.cancel.set()
            return
        super().reject()
