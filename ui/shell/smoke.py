"""``Kindly --smoke``: the self-test an installed (or frozen) Kindly runs on itself.

It opens the main window offscreen-capable on a temporary database (migrations, demo shop), renders
it, loads the bundled icon, and checks the keychain backend; then exits 0, or 1 with the reasons.
The owner's own database and data folder are never touched. The release workflow runs it on every
build before packaging, and the test suite runs it unfrozen.
"""

from __future__ import annotations

import platform
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication

from app import __version__
from app.paths import resources_dir
from app.selftest import (
    Check,
    check_database,
    check_keychain,
    check_resources,
    check_sorting_process,
    check_triage_model,
    run_check,
)

# The window is rendered at this size; a picture with fewer colours than this is blank or broken.
WINDOW_SIZE = (1024, 640)
MIN_COLOURS = 20


def check_icon() -> str:
    icons = resources_dir() / "icons"
    icon = QIcon(str(icons / "kindly.svg"))
    pixmap = icon.pixmap(64, 64)
    if icon.isNull() or pixmap.isNull():
        raise RuntimeError("kindly.svg does not render (is Qt's SVG icon plugin bundled?)")
    png = QImage(str(icons / "kindly-256.png"))
    if png.isNull() or png.width() != 256:
        raise RuntimeError("kindly-256.png does not load")
    return f"SVG renders at 64 px, PNG loads ({icons})"


def check_window(app: QApplication, path: Path) -> str:
    """The real main window over the database at ``path``, shown and painted."""
    from app.workspace import open_workspace
    from ui.common.changes import Changes
    from ui.shell.main_window import MainWindow

    workspace = open_workspace(path)
    window = MainWindow(workspace, Changes())
    try:
        window.resize(*WINDOW_SIZE)
        window.show()
        # A local loop, not app.exec(): quitting the application would leave it marked as closing
        # and every later event loop in this process would return at once.
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()
        image = window.grab().toImage()
        if image.isNull():
            raise RuntimeError("the window did not render")
        step = 16
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
        if len(colours) < MIN_COLOURS:
            raise RuntimeError(f"the window rendered nearly blank ({len(colours)} colours)")
        rows = window.model.rowCount()
        if rows == 0:
            raise RuntimeError("the inbox shows no mentions")
        return (
            f"'{window.windowTitle()}' painted at {image.width()}×{image.height()}, "
            f"{rows} rows in the inbox, platform {app.platformName()}"
        )
    finally:
        window.close()
        window.deleteLater()
        workspace.close()


def run_smoke(report: Path | str | bool | None = None) -> int:
    """Run every check, print one line each, and return the exit code (0: all passed)."""
    from ui.shell.launch import make_application

    app = make_application()
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    lines = [
        f"Kindly {__version__} self-test ({frozen}; {platform.system()} {platform.machine()}; "
        f"Python {platform.python_version()}; PySide6 {pyside_version})"
    ]
    folder = Path(tempfile.mkdtemp(prefix="kindly-smoke-"))
    try:
        database = folder / "smoke.db"
        checks: list[Check] = [
            run_check("resources", check_resources),
            run_check("icon", check_icon),
            run_check("database", lambda: check_database(database)),
        ]
        if checks[-1].ok:
            checks.append(run_check("window", lambda: check_window(app, database)))
        else:
            checks.append(Check("window", False, "skipped: the database check failed"))
        checks.append(run_check("keychain", check_keychain))
        checks.append(run_check("triage model", check_triage_model))
        checks.append(run_check("sorting process", check_sorting_process))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines += [check.line() for check in checks]
    failed = [check for check in checks if not check.ok]
    if failed:
        lines.append(f"Kindly self-test FAILED: {', '.join(c.name for c in failed)}")
    else:
        lines.append(f"Kindly self-test passed ({len(checks)} checks)")
    text = "\n".join(lines) + "\n"
    # A windowed build on Windows has no console: the report file is how CI reads the result.
    if isinstance(report, (str, Path)) and not isinstance(report, bool):
        Path(report).write_text(text, encoding="utf-8")
    stream = sys.stderr if failed else sys.stdout
    if stream is not None:
        stream.write(text)
        stream.flush()
    return 1 if failed else 0
