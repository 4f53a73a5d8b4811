"""The window's responsiveness while work runs beside it: the longest gap of a 10 ms QTimer on
the GUI thread, idle and during real work started the way the owner starts it.

    python bench/gui_child.py idle DB SECONDS
    python bench/gui_child.py import DB FILE SHOP     File → Import (the real dialog and worker)
    python bench/gui_child.py sync DB URL TOKENS      Sync now (the real sync worker), fake X

Each prints one JSON object. The work's time runs from the click to the window having taken in
the result (the dialog's or the sync line's "finished" handling, views reloaded).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TICK_MS = 10
AFTER_MS = 500  # keep watching this long after the work is taken in


class Stalls:
    """A 10 ms timer on the GUI thread; the largest gap between two ticks is the longest stall."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.last = None
        self.gaps: list[float] = []

    def start(self) -> None:
        self.last = time.perf_counter()
        self.gaps.clear()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def stop(self) -> dict:
        self.timer.stop()
        self.tick()  # a stall that is still going when the work ends counts too
        gaps = sorted(self.gaps)
        return {
            "max_gap_ms": gaps[-1] * 1000,
            "p99_gap_ms": gaps[int(len(gaps) * 0.99)] * 1000,
            "ticks": len(gaps),
        }


def window_on(db: str):
    """The real window on ``db``, shown at 1280×800 with its first events run (no backups)."""
    from app.workspace import open_workspace
    from ui.common.changes import Changes
    from ui.shell.launch import freeze_after_first_look, make_application
    from ui.shell.main_window import MainWindow

    app = make_application()
    workspace = open_workspace(db)
    window = MainWindow(workspace, Changes())
    for name in ("backup_timer", "first_backup_timer"):  # no daily copy of the file mid-run
        timer = getattr(window, name, None)
        if timer is not None:
            timer.stop()
    window.resize(1280, 800)
    window.show()
    freeze_after_first_look()  # as Kindly's start-up does
    for _ in range(5):
        app.processEvents()
    return app, workspace, window


def run_until(app, done, limit: float) -> None:
    deadline = time.perf_counter() + limit
    while not done() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)


def settle(app, ms: int) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def idle(db: str, seconds: float) -> dict:
    app, workspace, _window = window_on(db)
    stalls = Stalls()
    stalls.start()
    settle(app, int(seconds * 1000))
    return stalls.stop()


def import_file(db: str, path: str, shop: str) -> dict:

    app, workspace, window = window_on(db)
    dialog = window.file_actions.open_import()  # File → Import…
    dialog.path.setText(path)
    dialog.format.setCurrentIndex(dialog.format.findData("twcs"))
    dialog.shop.setText(shop)
    outcome: dict = {}
    dialog.imported.connect(lambda report: outcome.setdefault("report", report))
    stalls = Stalls()
    stalls.start()
    started = time.perf_counter()
    dialog.start_button.click()
    if dialog.worker is not None:
        dialog.worker.signals.failed.connect(lambda error: outcome.setdefault("error", repr(error)))
    run_until(app, lambda: outcome, 1800)
    seconds = time.perf_counter() - started
    settle(app, AFTER_MS)
    result = stalls.stop()
    result["seconds"] = seconds
    if "report" in outcome:
        result["added"] = dict(outcome["report"].added)
    else:
        result["error"] = outcome.get("error", "timed out")
    result["posts"] = workspace.db.execute("SELECT count(*) FROM posts").fetchone()[0]
    workspace.close()
    return result


def sync(db: str, url: str, tokens_json: str) -> dict:
    from dataclasses import replace
    from datetime import timedelta

    import keyring

    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # never the real keychain
    from app.services.secrets import Tokens, TokenStore

    app, workspace, window = window_on(db)
    grant = json.loads(tokens_json)
    settings = workspace.settings.load()
    workspace.settings.save(
        settings.replace(
            x_client_id=grant["client_id"],
            x_api_base=url,
            x_request_timeout_seconds=30,
            x_auto_sync=False,
        )
    )
    shop = workspace.shop.get()
    workspace.shop.save(replace(shop, handle=grant["handle"]))
    TokenStore().save(
        Tokens(
            grant["access_token"],
            grant["refresh_token"],
            workspace.clock.now() + timedelta(seconds=grant["expires_in"]),
        )
    )
    status = window.x_sync
    status.refresh_connection()
    outcome: dict = {}
    status.synced.connect(lambda result: outcome.setdefault("result", result))
    stalls = Stalls()
    stalls.start()
    started = time.perf_counter()
    if not status.start(sync=True, send=False):  # what "Sync now" does
        return {"error": "not connected"}
    run_until(app, lambda: outcome or not status.busy, 1800)
    seconds = time.perf_counter() - started
    settle(app, AFTER_MS)
    result = stalls.stop()
    result["seconds"] = seconds
    report = outcome["result"].sync if outcome else None
    if report is not None:
        result["new_mentions"] = report.new_mentions
        result["pages"] = report.pages
        if report.error:
            result["error"] = report.error
    else:
        result["error"] = status.line.text()
    workspace.close()
    return result


def main() -> int:
    mode = sys.argv[1]
    if mode == "idle":
        out = idle(sys.argv[2], float(sys.argv[3]))
    elif mode == "import":
        out = import_file(sys.argv[2], sys.argv[3], sys.argv[4])
    elif mode == "sync":
        out = sync(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        return 2
    print(json.dumps(out), flush=True)
    os._exit(0)  # no teardown of the window's objects: nothing left to measure


if __name__ == "__main__":
    sys.exit(main())
