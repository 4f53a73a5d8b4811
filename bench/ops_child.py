"""Inbox operations on a large database, through the real MainWindow and InboxModel in-process.

    python bench/ops_child.py DB REPEATS   prints one JSON object

Each operation is timed from the call to the end of the paint of what the owner then sees: the
layouts it changed, then every paint the window has waiting, in one pass (``paint_window``), and
each run checks that the list and the conversation were among them.
Every SQL statement the window's connection runs during an operation is recorded (sqlite3's
trace callback, parameters expanded); the reference runs those same reads with plain sqlite3 on
its own connection, so "ratio" is what the window adds to the SQL it cannot avoid.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEARCH_WORDS = [
    "the",
    "order",
    "help",
    "refund",
    "delivery",
    "account",
    "thanks",
    "waiting",
    "phone",
    "never",
]


def paint_window(window) -> None:
    """Paint what the operation changed as the event loop paints it: the layouts it changed are
    laid out again, then every part of the window waiting to be painted is painted, in one pass.

    (Repainting the list and then the whole conversation, as this measured first, left the
    layouts out, painted the conversation twice, since a widget's repaint() paints everything
    the window has waiting, and painted its parts that had not changed. ``timed`` checks that the
    list and the conversation shown were painted in each run.)
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))


def paint_watch(*widgets):
    """An event filter on ``widgets`` that keeps which of them were painted (``.painted``), to
    check that each timed operation did paint what it shows."""
    from PySide6.QtCore import QEvent, QObject

    class Watch(QObject):
        def __init__(self):
            super().__init__()
            self.painted: set = set()

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                self.painted.add(watched)
            return False

    watch = Watch()
    for widget in widgets:
        widget.installEventFilter(watch)
    return watch


def main() -> int:
    db_path, repeats = sys.argv[1], int(sys.argv[2])
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.domain.models import InboxFilter
    from bench.gui_child import window_on

    app, workspace, window = window_on(db_path)

    statements: list[str] = []
    workspace.db.conn.set_trace_callback(statements.append)
    results: dict[str, dict] = {}
    rng = random.Random(8)

    conversation = window.conversation
    # What must be painted: the list, and the conversation opened (its thread, or the line
    # saying none is open).
    the_list = (window.list.viewport(),)
    the_conversation = (conversation.thread.viewport(), conversation.empty)
    watch = paint_watch(*the_list, *the_conversation)
    shown = (the_list, the_conversation)

    def timed(name: str, prepare, act, paint, expected=shown) -> None:
        times, captured, unpainted = [], [], 0
        for i in range(repeats):
            prepare(i)
            app.processEvents()
            statements.clear()
            watch.painted.clear()
            start = time.perf_counter()
            act(i)
            paint()
            times.append(time.perf_counter() - start)
            unpainted += not all(watch.painted.intersection(any_of) for any_of in expected)
            captured.append(
                [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
            )
            app.processEvents()
        results[name] = {"times": times, "sql": captured, "unpainted": unpainted}

    def paint_all() -> None:
        paint_window(window)

    cycle = [f for f in InboxFilter]

    # 1. switch filter: choose the next filter; the list shows it and its first mention opens.
    timed(
        "switch filter",
        lambda i: None,
        lambda i: window.navigation.choose(cycle[(i + 1) % len(cycle)]),
        paint_all,
    )

    # 2. scroll to the end: Ctrl+End in a freshly shown list (nothing cached) to its last row.
    ends = [InboxFilter.ALL, InboxFilter.RESOLVED, InboxFilter.NEEDS_REPLY]

    def fresh_list(i: int) -> None:
        window.navigation.choose(ends[i % len(ends)])
        window.model.reload()
        window.select_row(0)
        window.list.setFocus()

    timed(
        "scroll to the end",
        fresh_list,
        lambda i: QTest.keyClick(window.list, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier),
        paint_all,
    )

    # 3. search: a word typed into the search box (the list filters as you type).
    def clear_search(i: int) -> None:
        window.search.blockSignals(True)
        window.search.clear()
        window.search.blockSignals(False)
        window.navigation.choose(InboxFilter.NEEDS_REPLY if i % 2 else InboxFilter.ALL)

    timed(
        "search",
        clear_search,
        lambda i: window.search.setText(SEARCH_WORDS[i % len(SEARCH_WORDS)]),
        paint_all,
    )
    clear_search(0)

    # 3b. search with operators: a person, a kind, a state and dates, with and without words,
    # across every filter (the default) and within the one chosen.
    busiest = [
        row[0]
        for row in workspace.db.execute(
            "SELECT pe.handle FROM posts p JOIN people pe ON pe.id = p.author_id"
            " WHERE p.is_shop = 0 AND p.n % 97 = 0 GROUP BY pe.handle ORDER BY count(*) DESC"
            " LIMIT 5"
        )
    ]
    newest = workspace.db.execute("SELECT max(created_at) FROM posts").fetchone()[0][:10]
    month = f"{newest[:7]}-01"
    operator_searches = [
        f"from:@{busiest[0]} kind:complaint is:open",
        "refund kind:complaint is:open",
        "kind:question is:waiting",
        f"is:open after:{month}",
        f"order from:@{busiest[1]}",
        "delivery kind:complaint before:2023-01-01",
        "kind:troll is:open",
        "has:draft",
        f"from:@{busiest[2]}",
        "kind:praise is:open thanks",
    ]

    timed(
        "search with operators",
        clear_search,
        lambda i: window.search.setText(operator_searches[i % len(operator_searches)]),
        paint_all,
    )
    clear_search(0)

    # 4. open a thread: select another mention on the first page; its conversation shows.
    def first_page(i: int) -> None:
        window.navigation.choose(InboxFilter.NEEDS_REPLY if i % 2 else InboxFilter.ALL)

    timed(
        "open a thread",
        first_page,
        lambda i: window.select_row(rng.randrange(1, 40)),
        paint_all,
        (the_conversation,),
    )

    # 5. earlier replies to similar mentions, as the composer's worker looks them up (here on the
    # window's connection, so its SQL is recorded; in the app it runs off the GUI thread).
    from app.services.search import earlier_replies

    needing = [n for n, _ in workspace.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=400)]
    timed(
        "earlier replies (worker)",
        lambda i: None,
        lambda i: earlier_replies(workspace.db, needing[(i * 37) % len(needing)]),
        lambda: None,
        (),
    )

    workspace.db.conn.set_trace_callback(None)
    statement_count = {name: max(len(s) for s in r["sql"]) for name, r in results.items()}

    # The reference: the same reads with plain sqlite3, on a connection of its own.
    raw = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    # The word counts the earlier-replies lookup reads (a view of the search index, per connection).
    raw.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.posts_fts_words USING fts5vocab(main, posts_fts, row)"
    )
    for r in results.values():
        for group in r["sql"][:2]:  # warm the page cache the same way
            for sql in group:
                raw.execute(sql).fetchall()
    out = {}
    for name, r in results.items():
        raw_times = []
        for group in r["sql"]:
            start = time.perf_counter()
            for sql in group:
                raw.execute(sql).fetchall()
            raw_times.append(time.perf_counter() - start)
        out[name] = {
            "times": r["times"],
            "raw_times": raw_times,
            "statements": statement_count[name],
            "unpainted": r["unpainted"],  # runs that did not paint all they show (should be 0)
            "example_sql": sorted(set(r["sql"][-1]), key=len)[-3:],
        }
    raw.close()
    print(json.dumps(out), flush=True)
    workspace.close()
    os._exit(0)  # no teardown of the window's objects: nothing left to measure


if __name__ == "__main__":
    sys.exit(main())
