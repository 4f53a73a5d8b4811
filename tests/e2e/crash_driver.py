"""Kindly's real window in a child process, doing the owner's work over and over until it is
killed: the crash-safety test SIGKILLs it at a random moment (tests/e2e/test_crash_safety.py).

    python crash_driver.py DB IMPORTS_FOLDER SEED

Round after round: open a synced mention and type a reply (the composer saves it itself), send it
through the X outbox, import the next CSV from IMPORTS_FOLDER through File → Import, and sync
from the (fake) X server. It prints what it did, so the test knows what must have survived:

    SAVED <post id> <text as JSON>    the composer reported the draft saved with this text
    IMPORT <file>                     the import of this file started (it commits or it does not)
    SENT / SYNCED / IMPORTED          a step finished

Not a test itself (pytest does not collect it).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from app.workspace import open_workspace  # noqa: E402
from ui.common.changes import Changes  # noqa: E402
from ui.shell.launch import make_application  # noqa: E402
from ui.shell.main_window import MainWindow  # noqa: E402

SHOP = "lunabeads"


def say(line: str) -> None:
    print(line, flush=True)


class Owner:
    def __init__(self, window: MainWindow, imports: Path, seed: int):
        self.window = window
        self.ws = window.workspace
        self.imports = sorted(imports.glob("*.csv"))
        self.rng = random.Random(seed)
        self.round = 0
        self.steps = [self.write_reply, self.send_reply, self.import_file, self.sync]
        self.step = 0

    def next(self) -> None:
        action = self.steps[self.step % len(self.steps)]
        self.step += 1
        QTimer.singleShot(self.rng.randint(0, 150), action)

    def wait(self, done, then, every: int = 50) -> None:
        def check() -> None:
            if done():
                then()
            else:
                QTimer.singleShot(every, check)

        QTimer.singleShot(every, check)

    # ----- the steps ------------------------------------------------------------------------------

    def write_reply(self) -> None:
        rows = self.ws.db.execute(
            "SELECT n, id FROM posts WHERE source = 'x' AND is_shop = 0"
            " AND id NOT IN (SELECT post_id FROM drafts) ORDER BY n"
        ).fetchall()
        if not rows:
            self.step += 1  # nothing to answer: skip sending this round
            return self.next()
        n, post_id = self.rng.choice(rows)
        self.window.open_post(n)
        composer = self.window.conversation.composer
        if composer.post is None or composer.post.n != n:
            self.step += 1
            return self.next()
        text = f"So sorry about that! Round {self.round} of {self.rng.randint(1000, 9999)}."
        self.current = (post_id, text)

        def on_saved(draft) -> None:
            if draft is not None and draft.text == text and draft.post_id == post_id:
                composer.draft_saved.disconnect(on_saved)
                say(f"SAVED {post_id} {json.dumps(text)}")
                self.next()

        composer.draft_saved.connect(on_saved)
        composer.editor.setFocus()
        QTest.keyClicks(composer.editor, text)  # the composer's timer saves it

    def send_reply(self) -> None:
        post_id, _text = self.current
        composer = self.window.conversation.composer
        composer.send()  # X is connected: into the outbox, sent by the sync worker

        def done() -> bool:
            row = self.ws.db.execute(
                "SELECT o.state FROM outbox o JOIN drafts d ON d.id = o.draft_id"
                " WHERE d.post_id = ?",
                [post_id],
            ).fetchone()
            if row is None:
                return False
            if row[0] == "queued" and not self.window.x_sync.busy:
                self.window.x_sync.start(sync=False)
            return row[0] in ("sent", "failed")

        self.wait(done, lambda: (say("SENT"), self.next()))

    def import_file(self) -> None:

        path = self.imports[self.round % len(self.imports)]
        dialog = self.window.file_actions.open_import()
        dialog.path.setText(str(path))
        dialog.format.setCurrentIndex(dialog.format.findData("twcs"))
        dialog.shop.setText(SHOP)
        finished = []
        dialog.imported.connect(lambda report: finished.append(report))
        say(f"IMPORT {path.name}")
        dialog.start_button.click()

        def after() -> None:
            say("IMPORTED")
            dialog.accept()
            self.next()

        self.wait(lambda: bool(finished) or dialog.worker is None, after)

    def sync(self) -> None:
        status = self.window.x_sync

        def start() -> bool:
            return status.start(sync=True, send=True)

        def after() -> None:
            say("SYNCED")
            self.round += 1
            self.next()

        def begin() -> None:
            if start():
                self.wait(lambda: not status.busy, after)
            else:
                QTimer.singleShot(100, begin)

        begin()


def main() -> int:
    db, imports, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    app = make_application()
    workspace = open_workspace(db)
    window = MainWindow(workspace, Changes())
    window.resize(1280, 800)
    window.show()
    window.x_sync.refresh_connection()
    if not window.x_sync.connection.connected:
        say("NOT-CONNECTED")
        return 3
    owner = Owner(window, imports, seed)
    say("READY")
    owner.next()
    return app.exec()  # runs until the test kills it


if __name__ == "__main__":
    sys.exit(main())
