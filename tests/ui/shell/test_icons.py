"""The committed icon bitmaps are the SVG as it is now (re-run packaging/make_icons.py if not)."""

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[3]


def load_make_icons():
    path = ROOT / "packaging" / "make_icons.py"
    spec = importlib.util.spec_from_file_location("make_icons", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", [16, 48, 256])
def test_the_pngs_match_the_svg(qapp, size):
    make_icons = load_make_icons()
    fresh = make_icons.render(size, full_bleed=True).convertToFormat(QImage.Format.Format_ARGB32)
    committed = QImage(str(ROOT / "resources" / "icons" / f"kindly-{size}.png")).convertToFormat(
        QImage.Format.Format_ARGB32
    )
    assert (committed.width(), committed.height()) == (size, size)
    worst = 0
    for y in range(size):
        for x in range(size):
            a, b = fresh.pixelColor(x, y), committed.pixelColor(x, y)
            worst = max(
                worst,
                abs(a.red() - b.red()),
                abs(a.green() - b.green()),
                abs(a.blue() - b.blue()),
                abs(a.alpha() - b.alpha()),
            )
    assert worst <= 8, "resources/icons is stale: run python packaging/make_icons.py"


def test_the_icon_is_not_blank_and_has_the_heart(qapp):
    image = QImage(str(ROOT / "resources" / "icons" / "kindly-256.png"))
    centre = image.pixelColor(128, 128)  # the heart: warm red
    assert centre.red() > 200 and centre.green() < 140
    corner = image.pixelColor(128, 20)  # the tile above the bubble: teal
    assert corner.green() > corner.red()
