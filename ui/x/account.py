"""Settings → X account: connect the owner's own X developer app, sync, and see what it costs.

The owner pastes their app's Client ID, registers the callback URLs shown here (copy buttons),
and clicks Connect: the browser opens X's sign-in page, and Kindly waits (in a worker) for X to
send it back. Everything else in Kindly works without this page ever being used.
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.costs import KINDS, LABELS, month_costs, price_of
from app.services.oauth import SignIn, callback_ports
from app.services.secrets import KeychainUnavailable, TokenStore
from app.services.settings import save_settings
from app.services.sync import last_sync_result
from app.services.xapi import CREDITS_OUT
from app.services.xconnection import (
    ENCRYPTED_DMS,
    Connection,
    api_base_overridden,
    callback_urls,
    endpoints,
    forget_sign_in,
    revoke_sign_in,
    sign_in_account,
    status,
)
from ui.common import style
from ui.common.changes import SETTINGS, Changes
from ui.common.workers import run_job

DEVELOPER_PORTAL = "https://developer.x.com/en/portal/dashboard"

_STATE_TEXT = {
    Connection.NOT_SET_UP: "Not set up. Kindly works fully without X; connecting only saves "
    "you copying mentions in by hand.",
    Connection.SIGNED_OUT: "Not connected. Click Connect to sign in to X in your browser.",
    Connection.CONNECTED: "Connected as @{username}.",
    Connection.RECONNECT: "X no longer accepts Kindly's sign-in. Click Reconnect.",
    Connection.KEYCHAIN: "{message}",
}


class XAccountPage(QScrollArea):
    """The X account settings page."""

    # The page's two buttons. The names hide QObject.connect()/disconnect() from Python code
    # only (signals connect through their own .connect, Qt's C++ is unaffected) and nothing
    # calls them on this page, so the override is safe.
    connect: QPushButton  # type: ignore[assignment]
    disconnect: QPushButton  # type: ignore[assignment]

    def __init__(
        self,
        workspace,
        changes: Changes,
        *,
        store: TokenStore | None = None,
        open_browser: Callable[[str], object] = webbrowser.open,
        pool: QThreadPool | None = None,
        sync_now: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.changes = changes
        self.store = store or TokenStore()
        self.open_browser = open_browser
        self.pool = pool or QThreadPool(self)
        self.sync_now_callback = sync_now
        self.cancelled: threading.Event | None = None
        self.setAccessibleName("X account settings")
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 14, 18, 14)

        title = QLabel("<h2>X account</h2>")
        layout.addWidget(title)
        self.state = QLabel()
        self.state.setAccessibleName("Connection state")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)

        # ----- 1. the developer app
        app_box = QGroupBox("1. Your X developer app")
        app_layout = QVBoxLayout(app_box)
        steps = QLabel(
            "At <a href='https://developer.x.com'>developer.x.com</a>, create a project and an "
            "app. "
            "In its <b>User authentication settings</b> choose <b>Native App</b>, turn on "
            "<b>Read and write and Direct message</b>, and add the three callback URLs below. "
            "Then copy the app's <b>Client ID</b> here."
        )
        steps.setWordWrap(True)
        steps.setOpenExternalLinks(True)
        app_layout.addWidget(steps)
        form = QFormLayout()
        self.client_id = QLineEdit()
        self.client_id.setAccessibleName("Client ID")
        self.client_id.setPlaceholderText("Paste your app's Client ID (not the secret)")
        form.addRow("Client &ID", self.client_id)
        app_layout.addLayout(form)
        urls = QGridLayout()
        self.callback_labels: list[QLineEdit] = []
        for row in range(3):
            field = QLineEdit()
            field.setReadOnly(True)
            field.setAccessibleName(f"Callback URL {row + 1}")
            copy = QPushButton("Copy")
            copy.setAccessibleName(f"Copy callback URL {row + 1}")
            copy.clicked.connect(lambda _=False, f=field: self.copy_text(f.text()))
            urls.addWidget(QLabel("Callback URL" if row == 0 else "Fallback"), row, 0)
            urls.addWidget(field, row, 1)
            urls.addWidget(copy, row, 2)
            self.callback_labels.append(field)
        app_layout.addLayout(urls)
        note = QLabel("X needs the exact address. Kindly uses the first one whose port is free.")
        note.setWordWrap(True)
        note.setEnabled(False)
        app_layout.addWidget(note)
        layout.addWidget(app_box)

        # ----- 2. connecting
        connect_box = QGroupBox("2. Connect")
        connect_layout = QHBoxLayout(connect_box)
        self.connect = QPushButton("Connect")
        self.connect.setAccessibleName("Connect to X")
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel connecting")
        self.disconnect = QPushButton("Disconnect")
        self.disconnect.setAccessibleName("Disconnect from X")
        self.sync_now = QPushButton("Sync now")
        self.sync_now.setAccessibleName("Sync with X now")
        for button in (self.connect, self.cancel, self.sync_now, self.disconnect):
            connect_layout.addWidget(button)
        connect_layout.addStretch(1)
        layout.addWidget(connect_box)
        self.problem = QLabel()
        self.problem.setAccessibleName("Connection problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.age_colour('red').name()}")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.credits = QLabel(CREDITS_OUT)
        self.credits.setAccessibleName("X credits")
        self.credits.setWordWrap(True)
        self.credits.setStyleSheet(f"color: {style.age_colour('red').name()}")
        self.credits.hide()
        layout.addWidget(self.credits)
        self.encrypted = QLabel(ENCRYPTED_DMS)
        self.encrypted.setAccessibleName("Encrypted chats")
        self.encrypted.setWordWrap(True)
        layout.addWidget(self.encrypted)

        # ----- 3. sync and costs
        sync_box = QGroupBox("3. Sync and costs")
        sync_form = QFormLayout(sync_box)
        self.auto_sync = QCheckBox("Sync by itself every")
        self.auto_sync.setAccessibleName("Sync automatically")
        self.every = QDoubleSpinBox()
        self.every.setAccessibleName("Minutes between syncs")
        self.every.setRange(5, 24 * 60)
        self.every.setDecimals(0)
        self.every.setSuffix(" minutes")
        auto_row = QHBoxLayout()
        auto_row.addWidget(self.auto_sync)
        auto_row.addWidget(self.every)
        auto_row.addStretch(1)
        sync_form.addRow(auto_row)
        self.cap = QDoubleSpinBox()
        self.cap.setAccessibleName("Monthly cost cap")
        self.cap.setRange(0, 10_000)
        self.cap.setPrefix("$")
        self.cap.setSpecialValueText("No cap")
        self.cap.setMaximumWidth(160)
        sync_form.addRow("Pause automatic sync at", self.cap)
        self.month = QLabel()
        self.month.setAccessibleName("Costs this month")
        self.month.setWordWrap(True)
        sync_form.addRow("This month", self.month)
        layout.addWidget(sync_box)

        prices_box = QGroupBox("X's unit prices (US$ each; change them when X does)")
        prices = QFormLayout(prices_box)
        self.prices: dict[str, QDoubleSpinBox] = {}
        for kind in KINDS:
            spin = QDoubleSpinBox()
            spin.setDecimals(4)
            spin.setRange(0, 10)
            spin.setSingleStep(0.001)
            spin.setPrefix("$")
            spin.setAccessibleName(f"Price: {LABELS[kind]}")
            spin.setMaximumWidth(160)
            prices.addRow(LABELS[kind], spin)
            self.prices[kind] = spin
        layout.addWidget(prices_box)
        self.api_base = QLabel()
        self.api_base.setAccessibleName("API address")
        self.api_base.setEnabled(False)
        layout.addWidget(self.api_base)
        layout.addStretch(1)

        self.connect.clicked.connect(self.on_connect_clicked)
        self.cancel.clicked.connect(self.on_cancel_clicked)
        self.disconnect.clicked.connect(self.on_disconnect_clicked)
        self.sync_now.clicked.connect(self.on_sync_now_clicked)
        self.client_id.editingFinished.connect(self.save_settings)
        self.client_id.textChanged.connect(self.on_client_id_text_changed)
        self.auto_sync.toggled.connect(self.save_settings)
        self.every.editingFinished.connect(self.save_settings)
        self.cap.editingFinished.connect(self.save_settings)
        for spin in self.prices.values():
            spin.editingFinished.connect(self.save_settings)
        self.changes.changed.connect(self.on_changes_changed)
        self.load()

    # ----- showing -------------------------------------------------------------------------------

    def load(self) -> None:
        settings = self.workspace.settings.load()
        widgets = [self.client_id, self.auto_sync, self.every, self.cap, *self.prices.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.client_id.setText(settings.x_client_id)
        self.auto_sync.setChecked(settings.x_auto_sync)
        self.every.setValue(settings.x_sync_every_minutes)
        self.cap.setValue(settings.x_monthly_cap_usd)
        for kind, spin in self.prices.items():
            spin.setValue(price_of(settings, kind))
        for widget in widgets:
            widget.blockSignals(False)
        for field, url in zip(self.callback_labels, callback_urls(settings), strict=True):
            field.setText(url)
        ends = endpoints(settings)
        self.api_base.setText(
            f"API address: {ends.api_base}"
            + (" (from KINDLY_X_API_BASE)" if api_base_overridden() else "")
        )
        self.refresh_state()

    def refresh_state(self) -> None:
        current = status(self.workspace, self.store)
        signing_in = self.cancelled is not None
        text = _STATE_TEXT[current.state].format(
            username=current.username or "…", message=current.message
        )
        if signing_in:
            text = (
                "Waiting for X… finish signing in in your browser (Kindly gives up after "
                "five minutes)."
            )
        self.state.setText(text)
        trouble = current.state in (Connection.RECONNECT, Connection.KEYCHAIN)
        self.state.setStyleSheet(f"color: {style.age_colour('red').name()}" if trouble else "")
        self.connect.setText("Reconnect" if current.state == Connection.RECONNECT else "Connect")
        self.connect.setVisible(current.state != Connection.CONNECTED and not signing_in)
        self.connect.setEnabled(
            bool(self.client_id.text().strip()) and current.state != Connection.KEYCHAIN
        )
        self.cancel.setVisible(signing_in)
        self.disconnect.setVisible(current.state in (Connection.CONNECTED, Connection.RECONNECT))
        self.sync_now.setVisible(current.state == Connection.CONNECTED)
        self.sync_now.setEnabled(self.sync_now_callback is not None)
        costs = month_costs(self.workspace.db, self.workspace.clock, self.workspace.settings.load())
        parts = [f"{LABELS[k]}: {costs.counts[k]:,}" for k in KINDS if costs.counts[k]]
        result = last_sync_result(self.workspace.db)
        self.credits.setVisible(
            current.state == Connection.CONNECTED and result.get("error_kind") == "credits"
        )
        self.month.setText(
            costs.summary()
            + (" — " + ", ".join(parts) if parts else "")
            + (" Automatic sync is paused." if costs.cap_reached else "")
        )

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def copy_text(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    # ----- acting --------------------------------------------------------------------------------

    def save_settings(self) -> None:
        settings = self.workspace.settings.load()
        changes = dict(
            x_client_id=self.client_id.text().strip(),
            x_auto_sync=self.auto_sync.isChecked(),
            x_sync_every_minutes=float(self.every.value()),
            x_monthly_cap_usd=float(self.cap.value()),
            **{f"x_price_{kind}": float(spin.value()) for kind, spin in self.prices.items()},
        )
        if all(getattr(settings, key) == value for key, value in changes.items()):
            self.refresh_state()
            return
        self.changes.publish(save_settings(self.workspace.settings, settings.replace(**changes)))

    def on_connect_clicked(self) -> None:
        self.save_settings()
        self.show_problem("")
        if self.workspace.path is None:
            self.show_problem("This shop lives in memory only; open a saved shop to connect.")
            return
        settings = self.workspace.settings.load()
        try:
            self.store.check()
        except KeychainUnavailable as exc:
            self.show_problem(str(exc))
            return
        self.cancelled = cancelled = threading.Event()
        path, clock, store = self.workspace.path, self.workspace.clock, self.store
        sign_in = SignIn(
            settings.x_client_id,
            endpoints(settings),
            store,
            clock,
            open_browser=self.open_browser,
            ports=callback_ports(settings.x_callback_port),
        )
        self._worker = run_job(
            lambda _context: sign_in_account(path, clock, sign_in, cancelled, store),
            pool=self.pool,
            owner=self,
            settled=self.on_worker_settled,
            done=lambda me: self.on_worker_connected(me.username),
            expected=lambda error: self.on_worker_failed(str(error)),
        )
        self.refresh_state()

    def on_client_id_text_changed(self, text: str) -> None:
        self.connect.setEnabled(bool(text.strip()))

    def on_cancel_clicked(self) -> None:
        if self.cancelled is not None:
            self.cancelled.set()

    def on_worker_settled(self) -> None:
        self.cancelled = None
        self.refresh_state()

    def on_worker_connected(self, username: str) -> None:
        self.show_problem("")
        self.changes.announce(SETTINGS)
        self.refresh_state()
        if self.sync_now_callback is not None:
            self.sync_now_callback()

    def on_worker_failed(self, message: str) -> None:
        self.show_problem(message)
        self.refresh_state()

    def on_disconnect_clicked(self) -> None:
        # X is asked to revoke the tokens (network: a worker), then they are forgotten here.
        settings, store = self.workspace.settings.load(), self.store
        self.disconnect.setEnabled(False)
        # X not confirming is reported; the tokens are forgotten here all the same.
        self._revoke_worker = run_job(
            lambda _context: revoke_sign_in(settings, store) or "",
            pool=self.pool,
            owner=self,
            settled=lambda: self.disconnect.setEnabled(True),
            done=self.on_revoke_finished,
            expected=lambda error: self.on_revoke_finished(str(error)),
        )

    def on_revoke_finished(self, problem: str) -> None:
        try:
            forget_sign_in(self.workspace, self.store)
        except KeychainUnavailable as exc:
            self.show_problem(str(exc))
            return
        self.show_problem(problem)
        self.changes.announce(SETTINGS)
        self.refresh_state()

    def on_sync_now_clicked(self) -> None:
        if self.sync_now_callback is not None:
            self.sync_now_callback()

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind == SETTINGS and self.cancelled is None:
            self.load()
