"""Pictures of the inbox on the demo shop in every filter, at 1280×800 and 1366×768 (a common
laptop), plus a multi-selection and the Undo after a bulk action.

    QT_QPA_PLATFORM=offscreen python -m tests.e2e.inbox_screens docs/inbox-filters

Writes <width>x<height>-<filter>.png, -picked.png and -undo.png into the folder given.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.e2e.settings_screens import grab  # noqa: E402 - after the platform is set

SIZES = ((1280, 800), (1366, 768))


def run(out: Path) -> list[Path]:
    from PySide6.QtCore import QItemSelectionModel

    from app.domain.models import InboxFilter
    from app.services.demo import load_demo
    from app.workspace import open_workspace
    from ui.common.changes import Changes
    from ui.shell.launch import make_application
    from ui.shell.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    make_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kindly-inbox-shots-") as folder:
        for width, height in SIZES:
            workspace = open_workspace(Path(folder) / f"demo-{width}.db")
            load_demo(workspace)
            window = MainWindow(workspace, Changes())
            window.resize(width, height)
            window.show()
            size = f"{width}x{height}"
            for inbox_filter in InboxFilter:
                window.navigation.choose(inbox_filter)
                window.select_row(0)
                path = out / f"{size}-{inbox_filter.value}.png"
                grab(window, path)
                written.append(path)
            # Three mentions picked in Needs reply: the bar above the list offers the bulk actions.
            window.navigation.choose(InboxFilter.NEEDS_REPLY)
            window.select_row(0)
            selection = window.list.selectionModel()
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            for row in range(min(3, window.model.rowCount())):
                selection.select(window.model.index(row, 0), flags)
            path = out / f"{size}-picked.png"
            grab(window, path)
            written.append(path)
            # Resolved at once: the status bar offers Undo.
            window.list_panel.resolve_button.click()
            path = out / f"{size}-undo.png"
            grab(window, path)
            written.append(path)
            window.close()
            workspace.close()
    return written


if __name__ == "__main__":
    run(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/inbox-filters"))
    os._exit(0)  # windows and timers go with the process; the workspaces are closed
