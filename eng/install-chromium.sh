#!/usr/bin/env bash
# eng/install-chromium.sh - install (when missing) Debian's Chromium and its matching driver for the web sample's browser tests.
# Debian/Ubuntu, run as root (CI runs as root). Idempotent and quiet: nothing is installed when both binaries are there.
# The tests name /usr/bin/chromium and /usr/bin/chromedriver explicitly; Selenium never downloads a browser or a driver.
set -euo pipefail

log() { echo "install-chromium: $*" >&2; }

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then log "must run as root (use sudo)"; exit 1; fi

log "installing chromium and chromium-driver from Debian packages"
export DEBIAN_FRONTEND=noninteractive
apt_log="$(mktemp)"
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver; } >"$apt_log" 2>&1; then
  tail -n 20 "$apt_log" >&2
  exit 1
fi
rm -f "$apt_log"
log "$(/usr/bin/chromium --version 2>/dev/null | head -n1); $(/usr/bin/chromedriver --version | head -n1)"
