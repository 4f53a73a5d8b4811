#!/usr/bin/env bash
# What `make installer-check` needs on a Debian machine, installed when missing (as root, as CI
# runs): wine with its 32-bit half (Inno Setup's compiler and Setup.exe are 32-bit programs),
# mingw-w64 to build the stand-in Kindly.exe, and npm for Inno Setup itself (the `innosetup`
# package, fetched by wine_check.py). About two minutes the first time, nothing after.
set -euo pipefail

missing=()
command -v wine >/dev/null || missing+=(wine wine64)
dpkg -s wine32:i386 >/dev/null 2>&1 || missing+=(wine32:i386)
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64-win32)
command -v npm >/dev/null || missing+=(npm)
command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "installer-check: missing ${missing[*]}; as root: dpkg --add-architecture i386 &&" \
        "apt-get update && apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
echo "installer-check: installing ${missing[*]}"
dpkg --add-architecture i386
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
