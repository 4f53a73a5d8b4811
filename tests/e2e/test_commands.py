"""The command line as a user runs it: a separate process, real files, exit codes and messages."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kindly(*args, timeout=120):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.parametrize("view", ["inbox", "conversation"])
def test_screenshot_of_the_demo(tmp_path, view):
    from PySide6.QtGui import QImage

    out = tmp_path / f"{view}.png"
    result = kindly("--demo", "--screenshot", str(out), "--view", view)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # not a blank picture: many distinct colours
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20


def test_demo_command_writes_and_refuses_a_real_database(tmp_path):
    path = tmp_path / "shop.db"
    result = kindly("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "mentions" in result.stdout
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM posts WHERE is_shop = 0").fetchone()[0] >= 150
    conn.close()
    # a demo may be rewritten
    assert kindly("demo", "--db", str(path)).returncode == 0

    real = tmp_path / "real.db"
    from app.domain.models import Shop
    from app.workspace import open_workspace

    ws = open_workspace(real)
    ws.shop.save(Shop(name="My Real Shop", handle="realshop"))
    ws.close()
    before = real.read_bytes()
    result = kindly("demo", "--db", str(real))
    assert result.returncode == 1
    assert "will not overwrite" in result.stderr
    assert "Traceback" not in result.stderr
    assert real.read_bytes() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"just some text", "not an SQLite file"),
        (None, "not one of Kindly's"),
    ],
)
def test_a_file_that_is_not_kindlys_exits_with_a_message(tmp_path, content, message):
    path = tmp_path / "x.db"
    if content is None:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (a)")
        conn.commit()
        conn.close()
    else:
        path.write_bytes(content)
    result = kindly("--db", str(path), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_screenshot_of_a_real_database(tmp_path):
    path = tmp_path / "shop.db"
    assert kindly("demo", "--db", str(path)).returncode == 0
    result = kindly("--db", str(path), "--screenshot", str(tmp_path / "s.png"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "logs" / "kindly.log").exists()
