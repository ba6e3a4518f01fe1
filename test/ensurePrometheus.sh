#!/usr/bin/env sh
# Part of `npm test`: the Prometheus / Alertmanager integration test drives Debian's prometheus and
# prometheus-alertmanager; install them when missing. Where they cannot be installed (no apt-get, no root and no
# passwordless sudo) it says why and exits 0: that test then skips with the same reason. A failed install fails.
set -eu
have() { command -v "$1" >/dev/null 2>&1; }
if have prometheus && have promtool && have prometheus-alertmanager; then exit 0; fi
if ! have apt-get; then
  echo "ensurePrometheus: cannot install prometheus and prometheus-alertmanager: no apt-get on this machine" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "ensurePrometheus: cannot install prometheus and prometheus-alertmanager: not root and no passwordless sudo" >&2
    exit 0
  fi
fi
echo "npm test: installing Debian's prometheus and prometheus-alertmanager (needed by the monitoring integration test)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager
