"""Start at login on each platform, written into temporary folders and a fake registry."""

import configparser
import plistlib

import pytest

from app.services.autostart import RUN_KEY, Autostart, AutostartError, kindly_command

COMMAND = ["/Applications/Kindly Shop.app/Contents/MacOS/Kindly", "--hidden"]


class FakeKey:
    def __init__(self, registry, path):
        self.registry, self.path = registry, path

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeWinreg:
    """The few winreg calls Kindly makes, over a dict."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self):
        self.values: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}

    def CreateKeyEx(self, root, path, reserved=0, access=0):
        self.values.setdefault((root, path), {})
        return FakeKey(self, (root, path))

    def OpenKey(self, root, path, reserved=0, access=0):
        if (root, path) not in self.values:
            raise FileNotFoundError(path)
        return FakeKey(self, (root, path))

    def SetValueEx(self, key, name, reserved, kind, value):
        self.values[key.path][name] = (kind, value)

    def QueryValueEx(self, key, name):
        if name not in self.values[key.path]:
            raise FileNotFoundError(name)
        kind, value = self.values[key.path][name]
        return value, kind

    def DeleteValue(self, key, name):
        if name not in self.values[key.path]:
            raise FileNotFoundError(name)
        del self.values[key.path][name]


def test_linux_xdg_autostart_entry(tmp_path):
    autostart = Autostart(
        ["/usr/bin/python3", "/opt/kindly/main.py", "--hidden"],
        platform="linux",
        home=tmp_path,
        config_home=tmp_path / "config",
    )
    assert not autostart.is_enabled()
    autostart.apply(True)
    path = tmp_path / "config" / "autostart" / "kindly.desktop"
    assert autostart.is_enabled() and path.exists()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(path)
    assert entry["Desktop Entry"]["Type"] == "Application"
    assert entry["Desktop Entry"]["Exec"] == "/usr/bin/python3 /opt/kindly/main.py --hidden"
    autostart.apply(True)  # twice is fine
    autostart.apply(False)
    assert not path.exists() and not autostart.is_enabled()
    autostart.disable()  # and so is removing what is not there


def test_linux_quotes_paths_with_spaces(tmp_path):
    autostart = Autostart(
        ["/home/me/My Apps/kindly", "--db", "/home/me/shop $1.db"],
        platform="linux",
        config_home=tmp_path,
    )
    autostart.enable()
    text = (tmp_path / "autostart" / "kindly.desktop").read_text()
    assert 'Exec="/home/me/My Apps/kindly" --db "/home/me/shop \\$1.db"' in text


def test_linux_default_folder_follows_xdg_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert Autostart(COMMAND, platform="linux").desktop_path == (
        tmp_path / "xdg" / "autostart" / "kindly.desktop"
    )


def test_macos_launch_agent(tmp_path):
    autostart = Autostart(COMMAND, platform="darwin", home=tmp_path)
    autostart.enable()
    path = tmp_path / "Library" / "LaunchAgents" / "app.kindly.Kindly.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["Label"] == "app.kindly.Kindly"
    assert agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True
    assert autostart.is_enabled()
    autostart.disable()
    assert not path.exists()


def test_windows_run_value():
    registry = FakeWinreg()
    autostart = Autostart(
        ["C:\\Program Files\\Kindly\\Kindly.exe", "--hidden"], platform="win32", winreg=registry
    )
    assert not autostart.is_enabled()
    autostart.enable()
    assert registry.values[("HKCU", RUN_KEY)]["Kindly"] == (
        FakeWinreg.REG_SZ,
        '"C:\\Program Files\\Kindly\\Kindly.exe" --hidden',
    )
    assert autostart.is_enabled()
    autostart.apply(False)
    assert "Kindly" not in registry.values[("HKCU", RUN_KEY)]
    autostart.disable()


def test_a_folder_kindly_cannot_write_is_a_plain_error(tmp_path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    autostart = Autostart(COMMAND, platform="linux", config_home=blocker)
    with pytest.raises(AutostartError, match="start at login"):
        autostart.enable()


def test_the_command_starts_kindly_hidden():
    command = kindly_command()
    assert command[-1] == "--hidden"
    assert command[1].endswith("main.py")
