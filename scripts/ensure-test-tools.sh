#!/bin/sh
# The integration and browser tests use two programs an agency or a practitioner would use, from
# Debian rather than a test tool's own download (which cannot be fetched on our machines):
#   chromium  the portal's browser tests drive it with playwright-core (LIVE_RISK_CHROMIUM overrides)
#   kcat      an agency's own Kafka client, in the SASL/ACL tests (test/kafka-auth.int.spec.ts)
# This installs whichever is missing with apt-get, and does nothing (in milliseconds) when both are
# there. Idempotent; needs root or sudo on a clean Debian machine.
set -eu
browser="${LIVE_RISK_CHROMIUM:-/usr/bin/chromium}"
missing=""
[ -x "$browser" ] || missing="$missing chromium"
command -v kcat >/dev/null 2>&1 || missing="$missing kcat"
if [ -z "$missing" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: missing:$missing, and apt-get is not available; install them (set LIVE_RISK_CHROMIUM to Chromium's path if it is elsewhere)" >&2
  exit 1
fi
as_root=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root="sudo"; else
    echo "ensure-test-tools: installing$missing needs root: run 'apt-get install -y$missing' as root" >&2
    exit 1
  fi
fi
echo "ensure-test-tools: installing Debian's$missing (first run only, about a minute)" >&2
$as_root apt-get update -qq
# shellcheck disable=SC2086 # the list is words on purpose
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $missing >/dev/null
case "$missing" in *chromium*) "$browser" --version >&2 ;; esac
case "$missing" in *kcat*) kcat -V 2>&1 | head -1 >&2 ;; esac
