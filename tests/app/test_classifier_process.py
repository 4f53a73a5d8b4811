"""Sorting imported mentions in a child process: the same verdicts as in-process, a child that
dies is replaced by sorting in the thread, and a child never outlives a killed Kindly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from app.changes import ChangeKind, Changed
from app.domain.triage import Thread, classify
from app.services.triage_backlog import ClassifierProcess, TriageBacklog, sorted_change
from app.storage.database import open_database

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "@shop my order #4411 never arrived and nobody answers",
    "@shop thank you, the mug is lovely!",
    "@shop do you ship to Norway?",
    "WIN a free iPhone!!! click bit.ly/xyz @shop",
    "",
    "@shop 😡😡😡",
]
POSTS = [(text, None) for text in TEXTS]


def test_the_child_gives_the_verdicts_triage_gives():
    with ClassifierProcess() as classifier:
        assert classifier.child is not None and classifier.child.is_alive()
        assert classifier(POSTS) == [classify(text) for text in TEXTS]
        assert classifier(POSTS[:2]) == [classify(text) for text in TEXTS[:2]]
        # a reply's place in its thread goes to the child with it
        answer = [("@shop Again", Thread(Thread.SHOP, "Is it working now?"))]
        assert classifier(answer) == [classify("@shop Again", thread=answer[0][1])]
        child = classifier.child
    child.join(timeout=10)
    assert not child.is_alive()  # leaving the block ends it


def test_a_child_that_dies_leaves_the_sorting_to_the_thread():
    with ClassifierProcess() as classifier:
        classifier.child.kill()
        classifier.child.join(timeout=10)
        assert classifier(POSTS) == [classify(text) for text in TEXTS]
        assert classifier.child is None  # it does not try the dead child again
        assert classifier(POSTS[:1]) == [classify(TEXTS[0])]


def test_the_backlog_sorts_through_the_child(tmp_path):
    db = open_database(tmp_path / "k.db")
    rows = [
        (f"p{i}", f"c{i}", "person:1", text, "2026-01-01T00:00:00Z") for i, text in enumerate(TEXTS)
    ]
    db.execute("INSERT INTO people (id, handle, name) VALUES ('person:1', 'ann', '')")
    db.conn.executemany(
        "INSERT INTO posts (id, conversation_id, author_id, is_shop, text, created_at, kind,"
        " kind_reason, status, source) VALUES (?, ?, ?, 0, ?, ?, 'other', NULL, 'open', 'twcs')",
        rows,
    )
    db.conn.commit()
    backlog = TriageBacklog(db)
    assert backlog.pending() == len(TEXTS)
    with ClassifierProcess() as classifier:
        report = backlog.run(classifier=classifier)
    assert report.sorted == len(TEXTS) and report.left == 0
    assert report.changed == Changed.of(ChangeKind.POSTS)  # the inbox shows the new kinds
    assert not backlog.run().changed and not sorted_change(backlog.sort_batch())
    stored = dict(db.execute("SELECT text, kind FROM posts").fetchall())
    first = Thread(Thread.FIRST)  # none of them answers another post
    assert stored == {text: str(classify(text, thread=first).kind) for text in TEXTS}


def test_the_child_ends_when_kindly_is_killed(tmp_path):
    script = (
        "import os, sys\n"
        "from app.services.triage_backlog import ClassifierProcess\n"
        "if __name__ == '__main__':\n"
        "    c = ClassifierProcess().__enter__()\n"
        "    c([('@shop hello', None)])\n"
        "    print(c.child.pid, flush=True)\n"
        "    os._exit(9)  # no clean-up at all, as after a SIGKILL\n"
    )
    path = tmp_path / "parent.py"
    path.write_text(script)
    done = subprocess.run(
        [sys.executable, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert done.returncode == 9, done.stderr
    child = int(done.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child), "the sorting process outlived Kindly"


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - the suite runs on Linux and macOS
        out = subprocess.run(["tasklist", "/FI", f"PID eq {pid}"], capture_output=True, text=True)
        return str(pid) in out.stdout
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose: it runs nothing and holds no file
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True
