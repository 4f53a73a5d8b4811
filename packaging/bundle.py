"""What goes into Kindly's frozen bundle, in one place: the spec builds from it, the tests check it.

Kept free of PyInstaller imports so the test suite can read it without the ``dist`` extra.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Kindly"
BUNDLE_ID = "app.kindly.Kindly"
# Windows only: the console twin of Kindly.exe, for the command-line subcommands (kindly.spec)
CONSOLE_NAME = "kindly-cli"
# PySide6-Essentials' macOS wheels need macOS 13 (Ventura) or newer; the README says the same.
MACOS_MINIMUM = "13.0"


def signing_identity(platform: str = sys.platform, env=os.environ) -> str | None:
    """macOS: the "Developer ID Application: …" certificate PyInstaller signs with, if given."""
    if platform != "darwin":
        return None
    return env.get("MACOS_SIGNING_IDENTITY") or None


def entitlements_file(platform: str = sys.platform, env=os.environ) -> str | None:
    """The hardened runtime's exceptions, used only together with a real signing identity."""
    if not signing_identity(platform, env):
        return None
    return str(ROOT / "packaging" / "macos" / "entitlements.plist")

# The only Qt modules Kindly uses. Every other PySide6 module is excluded from the bundle; a test
# fails when code under app/, ui/ or main.py imports one that is not listed here.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtSvg")

# Keyring finds its backends through entry points; PyInstaller cannot see those imports.
KEYRING_BACKENDS = (
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.chainer",
    "keyring.backends.fail",
    "keyring.backends.null",
)

# Standard-library and third-party modules nothing in Kindly needs at run time.
EXCLUDED_MODULES = (
    "tkinter",
    "_tkinter",
    "test",
    "pydoc_data",
    "lib2to3",
    "idlelib",
    "ensurepip",
    "venv",
    "PyInstaller",
    "pytest",
    "pytestqt",
    "hypothesis",
    "PIL",
    "numpy",
)

# Qt plugins a desktop Kindly never loads (by folder, then by file-name prefix inside a folder).
UNUSED_QT_PLUGIN_FOLDERS = (
    "designer",
    "qmltooling",
    "sqldrivers",
    "printsupport",
    "vectorimageformats",
    "networkinformation",
    "wayland-graphics-integration-server",
    "egldeviceintegrations",
)
# Linux platform plugins for kiosks and embedded screens; a desktop uses xcb or wayland.
UNUSED_PLATFORMS = ("qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay", "qvnc")
UNUSED_IMAGE_FORMATS = ("qtiff", "qwbmp", "qtga", "qpdf", "qicns")


def runtime_packages() -> list[str]:
    """The import names of Kindly's runtime dependencies (pyproject.toml), whose data files go in.

    Libraries read data files beside their code (a sentiment lexicon, an emoji table); PyInstaller
    only sees code, so every dependency's non-Python files are collected. A dependency added to
    pyproject.toml is covered without touching the spec.
    """
    import re
    from importlib.metadata import packages_distributions

    with (ROOT / "pyproject.toml").open("rb") as handle:
        requirements = tomllib.load(handle)["project"]["dependencies"]
    wanted = {_normalise(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}
    wanted -= {"pyside6-essentials", "pyside6"}  # Qt is handled by PyInstaller's own hooks
    modules = {
        module
        for module, dists in packages_distributions().items()
        if any(_normalise(d) in wanted for d in dists) and module.isidentifier()
    }
    return sorted(modules)


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


def version() -> str:
    """Kindly's version, from pyproject.toml (the single place it is written)."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def version_tuple(text: str) -> tuple[int, int, int, int]:
    """'1.2.3' → (1, 2, 3, 0): the four numbers a Windows version resource holds."""
    numbers = [int("".join(ch for ch in part if ch.isdigit()) or 0) for part in text.split(".")]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def excluded_qt_modules(available: list[str]) -> list[str]:
    """Every PySide6 module in ``available`` that Kindly does not use, as an import name."""
    return [f"PySide6.{name}" for name in available if name not in QT_MODULES]


def info_plist(text_version: str) -> dict:
    """The macOS Info.plist keys beyond PyInstaller's defaults."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": text_version,
        "CFBundleVersion": text_version,
        "CFBundlePackageType": "APPL",
        "LSApplicationCategoryType": "public.app-category.business",
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "LSUIElement": False,  # a normal app: Dock icon and menu bar
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "NSSupportsAutomaticGraphicsSwitching": True,
        # Reminders of promised e-mails are alerts that stay until the owner acts on them.
        "NSUserNotificationAlertStyle": "alert",
        "NSHumanReadableCopyright": "Kindly is MIT licensed.",
    }


# Single files Qt's hooks add that a widgets app never loads.
UNUSED_FILES = (
    "opengl32sw.dll",  # Windows: software OpenGL (20 MB) for Qt Quick; widgets paint in software
)


def keep_file(dest: str) -> bool:
    """False for files PyInstaller's Qt hooks collect that Kindly never uses."""
    parts = dest.replace("\\", "/").split("/")
    if parts[-1].lower() in UNUSED_FILES:
        return False
    if "translations" in parts and any(p.startswith("PySide6") for p in parts):
        return False  # Kindly's interface is English; Qt's own .qm files are not needed
    if "plugins" in parts:
        at = parts.index("plugins") + 1
        folder = parts[at] if at < len(parts) else ""
        if folder in UNUSED_QT_PLUGIN_FOLDERS:
            return False
        name = parts[-1].removeprefix("lib")
        if folder == "imageformats" and name.startswith(UNUSED_IMAGE_FORMATS):
            return False
        if folder == "platforms" and name.split(".")[0] in UNUSED_PLATFORMS:
            return False
    return True
