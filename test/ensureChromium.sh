#!/usr/bin/env sh
# Part of `npm test`: the e2e and bench tests drive Debian's Chromium (/usr/bin/chromium); install it when missing.
set -eu
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs Chromium at /usr/bin/chromium (Debian package 'chromium'); no apt-get here to install it" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "npm test: installing Debian's chromium (needed by the end-to-end tests)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium
