"""import, stats, export, backup and check as a user runs them: a process, files, exit codes."""

import json
import sqlite3

from tests.conftest import shared_data
from tests.e2e.test_commands import kindly


def test_import_then_stats_json(tmp_path):
    db = tmp_path / "apple.db"
    csv = shared_data("twcs", "twcs_first5000.csv")
    result = kindly("import", str(csv), "--db", str(db), "--shop", "AppleSupport")
    assert result.returncode == 0, result.stderr
    assert "143 mentions" in result.stdout and "140 shop replies" in result.stdout
    again = kindly("import", str(csv), "--db", str(db), "--shop", "AppleSupport")
    assert "nothing new" in again.stdout
    stats = kindly("stats", "--db", str(db), "--json")
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["mentions"] == 143 and figures["answered"] == 121
    assert figures["median_first_response_s"] == 548
    assert figures["p90_first_response_s"] == 1810
    assert round(figures["within_1h"], 4) == round(114 / 143, 4)
    assert round(figures["within_24h"], 4) == round(121 / 143, 4)
    narrow = json.loads(
        kindly(
            "stats", "--db", str(db), "--json", "--since", "2017-11-01", "--until", "2017-11-01"
        ).stdout
    )
    assert 0 < narrow["mentions"] < 143
    words = kindly("stats", "--db", str(db))
    assert "median 9 min" in words.stdout and "customers expect about 40%" in words.stdout


def test_archives_import_from_the_command_line(tmp_path):
    for name in ("x-archive-milahu104", "x-archive-larsbrinkhoff-2021"):
        db = tmp_path / f"{name}.db"
        result = kindly("import", str(shared_data(name)), "--db", str(db), "--json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["format"] == "archive" and report["added"]["shop replies"] > 1000


def test_a_broken_file_exits_1_and_leaves_no_database(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("tweet_id,author_id,inbound\n1,a,True\n")
    db = tmp_path / "new.db"
    result = kindly("import", str(broken), "--db", str(db), "--shop", "a")
    assert result.returncode == 1
    assert "no 'created_at'" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


def test_export_backup_and_check(tmp_path):
    db = tmp_path / "shop.db"
    assert kindly("demo", "--db", str(db)).returncode == 0
    out = tmp_path / "shop.json"
    assert kindly("export", str(out), "--db", str(db)).returncode == 0
    assert json.loads(out.read_text())["format"] == "kindly-export"
    assert (
        kindly("export", str(tmp_path / "csv"), "--db", str(db), "--format", "csv").returncode == 0
    )
    assert (tmp_path / "csv" / "mentions.csv").exists()
    backup = kindly("backup", "--db", str(db))
    assert backup.returncode == 0 and "mentions" in backup.stdout
    assert len(list((tmp_path / "backups").glob("shop-backup-*.db"))) == 1
    check = kindly("check", "--db", str(db))
    assert check.returncode == 0 and "healthy" in check.stdout
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO promises (kind, person_id, created_at, due_at)"
        " VALUES ('email_owed', 'nobody', 'x', 'y')"
    )
    conn.commit()
    conn.close()
    check = kindly("check", "--db", str(db))
    assert check.returncode == 1 and "damaged" in check.stdout
    missing = kindly("stats", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "no Kindly database" in missing.stderr


def test_screenshots_of_people_and_stats(tmp_path):
    import pytest

    pytest.importorskip("PySide6")
    from PySide6.QtGui import QImage

    for view in ("people", "stats"):
        out = tmp_path / f"{view}.png"
        result = kindly("--demo", "--screenshot", str(out), "--view", view)
        assert result.returncode == 0, result.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
        assert len(colours) > 20
