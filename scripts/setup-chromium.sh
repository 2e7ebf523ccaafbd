#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (playwright-core drives it; `npx playwright
# install` cannot download anything here). Idempotent and quiet when Chromium is already there.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-chromium: $CHROMIUM is missing and we are not root; install the 'chromium' package" >&2
    exit 1
  fi
fi

echo "setup-chromium: installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
# refresh the package lists only when apt does not know the package yet
if ! apt-cache show chromium >/dev/null 2>&1; then
  $SUDO apt-get update -qq
fi
if ! $SUDO apt-get install -y -qq chromium >/dev/null; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "setup-chromium: chromium installed but $CHROMIUM not found" >&2
  exit 1
fi
echo "setup-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) ready"
