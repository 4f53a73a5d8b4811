"""The follow-up loop on the demo shop, step by step, with a screenshot of each step.

    QT_QPA_PLATFORM=offscreen python -m tests.e2e.followups_walkthrough docs/

1. a hand-off reply ("DM us your e-mail") is sent → a follow-up *awaiting DM*;
2. the customer's DM with an address is added by hand → an *e-mail owed*, due in 24 h;
3. the fake clock moves 24 h on → the reminder fires (banner), the promise turns due;
4. Write e-mail → the mail app's ``mailto:`` link (captured, not opened);
5. Done → it moves to "Done this week".

Writes followups-1-handoff.png … followups-5-done.png and followups.png (step 3, the one the
README shows) into the folder given, and prints what happened at each step.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HANDOFF = "Oh no, Becca, I'm so sorry! Could you DM us your e-mail? We'll re-engrave it for free."
DM = "Hi! It's becca dot rose at example dot com. Thank you so much for sorting it 💛"


def run(out: Path) -> dict:
    from PySide6.QtWidgets import QDialogButtonBox

    from app.clock import FakeClock
    from app.services.demo import load_demo
    from app.workspace import open_workspace
    from ui.common.changes import Changes, PROMISES
    from ui.shell.launch import SCREENSHOT_SIZE, make_application
    from ui.shell.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    clock = FakeClock()
    folder = Path(tempfile.mkdtemp(prefix="kindly-walkthrough-"))
    workspace = open_workspace(folder / "demo.db", clock)
    load_demo(workspace)
    window = MainWindow(workspace, Changes())
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    controller = window.followups_controller
    page = window.followups_page
    urls: list[str] = []
    page.opener.handler = urls.append
    report: dict = {}

    def settle():
        for _ in range(4):
            app.processEvents()

    def shot(name: str, dialog=None):
        settle()
        path = out / name
        picture = window.grab()
        if dialog is not None:
            # A dialog is its own window: draw it over the main window, where it appears.
            from PySide6.QtGui import QColor, QPainter

            inner = dialog.grab()
            painter = QPainter(picture)
            painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
            x = (picture.width() - inner.width()) // 2
            y = (picture.height() - inner.height()) // 2
            painter.fillRect(x - 1, y - 1, inner.width() + 2, inner.height() + 2, QColor("#888"))
            painter.drawPixmap(x, y, inner)
            painter.end()
        picture.save(str(path))
        report.setdefault("images", []).append(str(path))

    settle()
    controller.notifier.banner.clear()  # the demo's start-up summary; this story starts after it

    # 1. The hand-off reply is sent (through the composer's send path when it is there).
    becca = workspace.db.execute(
        "SELECT p.id FROM posts p JOIN people u ON u.id = p.author_id"
        " WHERE u.handle = 'becca_rose' AND p.is_shop = 0 ORDER BY p.created_at DESC LIMIT 1"
    ).fetchone()[0]
    drafting = getattr(workspace, "drafting", None)
    if drafting is not None:
        draft = drafting.save(becca, HANDOFF)
        drafting.mark_sent(draft.id)
    else:
        workspace.followups.reply_sent(HANDOFF, "public", becca, clock.now())
    window.changes.announce(PROMISES, [])
    window.show_page("followups")
    waiting = next(
        r for r, _ in workspace.followups.overview().awaiting if r.handle == "becca_rose"
    )
    page.select_promise(waiting.promise.id)
    report["1 hand-off"] = f"awaiting DM from @becca_rose, due {waiting.promise.due_at}"
    shot("followups-1-handoff.png")

    # 2. Becca's DM arrives and is pasted in; the address is found.
    clock.advance(hours=3)
    controller.look(catch_up=False)
    controller.notifier.banner.clear()
    page.select_promise(waiting.promise.id)
    page.detail.add_dm.click()
    dialog = page.add_dm_dialog
    dialog.text.setPlainText(DM)
    dialog.when.setDateTime(dialog.when.dateTime().addSecs(-10 * 60))
    settle()
    shot("followups-2-dm.png", dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle()
    owed = page.current().promise
    report["2 dm"] = f"e-mail owed to {owed.email}, due {owed.due_at}"
    shot("followups-2b-owed.png")

    # 3. The fake clock runs on: Becca's e-mail comes due soon, then due. (The demo's other
    # promises remind on the way; the owner dismisses those.)
    clock.set(owed.due_at - timedelta(hours=2, minutes=30))
    report["3 on the way"] = [n.title for n in controller.look()]
    controller.notifier.banner.clear()
    clock.set(owed.due_at - timedelta(hours=2))
    report["3 due soon"] = [n.title for n in controller.look(catch_up=False)]
    controller.notifier.banner.clear()
    clock.set(owed.due_at + timedelta(minutes=5))
    notices = controller.look(catch_up=False)
    page.select_promise(owed.id)
    report["3 due"] = [n.title for n in notices]
    shot("followups-3-due.png")
    shot("followups.png")

    # 4. Write e-mail: the mail app gets a mailto: link.
    page.detail.write_email.click()
    report["4 mailto"] = unquote(urls[-1]) if urls else None
    shot("followups-4-email.png")

    # 5. Done.
    page.detail.done.click()
    settle()
    done = workspace.promises.get(owed.id)
    report["5 done"] = f"{done.status} at {done.done_at}"
    for row in range(page.model.rowCount()):
        item = page.model.promise_at(row)
        if item is not None and item.promise.id == owed.id:
            page.list.setCurrentIndex(page.model.index(row, 0))
    shot("followups-5-done.png")
    window.close()
    workspace.close()
    return report


if __name__ == "__main__":
    result = run(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
    for key, value in result.items():
        print(f"{key}: {value}")
