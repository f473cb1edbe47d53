#!/usr/bin/env bash
# Installs the Debian 12 packages the bot needs to build, run and test; does nothing when they
# are all present. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ca-certificates openssl tzdata
  libboost1.81-dev libboost-test1.81-dev
  nlohmann-json3-dev libssl-dev libsqlite3-dev libyaml-cpp-dev libhowardhinnant-date-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
