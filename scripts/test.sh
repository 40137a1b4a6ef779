#!/usr/bin/env bash
# The README's test command: everything the tests need, then pytest.
#   bash scripts/test.sh            # the whole suite
#   bash scripts/test.sh -q -x ...  # arguments go to pytest
# On a fresh Debian machine it creates .venv (Python >= 3.11), installs dedup with its
# development tools into it, and installs Debian's chromium (the browser tests drive it
# with Playwright; no browser is downloaded) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  { echo "dedup needs Python 3.11 or newer; python3 is $(python3 -V 2>&1)" >&2; exit 2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# Debian's python3 has no venv module without python3-venv.
[ -x .venv/bin/python ] || python3 -m venv .venv 2>/dev/null || {
  rm -rf .venv
  apt_install python3-venv
  python3 -m venv .venv
}
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'

# tests/test_html_browser.py launches this executable through Playwright.
[ -x /usr/bin/chromium ] || apt_install chromium

exec .venv/bin/python -m pytest "$@"
