"""The README's pictures of the composer, the template picker and Review render from the demo."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("view", ["composer", "templates", "review"])
def test_screenshot(tmp_path, view):
    from PySide6.QtGui import QImage

    out = tmp_path / f"{view}.png"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--demo", "--screenshot", str(out), "--view", view],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20
