"""packaging/macos/package.sh and keychain.sh run on Linux against stand-ins for Apple's tools.

macOS is not here, so hdiutil, ditto, codesign, security, xcrun and file are small fakes that log
their arguments. What is checked is the scripts' own logic: the certificate imported only when
given, the app's signature (made by PyInstaller) checked for the identity and the hardened
runtime, the DMG signed, notarized and stapled only with credentials, its name and Applications
link, and the self-test of the app inside the DMG deciding the exit code.
"""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKES = {
    # hdiutil create … -srcfolder DIR … DMG  → the "image" is a copy of DIR beside DMG
    "hdiutil": r"""
echo "hdiutil $*" >> "$FAKE_LOG"
case "$1" in
  create) src=""; last=""; while [ $# -gt 0 ]; do
            [ "$1" = "-srcfolder" ] && { src="$2"; shift; }; last="$1"; shift; done
          cp -a "$src" "$last.contents"; touch "$last" ;;
  attach) dmg="$2"; while [ $# -gt 0 ]; do
            [ "$1" = "-mountpoint" ] && mnt="$2"; shift; done
          rmdir "$mnt"; ln -s "$(realpath "$dmg").contents" "$mnt" ;;
  detach) rm "$2" ;;
esac
""",
    "ditto": 'echo "ditto $*" >> "$FAKE_LOG"; cp -a "$1" "$2"\n',
    # codesign --display describes the app as PyInstaller signed it (FAKE_AUTHORITY, FAKE_FLAGS)
    "codesign": r"""
echo "codesign $*" >> "$FAKE_LOG"
case "$*" in
  *--display*) echo "Executable=/fake/Kindly.app/Contents/MacOS/Kindly" >&2
               echo "CodeDirectory v=20500 size=1 flags=${FAKE_FLAGS:-0x10000(runtime)}" >&2
               echo "Authority=${FAKE_AUTHORITY:-Developer ID Application: Kindly (TEAMID)}" >&2 ;;
esac
""",
    "security": r"""
echo "security $*" >> "$FAKE_LOG"
[ "$1" = "find-identity" ] && echo '  1) ABCDEF "Developer ID Application: Kindly (TEAMID)"'
exit 0
""",
    "base64": "cat >/dev/null\n",
    "xcrun": 'echo "xcrun $*" >> "$FAKE_LOG"\n',
    "spctl": 'echo "spctl $*" >> "$FAKE_LOG"\n',
    "uuidgen": "echo 0000-fake\n",
    "uname": "echo arm64\n",
    "file": r"""case "$2" in
  *.dylib|*.so|*/MacOS/Kindly) echo "Mach-O 64-bit";;
  *) echo "ASCII text";;
esac
""",
}

SMOKE_OK = """#!/usr/bin/env bash
# a stand-in for the frozen Kindly: --smoke REPORT
[ "$1" = "--smoke" ] || exit 2
echo "Kindly self-test passed (6 checks)" > "$2"
exit "${FAKE_SMOKE_EXIT:-0}"
"""


@pytest.fixture
def tree(tmp_path):
    """A copy of what package.sh reads, with a fake dist/Kindly.app and fake tools first in PATH."""
    (tmp_path / "packaging" / "macos").mkdir(parents=True)
    for name in ("macos/package.sh", "macos/keychain.sh", "macos/entitlements.plist", "bundle.py"):
        shutil.copy(ROOT / "packaging" / name, tmp_path / "packaging" / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    contents = tmp_path / "dist" / "Kindly.app" / "Contents"
    (contents / "MacOS").mkdir(parents=True)
    (contents / "Frameworks").mkdir()
    exe = contents / "MacOS" / "Kindly"
    exe.write_text(SMOKE_OK)
    exe.chmod(0o755)
    (contents / "Frameworks" / "libQt6Core.dylib").write_bytes(b"\xcf\xfa\xed\xfe")
    (contents / "Frameworks" / "QtCore.abi3.so").write_bytes(b"\xcf\xfa\xed\xfe")
    (contents / "Info.plist").write_text("<plist/>")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in FAKES.items():
        path = bin_dir / name
        path.write_text("#!/usr/bin/env bash\n" + body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return tmp_path


def run(tree, script="package.sh", **env):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("MACOS_", "APPLE_"))}
    full.update(
        PATH=f"{tree / 'bin'}:{os.environ['PATH']}",
        FAKE_LOG=str(tree / "tools.log"),
        RUNNER_TEMP=str(tree),
        **env,
    )
    return subprocess.run(
        ["bash", str(tree / "packaging" / "macos" / script)],
        capture_output=True,
        text=True,
        timeout=60,
        env=full,
        check=False,
    )


def tool_calls(tree):
    log = tree / "tools.log"
    return log.read_text().splitlines() if log.exists() else []


