#!/usr/bin/env bash
# Kindly for macOS, before the build: put the "Developer ID Application" certificate into a
# temporary keychain, so PyInstaller can sign every file of the app with it (packaging/kindly.spec
# passes MACOS_SIGNING_IDENTITY as codesign_identity, with packaging/macos/entitlements.plist and
# the hardened runtime). The release workflow runs, in this order:
#
#     bash packaging/macos/keychain.sh      this script
#     python packaging/build.py             PyInstaller signs as it bundles, then --smoke
#     bash packaging/macos/package.sh       verify · DMG · sign it · notarize · staple · --smoke
#
# Needs MACOS_CERTIFICATE_P12 (base64 of the .p12), MACOS_CERTIFICATE_PASSWORD and
# MACOS_SIGNING_IDENTITY ("Developer ID Application: Name (TEAMID)"). Without them it says signing
# is skipped and the build keeps PyInstaller's ad-hoc signature.
set -euo pipefail

if [[ -z "${MACOS_CERTIFICATE_P12:-}" || -z "${MACOS_SIGNING_IDENTITY:-}" ]]; then
    echo "keychain: no signing certificate given; signing skipped (the app keeps an ad-hoc signature)"
    exit 0
fi
KEYCHAIN="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/kindly-signing.keychain-db"
KEYCHAIN_PASSWORD=$(uuidgen)
P12=$(mktemp)
trap 'rm -f "$P12"' EXIT
security create-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
security set-keychain-settings -lut 3600 "$KEYCHAIN"
security unlock-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
echo "$MACOS_CERTIFICATE_P12" | base64 --decode > "$P12"
security import "$P12" -k "$KEYCHAIN" -P "${MACOS_CERTIFICATE_PASSWORD:-}" -T /usr/bin/codesign
security set-key-partition-list -S apple-tool:,apple: -s -k "$KEYCHAIN_PASSWORD" "$KEYCHAIN" >/dev/null
# search the temporary keychain first, keep the user's own ones after it (split on purpose)
# shellcheck disable=SC2046
security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
security find-identity -v -p codesigning "$KEYCHAIN" | grep -qF "$MACOS_SIGNING_IDENTITY" || {
    echo "keychain: $MACOS_SIGNING_IDENTITY is not in the certificate given" >&2
    exit 1
}
echo "keychain: $MACOS_SIGNING_IDENTITY is ready for PyInstaller to sign with"
