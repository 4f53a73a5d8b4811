"""The frozen build that `make dist` made: it runs, it holds what it should, and nothing more.

Building takes about a minute, so `make test` skips these; .ci/run runs `make dist` and then these
with KINDLY_TEST_FROZEN=1, where a missing build is a failure, not a skip.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dist" / ("Kindly.app" if sys.platform == "darwin" else "Kindly")
EXE = (
    APP / "Contents" / "MacOS" / "Kindly"
    if sys.platform == "darwin"
    else APP / ("Kindly.exe" if sys.platform == "win32" else "Kindly")
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("KINDLY_TEST_FROZEN"),
    reason="checks the frozen build; run `make dist`, then with KINDLY_TEST_FROZEN=1",
)


def frozen(*args, env=None):
    assert EXE.exists(), f"{EXE} is missing: run `make dist` first"
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=180, env=full_env, cwd=ROOT
    )


def test_the_frozen_smoke_passes(tmp_path):
    home = tmp_path / "home"
    result = frozen("--smoke", env={"HOME": str(home), "XDG_DATA_HOME": str(home / "data")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(frozen;" in result.stdout
    assert "Kindly self-test passed (7 checks)" in result.stdout
    assert not home.exists() or not any(home.rglob("*.db"))


def test_the_frozen_version_is_pyprojects():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = frozen("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Kindly {version}"


def test_the_frozen_app_refuses_a_newer_database(tmp_path):
    path = tmp_path / "kindly.db"
    assert frozen("demo", "--db", str(path)).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('kindly', '9001_from_a_later_release', '2027-01-01')"
    )
    conn.commit()
    conn.close()
    result = frozen("--db", str(path), "--screenshot", str(tmp_path / "s.png"))
    assert result.returncode == 1
    assert "written by a newer version of Kindly" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_bundle_holds_only_the_qt_it_uses():
    sys.path.insert(0, str(ROOT / "packaging"))
    import bundle

    files = [p for p in APP.rglob("*") if p.is_file()]
    names = [p.name for p in files]
    bindings = {
        n.split(".")[0] for n in names if n.startswith("Qt") and n.split(".")[-1] in ("so", "pyd")
    }
    assert bindings <= set(bundle.QT_MODULES), bindings - set(bundle.QT_MODULES)
    for unwanted in ("Qt6Quick", "Qt6Qml", "Qt6WebEngine", "Qt6Pdf", "Qt6Multimedia"):
        assert not [n for n in names if unwanted in n], unwanted
    assert not [p for p in files if p.suffix == ".qm"], "Qt translations were bundled"
    assert not [n for n in names if n.startswith(("pytest", "PyInstaller"))]
    # the keyring backends and their entry points (keyring finds backends through metadata)
    assert [p for p in files if p.name == "entry_points.txt" and "keyring" in p.parent.name]


def test_the_keychain_backends_of_every_system_are_frozen_in():
    # keyring imports its backends by name at run time; the build must have packed them anyway
    toc = (ROOT / "build" / "pyinstaller" / "kindly" / "PYZ-00.toc").read_text(encoding="utf-8")
    for backend in (
        "keyring.backends.Windows",
        "keyring.backends.macOS",
        "keyring.backends.SecretService",
    ):
        assert f"'{backend}'" in toc, backend
