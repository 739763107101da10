#!/usr/bin/env bash
# System libraries for WeasyPrint on Debian/Ubuntu, plus poppler-utils to look at pages as PNG,
# and, with --test, Debian's chromium for the browser tests of the HTML self-check (Playwright).
# libharfbuzz-subset0 matters: without it PDFs are 35-50 % slower and not byte-identical run to run.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium)
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here: install Pango and HarfBuzz yourself (see README, 'System prerequisites')." >&2
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${missing[*]} (apt-get)…" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
