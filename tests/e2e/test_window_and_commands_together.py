"""The window and commands from a terminal on the same file at once: nothing saved is lost.

A window-like process (``window_like.py``: the main connection, workers that open and close their
own, autosave every few milliseconds) runs while the real command line imports a CSV, lists what
is due, exports and backs up the same file. Then the window is killed (-9) as a crash would.
Afterwards the file passes ``integrity_check``, holds the import, and holds the last reply the
window reported as saved.

Each command must also succeed while the window writes: an import whose transaction began
deferred failed with "database is locked" as soon as an autosave landed during its read phase.

The suite runs ``KINDLY_CONCURRENCY_ROUNDS`` rounds (2 by default); ``make concurrency`` runs 20.
"""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.e2e.test_commands import ROOT, kindly

ROUNDS = int(os.environ.get("KINDLY_CONCURRENCY_ROUNDS", "2"))
SHOP = "juniperandgold"  # the demo shop's handle
MENTIONS = 1500


def write_csv(path: Path) -> None:
    """A mid-sized Customer Support on Twitter file for the demo shop: mentions and replies."""
    lines = [
        ("tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id")
    ]
    base = 1_900_000_000_000_000_000
    for i in range(MENTIONS):
        mention, reply = base + 2 * i, base + 2 * i + 1
        minute = i % 50
        hour = (i // 50) % 24
        day = 1 + i // 1200
        lines.append(
            f"{mention},customer{i % 300},True,Mon Nov {day:02d} {hour:02d}:{minute:02d}:00"
            f' +0000 2025,"@{SHOP} where is my order number {i}?",{reply},'
        )
        if i % 2:
            lines.append(
                f"{reply},{SHOP},False,Mon Nov {day:02d} {hour:02d}:{minute:02d}:30 +0000"
                f' 2025,"So sorry, checking now!",,{mention}'
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class WindowLike:
    def __init__(self, db: Path, stop_file: Path):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.window_like", str(db), str(stop_file)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.saved = 0
        self.errors: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put("")

    def wait_for_saves(self, count: int = 3, timeout: float = 60) -> None:
        """Until ``count`` more saves were reported (and what they say is recorded)."""
        target = self.saved + count
        while self.saved < target:
            line = self.lines.get(timeout=timeout)
            if not line:
                raise AssertionError(
                    "the window-like process ended: " + self.process.stderr.read()[-2000:]
                )
            if line.startswith("saved "):
                self.saved = int(line.split()[1])
            elif line.startswith("error "):
                self.errors.append(line)

    def ready(self) -> str:
        line = self.lines.get(timeout=60)
        assert line.startswith("ready "), line + self.process.stderr.read()[-2000:]
        return line.split()[1]

    def crash(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        while not self.lines.empty():  # saves reported just before the kill
            line = self.lines.get()
            if line.startswith("saved "):
                self.saved = int(line.split()[1])


def run_ok(*args: str) -> subprocess.CompletedProcess:
    result = kindly(*args, timeout=300)
    assert result.returncode == 0, (args, result.stdout[-1000:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_commands_while_the_window_autosaves_lose_nothing(tmp_path, round_):
    db = tmp_path / "shop.db"
    run_ok("demo", "--db", str(db))
    csv = tmp_path / "mid.csv"
    write_csv(csv)
    window = WindowLike(db, tmp_path / "stop")
    try:
        post_id = window.ready()
        window.wait_for_saves()
        imported = run_ok("import", str(csv), "--db", str(db), "--shop", SHOP)
        assert f"{MENTIONS:,} mentions" in imported.stdout
        window.wait_for_saves()
        run_ok("due", "--db", str(db))
        window.wait_for_saves()
        run_ok("export", str(tmp_path / "out.json"), "--db", str(db))
        window.wait_for_saves()
        run_ok("backup", "--db", str(db))
        window.wait_for_saves()
        run_ok("due", "--db", str(db))
        window.wait_for_saves(10)
    finally:
        window.crash()
    assert not window.errors, window.errors
    assert Path(f"{db}-wal").exists(), "the window's WAL was removed under it"

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        text = conn.execute("SELECT text FROM drafts WHERE post_id = ?", [post_id]).fetchone()[0]
        saved = int(text.rsplit(" ", 1)[1].rstrip("."))
        assert saved >= window.saved, f"reply {window.saved} was saved, the file has {saved}"
        count = conn.execute(
            "SELECT count(*) FROM posts WHERE source = 'twcs' AND is_shop = 0"
        ).fetchone()[0]
        assert count == MENTIONS
    finally:
        conn.close()
    assert (tmp_path / "out.json").stat().st_size > 0
    assert list((tmp_path / "backups").glob("shop-backup-*.db"))
    assert not list((tmp_path / "backups").glob("*.partial*"))
