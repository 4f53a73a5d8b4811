"""Regenerate Kindly's icons from resources/icons/kindly.svg.

    python packaging/make_icons.py          (needs the ``dist`` extra for Pillow)

Qt's QSvgRenderer draws every size from the SVG itself, so small sizes stay crisp instead of
being shrunk from a big bitmap; Pillow only packs the finished bitmaps into .ico and .icns.

- ``kindly-<size>.png`` (16–512): the window icon and the Linux desktop icon, full bleed.
- ``kindly.ico`` (16–256): the Windows executable, installer and Start-menu icon, full bleed.
- ``kindly.icns`` (32–1024): the macOS app icon, keeping the margin Apple's icon grid expects.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "kindly.svg"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)
# The SVG's rounded tile spans 100..924 of its 1024 canvas (macOS margin); Windows and Linux
# icons fill their square, so those are drawn from the tile alone.
TILE = (100.0, 100.0, 824.0, 824.0)


def render(size: int, *, full_bleed: bool):
    """The SVG drawn at ``size``×``size`` pixels, as a QImage with transparency."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SVG} is not a valid SVG")
    if full_bleed:
        renderer.setViewBox(QRectF(*TILE))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def to_pillow(image):
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, etc.)
    written = []
    for size in PNG_SIZES:
        path = ICONS / f"kindly-{size}.png"
        if not render(size, full_bleed=True).save(str(path), "PNG"):
            raise SystemExit(f"make_icons: could not write {path}")
        written.append(path)

    ico = [to_pillow(render(size, full_bleed=True)) for size in ICO_SIZES]
    ico_path = ICONS / "kindly.ico"
    ico[-1].save(ico_path, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=ico[:-1])
    written.append(ico_path)

    icns = [to_pillow(render(size, full_bleed=False)) for size in ICNS_SIZES]
    icns_path = ICONS / "kindly.icns"
    icns[-1].save(icns_path, format="ICNS", append_images=icns[:-1])
    written.append(icns_path)

    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
