"""The whole follow-up loop on the demo shop, in its own process, with a screenshot per step."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_handoff_dm_promise_due_email_done(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "tests.e2e.followups_walkthrough", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 hand-off: awaiting DM from @becca_rose" in out
    assert "2 dm: e-mail owed to becca.rose@example.com" in out
    assert "3 due soon: ['E-mail to @becca_rose due in 2 h']" in out
    assert "3 due: ['E-mail to @becca_rose is due now']" in out
    assert "4 mailto: mailto:becca.rose@example.com?subject=Juniper & Gold: " in out
    assert "5 done: done at" in out

    from PySide6.QtGui import QImage

    for name in (
        "followups.png",
        "followups-1-handoff.png",
        "followups-2-dm.png",
        "followups-3-due.png",
        "followups-4-email.png",
        "followups-5-done.png",
    ):
        image = QImage(str(tmp_path / name))
        assert (image.width(), image.height()) == (1280, 800), name
        colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
        assert len(colours) > 20, name
