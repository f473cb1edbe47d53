#!/usr/bin/env bash
# Installs the Debian 12 packages the bot needs to build, run and test, and the browser test's
# npm package; does nothing when they are all present. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config ca-certificates openssl tzdata
  libboost1.81-dev libboost-test1.81-dev
  nlohmann-json3-dev libssl-dev libsqlite3-dev libyaml-cpp-dev libhowardhinnant-date-dev
  libtcmalloc-minimal4
  # The web chat's browser test: Debian's Chromium (Playwright's own download does not work
  # here) and the sqlite3 CLI, which writes the test's nudge rows.
  chromium sqlite3
  # The calendar feed's test (tests/calendar) reads the feed with a real iCalendar parser.
  python3 python3-icalendar
  # The fuzz targets (tests/fuzz): clang's libFuzzer with ASan and UBSan.
  clang-14 libclang-rt-14-dev
)
# Node and npm from Debian, unless a node is installed already (NodeSource's bundles npm and
# conflicts with Debian's npm package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# playwright-core for tests/browser, exactly as locked; again only when the lock file changed.
browser=tests/browser
if [ ! -f "$browser/node_modules/.package-lock.json" ] ||
   [ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
  echo "installing $browser/node_modules (npm ci)" >&2
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
