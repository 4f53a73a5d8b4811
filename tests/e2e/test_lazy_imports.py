"""Kindly starts without importing what only later features need (counting a reply, X, the
keychain): those imports cost a fifth of a second and tens of MiB at every start."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LATER = ("twitter_text", "requests_oauthlib", "keyring")


def test_importing_the_window_leaves_later_features_unimported() -> None:
    script = (
        "import sys\n"
        "import main\n"
        "import ui.main_window\n"
        f"print(','.join(m for m in {LATER!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen",
                                                       "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
