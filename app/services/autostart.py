"""Start at login: Kindly's reminders only work while it runs, so the owner can have it start
with the computer (in the tray, without opening the window).

Per user, never system-wide, and nothing that needs an administrator:

- Windows: a value named "Kindly" under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run;
- macOS: a LaunchAgent, ~/Library/LaunchAgents/app.kindly.Kindly.plist, with RunAtLoad;
- Linux and other XDG desktops: ~/.config/autostart/kindly.desktop.

Folders and the registry module are injected, so every platform's entry is tested on any machine.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.errors import ErrorKind, KindlyError

log = logging.getLogger("kindly.autostart")

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "Kindly"
AGENT_LABEL = "app.kindly.Kindly"
HIDDEN_FLAG = "--hidden"


class AutostartError(KindlyError):
    kind = ErrorKind.AUTOSTART


def kindly_command(extra: Sequence[str] = ()) -> list[str]:
    """How to start this Kindly: the installed app itself, or Python with main.py."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HIDDEN_FLAG, *extra]
    main = Path(__file__).resolve().parents[2] / "main.py"
    return [sys.executable, str(main), HIDDEN_FLAG, *extra]


class Autostart:
    def __init__(
        self,
        command: Sequence[str] | None = None,
        *,
        platform: str | None = None,
        home: Path | None = None,
        config_home: Path | None = None,
        winreg: Any = None,
    ):
        self.command = list(command or kindly_command())
        self.platform = platform or sys.platform
        self.home = Path(home) if home else Path.home()
        xdg = os.environ.get("XDG_CONFIG_HOME")
        self.config_home = (
            Path(config_home) if config_home else (Path(xdg) if xdg else self.home / ".config")
        )
        self._winreg = winreg

    # ----- what the settings call -----------------------------------------------------------------

    def apply(self, enabled: bool) -> None:
        """Make the login entry match the setting."""
        if enabled:
            self.enable()
        else:
            self.disable()

    def enable(self) -> None:
        try:
            if self.platform.startswith("win"):
                self._enable_windows()
            elif self.platform == "darwin":
                import plistlib  # 8 ms of XML modules, for macOS only, when switched on

                self._write(self.agent_path, plistlib.dumps(self._agent()))
            else:
                self._write(self.desktop_path, self._desktop_entry().encode("utf-8"))
        except OSError as exc:
            raise AutostartError(
                f"Kindly could not set itself to start at login: {exc.strerror or exc}."
            ) from exc
        log.info("start at login enabled (%s)", self.platform)

    def disable(self) -> None:
        try:
            if self.platform.startswith("win"):
                self._disable_windows()
            elif self.platform == "darwin":
                self.agent_path.unlink(missing_ok=True)
            else:
                self.desktop_path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                f"Kindly could not stop starting at login: {exc.strerror or exc}."
            ) from exc
        log.info("start at login disabled (%s)", self.platform)

    def is_enabled(self) -> bool:
        if self.platform.startswith("win"):
            winreg = self._registry()
            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                    winreg.QueryValueEx(key, VALUE_NAME)
                return True
            except OSError:
                return False
        if self.platform == "darwin":
            return self.agent_path.exists()
        return self.desktop_path.exists()

    # ----- where -------------------------------------------------------------------------------

    @property
    def agent_path(self) -> Path:
        return self.home / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"

    @property
    def desktop_path(self) -> Path:
        return self.config_home / "autostart" / "kindly.desktop"

    # ----- the entries ----------------------------------------------------------------------------

    def windows_command_line(self) -> str:
        return " ".join(_windows_quote(part) for part in self.command)

    def _agent(self) -> dict:
        return {
            "Label": AGENT_LABEL,
            "ProgramArguments": self.command,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }

    def _desktop_entry(self) -> str:
        return "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                "Name=Kindly",
                "Comment=Reminders for the e-mails you promised your customers",
                f"Exec={' '.join(_desktop_quote(part) for part in self.command)}",
                "Terminal=false",
                "X-GNOME-Autostart-enabled=true",
                "",
            ]
        )

    def _enable_windows(self) -> None:
        winreg = self._registry()
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, self.windows_command_line())

    def _disable_windows(self) -> None:
        winreg = self._registry()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, VALUE_NAME)
        except FileNotFoundError:
            pass

    def _registry(self):
        if self._winreg is None:
            import winreg  # only on Windows

            self._winreg = winreg
        return self._winreg

    def _write(self, path: Path, content: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        partial.replace(path)


def _windows_quote(part: str) -> str:
    if part and not any(ch in part for ch in ' \t"'):
        return part
    return '"' + part.replace('"', '\\"') + '"'


def _desktop_quote(part: str) -> str:
    """Quote an Exec argument as the XDG desktop entry specification says."""
    if part and not any(ch in part for ch in " \t\n\"'\\><~|&;$*?#()`%"):
        return part
    escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'.replace("%", "%%")
