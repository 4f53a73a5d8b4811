"""`kindly due` as a script runs it: a separate process on a real demo database."""

import json

from tests.e2e.test_commands import kindly


def test_due_lists_the_ledger_and_reads_only(tmp_path):
    path = tmp_path / "shop.db"
    assert kindly("demo", "--db", str(path)).returncode == 0
    result = kindly("due", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Overdue (1)" in result.stdout and "@priyanair_" in result.stdout
    assert "Due soon (1)" in result.stdout and "@annak_draws" in result.stdout
    assert "olliegrant" not in result.stdout  # awaiting a DM, not due for a day

    later = kindly("--db", str(path), "due", "--json", "--now", "2030-01-01T09:00:00Z")
    assert later.returncode == 0, later.stderr
    items = json.loads(later.stdout)
    assert {(i["handle"], i["state"]) for i in items} == {
        ("priyanair_", "overdue"),
        ("annak_draws", "overdue"),
        ("olliegrant", "overdue"),
    }
    assert all(i["due_at"].endswith("Z") for i in items)

    import sqlite3

    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM reminders_fired").fetchone()[0] == 0
    conn.close()


def test_due_says_what_is_wrong_in_plain_words(tmp_path):
    result = kindly("due", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 1 and "no Kindly database" in result.stderr
    path = tmp_path / "shop.db"
    assert kindly("demo", "--db", str(path)).returncode == 0
    bad = kindly("due", "--db", str(path), "--now", "soon")
    assert bad.returncode == 1 and "not a time" in bad.stderr
    assert "Traceback" not in bad.stderr + result.stderr
