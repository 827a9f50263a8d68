#!/bin/sh
# The portal's browser tests drive Debian's Chromium with playwright-core (a test tool's own browser
# download cannot be used on our machines). This installs it when missing, and does nothing (in
# milliseconds) when it is there. Idempotent; needs root or sudo on a clean Debian machine.
set -eu
browser="${LIVE_RISK_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $browser is missing and apt-get is not available; install Chromium and set LIVE_RISK_CHROMIUM to its path" >&2
  exit 1
fi
as_root=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root="sudo"; else
    echo "ensure-chromium: installing Chromium needs root: run 'apt-get install -y chromium' as root" >&2
    exit 1
  fi
fi
echo "ensure-chromium: installing Debian's chromium (first run only, about a minute)" >&2
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null
"$browser" --version >&2
