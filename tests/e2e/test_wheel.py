"""Kindly as a package: build the sdist and wheel, install the wheel into a fresh venv (what
``pipx install .`` does), and run it from there, far from the source tree.

Building and installing take a minute or two (PySide6 is large), so `make test` skips these;
.ci/run runs them with KINDLY_TEST_WHEEL=1 (`make test-wheel`), where a skip becomes a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WANTED = bool(os.environ.get("KINDLY_TEST_WHEEL"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WANTED, reason="builds and installs the wheel; run `make test-wheel`"),
]


def find_uv() -> str:
    local = ROOT / ".tools" / "uv" / ("Scripts/uv.exe" if sys.platform == "win32" else "bin/uv")
    found = str(local) if local.exists() else shutil.which("uv")
    assert found, "uv is missing: `make setup` installs it under .tools/"
    return found


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("timeout", 900)
    result = subprocess.run(
        [str(a) for a in args], check=False, capture_output=True, text=True, **kwargs
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv holding the locked dependencies and Kindly's wheel, nothing from the tree."""
    uv = find_uv()
    work = tmp_path_factory.mktemp("wheel")
    # sdist first, then the wheel from the sdist: both must carry resources/
    run(uv, "build", "--quiet", "--out-dir", work / "dist", cwd=ROOT)
    wheel = next((work / "dist").glob("kindly-*.whl"))
    venv = work / "venv"
    run(uv, "venv", "--quiet", "--python", sys.executable, venv)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    requirements = work / "requirements.txt"
    run(
        uv,
        "export",
        "--frozen",
        "--no-emit-project",
        "--no-dev",
        "--quiet",
        "--output-file",
        requirements,
        cwd=ROOT,
    )
    run(uv, "pip", "install", "--quiet", "--python", python, "--require-hashes", "-r", requirements)
    run(uv, "pip", "install", "--quiet", "--python", python, "--no-deps", wheel)
    return {
        "wheel": wheel,
        "venv": venv,
        "python": python,
        "work": work,
        "sdist": next((work / "dist").glob("kindly-*.tar.gz")),
    }


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        LOCALAPPDATA=str(home / "local"),
    )
    return env


def script(installed, name: str) -> Path:
    folder = installed["venv"] / ("Scripts" if sys.platform == "win32" else "bin")
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def test_the_wheel_carries_every_resource_and_no_tests(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    shipped = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()
    }
    assert shipped and shipped <= names, shipped - names
    assert "main.py" in names and "app/__main__.py" in names and "ui/shell/launch.py" in names
    assert not [n for n in names if n.startswith("tests/")]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(installed["wheel"]).read(entry_points).decode()
    assert "[console_scripts]\nkindly = main:main" in text
    assert "[gui_scripts]\nkindly-gui = main:gui_main" in text


def test_the_installed_kindly_passes_its_smoke_far_from_the_source_tree(installed, tmp_path):
    home = tmp_path / "home"
    report = tmp_path / "report.txt"
    result = run(
        script(installed, "kindly"), "--smoke", report, cwd=tmp_path, env=env_for(home), timeout=300
    )
    text = report.read_text(encoding="utf-8")
    print(text)
    assert "Kindly self-test passed" in text and "FAIL" not in text
    # the resources it checked are the installed ones, not this checkout's
    site = run(
        installed["python"],
        "-c",
        "import app.paths; print(app.paths.resources_dir())",
        cwd=tmp_path,
        env=env_for(home),
    ).stdout.strip()
    assert Path(site).is_relative_to(installed["venv"]), site
    assert result.returncode == 0


def test_python_dash_m_and_the_demo_shop_work_from_the_install(installed, tmp_path):
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    home = tmp_path / "home"
    result = run(installed["python"], "-m", "app", "--version", cwd=tmp_path, env=env_for(home))
    assert result.stdout.strip() == f"Kindly {version}"
    # X's length count works from the install (twitter-text reads its emoji table through
    # pkg_resources, which a fresh venv has only because Kindly asks for setuptools)
    result = run(
        installed["python"],
        "-c",
        "from app.domain.length import measure; print(measure('hi 👋🏽 there').weighted)",
        cwd=tmp_path,
        env=env_for(home),
    )
    assert result.stdout.strip() == "11"
    db = tmp_path / "demo.db"
    result = run(script(installed, "kindly"), "demo", "--db", db, cwd=tmp_path, env=env_for(home))
    assert "Demo shop written to" in result.stdout and db.exists()


def test_the_gui_entry_point_is_installed(installed, tmp_path):
    gui = script(installed, "kindly-gui")
    assert gui.exists()
    # on Linux and macOS the launcher is a plain script; it opens the same Kindly
    if sys.platform != "win32":
        result = run(gui, "--version", cwd=tmp_path, env=env_for(tmp_path / "home"))
        assert result.stdout.startswith("Kindly ")
