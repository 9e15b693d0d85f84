#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (pytest -m browser).
# Idempotent: does nothing when /usr/bin/chromium is already there.
# Playwright never downloads a browser of its own; tests launch /usr/bin/chromium.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "setup-browser: /usr/bin/chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo unknown version))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji fonts-dejavu-core
echo "setup-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
