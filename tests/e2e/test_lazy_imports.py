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
        "import ui.shell.main_window\n"
        f"print(','.join(m for m in {LATER!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


# What the first painted inbox does not need: triage's rules and the tone checks (hundreds of
# patterns to compile), the views built when first shown, the package metadata for the version,
# the child process that sorts imports, macOS's login item.
NOT_AT_START = (
    "app.domain.triage.rules",
    "app.domain.triage.vocabulary",
    "app.domain.tone",
    "ui.people.page",
    "ui.stats.page",
    "ui.templates.page",
    "ui.inbox.add_mention",
    "importlib.metadata",
    "multiprocessing",
    "plistlib",
)


def test_opening_the_window_leaves_hidden_views_and_rules_unimported(tmp_path) -> None:
    script = (
        "import sys\n"
        "from ui.shell.launch import make_application\n"
        "from app.workspace import open_workspace\n"
        "from ui.common.changes import Changes\n"
        "from ui.shell.main_window import MainWindow\n"
        "app = make_application()\n"
        f"window = MainWindow(open_workspace({str(tmp_path / 'k.db')!r}), Changes())\n"
        "window.show()\n"
        "app.processEvents()\n"
        f"print(','.join(m for m in {NOT_AT_START!r} if m in sys.modules))\n"
        "window.show_page('people')\n"
        "print(type(window.pages.currentWidget()).__name__, 'ui.people.page' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ""  # nothing of NOT_AT_START was imported
    assert lines[1] == "PeoplePage True"
