"""Starting the window: the application object, the database, the crash hook, screenshots."""

from __future__ import annotations

import argparse
import atexit
import gc
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import KindlyError
from app.logsetup import setup_logging
from app.paths import log_dir_for, resolve_db_path, resources_dir
from app.workspace import Workspace, open_workspace
from ui.common.changes import Changes
from ui.shell.crash import install_excepthook
from ui.shell.main_window import MainWindow

log = logging.getLogger("kindly.ui")

SCREENSHOT_SIZE = (1280, 800)
# How long a busy worker thread (an import reading a file) may keep Python's interpreter lock
# before the window's thread gets it. Python's 5 ms is paid again for every row the window reads
# from SQLite while a worker computes; 1 ms keeps the window quick at a small cost to the worker.
GUI_SWITCH_INTERVAL_S = 0.001


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    app.setApplicationName("Kindly")
    app.setOrganizationName("Kindly")
    app.setApplicationDisplayName("Kindly")
    icon = resources_dir() / "icons" / "kindly.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def open_for_gui(args: argparse.Namespace) -> Workspace:
    """The workspace the window opens: a fresh demo, or the owner's own database."""
    if args.demo:
        from app.services.demo import load_demo

        folder = Path(tempfile.mkdtemp(prefix="kindly-demo-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        workspace = open_workspace(folder / "demo.db")
        load_demo(workspace)
        return workspace
    path = resolve_db_path(args.db)
    if not args.screenshot:
        from ui.shell.updating import update_with_notice

        update_with_notice(path)  # after an update that changes the schema: says so meanwhile
    return open_workspace(path)


def run_gui(args: argparse.Namespace) -> int:
    from ui.shell.display import why_no_window

    problem = why_no_window()
    if problem is not None:  # Qt would print lines about plugins and abort
        print(problem, file=sys.stderr)
        return 1
    app = make_application()
    db_path = None if args.demo else resolve_db_path(args.db)
    log_path = setup_logging(log_dir_for(db_path))
    install_excepthook(str(log_path) if log_path else None)
    instance = None
    if db_path is not None and not args.screenshot:
        # One Kindly per database: a second launch brings the first window forward and leaves.
        from ui.shell.single_instance import claim

        instance = claim(db_path, app)
        if instance is None:
            print("Kindly is already open on this database; its window was brought forward.")
            return 0
    try:
        workspace = open_for_gui(args)
    except KindlyError as exc:
        log.warning("could not open the database: %s", exc)
        print(f"kindly: {exc}", file=sys.stderr)
        if not args.screenshot:
            QMessageBox.critical(None, "Kindly cannot open your data", str(exc))
        return 1
    window = MainWindow(workspace, Changes(), str(log_path) if log_path else None)
    if args.screenshot:
        window.resize(*SCREENSHOT_SIZE)
        return take_screenshot(app, window, args.screenshot, args.view)
    from ui.shell.dock import DockReopen
    from ui.shell.window_state import WindowState

    # Last time's size, position and panes; on a first start a size that fits the screen.
    WindowState(window, workspace, {"main": window.splitter, "inbox": window.inbox_page}).restore()
    DockReopen(window, window.followups_controller.notifier.open_window)
    if instance is not None:
        from ui.shell.single_instance import bring_forward

        instance.activation_requested.connect(lambda: bring_forward(window))
    if not (getattr(args, "hidden", False) and window.followups_controller.notifier.uses_tray):
        window.show()  # started at login with a tray: reminders run, the window waits
        if not args.demo:
            window.settings_actions.open_setup_if_new()  # a new database: set up the shop
    freeze_after_first_look()
    code = app.exec()
    workspace.close()
    return code


def freeze_after_first_look() -> None:
    """Once start-up is over, after the follow-ups' first look (queued as the window was built,
    so it runs before this): what start-up built lives as long as Kindly, so it leaves the
    collector's full sweeps. A look over 10,000 follow-ups triggers such sweeps, which would walk
    all of it while holding the window (80-140 ms at 10,000 open follow-ups; under 10 ms frozen).
    """
    QTimer.singleShot(0, gc.freeze)


def prepare_view(window: MainWindow, view: str) -> None:
    """Put the window in the state a screenshot of ``view`` shows."""
    if view == "conversation":
        # The longest thread among the first mentions that need a reply reads best.
        best, best_len = 0, -1
        for row in range(min(window.model.rowCount(), 40)):
            n = window.model.n_at(row)
            post = window.workspace.posts.get(n) if n is not None else None
            if post is None:
                continue
            length = len(window.workspace.posts.thread(post.conversation_id))
            if length > best_len:
                best, best_len = row, length
        window.select_row(best)
    elif view in ("composer", "templates", "review"):
        from ui.shell.screenshots import prepare_drafting_view

        prepare_drafting_view(window, view)
    elif view == "dms":
        from ui.shell.screenshots import prepare_dm_view

        prepare_dm_view(window)
    elif view in ("people", "stats"):
        from ui.shell.screenshots import prepare_data_view

        prepare_data_view(window, view)
    elif view in ("search", "earlier_replies"):
        from ui.shell.screenshots import prepare_search_view

        prepare_search_view(window, view)
    else:
        window.select_row(0)


def take_screenshot(app: QApplication, window: MainWindow, out: Path, view: str) -> int:
    prepare_view(window, view)
    window.show()
    for _ in range(3):
        app.processEvents()
    QTimer.singleShot(0, app.quit)
    app.exec()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        print(f"kindly: could not write {out}", file=sys.stderr)
        return 1
    print(f"Screenshot written to {out}")
    window.workspace.close()
    return 0
