"""On Linux, a missing X11 library or no desktop is said in plain words before Qt aborts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ui.shell.display import XCB_LIBRARIES, uses_xcb, why_no_window

ROOT = Path(__file__).resolve().parents[3]
DESKTOP = {"DISPLAY": ":0"}


def test_nothing_to_say_where_everything_is_there() -> None:
    assert why_no_window(DESKTOP, "linux", loads=lambda _s: True, frozen=False) is None


def test_missing_libraries_are_named_by_their_debian_packages() -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    said = why_no_window(DESKTOP, "linux", loads=lambda s: s not in absent, frozen=False)
    assert said is not None
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in said
    assert "libxcb-shape0" not in said


def test_no_display_is_said() -> None:
    said = why_no_window({}, "linux", loads=lambda _s: True, frozen=False)
    assert said is not None and "no desktop" in said


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", True),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_only_an_x11_window_is_checked(environ, platform, expected) -> None:
    assert uses_xcb(environ, platform) is expected


def test_an_installed_kindly_is_not_checked() -> None:
    assert why_no_window({}, "linux", loads=lambda _s: False, frozen=True) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")
def test_main_says_so_instead_of_qts_abort(tmp_path) -> None:
    """On this machine (whatever it has): start the window through X11 with no display."""
    env = {"QT_QPA_PLATFORM": "xcb", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "k.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Kindly cannot open its window" in done.stderr
    assert "This application failed to start" not in done.stderr  # Qt never got to abort
    assert all(package.startswith("lib") for package in XCB_LIBRARIES.values())
