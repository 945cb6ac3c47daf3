#!/usr/bin/env bash
# Installs Debian's Firefox ESR when it is missing (npm run test:firefox drives it).
set -euo pipefail
if [ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ]; then exit 0; fi
echo "Firefox not found: installing Debian's firefox-esr (needs root)..." >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends firefox-esr fonts-liberation >/dev/null
