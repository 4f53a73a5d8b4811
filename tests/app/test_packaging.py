"""The packaging files agree with the app and with each other (what can be checked on Linux)."""

import ast
import importlib.util
import plistlib
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_bundle():
    spec = importlib.util.spec_from_file_location("kindly_bundle", PACKAGING / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = load_bundle()


def qt_modules_imported() -> dict[str, str]:
    found = {}
    files = [ROOT / "main.py", *(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                if node.module == "PySide6":
                    names = [f"PySide6.{alias.name}" for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt"):
                    found.setdefault(parts[1], str(path.relative_to(ROOT)))
    return found


def test_every_qt_module_the_code_imports_is_bundled():
    imported = qt_modules_imported()
    assert {"QtCore", "QtGui", "QtWidgets", "QtNetwork"} <= set(imported)
    missing = {name: where for name, where in imported.items() if name not in bundle.QT_MODULES}
    assert missing == {}, "add these to QT_MODULES in packaging/bundle.py (and measure the size)"


def test_unused_qt_modules_are_excluded():
    excluded = bundle.excluded_qt_modules(["QtCore", "QtGui", "QtQml", "QtQuick", "QtNetwork"])
    assert excluded == ["PySide6.QtQml", "PySide6.QtQuick"]


def test_the_bundle_filter_drops_only_what_kindly_never_loads():
    keep = bundle.keep_file
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6/plugins/platforms/qwindows.dll")
    assert keep("PySide6/Qt/plugins/imageformats/libqsvg.so")
    assert keep("PySide6/Qt/plugins/imageformats/libqjpeg.so")
    assert keep("PySide6/Qt/plugins/iconengines/libqsvgicon.so")
    assert keep("resources/demo/shop.json")
    assert keep("vaderSentiment/vader_lexicon.txt")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6\\translations\\qtbase_fr.qm")
    assert not keep("PySide6/Qt/plugins/imageformats/libqtiff.so")
    assert not keep("PySide6/Qt/plugins/platforms/libqvnc.so")
    assert not keep("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")
    assert not keep("PySide6/opengl32sw.dll")


def test_version_comes_from_pyproject():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{bundle.version()}"' in text
    assert bundle.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert bundle.version_tuple("2.0") == (2, 0, 0, 0)
    assert bundle.version_tuple("1.4.0rc1") == (1, 4, 1, 0)


def test_the_runtime_dependencies_data_files_are_collected():
    modules = bundle.runtime_packages()
    assert "vaderSentiment" in modules and "keyring" in modules
    assert not any(m.startswith("PySide6") for m in modules)


def test_macos_info_plist_and_entitlements():
    info = bundle.info_plist("1.2.3")
    assert info["CFBundleIdentifier"] == bundle.BUNDLE_ID == "app.kindly.Kindly"
    assert info["CFBundleShortVersionString"] == "1.2.3"
    assert info["NSHighResolutionCapable"] is True
    assert info["LSUIElement"] is False
    assert info["NSUserNotificationAlertStyle"] == "alert"
    # PySide6-Essentials' macOS wheels need 13 (Ventura); the README says the same
    assert info["LSMinimumSystemVersion"] == bundle.MACOS_MINIMUM == "13.0"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "macOS 13 (Ventura) or newer" in readme and "macOS 12" not in readme
    plistlib.dumps(info)  # every value is plist-serialisable
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


def test_the_icons_exist_at_the_sizes_each_system_wants():
    icons = ROOT / "resources" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = (icons / f"kindly-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (size, size)
    ico = (icons / "kindly.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0"
    count = int.from_bytes(ico[4:6], "little")
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert sizes == {16, 24, 32, 48, 64, 128, 256}
    icns = (icons / "kindly.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)
    kinds, at = set(), 8
    while at < len(icns):
        kinds.add(icns[at : at + 4].decode())
        at += int.from_bytes(icns[at + 4 : at + 8], "big")
    # 32 px (16@2x) up to 1024 px (512@2x)
    assert {"ic11", "ic12", "ic07", "ic08", "ic13", "ic09", "ic14", "ic10"} <= kinds


def test_windows_installer_is_per_user_and_shares_the_start_at_login_value():
    iss = (PACKAGING / "windows" / "kindly.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert "PrivilegesRequiredOverridesAllowed" not in iss
    assert re.search(r"^DefaultDirName=\{#ProgramsDir\}\\", iss, re.MULTILINE)
    assert '#define ProgramsDir "{autopf}"' in iss
    assert '#define RunKey "Software\\Microsoft\\Windows\\CurrentVersion\\Run"' in iss
    assert '#define RunValue "Kindly"' in iss
    assert re.search(
        r'^Root: HKCU; Subkey: "\{#RunKey\}".*ValueName: "\{#RunValue\}"; '
        r'ValueData: """\{app\}\\\{#AppExe\}"" --hidden".*Tasks: startatlogin$',
        iss,
        re.M,
    )
    assert "{autoprograms}" in iss
    # data is deleted only when the owner ticked the box; silent uninstalls keep it
    assert "if DeleteData then" in iss and "UninstallSilent()" in iss
    assert "DelTree(DataDir()" in iss and "{localappdata}\\Kindly" in iss
    # the files it packs are where packaging/build.py puts them, the icon where make_icons puts it
    assert '#define SourceDir "..\\..\\dist\\Kindly"' in iss
    assert 'Source: "{#SourceDir}\\*"' in iss
    assert "SetupIconFile=..\\..\\resources\\icons\\kindly.ico" in iss
    assert (ROOT / "resources" / "icons" / "kindly.ico").exists()
    ps1 = (PACKAGING / "windows" / "package.ps1").read_text(encoding="utf-8")
    assert "packaging\\windows\\kindly.iss" in ps1 and "/DAppVersion=$Version" in ps1
    assert '"--smoke"' in ps1


def test_the_release_workflow_calls_the_scripts_tested_here():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["tags"] == ["v*"]
    build = workflow["jobs"]["build"]
    oses = {entry["os"] for entry in build["strategy"]["matrix"]["include"]}
    assert any(os.startswith("windows") for os in oses)
    assert {"macos-15", "macos-15-intel"} <= oses  # Apple Silicon and Intel
    runs = [step.get("run", "") for step in build["steps"]]
    assert "python packaging/build.py" in runs
    assert "./packaging/windows/package.ps1" in runs
    assert "bash packaging/macos/package.sh" in runs
    assert "bash packaging/macos/keychain.sh" in runs
    # the update check learns where the releases are, before the build bundles resources/
    record = next(i for i, r in enumerate(runs) if "resources/release.json" in r)
    assert "$GITHUB_REPOSITORY" in runs[record]
    assert record < runs.index("python packaging/build.py")
    assert runs.index("bash packaging/macos/keychain.sh") < runs.index("python packaging/build.py")
    for script in ("build.py", "windows/package.ps1", "macos/package.sh"):
        assert (PACKAGING / script).exists()
    assert workflow["jobs"]["release"]["needs"] == "build"


def test_the_makefile_dist_target_runs_the_same_build_script():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^dist: .*\n\t\$\(BIN\)/python packaging/build\.py$", makefile, re.M)


def test_the_installer_writes_what_the_start_at_login_setting_writes():
    from app.services import autostart

    iss = (PACKAGING / "windows" / "kindly.iss").read_text(encoding="utf-8")
    assert f'#define RunKey "{autostart.RUN_KEY}"' in iss
    assert f'#define RunValue "{autostart.VALUE_NAME}"' in iss
    assert f'ValueData: """{{app}}\\{{#AppExe}}"" {autostart.HIDDEN_FLAG}"' in iss
    # for an install folder with a space, the setting writes the very string the installer does
    exe = r"C:\Users\Jane Doe\AppData\Local\Programs\Kindly\Kindly.exe"
    setting = autostart.Autostart([exe, autostart.HIDDEN_FLAG], platform="win32")
    assert setting.windows_command_line() == f'"{exe}" --hidden'


def _lock():
    import tomllib

    return tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))


def test_the_lock_pins_every_file_by_hash_and_from_pypi_only():
    lock = _lock()
    packages = {p["name"]: p for p in lock["package"]}
    for name in (
        "pyside6-essentials",
        "keyring",
        "requests",
        "truststore",
        "pytest",
        "pyinstaller",
        "pillow",
    ):
        assert name in packages, name
    assert packages["pyside6-essentials"]["version"] != "6.12.0"
    for package in packages.values():
        if package["source"].get("editable") == ".":
            continue  # Kindly itself
        assert package["source"] == {"registry": "https://pypi.org/simple"}, package["name"]
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files, package["name"]
        for file in files:
            assert file["url"].startswith("https://files.pythonhosted.org/"), file["url"]
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", file["hash"]), file
    # the week's cooldown against brand-new releases
    assert lock["options"]["exclude-newer-span"] == "P7D"


def test_the_lock_matches_pyproject():
    import shutil
    import subprocess

    uv = ROOT / ".tools" / "uv" / ("Scripts/uv.exe" if sys.platform == "win32" else "bin/uv")
    uv = str(uv) if uv.exists() else shutil.which("uv")
    if not uv:
        pytest.skip("uv is not installed (make setup installs it under .tools/)")
    result = subprocess.run(
        [uv, "lock", "--check", "--offline", "--python", sys.executable],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + "\nrun `make lock` and commit uv.lock"


def test_every_install_goes_through_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    syncs = re.findall(r"\$\(UV\) sync ([^\n]*)", makefile)
    assert len(syncs) >= 2 and all("--locked" in s for s in syncs), syncs
    assert "pip install -e" not in makefile
    assert re.search(r"^lock: ", makefile, re.MULTILINE)
    assert "--require-hashes" in makefile and "packaging/uv-requirements.txt" in makefile
    uv_pins = (PACKAGING / "uv-requirements.txt").read_text(encoding="utf-8")
    assert (
        re.search(r"^uv==[\d.]+ \\$", uv_pins, re.MULTILINE) and uv_pins.count("--hash=sha256:") > 5
    )
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "uv sync --locked" in workflow and "pip install -e" not in workflow
    assert "--require-hashes --no-deps -r packaging/uv-requirements.txt" in workflow
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install" not in ci  # .ci/run goes through make


def test_the_installer_sees_a_running_kindly_and_deletes_the_x_sign_in_when_asked():
    from app import appmutex
    from app.services import secrets

    iss = (PACKAGING / "windows" / "kindly.iss").read_text(encoding="utf-8")
    assert f'#define AppMutexName "{appmutex.NAME}"' in iss
    assert re.search(r"^AppMutex=\{#AppMutexName\}$", iss, re.MULTILINE)
    assert f'#define TokenService "{secrets.SERVICE}"' in iss
    # keyring's Windows backend: the service itself and "name@service" for each entry
    for name in (secrets.ACCESS, secrets.REFRESH, secrets.EXPIRES):
        assert f"CredDelete('{name}@{{#TokenService}}', 1, 0);" in iss
    assert "CredDelete('{#TokenService}', 1, 0);" in iss
    assert "DeleteXTokens();" in iss and "HasParam('/DELETEDATA')" in iss
    standin = (PACKAGING / "windows" / "standin" / "standin.c").read_text(encoding="utf-8")
    assert f'L"{appmutex.NAME}"' in standin and f'L"{secrets.SERVICE}"' in standin
    assert appmutex.hold(platform="linux") is False


def test_the_windows_signing_is_a_cloud_service_behind_inno_signtool():
    ps1 = (PACKAGING / "windows" / "package.ps1").read_text(encoding="utf-8")
    assert "WINDOWS_CERTIFICATE_PFX" not in ps1  # exported keys are no longer issued
    assert "KINDLY_SIGN_COMMAND" in ps1 and "AZURE_TRUSTED_SIGNING_ENDPOINT" in ps1
    assert "signing skipped" in ps1
    assert "/Skindlysign=" in ps1 and "/DSign" in ps1
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "WINDOWS_CERTIFICATE_PFX" not in workflow
    assert "AZURE_TRUSTED_SIGNING_ENDPOINT" in workflow


def test_the_makefile_checks_the_installer_under_wine():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(
        r"^installer-check:\n\tbash packaging/windows/wine_tools.sh\n"
        r"\txvfb-run -a \$\(PYTHON\) packaging/windows/wine_check.py$",
        makefile,
        re.MULTILINE,
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make installer-check" in ci and "make test-wheel" in ci


def test_windows_gets_a_console_twin_for_the_command_line():
    spec = (PACKAGING / "kindly.spec").read_text(encoding="utf-8")
    twin = spec[spec.index("console_exe = []") : spec.index("coll = COLLECT(")]
    assert 'if sys.platform == "win32":' in twin
    assert "name=bundle.CONSOLE_NAME," in twin and "console=True," in twin
    assert "*console_exe," in spec[spec.index("coll = COLLECT(") :]
    assert bundle.CONSOLE_NAME == "kindly-cli"
    build = (PACKAGING / "build.py").read_text(encoding="utf-8")
    assert "check_console_twin(version)" in build
    ps1 = (PACKAGING / "windows" / "package.ps1").read_text(encoding="utf-8")
    assert '"kindly-cli.exe") --version' in ps1
