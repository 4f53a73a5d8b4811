"""``--smoke`` run the way the release workflow runs it on a frozen build, here from source."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_passes_from_source_and_leaves_the_data_folder_alone(tmp_path):
    home = tmp_path / "home"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        LOCALAPPDATA=str(home / "local"),
    )
    report = tmp_path / "report.txt"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke", str(report)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = report.read_text(encoding="utf-8")
    assert text == result.stdout
    for check in ("resources", "icon", "database", "window", "keychain"):
        assert f"ok    {check}:" in text
    assert "Kindly self-test passed (7 checks)" in text
    assert "FAIL" not in text
    assert not home.exists() or not any(home.rglob("*.db"))
