"""Before the window opens on Linux: can Qt's X11 ("xcb") platform plugin load here?

When it cannot, Qt prints a few lines about plugins and aborts. This says what is missing in plain
words first: no desktop to open a window on, or the X11 libraries Qt 6.5 and newer need, named by
their Debian and Ubuntu packages. It reads no Qt (it runs before the application object exists).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# The libraries Qt's xcb plugin (libqxcb.so and libQt6XcbQpa.so, Qt 6.5 and newer) links to and a
# desktop install may lack, read from ``ldd`` on both: soname → Debian and Ubuntu package.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
}
# Platforms that need no desktop (tests, screenshots) or are not X11.
_NOT_XCB = ("offscreen", "minimal", "wayland", "eglfs", "linuxfb", "vnc", "vkkhrdisplay")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will open its window through X11 here."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip().lower()
    if chosen:
        return chosen == "xcb"
    # Unset: Qt takes Wayland in a Wayland session (when it can), X11 otherwise.
    return not (environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland")


def why_no_window(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    loads: Callable[[str], bool] = _loads,
    frozen: bool | None = None,
) -> str | None:
    """What keeps Qt's X11 plugin from opening Kindly's window, in plain words; None if nothing."""
    environ = os.environ if environ is None else environ
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    if frozen or not uses_xcb(environ, platform):
        return None  # an installed Kindly carries its own libraries
    missing = [package for soname, package in XCB_LIBRARIES.items() if not loads(soname)]
    if missing:
        return (
            "Kindly cannot open its window: Qt needs a few X11 libraries that are not installed.\n"
            f"Missing: {', '.join(missing)}.\n"
            f"On Debian or Ubuntu: sudo apt install {' '.join(missing)}\n"
            "(Other systems name them alike, e.g. xcb-util-cursor on Fedora.)"
        )
    if not environ.get("DISPLAY"):
        return (
            "Kindly cannot open its window: no desktop was found (DISPLAY is not set). "
            "Start it from a desktop session."
        )
    return None
