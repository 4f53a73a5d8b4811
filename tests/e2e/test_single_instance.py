"""One Kindly per database, with real processes: a second launch focuses the first and leaves."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# A guard against a hung child, not a speed requirement: the test fails, never passes, on expiry.
GIVE_UP_AFTER = 90


def env():
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def start(db: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env(),
        cwd=ROOT,
    )


def launch(db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=GIVE_UP_AFTER,
        env=env(),
        cwd=ROOT,
    )


def wait_for_line(log_file: Path, text: str, proc: subprocess.Popen, count: int = 1) -> None:
    """Wait until ``text`` occurs ``count`` times in Kindly's log; fail if the process dies."""
    deadline = time.monotonic() + GIVE_UP_AFTER
    while time.monotonic() < deadline:
        content = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
        if content.count(text) >= count:
            return
        if proc.poll() is not None:
            pytest.fail(f"Kindly exited with {proc.returncode} before logging {text!r}:\n{content}")
        time.sleep(0.1)
    pytest.fail(f"{text!r} never appeared in {log_file}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=GIVE_UP_AFTER)


@pytest.fixture
def running(tmp_path):
    procs: list[subprocess.Popen] = []
    yield procs
    for proc in procs:
        stop(proc)
    # A terminated Kindly leaves its Unix socket file behind; don't litter the temp folder.
    from PySide6.QtNetwork import QLocalServer

    from ui.shell.single_instance import server_name

    for db in tmp_path.rglob("kindly.db"):
        QLocalServer.removeServer(server_name(db))


def test_a_second_launch_brings_the_first_window_forward(tmp_path, running):
    (tmp_path / "shop").mkdir()
    db = tmp_path / "shop" / "kindly.db"
    log = tmp_path / "shop" / "logs" / "kindly.log"
    first = start(db, tmp_path / "first.out")
    running.append(first)
    wait_for_line(log, "listening for other launches", first)

    # the same file, spelled another way
    second = launch(tmp_path / "shop" / ".." / "shop" / "kindly.db")
    assert second.returncode == 0, second.stderr
    assert "already open" in second.stdout
    wait_for_line(log, "brought the window forward (visible=True, minimized=False)", first)
    assert first.poll() is None  # the first Kindly carries on

    # and again: the listener keeps answering
    assert launch(db).returncode == 0
    wait_for_line(log, "brought the window forward", first, count=2)


def test_two_different_databases_run_side_by_side(tmp_path, running):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = start(tmp_path / "a" / "kindly.db", tmp_path / "a.out")
    running.append(first)
    wait_for_line(tmp_path / "a" / "logs" / "kindly.log", "listening for other launches", first)
    other = start(tmp_path / "b" / "kindly.db", tmp_path / "b.out")
    running.append(other)
    wait_for_line(tmp_path / "b" / "logs" / "kindly.log", "listening for other launches", other)
    assert first.poll() is None and other.poll() is None
    assert "asked for this window" not in (tmp_path / "a" / "logs" / "kindly.log").read_text()


def test_a_kindly_that_was_killed_does_not_block_the_next_launch(tmp_path, running):
    db = tmp_path / "kindly.db"
    log = tmp_path / "logs" / "kindly.log"
    first = start(db, tmp_path / "first.out")
    running.append(first)
    wait_for_line(log, "listening for other launches", first)
    first.kill()  # no clean-up: on Unix its socket file stays behind
    first.wait(timeout=GIVE_UP_AFTER)

    again = start(db, tmp_path / "again.out")
    running.append(again)
    wait_for_line(log, "listening for other launches", again, count=2)
    assert launch(db).returncode == 0
    wait_for_line(log, "brought the window forward", again)


def test_demo_and_screenshot_runs_take_no_part(tmp_path, running):
    db = tmp_path / "kindly.db"
    log = tmp_path / "logs" / "kindly.log"
    first = start(db, tmp_path / "first.out")
    running.append(first)
    wait_for_line(log, "listening for other launches", first)
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=GIVE_UP_AFTER,
        env=env(),
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert shot.exists()
    assert "asked for this window" not in log.read_text()
