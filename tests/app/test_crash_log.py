"""A native crash leaves its report in Kindly's log: faulthandler writes it as the process dies,
and the next start moves it into kindly.log. Real crashes, in child processes."""

import faulthandler
import os
import subprocess
import sys
from pathlib import Path

from app import logsetup

ROOT = Path(__file__).resolve().parents[2]


def child(folder: Path, then: str = "") -> subprocess.CompletedProcess:
    script = (
        "import sys\nfrom pathlib import Path\nfrom app.logsetup import setup_logging\n"
        f"setup_logging(Path({str(folder)!r}))\n{then}"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_a_native_crash_reaches_the_log_at_the_next_start(tmp_path):
    crashed = child(tmp_path, "import ctypes\nctypes.string_at(0)\n")  # a segmentation fault
    assert crashed.returncode != 0
    report = (tmp_path / "kindly-crash.log").read_text()
    assert "Fatal Python error: Segmentation fault" in report
    assert 'File "<string>", line 6' in report  # where it happened
    assert "Fatal Python error" not in crashed.stderr  # it went to the file, not a lost console

    assert child(tmp_path).returncode == 0
    log = (tmp_path / "kindly.log").read_text()
    assert "ERROR kindly.crash: Kindly stopped unexpectedly last time" in log
    assert "Segmentation fault" in log
    assert (tmp_path / "kindly-crash.log").read_text() == ""  # reported once, not every start
    assert child(tmp_path).returncode == 0
    assert (tmp_path / "kindly.log").read_text().count("stopped unexpectedly") == 1


def test_it_leaves_a_faulthandler_someone_else_enabled_alone(tmp_path):
    assert faulthandler.is_enabled()  # pytest's own, to its stderr
    assert logsetup.enable_crash_log(tmp_path) is None
    assert logsetup._crash_file == []
