"""A database from a newer Kindly, opened by this one from the command line: refused, untouched."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kindly(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def make_newer_database(path: Path) -> bytes:
    from app.workspace import open_workspace

    workspace = open_workspace(path)
    workspace.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('kindly', '9001_from_a_later_release', '2027-01-01 00:00:00+00:00')"
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.read_bytes()


def test_a_newer_database_is_refused_in_plain_words_and_left_alone(tmp_path):
    path = tmp_path / "kindly.db"
    before = make_newer_database(path)

    for args in (
        ["--db", str(path), "--screenshot", str(tmp_path / "s.png")],
        ["demo", "--db", str(path)],
    ):
        result = kindly(*args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "written by a newer version of Kindly" in result.stderr
        assert "Install the latest Kindly" in result.stderr
        assert "Traceback" not in result.stderr
        assert path.read_bytes() == before
    assert not (tmp_path / "s.png").exists()
    assert not (tmp_path / "backups").exists()
