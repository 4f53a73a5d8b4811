"""Kindly's Windows installer, compiled and exercised on Linux under wine (`make installer-check`).

The real packaging/windows/kindly.iss is compiled by Inno Setup (the npm package `innosetup`, the
version package.ps1 uses) around a stand-in Kindly.exe (packaging/windows/standin/standin.c, built
with mingw-w64), then, in a fresh wine prefix, each of these is done and checked:

  1. a silent per-user install with start-at-login ticked: Kindly.exe in
     %LOCALAPPDATA%\\Programs\\Kindly, the Start-menu entry, the Run value
  2. an update while Kindly runs: Setup sees the AppMutex and stops, changing nothing
  3. the update once Kindly is closed: the new version, the start-at-login choice kept, an old
     library folder gone, one uninstaller
  4. a silent uninstall: the program, the Start-menu entry and the Run value gone; the owner's
     data folder and X sign-in (Credential Manager) kept
  5. a fresh install without the start-at-login task: no Run value
  6. a silent uninstall with /DELETEDATA ("Also delete my data"): the data folder and the X
     sign-in gone too

Needs wine (with wine32), mingw-w64 and npm: packaging/windows/wine_tools.sh installs them.
Exits non-zero at the first check that fails. Work files go to build/wine/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORK = ROOT / "build" / "wine"
INNO_VERSION = "6.4.1"  # the same as package.ps1
RUN_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"
UNINSTALL_KEY = (r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall"
                 r"\{6F1C2B0E-3D5A-4C7B-9E21-4B8A6D2F7C10}_is1")


class CheckFailed(Exception):
    pass


PASSED: list[str] = []


def say(text: str) -> None:
    print(f"installer-check: {text}", flush=True)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    PASSED.append(what)
    say(f"ok  {what}")


def winpath(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


class Wine:
    def __init__(self, prefix: Path):
        self.prefix = prefix
        self.env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all",
                        WINEDLLOVERRIDES="mscoree,mshtml=", WINEARCH="win64")
        # Setup builds its (hidden) wizard even when silent, so wine needs a screen: the make
        # target runs this under xvfb-run.

    def run(self, *args, timeout: int = 600, check_exit: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(["wine", *map(str, args)], env=self.env, capture_output=True,
                                text=True, timeout=timeout, check=False)
        if check_exit and result.returncode != 0:
            raise CheckFailed(f"wine {args[0]} exited {result.returncode}: "
                              f"{result.stdout}{result.stderr}")
        return result

    def start(self, *args) -> subprocess.Popen:
        return subprocess.Popen(["wine", *map(str, args)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_idle(self) -> None:
        """Until every program in the prefix has ended (the uninstaller goes on from a copy)."""
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=600, check=False)

    def boot(self) -> None:
        shutil.rmtree(self.prefix, ignore_errors=True)
        subprocess.run(["wineboot", "--init"], env=self.env, capture_output=True, timeout=600,
                       check=True)
        # wine says Windows 7 unless told; kindly.iss wants Windows 10 (MinVersion=10.0)
        self.run("winecfg", "-v", "win10")
        self.wait_idle()

    def user_dir(self) -> Path:
        users = [p for p in (self.prefix / "drive_c" / "users").iterdir()
                 if p.name != "Public" and p.is_dir()]
        return users[0]

    def reg_value(self, key: str, name: str) -> str | None:
        result = self.run("reg", "query", key, "/v", name, check_exit=False)
        for line in result.stdout.splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) == 3 and parts[0] == name and parts[1].startswith("REG_"):
                return parts[2]
        return None


def inno_compiler() -> Path:
    prefix = WORK / f"inno-{INNO_VERSION}"
    iscc = prefix / "node_modules" / "innosetup" / "bin" / "ISCC.exe"
    if not iscc.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(prefix), f"innosetup@{INNO_VERSION}"], check=True, timeout=600)
    return iscc


def build_standin(version: str) -> Path:
    """dist-like folder for one version: Kindly.exe and an _internal/ library folder."""
    folder = WORK / f"standin-{version}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "_internal").mkdir(parents=True)
    subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-municode",
                    f'-DSTANDIN_VERSION=L"{version}"', "-o", str(folder / "Kindly.exe"),
                    str(HERE / "standin" / "standin.c"), "-ladvapi32"], check=True)
    # the console twin the real build has beside Kindly.exe (packaging/kindly.spec)
    shutil.copy(folder / "Kindly.exe", folder / "kindly-cli.exe")
    (folder / "_internal" / f"library-of-{version}.txt").write_text(version)
    return folder


def compile_setup(wine: Wine, iscc: Path, version: str, source: Path) -> Path:
    out = WORK / "out"
    started = time.monotonic()
    # /DProgramsDir: wine 8 cannot expand {autopf} (FOLDERID_UserProgramFiles); on Windows
    # it is this very folder.
    wine.run(iscc, "/Q", f"/DAppVersion={version}", f"/DSourceDir={winpath(source)}",
             "/DProgramsDir={localappdata}\\Programs",
             f"/O{winpath(out)}", winpath(HERE / "kindly.iss"))
    setup = out / f"Kindly-{version}-Windows-Setup.exe"
    check(setup.exists(), f"Inno Setup {INNO_VERSION} compiled kindly.iss into {setup.name} "
          f"({setup.stat().st_size / 1e3:.0f} kB, {time.monotonic() - started:.0f} s)")
    return setup


def main() -> int:
    if not os.environ.get("DISPLAY"):
        say("no DISPLAY: run under xvfb-run -a (make installer-check does)")
        return 1
    for tool in ("wine", "wineserver", "x86_64-w64-mingw32-gcc", "npm"):
        if not shutil.which(tool):
            say(f"{tool} is missing: run packaging/windows/wine_tools.sh (as root)")
            return 1
    WORK.mkdir(parents=True, exist_ok=True)
    wine = Wine(WORK / "prefix")
    started = time.monotonic()
    try:
        iscc = inno_compiler()
        old, new = build_standin("0.1.0"), build_standin("0.1.1")
        say("starting a fresh wine prefix")
        wine.boot()
        setup_old = compile_setup(wine, iscc, "0.1.0", old)
        setup_new = compile_setup(wine, iscc, "0.1.1", new)

        user = wine.user_dir()
        local = user / "AppData" / "Local"
        install = local / "Programs" / "Kindly"
        exe = install / "Kindly.exe"
        data = local / "Kindly"
        start_menu = (user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" /
                      "Programs" / "Kindly.lnk")
        tokens_tool = old / "Kindly.exe"  # outside the install: it must outlive the uninstall
        silent = ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"]

        def version() -> str:
            return wine.run(exe, "--version").stdout.strip()

        def tokens() -> int:
            return int(wine.run(tokens_tool, "--count-tokens").stdout.strip())

        def run_value() -> str | None:
            return wine.reg_value(RUN_KEY, "Kindly")

        def uninstall(*extra: str) -> None:
            wine.run(install / "unins000.exe", *silent, *extra)
            wine.wait_idle()

        say("1. silent per-user install with start-at-login ticked")
        wine.run(setup_old, *silent, "/TASKS=startatlogin", f"/LOG={winpath(WORK / 'install.log')}")
        wine.wait_idle()
        check(exe.exists(), r"Kindly.exe is in %LOCALAPPDATA%\Programs\Kindly")
        check(version() == "Kindly 0.1.0 (stand-in)", "the installed Kindly runs (0.1.0)")
        printed = wine.run(install / "kindly-cli.exe", "--version").stdout.strip()
        check(printed == "Kindly 0.1.0 (stand-in)", "kindly-cli.exe, the console twin, is installed")
        check(start_menu.exists(), "the Start-menu entry exists")
        value = run_value()
        check(value is not None and value.lower().endswith('\\kindly.exe" --hidden')
              and "programs\\kindly" in value.lower(),
              f"the Run value starts Kindly hidden at sign-in: {value}")
        check(wine.reg_value(UNINSTALL_KEY, "DisplayVersion") == "0.1.0",
              "Apps & features lists Kindly 0.1.0")

        say("2. an update while Kindly runs")
        running = wine.start(exe, "--hold", "120")
        time.sleep(3)  # let it create its mutex
        update_log = WORK / "update-while-running.log"
        result = wine.run(setup_new, *silent, f"/LOG={winpath(update_log)}", check_exit=False)
        wine_ok = version() == "Kindly 0.1.0 (stand-in)"
        saw_it = "is currently running" in update_log.read_text(encoding="utf-8-sig",
                                                                 errors="replace")
        running.terminate()
        running.wait(timeout=60)
        wine.wait_idle()
        check(result.returncode != 0 and wine_ok and saw_it,
              f"Setup saw the running Kindly (AppMutex) and stopped (exit {result.returncode}), "
              "leaving 0.1.0 in place")

        say("3. the update once Kindly is closed")
        wine.run(setup_new, *silent)
        wine.wait_idle()
        check(version() == "Kindly 0.1.1 (stand-in)", "the update installed 0.1.1")
        check(run_value() is not None, "the update kept start-at-login (the owner's choice)")
        check(not (install / "_internal" / "library-of-0.1.0.txt").exists()
              and (install / "_internal" / "library-of-0.1.1.txt").exists(),
              "no library of the old version lingers in _internal")
        check(sorted(p.name for p in install.glob("unins*.exe")) == ["unins000.exe"],
              "one uninstaller")

        say("4. silent uninstall, keeping the owner's data")
        data.mkdir(parents=True, exist_ok=True)
        (data / "kindly.db").write_text("the owner's shop")
        wine.run(tokens_tool, "--store-tokens")
        check(tokens() == 4, "the X sign-in is in Credential Manager (4 entries)")
        uninstall()
        check(not exe.exists(), "Kindly.exe is gone")
        check(not start_menu.exists(), "the Start-menu entry is gone")
        check(run_value() is None, "the Run value is gone")
        check(wine.reg_value(UNINSTALL_KEY, "DisplayVersion") is None,
              "Apps & features no longer lists Kindly")
        check((data / "kindly.db").exists(), "the owner's data folder is kept")
        check(tokens() == 4, "the X sign-in is kept")

        say("5. a fresh install without start-at-login")
        wine.run(setup_new, *silent)
        wine.wait_idle()
        check(version() == "Kindly 0.1.1 (stand-in)", "installed again (0.1.1)")
        check(run_value() is None, "no Run value when start-at-login is not ticked")

        say('6. silent uninstall with /DELETEDATA ("Also delete my data")')
        uninstall("/DELETEDATA")
        check(not exe.exists(), "Kindly.exe is gone")
        check(not data.exists(), "the owner's data folder is deleted")
        check(tokens() == 0, "the X sign-in is deleted from Credential Manager")
    except (CheckFailed, subprocess.SubprocessError, OSError) as exc:
        say(f"FAILED: {exc}")
        print(f"installer-check: {len(PASSED)} passed, 1 failed", flush=True)
        log = WORK / "install.log"
        if log.exists():
            say(f"(Setup's log of step 1 is {log})")
        return 1
    finally:
        subprocess.run(["wineserver", "-k"], env=wine.env, capture_output=True, check=False)
    say(f"passed: kindly.iss compiles, installs, updates and uninstalls as intended "
        f"({time.monotonic() - started:.0f} s)")
    print(f"installer-check: {len(PASSED)} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
