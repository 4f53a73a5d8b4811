#!/usr/bin/env bash
# Kindly for macOS: check the signature PyInstaller gave dist/Kindly.app, put the app in a DMG with
# an Applications link, sign, notarize and staple the DMG, then open it and run the shipped app's
# --smoke. Run after packaging/macos/keychain.sh and packaging/build.py:
#
#     bash packaging/macos/package.sh            (the release workflow runs exactly this)
#
# The app itself is signed by PyInstaller while it bundles (codesign_identity and entitlements_file
# in packaging/kindly.spec, the hardened runtime and a secure timestamp on every file), when
# MACOS_SIGNING_IDENTITY ("Developer ID Application: Name (TEAMID)") names a certificate that
# keychain.sh imported. Notarization also needs APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (an
# app-specific password). Without them each step says it is skipped, and the DMG holds
# PyInstaller's ad-hoc-signed app, which opens on other Macs only after the steps in the README
# (System Settings → Privacy & Security → Open Anyway).
set -euo pipefail
cd "$(dirname "$0")/../.."

APP=dist/Kindly.app
VERSION=$(python3 -c 'import sys; sys.path.insert(0, "packaging"); import bundle; print(bundle.version())')
ARCH=$(uname -m)  # arm64 (Apple Silicon) or x86_64 (Intel)
DMG="dist/Kindly-${VERSION}-macOS-${ARCH}.dmg"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

[[ -d "$APP" ]] || { echo "package: $APP is missing; run python packaging/build.py first" >&2; exit 1; }

# --- 1. The app's signature, made by PyInstaller -----------------------------------------------
SIGNED=no
if [[ -n "${MACOS_SIGNING_IDENTITY:-}" ]]; then
    codesign --verify --deep --strict --verbose=2 "$APP"
    # the identity and the hardened runtime, as notarization requires
    details=$(codesign --display --verbose=4 "$APP" 2>&1)
    grep -qF "Authority=$MACOS_SIGNING_IDENTITY" <<<"$details" || {
        echo "package: $APP is not signed as $MACOS_SIGNING_IDENTITY; was it built with it?" >&2
        exit 1
    }
    grep -q "flags=.*runtime" <<<"$details" || {
        echo "package: $APP lacks the hardened runtime" >&2
        exit 1
    }
    SIGNED=yes
    echo "package: signed dist/Kindly.app as $MACOS_SIGNING_IDENTITY (by PyInstaller)"
else
    echo "package: no signing identity given; signing skipped (the app keeps its ad-hoc signature)"
fi

# --- 2. The DMG: the app and a link to /Applications to drag it onto -----------------------------
STAGING="$WORK/Kindly"
mkdir -p "$STAGING"
ditto "$APP" "$STAGING/Kindly.app"
ln -s /Applications "$STAGING/Applications"
rm -f "$DMG"
hdiutil create -volname "Kindly" -srcfolder "$STAGING" -fs HFS+ -format UDZO -ov "$DMG"
if [[ "$SIGNED" == yes ]]; then
    codesign --force --timestamp --sign "$MACOS_SIGNING_IDENTITY" "$DMG"
fi
echo "package: wrote $DMG ($(du -h "$DMG" | cut -f1))"

# --- 3. Notarize and staple ----------------------------------------------------------------------
if [[ "$SIGNED" == yes && -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
    echo "package: notarized and stapled $DMG"
else
    echo "package: no notarization credentials (or no signature); notarization skipped"
fi

# --- 4. What the owner gets: open the DMG and run the app from it ------------------------------
MOUNT="$WORK/mount"
mkdir -p "$MOUNT"
hdiutil attach "$DMG" -nobrowse -readonly -mountpoint "$MOUNT" >/dev/null
status=0
"$MOUNT/Kindly.app/Contents/MacOS/Kindly" --smoke "$WORK/smoke.txt" || status=$?
[[ -L "$MOUNT/Applications" ]] || { echo "package: the DMG has no Applications link" >&2; status=1; }
hdiutil detach "$MOUNT" >/dev/null
cat "$WORK/smoke.txt" 2>/dev/null || true
if [[ $status -ne 0 ]]; then
    echo "package: the app inside $DMG failed its self-test" >&2
    exit "$status"
fi
echo "package: $DMG is ready"
