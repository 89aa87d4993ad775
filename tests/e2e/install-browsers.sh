#!/usr/bin/env bash
# Installs the browsers the end-to-end tests drive (Chromium and Firefox ESR)
# when they are missing. CI runs on a fresh Debian machine as root.
set -euo pipefail
missing=()
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v firefox-esr >/dev/null || [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
if [ ${#missing[@]} -eq 0 ]; then
  echo "browsers present: $(/usr/bin/chromium --version 2>/dev/null | head -1); $(/usr/bin/firefox-esr --version 2>/dev/null)" >&2
  exit 0
fi
echo "installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
