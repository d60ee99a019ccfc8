#!/bin/sh
# Install Debian's Chromium and the CJK fonts that the browser tests (tests/e2e) need.
#
#   sh tests/e2e/ensure_browser.sh
#
# Idempotent: exits 0 at once when /usr/bin/chromium (or $CHROMIUM) and the
# fonts-noto-cjk package are already there. Playwright cannot download its own
# browser on these machines, so the e2e fixtures launch this binary through
# ``executable_path``; without fonts-noto-cjk, Chinese renders as empty boxes.
#
# When the packages cannot be installed (not root and no password-less sudo, no
# apt-get, no network): with REQUIRE_SERVICES=1 (CI) this is an error (exit 1);
# otherwise a warning, exit 0, and the e2e tests skip with the reason.
set -u

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

have_fonts() {
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"
}

give_up() {
    echo "ensure_browser: $*" >&2
    case "${REQUIRE_SERVICES:-}" in
        1 | true | yes)
            exit 1
            ;;
    esac
    echo "ensure_browser: continuing; the browser tests will be skipped" >&2
    exit 0
}

if [ -x "$CHROMIUM" ] && have_fonts; then
    exit 0
fi

command -v apt-get >/dev/null 2>&1 || give_up "$CHROMIUM or fonts-noto-cjk is missing and apt-get is not available"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    give_up "$CHROMIUM or fonts-noto-cjk is missing; run as root: apt-get install -y chromium fonts-noto-cjk"
fi

echo "ensure_browser: installing chromium and fonts-noto-cjk with apt-get" >&2
# Wait for another apt/dpkg run (e.g. a parallel job) instead of failing on its lock.
APT="$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q"
$APT update || give_up "apt-get update failed"
$APT install -y chromium fonts-noto-cjk || give_up "apt-get install chromium fonts-noto-cjk failed"

[ -x "$CHROMIUM" ] || give_up "$CHROMIUM is still missing after apt-get install"
"$CHROMIUM" --version >&2 || true
exit 0
