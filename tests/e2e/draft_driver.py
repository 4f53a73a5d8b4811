"""Kindly's real window in a child process, driven with QTest, for the crash test.

    python draft_driver.py type DB TEXT   open the first mention, type TEXT, print "SAVED <post id>"
                                         once the draft saved itself, then keep running
    python draft_driver.py read DB POST   open mention POST and print "TEXT <what the composer shows>"

Not a test itself (pytest does not collect it).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from app.workspace import open_workspace  # noqa: E402
from ui.common.changes import Changes  # noqa: E402
from ui.shell.launch import make_application  # noqa: E402
from ui.shell.main_window import MainWindow  # noqa: E402


def main() -> int:
    mode, db = sys.argv[1], sys.argv[2]
    app = make_application()
    workspace = open_workspace(db)
    window = MainWindow(workspace, Changes())
    window.resize(1280, 800)
    window.show()
    composer = window.conversation.composer
    if mode == "type":
        post = window.conversation.post
        text = sys.argv[3]

        def on_saved(draft) -> None:
            if draft is not None and draft.text == text:
                print(f"SAVED {post.id}", flush=True)

        composer.draft_saved.connect(on_saved)

        def type_it() -> None:
            composer.editor.setFocus()
            QTest.keyClicks(composer.editor, text)  # the timer saves it; no focus change

        QTimer.singleShot(0, type_it)
        return app.exec()  # runs until the test kills it
    if mode == "read":
        n = workspace.posts.get_by_id(sys.argv[3]).n
        window.navigation.choose(window.navigation.current_filter())
        if not window.select_post(n):
            print("MISSING", flush=True)
            return 1
        print("TEXT " + composer.text(), flush=True)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
