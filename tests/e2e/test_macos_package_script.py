"""packaging/macos/package.sh run on Linux against stand-ins for Apple's tools.

macOS is not here, so hdiutil, ditto, codesign, security, xcrun and file are small fakes that log
their arguments. What is checked is the script's own logic: signing and notarizing only with
credentials, the hardened runtime on every Mach-O file before the bundle, the DMG's name and its
Applications link, and the self-test of the app inside the DMG deciding the exit code.
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
    "codesign": 'echo "codesign $*" >> "$FAKE_LOG"\n',
    "security": 'echo "security $*" >> "$FAKE_LOG"\n',
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
    for name in ("macos/package.sh", "macos/entitlements.plist", "bundle.py"):
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


def run(tree, **env):
    full = {k: v for k, v in os.environ.items()
            if not k.startswith(("MACOS_", "APPLE_"))}
    full.update(PATH=f"{tree / 'bin'}:{os.environ['PATH']}", FAKE_LOG=str(tree / "tools.log"),
                **env)
    return subprocess.run(["bash", str(tree / "packaging" / "macos" / "package.sh")],
                          capture_output=True, text=True, timeout=60, env=full)


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
        "create", "attach", "detach"]


def test_a_failing_self_test_inside_the_dmg_fails_the_script(tree):
    result = run(tree, FAKE_SMOKE_EXIT="1")
    assert result.returncode == 1
    assert "failed its self-test" in result.stderr
    assert tool_calls(tree)[-1].startswith("hdiutil detach")  # the image is never left mounted


def test_with_credentials_it_signs_inside_out_then_notarizes_and_staples(tree):
    result = run(
        tree,
        MACOS_CERTIFICATE_P12="ZmFrZQ==",
        MACOS_CERTIFICATE_PASSWORD="pw",
        MACOS_SIGNING_IDENTITY="Developer ID Application: Kindly (TEAMID)",
        APPLE_ID="owner@example.com",
        APPLE_TEAM_ID="TEAMID",
        APPLE_APP_PASSWORD="app-pw",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls = tool_calls(tree)
    signs = [c for c in calls if c.startswith("codesign --force")]
    app_sign = next(i for i, c in enumerate(signs) if c.endswith("dist/Kindly.app"))
    inner = signs[:app_sign]
    assert len(inner) == 3  # two libraries and the executable, each before the bundle
    for call in signs[: app_sign + 1]:
        assert "--options runtime" in call and "--timestamp" in call
        assert "packaging/macos/entitlements.plist" in call
        assert "Developer ID Application: Kindly (TEAMID)" in call
    order = [c.split()[0] + " " + c.split()[1] for c in calls]
    assert order.index("xcrun notarytool") < order.index("xcrun stapler")
    assert any(c.startswith("codesign --force --timestamp --sign") and c.endswith(".dmg")
               for c in calls)
    assert "notarized and stapled" in result.stdout


def test_a_signature_without_notarization_credentials_skips_only_notarization(tree):
    result = run(tree, MACOS_CERTIFICATE_P12="ZmFrZQ==",
                 MACOS_SIGNING_IDENTITY="Developer ID Application: Kindly (TEAMID)")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "signed dist/Kindly.app" in result.stdout
    assert "notarization skipped" in result.stdout
    assert not [c for c in tool_calls(tree) if c.startswith("xcrun")]
