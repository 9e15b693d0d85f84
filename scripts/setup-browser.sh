#!/usr/bin/env bash
# Install what the browser tests (pytest -m browser) need from Debian: Chromium, and the fonts the
# report relies on: fonts-noto-color-emoji (the seeds hold emoji such as 📌, which would show as an
# empty box without it) and fonts-dejavu-core.
# Idempotent: installs only what is missing, and checks the fonts also when Chromium is already there.
# Playwright never downloads a browser of its own; tests launch /usr/bin/chromium.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
FONTS=(fonts-noto-color-emoji fonts-dejavu-core)

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
for pkg in "${FONTS[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup-browser: $CHROMIUM and fonts (${FONTS[*]}) already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup-browser: installed ${missing[*]}"
