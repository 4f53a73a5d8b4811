"""A draft saves itself while the owner types: killing Kindly outright loses nothing saved."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

DRIVER = Path(__file__).with_name("draft_driver.py")
TEXT = "Oh no, we are so sorry about the clasp! Could you DM us your e-mail?"


def start(*args: str) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, str(DRIVER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def read_line(proc: subprocess.Popen, prefix: str, limit: float = 60) -> str:
    """The first line of the child's output that starts with ``prefix`` (gives up after a minute
    so a broken child cannot hang the suite)."""
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not selector.select(timeout=1):
            if proc.poll() is not None:
                break
            continue
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith(prefix):
            return line.rstrip("\n")
    proc.kill()
    raise AssertionError(f"no {prefix!r} line; stderr: {proc.stderr.read()[-2000:]}")


def test_sigkill_after_typing_keeps_the_draft(tmp_path) -> None:
    from app.services.demo import load_demo
    from app.workspace import open_workspace

    db = tmp_path / "shop.db"
    workspace = open_workspace(db)
    load_demo(workspace)
    workspace.close()

    child = start("type", str(db), TEXT)
    post_id = read_line(child, "SAVED ").split(" ", 1)[1]
    child.kill()  # SIGKILL: no close event, no quit, no checkpoint
    child.wait(timeout=30)
    assert child.returncode != 0

    again = start("read", str(db), post_id)
    line = read_line(again, "TEXT ")
    again.wait(timeout=30)
    assert line == f"TEXT {TEXT}"
