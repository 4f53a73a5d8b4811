#!/usr/bin/env bash
# Kindly for macOS: sign dist/Kindly.app, put it in a DMG with an Applications link, notarize and
# staple it, then open the DMG and run the shipped app's --smoke. Run after packaging/build.py:
#
#     bash packaging/macos/package.sh            (the release workflow runs exactly this)
#
# Signing needs MACOS_CERTIFICATE_P12 (base64 of a "Developer ID Application" .p12),
# MACOS_CERTIFICATE_PASSWORD and MACOS_SIGNING_IDENTITY ("Developer ID Application: Name (TEAMID)").
# Notarization also needs APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (an app-specific password).
# Without them each step says it is skipped, and the DMG holds PyInstaller's ad-hoc-signed app,
# which runs on the machine that built it and on others after right-click → Open.
set -euo pipefail
cd "$(dirname "$0")/../.."

APP=dist/Kindly.app
ENTITLEMENTS=packaging/macos/entitlements.plist
VERSION=$(python3 -c 'import sys; sys.path.insert(0, "packaging"); import bundle; print(bundle.version())')
ARCH=$(uname -m)  # arm64 (Apple Silicon) or x86_64 (Intel)
DMG="dist/Kindly-${VERSION}-macOS-${ARCH}.dmg"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

[[ -d "$APP" ]] || { echo "package: $APP is missing; run python packaging/build.py first" >&2; exit 1; }

# --- 1. Sign, inside out, with the hardened runtime (needed for notarization) -------------------
SIGNED=no
if [[ -n "${MACOS_CERTIFICATE_P12:-}" && -n "${MACOS_SIGNING_IDENTITY:-}" ]]; then
    KEYCHAIN="$WORK/kindly-signing.keychain-db"
    KEYCHAIN_PASSWORD=$(uuidgen)
    security create-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
    security set-keychain-settings -lut 3600 "$KEYCHAIN"
    security unlock-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
    echo "$MACOS_CERTIFICATE_P12" | base64 --decode > "$WORK/certificate.p12"
    security import "$WORK/certificate.p12" -k "$KEYCHAIN" -P "${MACOS_CERTIFICATE_PASSWORD:-}" \
        -T /usr/bin/codesign
    security set-key-partition-list -S apple-tool:,apple: -s -k "$KEYCHAIN_PASSWORD" "$KEYCHAIN" >/dev/null
    # search the temporary keychain first, keep the user's own ones after it (split on purpose)
    # shellcheck disable=SC2046
    security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')

    sign() {
        codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
            --sign "$MACOS_SIGNING_IDENTITY" "$@"
    }
    # every Mach-O file inside the bundle (Qt dylibs, Python extensions), deepest first
    find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
        while IFS= read -r -d '' file; do
            if file -b "$file" | grep -q 'Mach-O'; then sign "$file"; fi
        done
    sign "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
    SIGNED=yes
    echo "package: signed $APP as $MACOS_SIGNING_IDENTITY"
else
    echo "package: no signing certificate given; signing skipped (the app keeps its ad-hoc signature)"
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
