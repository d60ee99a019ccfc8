#!/bin/sh
# Install Debian's Chromium and the CJK fonts the browser tests need.
#
# Idempotent: exits 0 at once when /usr/bin/chromium and the Noto CJK fonts are
# already there. Playwright cannot download its own browser on these machines,
# so the e2e fixtures launch this binary through ``executable_path``.
#
#   sh tests/e2e/ensure_browser.sh
set -eu

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

have_fonts() {
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"
}

if [ -x "$CHROMIUM" ] && have_fonts; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
else
    echo "ensure_browser: $CHROMIUM or fonts-noto-cjk is missing and this user cannot run apt-get" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run (e.g. a parallel job) instead of failing on its lock.
APT="$SUDO apt-get -o DPkg::Lock::Timeout=600 -q"
echo "ensure_browser: installing chromium and fonts-noto-cjk with apt-get" >&2
$APT update
$APT install -y chromium fonts-noto-cjk

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure_browser: $CHROMIUM is still missing after apt-get install" >&2
    exit 1
fi
"$CHROMIUM" --version >&2 || true
