#!/usr/bin/env sh
# Part of `npm test`: the e2e and bench tests drive Debian's Chromium (/usr/bin/chromium) and render zh-CN pages, so a
# CJK font must be there too (else Chinese renders as boxes in screenshots); install whichever is missing.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="chromium"
# fc-list comes with fontconfig, a dependency of chromium; without it assume the font is missing as well.
if ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh-cn family | grep -q .); then missing="$missing fonts-wqy-microhei"; fi
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs Debian packages:$missing (Chromium at /usr/bin/chromium, a Chinese font); no apt-get here to install them" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "npm test: installing Debian's$missing (needed by the end-to-end tests)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing
