"""Build Kindly's frozen app with PyInstaller, then run its self-test. The same on every system:

    python packaging/build.py            (make dist runs this; so does the release workflow)

Output: dist/Kindly/ (Windows, Linux) or dist/Kindly.app (macOS). Exits non-zero if the build or
``Kindly --smoke`` fails, printing the self-test's report either way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from importlib.metadata import version as installed_version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bundle  # noqa: E402

ROOT = bundle.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"


def app_path() -> Path:
    """The folder (or .app) the build produces."""
    if sys.platform == "darwin":
        return DIST / f"{bundle.APP_NAME}.app"
    return DIST / bundle.APP_NAME


def executable() -> Path:
    if sys.platform == "darwin":
        return app_path() / "Contents" / "MacOS" / bundle.APP_NAME
    suffix = ".exe" if sys.platform == "win32" else ""
    return app_path() / f"{bundle.APP_NAME}{suffix}"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def check_version() -> str:
    """The version baked in comes from pyproject.toml; the installed metadata must agree."""
    wanted = bundle.version()
    have = installed_version("kindly")
    if have != wanted:
        raise SystemExit(
            f"build: pyproject.toml says {wanted} but the installed kindly is {have}; "
            "run `pip install -e .[dist]` again (make dist does)."
        )
    return wanted


def build() -> None:
    # --clean: a stale cache once shipped files the spec no longer asks for
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(HERE / "kindly.spec"), "--noconfirm", "--clean",
         "--log-level", "WARN", "--distpath", str(DIST), "--workpath", str(WORK)],
        check=True, cwd=ROOT,
    )


def smoke_env() -> dict[str, str]:
    env = dict(os.environ)
    # Linux build machines have no screen; Windows and macOS runners use their real one.
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def smoke(exe: Path) -> tuple[int, str, float]:
    """Run ``exe --smoke REPORT``; a report file works even where a windowed app has no console."""
    report = WORK / "smoke-report.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    started = time.perf_counter()
    result = subprocess.run(
        [str(exe), "--smoke", str(report)], env=smoke_env(), capture_output=True, text=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    if not text:
        text = (result.stdout or "") + (result.stderr or "") or "(no report was written)"
    return result.returncode, text, elapsed


def biggest(path: Path, count: int = 12) -> list[tuple[int, str]]:
    files = [(f.stat().st_size, str(f.relative_to(path))) for f in path.rglob("*")
             if f.is_file() and not f.is_symlink()]
    return sorted(files, reverse=True)[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="only run --smoke again")
    args = parser.parse_args()
    version = check_version()
    if not args.skip_build:
        shutil.rmtree(app_path(), ignore_errors=True)
        started = time.perf_counter()
        build()
        print(f"build: Kindly {version} built in {time.perf_counter() - started:.0f} s")
    exe = executable()
    if not exe.exists():
        print(f"build: {exe} is missing", file=sys.stderr)
        return 1
    size = folder_size(app_path())
    print(f"build: {app_path().relative_to(ROOT)} is {size / 1e6:.1f} MB; the largest files:")
    for file_size, name in biggest(app_path()):
        print(f"  {file_size / 1e6:7.1f} MB  {name}")
    code, report, elapsed = smoke(exe)
    print(report.rstrip())
    print(f"build: --smoke exited {code} after {elapsed:.1f} s")
    if code == 0 and sys.platform == "win32":
        code = check_console_twin(version)
    return code


def check_console_twin(version: str) -> int:
    """Windows: kindly-cli.exe prints what the windowed Kindly.exe cannot."""
    twin = app_path() / f"{bundle.CONSOLE_NAME}.exe"
    if not twin.exists():
        print(f"build: {twin} is missing", file=sys.stderr)
        return 1
    result = subprocess.run([str(twin), "--version"], capture_output=True, text=True, timeout=120)
    if result.stdout.strip() != f"Kindly {version}":
        print(f"build: {twin.name} --version printed {result.stdout!r}", file=sys.stderr)
        return 1
    print(f"build: {twin.name} --version printed {result.stdout.strip()!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
