"""One start-up, measured from outside: the parent times from spawning this process to its
"PAINTED" line, printed when the list's viewport first paints.

    python bench/start_child.py bare          a bare PySide6 window with a small table
    python bench/start_child.py kindly DB     Kindly itself (main.main --db DB), the real start

Both run the same way (same interpreter, same environment, offscreen) and watch for the first
paint with the same application-wide event filter. After painting they let events run for a
moment, then print "RSS <KiB>" (resident memory) and exit at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SETTLE_MS = 1000


def resident_kib() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def watch_first_paint(app, is_list_viewport) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if not self.done and event.type() == QEvent.Type.Paint and is_list_viewport(obj):
                self.done = True
                print("PAINTED", flush=True)
                QTimer.singleShot(SETTLE_MS, finish)
            return False

    def finish() -> None:
        import gc

        gc.collect()
        print(f"RSS {resident_kib()}", flush=True)
        os._exit(0)

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    app._bench_watcher = watcher  # keep it alive


def main() -> int:
    mode = sys.argv[1]
    if mode == "bare":
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        table = QTableView()
        table.setAccessibleName("Mentions")
        model = QStandardItemModel(0, 4)
        for row in range(30):
            model.appendRow([QStandardItem(f"row {row} col {c}") for c in range(4)])
        table.setModel(model)
        window.setCentralWidget(table)
        window.resize(1280, 800)
        watch_first_paint(app, lambda obj: obj is table.viewport())
        window.show()
        return app.exec()
    if mode == "kindly":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from PySide6.QtWidgets import QAbstractScrollArea

        from ui.shell.launch import make_application

        app = make_application()

        def is_list_viewport(obj) -> bool:
            parent = obj.parent()
            return (
                isinstance(parent, QAbstractScrollArea)
                and parent.viewport() is obj
                and parent.accessibleName() == "Mentions"
            )

        watch_first_paint(app, is_list_viewport)
        import main as kindly

        return kindly.main(["--db", sys.argv[2]])
    return 2


if __name__ == "__main__":
    sys.exit(main())