def test_without_credentials_it_builds_an_unsigned_dmg_and_self_tests_it(tree):
    result = run(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "signing skipped" in result.stdout
    assert "notarization skipped" in result.stdout
    assert "Kindly self-test passed" in result.stdout
    import tomllib

    version = tomllib.loads((tree / "pyproject.toml").read_text())["project"]["version"]
    dmg = tree / "dist" / f"Kindly-{version}-macOS-arm64.dmg"
    assert dmg.exists()
    staged = Path(str(dmg) + ".contents")
    assert (staged / "Kindly.app" / "Contents" / "MacOS" / "Kindly").exists()
    assert os.readlink(staged / "Applications") == "/Applications"
    calls = tool_calls(tree)
    assert not [c for c in calls if c.startswith(("codesign", "security", "xcrun"))]
    assert [c.split()[1] for c in calls if c.startswith("hdiutil")] == [
        "create",
        "attach",
        "detach",
    ]


def test_a_failing_self_test_inside_the_dmg_fails_the_script(tree):
    result = run(tree, FAKE_SMOKE_EXIT="1")
    assert result.returncode == 1
    assert "failed its self-test" in result.stderr
    assert tool_calls(tree)[-1].startswith("hdiutil detach")  # the image is never left mounted


IDENTITY = "Developer ID Application: Kindly (TEAMID)"


def test_with_credentials_it_checks_pyinstallers_signature_then_notarizes_and_staples(tree):
    result = run(
        tree,
        MACOS_SIGNING_IDENTITY=IDENTITY,
        APPLE_ID="owner@example.com",
        APPLE_TEAM_ID="TEAMID",
        APPLE_APP_PASSWORD="app-pw",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls = tool_calls(tree)
    # the app is signed by PyInstaller; here it is only verified, never signed file by file
    assert any(
        c.startswith("codesign --verify --deep --strict") and c.endswith("dist/Kindly.app")
        for c in calls
    )
    assert not [c for c in calls if c.startswith("codesign --force") and "Kindly.app" in c]
    order = [" ".join(c.split()[:3]) for c in calls]
    dmg_sign = next(
        i
        for i, c in enumerate(calls)
        if c.startswith("codesign --force --timestamp --sign") and c.endswith(".dmg")
    )
    assert IDENTITY in calls[dmg_sign]
    submit = order.index("xcrun notarytool submit")
    staple = order.index("xcrun stapler staple")
    assert order.index("hdiutil create -volname") < dmg_sign < submit < staple
    assert calls[staple].endswith(".dmg") and "--wait" in calls[submit]
    assert order.index("xcrun stapler validate") > staple
    assert any(c.startswith("spctl --assess") for c in calls)
    assert "notarized and stapled" in result.stdout


def test_an_app_not_signed_with_the_identity_or_without_the_hardened_runtime_is_refused(tree):
    result = run(tree, MACOS_SIGNING_IDENTITY=IDENTITY, FAKE_AUTHORITY="(ad hoc)")
    assert result.returncode == 1
    assert "is not signed as" in result.stderr
    result = run(tree, MACOS_SIGNING_IDENTITY=IDENTITY, FAKE_FLAGS="0x2(adhoc)")
    assert result.returncode == 1
    assert "lacks the hardened runtime" in result.stderr
    assert not [c for c in tool_calls(tree) if c.startswith(("hdiutil", "xcrun"))]


def test_a_signature_without_notarization_credentials_skips_only_notarization(tree):
    result = run(tree, MACOS_SIGNING_IDENTITY=IDENTITY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "signed dist/Kindly.app" in result.stdout
    assert "notarization skipped" in result.stdout
    assert not [c for c in tool_calls(tree) if c.startswith("xcrun")]


def test_the_keychain_script_imports_the_certificate_only_when_given(tree):
    result = run(tree, "keychain.sh")
    assert result.returncode == 0, result.stderr
    assert "signing skipped" in result.stdout
    assert tool_calls(tree) == []
    result = run(
        tree,
        "keychain.sh",
        MACOS_CERTIFICATE_P12="ZmFrZQ==",
        MACOS_CERTIFICATE_PASSWORD="pw",
        MACOS_SIGNING_IDENTITY=IDENTITY,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls = [" ".join(c.split()[:2]) for c in tool_calls(tree)]
    assert calls.index("security create-keychain") < calls.index("security import")
    assert calls.index("security import") < calls.index("security find-identity")
    assert "ready for PyInstaller" in result.stdout
    result = run(
        tree,
        "keychain.sh",
        MACOS_CERTIFICATE_P12="ZmFrZQ==",
        MACOS_SIGNING_IDENTITY="Developer ID Application: Someone Else (OTHER)",
    )
    assert result.returncode == 1 and "is not in the certificate" in result.stderr


def test_pyinstaller_signs_with_the_identity_and_entitlements_only_on_macos():
    import importlib.util

    spec = importlib.util.spec_from_file_location("kindly_bundle", ROOT / "packaging" / "bundle.py")
    bundle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bundle)
    env = {"MACOS_SIGNING_IDENTITY": IDENTITY}
    assert bundle.signing_identity("darwin", env) == IDENTITY
    assert bundle.entitlements_file("darwin", env).endswith("packaging/macos/entitlements.plist")
    assert bundle.signing_identity("darwin", {}) is None
    assert bundle.entitlements_file("darwin", {}) is None
    assert bundle.signing_identity("win32", env) is None
    kindly_spec = (ROOT / "packaging" / "kindly.spec").read_text(encoding="utf-8")
    assert "codesign_identity=bundle.signing_identity()," in kindly_spec
    assert "entitlements_file=bundle.entitlements_file()," in kindly_spec
