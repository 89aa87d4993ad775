#!/usr/bin/env bash
# Installs Debian's chromium and firefox-esr for the end-to-end tests when
# either is missing (a fresh CI machine has no browser). Needs root and
# Debian's package archive; does nothing when both are there.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/firefox-esr ]; then
  exit 0
fi
echo "==> installing chromium and firefox-esr for the end-to-end tests" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium firefox-esr
