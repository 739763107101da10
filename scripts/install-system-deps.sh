#!/usr/bin/env bash
# System libraries for WeasyPrint on Debian/Ubuntu, plus poppler-utils to look at pages as PNG,
# and, with --test, Debian's chromium for the browser tests of the HTML self-check (Playwright) and
# the npm packages of tests/js (an independent GIFT parser, gift-pegjs) for the export tests.
# libharfbuzz-subset0 matters: without it PDFs are 35-50 % slower and not byte-identical run to run.
# python3-venv: Debian and Ubuntu ship venv apart from python3, and their Python refuses a bare
# `pip install` (PEP 668), so the README installs quizgen in a virtual environment.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils python3-venv)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium)
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here: install Pango and HarfBuzz yourself (see README, 'System prerequisites')." >&2
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} (apt-get)…" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = "--test" ]; then
  # The lock file pins the exact versions; nothing else is fetched at test time.
  npm ci --silent --prefix "$(dirname "$0")/../tests/js" >/dev/null
fi
