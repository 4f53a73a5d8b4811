"""The window's follow-ups look with 10,000 open follow-ups: the longest GUI stall while the
30-second look runs (on its worker), with the Follow-ups page on screen and off it, against the
window idle and the same look done on the GUI thread, all in this one process.

    python bench/followups_child.py DB OPEN LOOKS

DB is made afresh: the demo shop plus OPEN open follow-ups due over the last and next few days,
with some reminders already fired. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gui_child import Stalls, run_until, settle, window_on

IDLE_S = 3.0


def build(db: str, count: int) -> None:
    from app.domain.promises import AWAITING_DM, EMAIL_OWED
    from app.services.demo import load_demo
    from app.workspace import open_workspace

    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    ws = open_workspace(db)
    load_demo(ws)
    rng = random.Random(18)
    now = datetime.now(UTC).replace(microsecond=0)
    people = [ws.people.ensure(f"customer{i}") for i in range(max(count // 5, 1))]
    with ws.db.atomic():
        for i in range(count):
            due = now + timedelta(minutes=rng.randrange(-3 * 24 * 60, 5 * 24 * 60))
            owed = i % 3 != 0
            ws.promises.add(
                kind=EMAIL_OWED if owed else AWAITING_DM,
                person_id=rng.choice(people),
                created_at=due - timedelta(hours=24),
                due_at=due,
                email="customer@example.com" if owed else None,
                note="Missing parcel — chase the courier",
            )
    ws.reminders.fire()  # what is due already has reminded: the looks below are ordinary ones
    ws.close()


def looks(controller, app, count: int, background: bool) -> dict:
    stalls = Stalls()
    seconds = []
    stalls.start()
    for _ in range(count):
        controller._last_look = controller.workspace.clock.now()  # ordinary, not a catch-up
        started = time.perf_counter()
        if background:
            controller.on_timer_timeout()
            run_until(app, lambda: controller._looking is None, 120)
        else:
            controller.look()
        seconds.append(time.perf_counter() - started)
        settle(app, 200)
    result = stalls.stop()
    result["look_s_median"] = sorted(seconds)[len(seconds) // 2]
    return result


def main() -> int:
    db, count, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    build(db, count)
    app, workspace, window = window_on(db)
    controller = window.followups_controller
    controller.timer.stop()  # the looks below are started by hand
    run_until(app, lambda: controller._looking is None, 120)  # the start-up look
    window.show_page("followups")
    settle(app, 300)
    stalls = Stalls()
    stalls.start()
    settle(app, int(IDLE_S * 1000))
    out = {
        "open": count,
        "idle": stalls.stop(),
        "worker": looks(controller, app, repeats, background=True),
        "page_rows": window.followups_page.model.rowCount(),
    }
    window.show_page("people")  # the page off screen: the look reads no rows for it
    settle(app, 300)
    out["worker_page_hidden"] = looks(controller, app, repeats, background=True)
    window.show_page("followups")
    run_until(app, lambda: controller._looking is None, 120)
    settle(app, 300)
    out["gui_thread"] = looks(controller, app, max(repeats // 2, 1), background=False)
    print(json.dumps(out), flush=True)
    workspace.close()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
