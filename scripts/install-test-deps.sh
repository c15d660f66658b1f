#!/usr/bin/env bash
# Installs what the test suite needs beyond requirements.txt, when it is missing and can be:
#   - Debian's Chromium, driven by Playwright in the browser tests (never `playwright install`)
#   - LibreOffice Calc (headless), the independent client that opens exported workbooks
#   - LibreOffice Writer (headless), which turns the board reports into PDF
#   - poppler-utils (pdftoppm), to render report pages as images
#   - axe-core from npm, the accessibility checker injected into pages
#   - oauth2-mock-server from npm, the local OpenID Connect provider of the sign-in journey
#     (tests/browser/oidc_provider.mjs); both pinned in package-lock.json
# Safe to run again: it only installs what is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# nginx, run as the current user by tests/deployment (several server processes behind it)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Cannot install ${need[*]} (needs root and apt-get); tests that need them will say so."
  fi
fi

if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/oauth2-mock-server/package.json ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --silent
  else
    echo "npm is missing: the accessibility checks and the sign-in journey cannot run."
  fi
fi
